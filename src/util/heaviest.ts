/**
 * Selecting the k heaviest of n entries without sorting all n: the k-th
 * heaviest weight is found by quickselect on a copy of the weights (O(n)),
 * then only entries at or above it are looked at. The result is exactly
 * what a full sort by (weight descending, tie ascending) followed by taking
 * k would keep.
 */

import { selectFloat64 } from './sort.js';

let scratch = new Float64Array(1024);

/**
 * Moves the `count` heaviest of `items` to the front, in no particular order,
 * and returns how many that is (min(count, items.length)). Heaviest means
 * highest `weight[item]`, then lowest `tie[item]` (or lowest item when no
 * `tie` is given).
 */
export function keepHeaviest(
  items: { length: number; [i: number]: number },
  count: number,
  weight: ArrayLike<number>,
  tie?: ArrayLike<number>,
): number {
  const n = items.length;
  if (n <= count) return n;
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, scratch.length * 2));
  const sorted = scratch.subarray(0, n);
  for (let i = 0; i < n; i++) sorted[i] = weight[items[i]];

  const cut = valueOfRank(sorted, n - count);
  let kept = 0;
  const atCut: number[] = [];
  for (let i = 0; i < n; i++) {
    const item = items[i];
    if (weight[item] > cut) items[kept++] = item;
    else if (weight[item] === cut) atCut.push(item);
  }
  atCut.sort(tie === undefined ? (x, y) => x - y : (x, y) => tie[x] - tie[y]);
  for (let i = 0; kept < count; i++) items[kept++] = atCut[i];
  return count;
}

let indexScratch = new Uint32Array(1024);

/**
 * The indexes of the `count` heaviest of entries 0 .. n − 1 (highest
 * `weight[i]`, ties: lowest `tie[i]`), heaviest first, in `out` (at least
 * min(count, n) long); returns how many. Only the kept few are sorted, by
 * insertion: where `count` is a handful (event terms, an item's indexed
 * terms), the engine's sort with a comparator called into JavaScript per
 * comparison, and was ~1 s of the main thread at 200,000 documents.
 */
export function heaviestFirst(weight: ArrayLike<number>, tie: ArrayLike<number>, n: number, count: number, out: Uint32Array): number {
  if (indexScratch.length < n) indexScratch = new Uint32Array(Math.max(n, indexScratch.length * 2));
  const all = indexScratch.subarray(0, n);
  for (let i = 0; i < n; i++) all[i] = i;
  const kept = keepHeaviest(all, count, weight, tie);
  for (let x = 0; x < kept; x++) {
    const k = all[x];
    let y = x - 1;
    while (y >= 0 && (weight[out[y]] < weight[k] || (weight[out[y]] === weight[k] && tie[out[y]] > tie[k]))) {
      out[y + 1] = out[y];
      y--;
    }
    out[y + 1] = k;
  }
  return kept;
}

/** The value that would be at index `rank` if `a` were sorted ascending (reorders `a`). */
function valueOfRank(a: Float64Array, rank: number): number {
  selectFloat64(a, 0, a.length, rank);
  return a[rank];
}
