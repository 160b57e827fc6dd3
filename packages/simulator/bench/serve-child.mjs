// A server process for bench/run.mjs, so the bench's client runs on the other core and the
// figures measure the server. Mode "sim": startSimulator() from dist/; mode "static": a plain
// node:http server answering every POST with one fixed body (the transport baseline).
// Mode "sim" takes an optional second argument: the dist/index.js to serve from (default ../dist/),
// so `run.mjs --compare <dist>` can measure another build (e.g. the previous commit) in the same run.
// Replies over IPC: { ready: { url, login, password } }, then { rss } / { cpu } when asked.
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";
import { peakRssBytes } from "../../../scripts/peak-rss.mjs";

const mode = process.argv[2];
const dist = process.argv[3]
  ? pathToFileURL(process.argv[3]).href
  : new URL("../dist/index.js", import.meta.url).href;
const { startSimulator } = await import(dist);
let close;
if (mode === "sim") {
  const sim = await startSimulator({
    credentials: { login: "bench", password: "bench" },
    // The bench walks as fast as it can; the account limits are not what is measured here.
    limits: { requestsPerMinute: null, maxConcurrent: null },
  });
  close = () => sim.close();
  process.send({ ready: { url: sim.url, login: "bench", password: "bench" } });
} else {
  // The page to serve arrives over IPC (too large for argv).
  const body = await new Promise((resolve) => process.once("message", (m) => resolve(Buffer.from(m.body))));
  const server = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
      res.end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  close = () =>
    new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    });
  process.send({ ready: { url: `http://127.0.0.1:${server.address().port}`, login: "x", password: "x" } });
}
process.on("message", async (message) => {
  if (message === "rss") process.send({ rss: peakRssBytes() });
  if (message === "cpu") {
    const { user, system } = process.cpuUsage();
    process.send({ cpu: (user + system) / 1e6 });
  }
  if (message === "stop") {
    await close();
    process.exit(0);
  }
});
