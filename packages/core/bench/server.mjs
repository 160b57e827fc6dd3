// Zero-latency backlinks/live server for the bench, run in a worker thread so it has its own core.
// Every page is the same 1000 pre-serialised items; only the search_after_token differs, so the
// bench measures the client's fetch + parse, not the server's JSON.stringify.
import { createServer } from "node:http";
import { parentPort, workerData } from "node:worker_threads";

const { pageBody, emptyBody, pages } = workerData;
const [head, tail] = pageBody.split("__TOKEN__");
const headBuf = Buffer.from(head);
const tailBuf = Buffer.from(tail);
const emptyBuf = Buffer.from(emptyBody);

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const task = JSON.parse(Buffer.concat(chunks).toString())[0];
    const page = task.search_after_token
      ? Number(task.search_after_token.slice(task.target.length + 1)) + 1
      : 1;
    let body = emptyBuf;
    if (page <= pages) body = Buffer.concat([headBuf, Buffer.from(`${task.target}-${page}`), tailBuf]);
    res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
    res.end(body);
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, "127.0.0.1", () => parentPort.postMessage(server.address().port));
parentPort.on("message", (m) => {
  if (m === "close") {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
