/**
 * Raw mode's byte scanner and body parser against JSON.parse: the same items, the same errors,
 * whatever the spelling of the body (escapes, nesting, whitespace, repeated keys, truncation).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  MalformedResponseError,
  parseLiveResponseBytes,
  parseLiveResponseText,
  RawItems,
  scanLiveBody,
} from "../src/index.js";

const item = (i: number, extra: Record<string, unknown> = {}) => ({
  type: "backlink",
  domain_from: `d${i}.example`,
  url_from: `https://d${i}.example/p`,
  rank: i,
  ...extra,
});

function body(result: Record<string, unknown>, top: Record<string, unknown> = {}): string {
  return JSON.stringify({
    version: "0.1",
    status_code: 20000,
    status_message: "Ok.",
    cost: 0.02,
    tasks_count: 1,
    tasks_error: 0,
    tasks: [{ id: "t-1", status_code: 20000, status_message: "Ok.", cost: 0.02, result: [result] }],
    ...top,
  });
}

const page = (items: unknown, rest: Record<string, unknown> = {}) =>
  body({
    target: "example.com",
    total_count: 10,
    items_count: Array.isArray(items) ? items.length : 0,
    items,
    ...rest,
  });

/** Items of the raw parse, each parsed, beside the object parse's items. */
function bothWays(text: string): { raw: unknown[]; parsed: unknown[] } {
  const raw = parseLiveResponseBytes(Buffer.from(text, "utf8")).result.items;
  return { raw: raw.toArray(), parsed: parseLiveResponseText(text).result.items };
}

/** The error each way (or null), compared by class, code, message and retryability. */
function errorOf(f: () => unknown): unknown {
  try {
    f();
    return null;
  } catch (e) {
    const err = e as { name: string; code?: string; message: string; retryable?: boolean };
    return { name: err.name, code: err.code, message: err.message, retryable: err.retryable };
  }
}

