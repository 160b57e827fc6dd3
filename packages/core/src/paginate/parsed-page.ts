/** Turning a raw-mode page into an object-mode page, for the few consumers that need objects. */
import type { Page, RawPage } from "./paginate.js";

/** The same page with its items parsed (`RawItems.toArray()`): one page's worth of objects. */
export function parsedPage(page: RawPage): Page {
  return Object.freeze({ ...page, items: page.items.toArray() });
}
