/**
 * Cutting a chain's pages into part files of at most `partRows` rows.
 *
 * Rule: a part is closed at a page boundary as soon as the next full page (`limit` rows) would not
 * fit, so with `partRows >= limit` a page is never split and every part but a target's last holds
 * `floor(partRows / limit) * limit` rows. Only when `partRows < limit` (or the API returns a page
 * longer than `limit`) is a page split at a row boundary; the rows of a split page that are already
 * committed are remembered (`skipRows` in the state) so a resume re-buys that page and skips them.
 */

/** How many rows of a page (with `pageRowsLeft` rows still unwritten) go into the current part. */
export function rowsToTake(pageRowsLeft: number, rowsInPart: number, partRows: number): number {
  return Math.max(0, Math.min(pageRowsLeft, partRows - rowsInPart));
}

/** After a whole page went into the part: close the part now? */
export function closeAtPageBoundary(rowsInPart: number, partRows: number, limit: number): boolean {
  if (rowsInPart <= 0) return false;
  if (rowsInPart >= partRows) return true;
  // a part never splits a page when partRows >= limit: close when a full page would not fit
  return partRows >= limit && partRows - rowsInPart < limit;
}

/** A slice of page `page` rows [from, to) in part `part` (used by tests and docs). */
export interface PlannedSlice {
  part: number;
  page: number;
  from: number;
  to: number;
}

/**
 * The cut of a whole chain given its page lengths: the same decisions the exporter makes page by
 * page, as one pure function (property-tested).
 */
export function planParts(pageLengths: readonly number[], partRows: number, limit: number): PlannedSlice[] {
  const out: PlannedSlice[] = [];
  let part = 0;
  let rowsInPart = 0;
  pageLengths.forEach((len, page) => {
    let from = 0;
    while (from < len) {
      const take = rowsToTake(len - from, rowsInPart, partRows);
      out.push({ part, page, from, to: from + take });
      rowsInPart += take;
      from += take;
      if (from < len) {
        part++; // split: the part is full
        rowsInPart = 0;
      }
    }
    if (closeAtPageBoundary(rowsInPart, partRows, limit)) {
      part++;
      rowsInPart = 0;
    }
  });
  return out;
}
