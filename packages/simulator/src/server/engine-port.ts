/**
 * What the server needs from the engine (src/engine): the seam agreed in the cross-package
 * contracts. Declared here structurally so the HTTP half depends on the shape, not the module.
 */

/** `tasks[0].result[0]` of a successful live task. */
export interface LiveResultObject {
  readonly target: string;
  readonly mode: string | null;
  readonly custom_mode: unknown;
  readonly total_count: number;
  readonly items_count: number;
  readonly items: readonly unknown[];
  readonly search_after_token: string | null;
}

/** Every row a full token walk returns, in order, and the count the API reports. */
export interface GroundTruth {
  readonly totalCount: number;
  items(): IterableIterator<Record<string, unknown>>;
}

/** A successful live task's `result[0]` as UTF-8 JSON bytes. */
export interface LivePageJson {
  readonly itemsCount: number;
  readonly token: string | null;
  readonly json: Buffer;
}

/** Buffers a page may be written into (the server's PageBufferPool). */
export interface PageBufferSource {
  acquire(): Buffer;
}

/** The engine: executes one task, or throws a task error (`SimTaskError`). */
export interface SimulatorEngine {
  execute(task: unknown): LiveResultObject;
  /**
   * Optional: `execute` as JSON bytes, the same value byte for byte (the real engine writes them
   * without building item objects). Engines without it are serialised with `JSON.stringify`.
   */
  executeJson?(task: unknown, buffers?: PageBufferSource): LivePageJson;
  truth(request: never): GroundTruth;
}

/** A task-level API error thrown by the engine, e.g. 40501 `Invalid Field: 'limit'.`. */
export interface TaskErrorLike {
  readonly statusCode: number;
  readonly statusMessage: string;
}

/** Duck-typed check, so the server needs no import of the engine's error class. */
export function isTaskError(error: unknown): error is TaskErrorLike {
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as TaskErrorLike).statusCode === "number" &&
    typeof (error as TaskErrorLike).statusMessage === "string"
  );
}
