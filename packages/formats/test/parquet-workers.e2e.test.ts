import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const run = promisify(execFile);
const dist = fileURLToPath(new URL("../dist/index.js", import.meta.url));

// The built package in a child process: after a failed pipeline (workers busy with row groups) the
// process must exit on its own — no worker left keeping it alive. The child never calls exit().
const script = `
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { getFormat } from ${JSON.stringify(dist)};
const item = { type: "backlink", rank: 1, url_from: "https://a.example/" };
async function* source() {
  for (let i = 0; i < 20; i++) yield Array.from({ length: 50 }, () => item);
  throw new Error("upstream failed");
}
const stage = getFormat("parquet", { parquet: { rowGroupSize: 100, workers: 2 } }).createStage();
const sink = new Writable({ write(_c, _e, cb) { cb(); } });
await pipeline(Readable.from(source()), stage, sink).catch((e) => console.log("rejected:", e.message));
stage.once("close", () => console.log("live workers after close:", stage.liveWorkers));
`;

it("a process whose Parquet pipeline failed exits by itself", async () => {
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], { timeout: 30_000 });
  expect(stdout).toContain("rejected: upstream failed");
  expect(stdout).toContain("live workers after close: 0");
});
