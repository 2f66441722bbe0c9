/**
 * The most frequent terms of a stretch of text: what a block keeps of its
 * terms (capped, to bound memory per document) and which terms a document
 * sends its written forms for. Runs once per block of every document, so
 * it sorts numbers, never objects: (count, id) pairs are packed into one
 * double whose numeric order is the order wanted (ids are unique, so no two
 * are equal), sorted with no comparator calls.
 */
import { sortFloat64, sortSmallestFloat64 } from '../util/sort.js';
import { U32Map } from '../util/u32-map.js';

/** Counts below this pack exactly beside a 32-bit term id in one double (2^32 · 2^20 < 2^53). */
const COUNT_LIMIT = 2 ** 20;

/** Terms and counts in `[0, length)` of each array. */
export interface CountedTerms {
  ids: Uint32Array;
  counts: Uint32Array;
  length: number;
}

export class TopTerms {
  private readonly counts = new U32Map(1024);
  private packed = new Float64Array(1024);
  private kept: CountedTerms = { ids: new Uint32Array(1024), counts: new Uint32Array(1024), length: 0 };

  /**
   * The `max` most frequent of `termIds[from, to)` (ties: smaller id), with
   * their counts, by ascending id: the order in which blocks store them.
   * The result is scratch, valid until the next call.
   */
  byId(termIds: ArrayLike<number>, from: number, to: number, max: number): CountedTerms {
    const n = this.count(termIds, from, to);
    if (n === -1) return this.byIdSlowly(max);
    const counts = this.counts;
    let kept = n;
    const packed = this.scratch(n);
    if (n > max) {
      this.rank(packed, n, max);
      kept = max;
      for (let i = 0; i < kept; i++) packed[i] = idFirst(packed[i] % 2 ** 32, COUNT_LIMIT - Math.floor(packed[i] / 2 ** 32));
    } else {
      for (let i = 0; i < n; i++) packed[i] = idFirst(counts.keyAt(i), counts.valueAt(i));
    }
    sortFloat64(packed, 0, kept);
    const out = this.output(kept);
    for (let i = 0; i < kept; i++) {
      out.ids[i] = Math.floor(packed[i] / COUNT_LIMIT);
      out.counts[i] = packed[i] % COUNT_LIMIT;
    }
    return out;
  }

  /**
   * The `max` most frequent of the terms of the stretches not skipped
   * (ties: smaller id), in no particular order, as the keys of `top`
   * (cleared first; values 0, the caller's to use). Stretch s is
   * `termIds[stretchStart[s], stretchStart[s + 1])`, skipped where
   * `skip[s]` is not 0. `top` is the caller's, reused from call to call:
   * a new map per document was four small buffers to allocate.
   */
  heaviest(termIds: ArrayLike<number>, stretchStart: ArrayLike<number>, skip: ArrayLike<number>, max: number, top: U32Map): U32Map {
    const counts = this.counts;
    counts.clear();
    for (let s = 0; s + 1 < stretchStart.length; s++) {
      if (skip[s] !== 0) continue;
      for (let t = stretchStart[s]; t < stretchStart[s + 1]; t++) counts.add(termIds[t], 1);
    }
    const n = counts.size;
    top.clear();
    if (n <= max) {
      for (let i = 0; i < n; i++) top.set(counts.keyAt(i), 0);
      return top;
    }
    const packed = this.scratch(n);
    if (this.largest() >= COUNT_LIMIT) {
      const order = this.slowOrder();
      for (let i = 0; i < max; i++) top.set(counts.keyAt(order[i]), 0);
      return top;
    }
    this.rank(packed, n, max);
    for (let i = 0; i < max; i++) top.set(packed[i] % 2 ** 32, 0);
    return top;
  }

  /** Counts the terms; the number of distinct ones, or -1 when a count is too large to pack. */
  private count(termIds: ArrayLike<number>, from: number, to: number): number {
    const counts = this.counts;
    counts.clear();
    for (let t = from; t < to; t++) counts.add(termIds[t], 1);
    return this.largest() >= COUNT_LIMIT ? -1 : counts.size;
  }

  private largest(): number {
    let largest = 0;
    for (let i = 0; i < this.counts.size; i++) largest = Math.max(largest, this.counts.valueAt(i));
    return largest;
  }

  /** `packed[0, max)` = the `max` most frequent of the n counted terms, most frequent first (ties: smaller id first), as (COUNT_LIMIT − count)·2^32 + id. */
  private rank(packed: Float64Array, n: number, max: number): void {
    const counts = this.counts;
    for (let i = 0; i < n; i++) packed[i] = (COUNT_LIMIT - counts.valueAt(i)) * 2 ** 32 + counts.keyAt(i);
    sortSmallestFloat64(packed, 0, n, max);
  }

  /** Only in pathological texts (a million repeats of a word in one block): a comparator sort. */
  private slowOrder(): number[] {
    const counts = this.counts;
    return Array.from({ length: counts.size }, (_, i) => i).sort(
      (x, y) => counts.valueAt(y) - counts.valueAt(x) || counts.keyAt(x) - counts.keyAt(y),
    );
  }

  private byIdSlowly(max: number): CountedTerms {
    const counts = this.counts;
    const kept = this.slowOrder().slice(0, max).sort((x, y) => counts.keyAt(x) - counts.keyAt(y));
    const out = this.output(kept.length);
    kept.forEach((i, j) => {
      out.ids[j] = counts.keyAt(i);
      out.counts[j] = counts.valueAt(i);
    });
    return out;
  }

  /** The scratch result, with room for `length` terms. */
  private output(length: number): CountedTerms {
    if (this.kept.ids.length < length) this.kept = { ids: new Uint32Array(length), counts: new Uint32Array(length), length };
    this.kept.length = length;
    return this.kept;
  }

  private scratch(n: number): Float64Array {
    if (this.packed.length < n) this.packed = new Float64Array(Math.max(n, this.packed.length * 2));
    return this.packed;
  }
}

/** (id, count) as one double that sorts by id; ids are unique, so counts never decide. */
function idFirst(id: number, count: number): number {
  return id * COUNT_LIMIT + count;
}
