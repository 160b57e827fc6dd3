/** `--shards` / `--shard-key` → ExportOptions, and the library's own validation of the same options. */
import { describe, expect, it } from "vitest";
import { flagsToPlan } from "../src/cli/argv-to-options.js";
import { parseArgv } from "../src/cli/program.js";
import { resolveOptions } from "../src/options.js";

const env = { DATAFORSEO_LOGIN: "user", DATAFORSEO_PASSWORD: "pw" };
async function options(argv: string[]) {
  const flags = parseArgv(argv, "0.0.0", () => {});
  if (flags === undefined) throw new Error("help printed");
  return (await flagsToPlan(flags, env)).options;
}
const base = ["--target", "example.com", "--out", "./out"];

describe("--shards / --shard-key", () => {
  it("default: the library's auto; --simulate: off unless --shards is given", async () => {
    expect((await options(base)).shards).toBeUndefined();
    expect((await options(["--simulate", "--out", "./o"])).shards).toBe("off");
    expect((await options(["--simulate", "--out", "./o", "--shards", "auto"])).shards).toBe("auto");
  });

  it("auto, off and counts pass through; the key too", async () => {
    expect((await options([...base, "--shards", "off"])).shards).toBe("off");
    expect((await options([...base, "--shards", "1_000"])).shards).toBe(1000);
    const o = await options([...base, "--shards", "8", "--shard-key", "domain_from_rank"]);
    expect(o).toMatchObject({ shards: 8, shardKey: "domain_from_rank" });
  });

  it.each([
    ["--shards", "-3"],
    ["--shards", "2.5"],
    ["--shards", ""],
    ["--shard-key", "rank_of_the_moon"],
  ])("%s %j → ERR_INVALID_OPTION naming the flag and the value", async (flag, value) => {
    await expect(options([...base, flag, value])).rejects.toMatchObject({
      code: "ERR_INVALID_OPTION",
      message: expect.stringContaining(flag),
    });
  });
});

describe("ExportOptions.shards / shardKey", () => {
  const input = {
    targets: ["example.com"],
    request: {},
    pageSize: 1000,
    format: "ndjson" as const,
    out: "./out",
    partRows: 1000,
    concurrency: 4,
    rate: 100,
    api: { baseUrl: "http://127.0.0.1:1", login: "l", password: "p" },
  };
  it("defaults to auto; maxRows turns it off", () => {
    expect(resolveOptions(input).shards).toBe("auto");
    expect(resolveOptions({ ...input, shards: 12 }).shards).toBe(12);
    expect(resolveOptions({ ...input, shards: 12, maxRows: 5 }).shards).toBe("off");
  });
  it.each([
    [{ shards: 0 }, "shards"],
    [{ shards: "many" }, "shards"],
    [{ shards: 1.5 }, "shards"],
    [{ shardKey: "nope" }, "shardKey"],
  ])("%j → ERR_INVALID_OPTIONS on %s", (patch, field) => {
    expect(() => resolveOptions({ ...input, ...(patch as object) })).toThrow(
      expect.objectContaining({ code: "ERR_INVALID_OPTIONS", issues: [expect.objectContaining({ field })] }),
    );
  });
});
