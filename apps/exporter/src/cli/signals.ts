/**
 * SIGINT/SIGTERM: the first signal aborts the export after the current page (the library commits
 * the part, saves state and resolves as "interrupted"); a second signal exits at once — the state
 * file on disk is still consistent, because it is only ever replaced atomically after a commit.
 */

/** What the CLI passes in: how to exit immediately and what to say. */
export interface SignalHooks {
  /** Called on the first signal (after the abort is requested). */
  onFirst(signal: NodeJS.Signals): void;
  /** Called on the second signal; must end the process (cli.ts owns process.exit). */
  onSecond(signal: NodeJS.Signals): void;
}

/** A handle on the installed handlers. */
export interface SignalGuard {
  /** Aborted by the first SIGINT/SIGTERM. */
  readonly signal: AbortSignal;
  /** The first signal received, if any. */
  received(): NodeJS.Signals | undefined;
  /** Removes the handlers (call when the run is over). */
  dispose(): void;
}

/** Installs SIGINT/SIGTERM handlers for the length of one run. */
export function installSignalGuard(hooks: SignalHooks): SignalGuard {
  const controller = new AbortController();
  let first: NodeJS.Signals | undefined;
  const handler = (signal: NodeJS.Signals): void => {
    if (first === undefined) {
      first = signal;
      controller.abort(new Error(`received ${signal}`));
      hooks.onFirst(signal);
    } else {
      hooks.onSecond(signal);
    }
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    signal: controller.signal,
    received: () => first,
    dispose: () => {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
  };
}

/** Quotes one argument for a POSIX shell (only when it needs it). */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) || arg === "<USD>") return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * The exact command that resumes this run: the same invocation and flags, without `--force`
 * (which would delete the partial dataset) and with `--resume`.
 */
export function resumeCommand(argv: readonly string[], invokedAs: string): string {
  const args = argv.filter((arg) => arg !== "--force" && arg !== "--resume");
  return [invokedAs, ...args.map(shellQuote), "--resume"].join(" ");
}

/**
 * How the user invoked us, for the printed resume command: `backlinks-export` through the bin
 * link, else `node <script path>` (relative to cwd when inside it).
 */
export function invocation(scriptPath: string | undefined, cwd: string): string {
  if (scriptPath === undefined) return "backlinks-export";
  if (/[/\\]backlinks-export$/.test(scriptPath)) return "backlinks-export";
  const relative = scriptPath.startsWith(`${cwd}/`) ? scriptPath.slice(cwd.length + 1) : scriptPath;
  return `node ${shellQuote(relative)}`;
}
