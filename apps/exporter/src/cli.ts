#!/usr/bin/env node
/**
 * The `backlinks-export` executable. The only place that calls `process.exit`: everything else
 * returns exit codes (see exit-codes.ts and the README's "Exit codes").
 */
import { createRequire } from "node:module";
import { runCli } from "./cli/run.js";

// The pinned AWS SDK (3.1175.0) supports Node 20; its multi-line notice about *future* releases
// needing Node 22 would break the CLI's contract that stderr holds only the one error line.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const require = createRequire(import.meta.url);
const { version } = require("../package.json") as { version: string };

// A closed pipe (`backlinks-export --help | head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const code = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  scriptPath: process.argv[1],
  version,
  exitNow: (exitCode) => process.exit(exitCode),
});
// Let stdout/stderr drain before exiting (pipes are asynchronous).
process.exitCode = code;
await new Promise<void>((resolve) => process.stdout.write("", () => resolve()));
process.exit(code);
