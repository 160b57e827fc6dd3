import { describe, expect, it } from "vitest";
import {
  type Cursor,
  type CursorSet,
  InvalidCursorError,
  initialCursor,
  parseCursor,
  requestHash,
} from "../src/index.js";

const hash = requestHash({ target: "example.com", limit: 10 });

describe("cursor", () => {
  it("survives a JSON round trip, alone and inside a CursorSet of several chains", () => {
    const a: Cursor = { version: 1, requestHash: hash, token: "tok", pages: 3, rows: 30, done: false };
    const b: Cursor = initialCursor(requestHash({ target: "example.org", limit: 10 }));
    const set: CursorSet = { version: 1, chains: { "example.com#shard-0": a, "example.org": b } };
    const back = JSON.parse(JSON.stringify(set)) as CursorSet;
    expect(parseCursor(back.chains["example.com#shard-0"])).toEqual(a);
    expect(parseCursor(back.chains["example.org"])).toEqual(b);
  });
  it.each([
    ["not an object", 5, /cursor: expected an object/],
    ["wrong version", { version: 2 }, /cursor.version/],
    ["bad hash", { version: 1, requestHash: "x" }, /cursor.requestHash/],
    [
      "empty token",
      { version: 1, requestHash: hash, token: "", pages: 1, rows: 1, done: false },
      /cursor.token/,
    ],
    [
      "negative rows",
      { version: 1, requestHash: hash, token: "t", pages: 1, rows: -1, done: false },
      /cursor.rows/,
    ],
    [
      "fractional pages",
      { version: 1, requestHash: hash, token: "t", pages: 1.5, rows: 1, done: false },
      /cursor.pages/,
    ],
    [
      "done not boolean",
      { version: 1, requestHash: hash, token: "t", pages: 1, rows: 1, done: "no" },
      /cursor.done/,
    ],
    [
      "pages without token",
      { version: 1, requestHash: hash, token: null, pages: 2, rows: 20, done: false },
      /exactly when pages > 0/,
    ],
    [
      "token before any page",
      { version: 1, requestHash: hash, token: "t", pages: 0, rows: 0, done: false },
      /exactly when pages > 0/,
    ],
  ])("rejects %s with InvalidCursorError", (_name, value, message) => {
    expect(() => parseCursor(value)).toThrow(InvalidCursorError);
    expect(() => parseCursor(value)).toThrow(message);
  });
  it("accepts a finished chain without token", () => {
    expect(
      parseCursor({ version: 1, requestHash: hash, token: null, pages: 4, rows: 35, done: true }).done,
    ).toBe(true);
  });
});
