// Worker-thread entry (built to dist/parquet-worker.js): collects the rows of one row group as the
// stage posts them batch by batch, encodes the group when told, and posts it back with its bytes
// transferred, not copied. See worker-pool.ts for the protocol.
import { parentPort, workerData } from "node:worker_threads";
import type { Compression } from "../options.js";
import { encodeRowGroup } from "./row-group.js";
import type { WorkerJob, WorkerReply } from "./worker-protocol.js";

const port = parentPort;
if (port === null) throw new Error("parquet-worker.js must run in a worker thread");
const { compression } = workerData as { compression: Compression };

let columns: unknown[][] | null = null;
let rows = 0;

port.on("message", (job: WorkerJob) => {
  if (job.type === "rows") {
    if (columns === null) {
      columns = job.columns;
    } else {
      for (let c = 0; c < columns.length; c++) {
        const into = columns[c]!;
        for (const value of job.columns[c]!) into.push(value);
      }
    }
    rows += job.rows;
    return;
  }
  const group = { columns: columns ?? [], rows };
  columns = null;
  rows = 0;
  let reply: WorkerReply;
  try {
    const encoded = encodeRowGroup(group, compression);
    reply = { id: job.id, ok: true, group: encoded };
    port.postMessage(reply, [encoded.bytes.buffer as ArrayBuffer]);
    return;
  } catch (error) {
    // Error objects survive structured clone (name, message, stack).
    reply = { id: job.id, ok: false, error };
  }
  port.postMessage(reply);
});
