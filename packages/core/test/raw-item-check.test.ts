/**
 * The item check raw mode runs while scanning (`scanLiveBody(bytes, check)`, `RawItems.passed`):
 * the scan finds the same items whatever the check says, records which items passed, and keeps
 * refusing what JSON.parse refuses.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  parseLiveResponseBytes,
  parseLiveResponseText,
  type RawItemCheck,
  RawItems,
  scanLiveBody,
} from "../src/index.js";

const page = (itemsText: string) =>
  `{"version":"0.1","status_code":20000,"status_message":"Ok.","cost":0.02,"tasks_count":1,"tasks_error":0,` +
  `"tasks":[{"id":"t-1","status_code":20000,"status_message":"Ok.","cost":0.02,"result":[{"target":"example.com",` +
  `"total_count":10,"items_count":3,"items":${itemsText},"search_after_token":null}]}]}`;

/** A check that passes exactly the items whose text is one of `texts` (a valid check: whole JSON values). */
function passing(texts: readonly string[]): RawItemCheck {
  const known = texts.map((t) => Buffer.from(t));
  return (b, _view, start, limit) => {
    for (const k of known) {
      if (start + k.length <= limit && Buffer.from(b.buffer, b.byteOffset + start, k.length).equals(k)) {
        return start + k.length;
      }
    }
    return -1;
  };
}

const ITEMS = [{ rank: 0, a: "x" }, { rank: 1, a: "y\\n" }, { rank: 2, a: [1, { b: null }] }, { rank: 3 }];
const TEXTS = ITEMS.map((i) => JSON.stringify(i));

describe("item check in the raw scan", () => {
  it("records which items passed, with the same items and bytes as a scan without a check", () => {
    const body = Buffer.from(page(`[ ${TEXTS.join(" ,\n")} ]`));
    const check = passing([TEXTS[0]!, TEXTS[2]!]);
    const plain = parseLiveResponseBytes(body).result.items;
    const checked = parseLiveResponseBytes(body, undefined, check).result.items;
    expect(checked.toArray()).toEqual(plain.toArray());
    expect(Array.from({ length: 4 }, (_, i) => [checked.start(i), checked.end(i)])).toEqual(
      Array.from({ length: 4 }, (_, i) => [plain.start(i), plain.end(i)]),
    );
    expect(checked.checkedBy).toBe(check);
    expect([0, 1, 2, 3].map((i) => checked.passed(i))).toEqual([true, false, true, false]);
    expect(scanLiveBody(body, check)?.items?.failed).toEqual([1, 3]);
    // slices keep each item's verdict
    const tail = checked.slice(1);
    expect([0, 1, 2].map((i) => tail.passed(i))).toEqual([false, true, false]);
    expect(tail.checkedBy).toBe(check);
    // without a check nothing claims to have passed
    expect(plain.checkedBy).toBeUndefined();
    expect(plain.passed(0)).toBe(false);
    expect(scanLiveBody(body)?.items?.failed).toBeNull();
  });

  it("says every item passed when none failed, and none when the check refuses all", () => {
    const body = Buffer.from(page(`[${TEXTS.join(",")}]`));
    const all = parseLiveResponseBytes(body, undefined, passing(TEXTS)).result.items;
    expect([0, 1, 2, 3].map((i) => all.passed(i))).toEqual([true, true, true, true]);
    const none = parseLiveResponseBytes(body, undefined, () => -1).result.items;
    expect([0, 1, 2, 3].map((i) => none.passed(i))).toEqual([false, false, false, false]);
    expect(none.toArray()).toEqual(ITEMS.map((i) => ({ ...i, ...nullFields(i) })));
  });

  it("still refuses a body JSON.parse refuses, even when every item passed", () => {
    const text = page(`[${TEXTS.join(",")}]`);
    const check = passing(TEXTS);
    for (const bad of [
      text.slice(0, -3),
      text.replace("]}]}", "]}]}x"),
      text.replace(`${TEXTS[3]}]`, `${TEXTS[3]},]`),
    ]) {
      expect(scanLiveBody(Buffer.from(bad), check)).toBeNull();
      const error = (f: () => unknown) => {
        try {
          f();
          return null;
        } catch (e) {
          return (e as Error).message;
        }
      };
      expect(error(() => parseLiveResponseBytes(Buffer.from(bad), undefined, check))).toBe(
        error(() => parseLiveResponseText(bad)),
      );
    }
  });

  it("finds the same items whatever subset the check passes (property)", () => {
    const items = fc.array(
      fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(
        items,
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        fc.constantFrom("", " ", "\n\t "),
        (values, chosen, ws) => {
          const body = Buffer.from(
            page(`[${ws}${values.map((v) => JSON.stringify(v)).join(`${ws},${ws}`)}${ws}]`),
          );
          const truth = scanLiveBody(body)!.items!;
          // a check that knows the true ends and passes the chosen items only
          const check: RawItemCheck = (_b, _v, start) => {
            const i = truth.starts.indexOf(start);
            return i >= 0 && chosen[i] ? truth.ends[i]! : -1;
          };
          const scan = scanLiveBody(body, check)!.items!;
          expect(scan.starts).toEqual(truth.starts);
          expect(scan.ends).toEqual(truth.ends);
          expect(scan.failed).toEqual(truth.starts.map((_, i) => i).filter((i) => !chosen[i]));
          const raw = parseLiveResponseBytes(body, undefined, check).result.items;
          expect(raw).toBeInstanceOf(RawItems);
          expect(truth.starts.map((_, i) => raw.passed(i))).toEqual(truth.starts.map((_, i) => chosen[i]));
        },
      ),
      { numRuns: 500 },
    );
  });
});

function nullFields(item: object): Record<string, unknown> {
  const parsed = parseLiveResponseBytes(Buffer.from(page(`[${JSON.stringify(item)}]`))).result.items.parse(0);
  return Object.fromEntries(Object.entries(parsed).filter(([k]) => !(k in item)));
}
