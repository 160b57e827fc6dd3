// Worker-thread entry (built to dist/parquet-worker.js): encodes the row groups the stage posts (as
// transferred column data) and posts each back with its bytes transferred, not copied. See
// worker-pool.ts for the protocol.
import { parentPort, workerData } from "node:worker_threads";
import type { Compression } from "../options.js";
import { encodeRowGroup } from "./row-group.js";
import type { WorkerJob, WorkerReply } from "./worker-protocol.js";

const port = parentPort;
if (port === null) throw new Error("parquet-worker.js must run in a worker thread");
const { compression } = workerData as { compression: Compression };

port.on("message", (job: WorkerJob) => {
  let reply: WorkerReply;
  try {
    const encoded = encodeRowGroup(job.group, compression);
    reply = { id: job.id, ok: true, group: encoded };
    port.postMessage(reply, [encoded.bytes.buffer as ArrayBuffer]);
    return;
  } catch (error) {
    // Error objects survive structured clone (name, message, stack).
    reply = { id: job.id, ok: false, error };
  }
  port.postMessage(reply);
});
