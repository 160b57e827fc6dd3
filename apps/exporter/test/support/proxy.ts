/**
 * A real HTTP proxy in front of the simulator that rewrites every answer's `total_count` by
 * `delta` — the API's count drifting away from what the walk returns (for the completeness check).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A running proxy; `url` replaces the simulator's URL. */
export interface CountProxy {
  readonly url: string;
  close(): Promise<void>;
}

/** Start the proxy on 127.0.0.1, port 0. */
export async function startCountProxy(upstream: string, delta: number): Promise<CountProxy> {
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const up = await fetch(`${upstream}${req.url}`, {
      method: req.method ?? "POST",
      headers: { "content-type": "application/json", authorization: String(req.headers.authorization ?? "") },
      body: Buffer.concat(chunks),
    });
    const body = (await up.json()) as { tasks?: { result?: { total_count: number }[] | null }[] | null };
    for (const t of body.tasks ?? []) for (const r of t.result ?? []) r.total_count += delta;
    res.writeHead(up.status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
