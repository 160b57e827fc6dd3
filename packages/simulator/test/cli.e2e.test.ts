/**
 * The built `backlinks-simulator` (dist/cli.js) as a child process: prints URL and credentials,
 * serves, applies flags, stops on SIGINT. Build first: `npx tsup` (turbo's test task depends on build).
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { call, live } from "./support/http.js";

const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

interface Run {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function run(args: string[]): Run {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: "pipe" });
  children.push(child);
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => {
    out += c.toString();
  });
  child.stderr.on("data", (c: Buffer) => {
    err += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Wait until stdout matches `pattern` (or the process exits). */
async function waitFor(r: Run, pattern: RegExp): Promise<RegExpMatchArray> {
  for (;;) {
    const m = r.stdout().match(pattern);
    if (m) return m;
    if (r.child.exitCode !== null) throw new Error(`exited ${r.child.exitCode}: ${r.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("backlinks-simulator CLI", () => {
  it("is built", () => {
    expect(existsSync(CLI)).toBe(true);
  });

  it("prints its URL and credentials, serves the live endpoint, and stops cleanly on SIGINT", async () => {
    const r = run(["--port", "0", "--seed", "5", "--target", "example.com=2000"]);
    const [, url] = await waitFor(r, /listening on (http:\/\/127\.0\.0\.1:\d+)\n/);
    const [, login] = await waitFor(r, /login: +(\S+)\n/);
    const [, password] = await waitFor(r, /password: +(\S+)\n/);
    await waitFor(r, /targets: +example\.com \(2,000\)\n/);
    const auth = { login: login!, password: password! };
    const res = await live(url!, auth, [{ target: "example.com", limit: 10 }]);
    expect(res.status).toBe(200);
    const body = res.json() as {
      tasks: Array<{ status_code: number; result: Array<{ total_count: number; items_count: number }> }>;
    };
    expect(body.tasks[0]?.status_code).toBe(20000);
    expect(body.tasks[0]?.result[0]).toMatchObject({ total_count: 2000, items_count: 10 });
    expect((await live(url!, { login: login!, password: "wrong" }, [{ target: "example.com" }])).status).toBe(
      401,
    );

    r.child.kill("SIGINT");
    expect(await r.exited).toBe(0);
    expect(r.stderr()).toMatch(/stopped: 2 requests, cost \$0\.0203/);
    await expect(call(url!, "/v3/appendix/user_data", { method: "GET", auth })).rejects.toThrow();
  });

  it("applies credential, limit and fault flags, and prints JSON with --json", async () => {
    const r = run([
      "--json",
      "--no-warm",
      "--target",
      "example.com=500",
      "--login",
      "me",
      "--password",
      "pw-123",
      "--rpm",
      "3",
      "--fault-at",
      "1=http503",
      "--price-per-request",
      "0.024",
    ]);
    const [line] = await waitFor(r, /^\{.*\}\n/);
    const info = JSON.parse(line!) as { url: string; login: string; password: string };
    expect(info).toMatchObject({ login: "me", password: "pw-123" });
    const auth = { login: info.login, password: info.password };
    const first = await live(info.url, auth, [{ target: "example.com", limit: 1 }]);
    expect(first.status).toBe(503);
    const second = await live(info.url, auth, [{ target: "example.com", limit: 1 }]);
    expect((second.json() as { cost: number }).cost).toBe(0.02403);
    await live(info.url, auth, [{ target: "example.com", limit: 1 }]);
    const fourth = await live(info.url, auth, [{ target: "example.com", limit: 1 }]);
    expect((fourth.json() as { status_code: number }).status_code).toBe(40202);
    r.child.kill("SIGTERM");
    expect(await r.exited).toBe(0);
  });

  it("rejects a bad flag with a one-line error naming it and exit code 2", async () => {
    const r = run(["--max-concurrent", "lots"]);
    expect(await r.exited).toBe(2);
    expect(r.stderr().trim().split("\n")).toHaveLength(1);
    expect(r.stderr()).toMatch(/ERR_SIM_OPTIONS: .*--max-concurrent: expected a number, got "lots"/);
    const t = run(["--target", "example.com"]);
    expect(await t.exited).toBe(2);
    expect(t.stderr()).toMatch(/--target: expected domain=size/);
  });

  it("prints usage with --help", async () => {
    const r = run(["--help"]);
    expect(await r.exited).toBe(0);
    expect(r.stdout()).toMatch(/^Usage: backlinks-simulator/);
    expect(r.stdout()).toContain("--fault-at <n=kind>");
  });
});