describe("scanLiveBody", () => {
  it("finds every element of tasks[0].result[0].items, also when items is not the last member", () => {
    const text = page([item(1), item(2), item(3)], { search_after_token: "tok" });
    const scan = scanLiveBody(Buffer.from(text));
    expect(scan?.items?.starts).toHaveLength(3);
    const { raw, parsed } = bothWays(text);
    expect(raw).toEqual(parsed);
  });

  it("handles escaped quotes and backslashes, nested arrays and objects, unicode", () => {
    const tricky = [
      item(1, { anchor: 'say "}]," \\ \\" \\\\', text_pre: "\u2028 é 𝄞 \u0000 \u001f" }),
      item(2, { ranked_keywords_info: { a: [1, [2, { "}": "]" }]], b: { c: { d: null } } } }),
      item(3, { attributes: ["a]", "b}", "{c", "[d"], indirect_link_path: [[[]], {}] }),
    ];
    const { raw, parsed } = bothWays(page(tricky));
    expect(raw).toEqual(parsed);
    expect(raw).toHaveLength(3);
  });

  it("accepts whitespace anywhere JSON allows it and keeps each item's bytes exactly", () => {
    const text = ` \n{ "status_code" : 20000 , "cost":0.1,"tasks" : [ { "id":"x","status_code": 20000, "result" : [ { "total_count" : 2 , "items" : [ \r\n { "a" : 1 } ,\t{"b":[ 1 , 2 ]} ] } ] } ] } \n`;
    const raw = parseLiveResponseBytes(Buffer.from(text)).result.items;
    expect(raw.length).toBe(2);
    expect(raw.text(0)).toBe('{ "a" : 1 }');
    expect(raw.text(1)).toBe('{"b":[ 1 , 2 ]}');
  });

  it("returns empty items for an empty array and for items: null with items_count 0", () => {
    expect(parseLiveResponseBytes(Buffer.from(page([]))).result.items.length).toBe(0);
    const nulled = parseLiveResponseBytes(Buffer.from(page(null, { items_count: 0 })));
    expect(nulled.result.items).toBeInstanceOf(RawItems);
    expect(nulled.result.items.length).toBe(0);
    expect(nulled.result.items_count).toBe(0);
  });

  it("follows JSON.parse when a key repeats: the last occurrence wins at every level", () => {
    const last = page([item(1)]).replace('"items":[', '"items":[{"first":true}],"items":[');
    expect(bothWays(last).raw).toEqual(bothWays(last).parsed);
    expect(bothWays(last).raw).toEqual([expect.objectContaining({ domain_from: "d1.example" })]);
    const nulledLater = page([item(1)]).replace('"target":', '"items":[{"x":1}],"target":');
    // items given twice: the later array (item 1) wins
    expect(bothWays(nulledLater).raw).toEqual(bothWays(nulledLater).parsed);
    const tasksTwice = `${page([item(9)]).slice(0, -1)},"tasks":${JSON.stringify(JSON.parse(page([item(4)])).tasks)}}`;
    expect(bothWays(tasksTwice).raw).toEqual(bothWays(tasksTwice).parsed);
    expect((bothWays(tasksTwice).raw[0] as { rank: number }).rank).toBe(4);
    const escapedKey = page([item(5)]).replace('"items":', '"it\\u0065ms":');
    expect(bothWays(escapedKey).raw).toEqual(bothWays(escapedKey).parsed);
  });

  it("reads only tasks[0] and result[0]", () => {
    const json = JSON.parse(page([item(1)]));
    json.tasks.push({ id: "t-2", status_code: 40000, result: [{ total_count: 1, items: [item(7)] }] });
    json.tasks[0].result.push({ total_count: 1, items: [item(8)] });
    const text = JSON.stringify(json);
    expect(bothWays(text).raw).toEqual([expect.objectContaining({ rank: 1 })]);
  });

  it("refuses every truncation of a body with the same retryable error as object mode", () => {
    const text = page([item(1, { anchor: 'a "q" \\ b' }), item(2, { n: [1.5e3, -0, true, false, null] })]);
    for (let cut = 0; cut < text.length; cut++) {
      const piece = text.slice(0, cut);
      expect(scanLiveBody(Buffer.from(piece))).toBeNull();
      const rawError = errorOf(() => parseLiveResponseBytes(Buffer.from(piece)));
      expect(rawError).toEqual(errorOf(() => parseLiveResponseText(piece)));
      expect(rawError).toMatchObject({ name: "MalformedResponseError", retryable: true });
    }
  });

  it("gives the object-mode errors for a non-object item, a wrong shape and API status codes", () => {
    const cases = [
      page([item(1), 5]),
      page([item(1), "x", null]),
      page("nope"),
      page(null, { items_count: 3 }),
      page([item(1)], { total_count: -1 }),
      JSON.stringify({
        status_code: 20000,
        cost: 0,
        tasks: [
          {
            id: "t",
            status_code: 40501,
            status_message: "Invalid Field: 'search_after_token'.",
            result: null,
          },
        ],
      }),
      JSON.stringify({ status_code: 40202, status_message: "Rate limit", cost: 0, tasks: null }),
      JSON.stringify({ status_code: 20000, tasks: [] }),
      JSON.stringify([1, 2]),
      "not json",
      "",
      '{"status_code":20000} trailing',
      "\ufeff{}",
    ];
    for (const text of cases) {
      const raw = errorOf(() => parseLiveResponseBytes(Buffer.from(text)));
      expect(raw).not.toBeNull();
      expect(raw).toEqual(errorOf(() => parseLiveResponseText(text)));
    }
  });

  it("decodes invalid UTF-8 inside an item as object mode does (replacement characters)", () => {
    const text = page([item(1, { anchor: "x\ue000y" })]);
    const bytes = Buffer.from(text);
    bytes[bytes.indexOf(Buffer.from("\ue000"))] = 0xff;
    const raw = parseLiveResponseBytes(bytes).result.items.toArray();
    expect(raw).toEqual(parseLiveResponseText(bytes.toString("utf8")).result.items);
  });

  it("agrees with JSON.parse on arbitrary JSON texts and their corruptions (property)", () => {
    const jsonText = fc.oneof(
      fc.json({ maxDepth: 4 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => page(Array.isArray(v) ? v : [v])),
      fc
        .array(fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }), {
          maxLength: 5,
        })
        .map((items) => page(items)),
    );
    const edit = fc.option(
      fc.tuple(
        fc.nat(),
        fc.constantFrom("", " ", '"', "\\", "{", "}", "[", "]", ",", ":", "\u0001", "0", "-", "e"),
      ),
      { freq: 2 },
    );
    fc.assert(
      fc.property(jsonText, edit, (text, change) => {
        let t = text;
        if (change) {
          const at = change[0] % (t.length + 1);
          t = t.slice(0, at) + change[1] + t.slice(at + 1);
        }
        const valid = errorOf(() => JSON.parse(t)) === null;
        expect(scanLiveBody(Buffer.from(t)) !== null).toBe(valid);
        const raw = errorOf(() => parseLiveResponseBytes(Buffer.from(t)));
        expect(raw).toEqual(errorOf(() => parseLiveResponseText(t)));
        if (raw === null) {
          expect(bothWays(t).raw).toEqual(bothWays(t).parsed);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("reads member names that repeat, or almost repeat, the previous item's (the name cache)", () => {
    const items = [
      { ab: 1, 'a"b': [1], c: { d: 2 } },
      { ab: 2, "a\\b": [2], c: { d: 3 } },
      { abc: 3, 'a"b': 4 },
      { ab: 5, 'a"b': 6, c: 7, d: 8 },
      {},
      { ab: 9 },
    ];
    const text = page(items).replace('"abc"', '"a\u0062c"');
    const { raw, parsed } = bothWays(text);
    expect(raw).toEqual(parsed);
    // a name that is the previous one cut short is not taken for it
    const cut = page([{ abcd: 1 }, { ab: 2 }]).replace('{"ab":2}', '{"ab" : 2}');
    expect(bothWays(cut).raw).toEqual(bothWays(cut).parsed);
    const bad = page([{ ab: 1 }, { ab: 2 }]).replace('{"ab":2}', '{"ab":2,"ab\\x":3}');
    expect(scanLiveBody(Buffer.from(bad))).toBeNull();
  });

  it("walks deep nesting without recursion limits", () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const text = page([{ deep: "PLACEHOLDER" }]).replace('"PLACEHOLDER"', deep);
    expect(scanLiveBody(Buffer.from(text))?.items?.starts).toHaveLength(1);
  });
});

describe("RawItems", () => {
  const raw = parseLiveResponseBytes(Buffer.from(page([item(0), item(1), item(2), item(3)]))).result.items;

  it("slices like an array (negative and out-of-range bounds included) without copying the bytes", () => {
    for (const [a, b] of [
      [0, 4],
      [1, 3],
      [2, undefined],
      [-1, undefined],
      [-3, -1],
      [3, 1],
      [0, 99],
      [99, 100],
    ] as const) {
      const want = [0, 1, 2, 3].slice(a, b);
      const got = raw.slice(a, b);
      expect(got.length).toBe(want.length);
      expect(got.toArray().map((x) => x.rank)).toEqual(want);
      expect(got.bytes).toBe(raw.bytes);
    }
    expect(raw.slice(1).slice(1, 2).parse(0).rank).toBe(2);
  });

  it("hands out each item as bytes, text and a normalised object", () => {
    expect(JSON.parse(Buffer.from(raw.item(1)).toString())).toEqual(item(1));
    expect(raw.text(2)).toBe(JSON.stringify(item(2)));
    const parsed = raw.parse(3);
    expect(parsed.rank).toBe(3);
    expect(parsed.first_seen).toBeNull(); // documented fields it lacks are null, as in object mode
    expect(() => raw.item(4)).toThrow(RangeError);
  });

  it("fromValues keeps the values", () => {
    const values = [item(1, { extra: "ü" }), item(2)];
    expect(
      RawItems.fromValues(values)
        .toArray()
        .map((x) => x.domain_from),
    ).toEqual(["d1.example", "d2.example"]);
  });
});

describe("object-mode fallback", () => {
  it("is a MalformedResponseError subclass of the package base", () => {
    const e = errorOf(() => parseLiveResponseBytes(Buffer.from("{")));
    expect(e).toMatchObject({ name: "MalformedResponseError", retryable: true });
    expect(() => parseLiveResponseBytes(Buffer.from("{"))).toThrow(MalformedResponseError);
  });
});
