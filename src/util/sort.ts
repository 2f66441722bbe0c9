/**
 * Sorting a stretch of a Float64Array in place, ascending, for distinct
 * values (no NaN). Written out because the engine's typed-array sort costs
 * a runtime call and a generic comparison per element: on the 20–200
 * values sorted per block of every document it was 2–3× slower than this,
 * and the top of the features kernel's profile.
 */
export function sortFloat64(a: Float64Array, from: number, to: number): void {
  while (to - from > 16) {
    const j = partition(a, from, to);
    const i = partition.right;
    // Recurse into the smaller side, loop on the larger: the stack stays O(log n).
    if (j - from < to - i) {
      sortFloat64(a, from, j);
      from = i;
    } else {
      sortFloat64(a, i, to);
      to = j;
    }
  }
  for (let i = from + 1; i < to; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= from && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

/**
 * The `k` smallest values of `a[from, to)` in `a[from, from + k)`,
 * ascending; the others after them in no order. A quickselect, then a sort
 * of the `k` alone: a block keeps its 64 heaviest of hundreds of terms, a
 * document names its 12 heaviest, where a sort of all was most of the work.
 */
export function sortSmallestFloat64(a: Float64Array, from: number, to: number, k: number): void {
  const end = from + Math.min(k, to - from);
  if (end > from && end < to) selectFloat64(a, from, to, end - 1);
  sortFloat64(a, from, end);
}

/**
 * Reorders `a[from, to)` so that `a[rank]` holds the value a sort would put
 * there, with no larger value before it and no smaller one after it
 * (Hoare's quickselect).
 */
export function selectFloat64(a: Float64Array, from: number, to: number, rank: number): void {
  while (to - from > 16) {
    const j = partition(a, from, to);
    const i = partition.right;
    if (rank < j) to = j;
    else if (rank >= i) from = i;
    else return; // `rank` falls among values equal to the pivot, between the two sides
  }
  sortFloat64(a, from, to);
}

/**
 * Hoare's partition of `a[from, to)` around a median of three: returns j
 * and sets `partition.right` to i, where a[from, j) ≤ pivot ≤ a[i, to) and
 * what lies between equals the pivot (j < i).
 */
function partition(a: Float64Array, from: number, to: number): number {
  const pivot = medianOfThree(a[from], a[(from + to) >>> 1], a[to - 1]);
  let i = from;
  let j = to - 1;
  while (i <= j) {
    while (a[i] < pivot) i++;
    while (a[j] > pivot) j--;
    if (i <= j) {
      const t = a[i];
      a[i++] = a[j];
      a[j--] = t;
    }
  }
  partition.right = i;
  return j + 1;
}
partition.right = 0;

function medianOfThree(x: number, y: number, z: number): number {
  if (x < y) return y < z ? y : x < z ? z : x;
  return x < z ? x : y < z ? z : y;
}

/** Bits of the key a radix pass sorts on: three passes cover 32 bits, over 2,048 counters. */
const RADIX_BITS = 11;
const RADIX = 1 << RADIX_BITS;

/**
 * The indexes 0 .. count − 1 ordered by `keys[i]` (unsigned 32-bit),
 * ties in index order, in `out` (`scratch`: the same length, overwritten).
 * An LSD radix sort, stable: O(count) a call, where the engine's sort with
 * a comparator made a call into JavaScript per comparison (the LSH bands
 * at 200,000 documents: ~0.8 s of the near-duplicates stage in comparators).
 */
export function sortIndexesByKey(keys: Uint32Array, count: number, out: Uint32Array, scratch: Uint32Array): Uint32Array {
  const counts = new Uint32Array(RADIX);
  let from = scratch;
  let to = out;
  for (let i = 0; i < count; i++) from[i] = i;
  for (let shift = 0; shift < 32; shift += RADIX_BITS) {
    counts.fill(0);
    for (let i = 0; i < count; i++) counts[(keys[from[i]] >>> shift) & (RADIX - 1)]++;
    let sum = 0;
    for (let d = 0; d < RADIX; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < count; i++) {
      const index = from[i];
      to[counts[(keys[index] >>> shift) & (RADIX - 1)]++] = index;
    }
    const t = from;
    from = to;
    to = t;
  }
  // Three passes: the result is in `from`, which is `out` after an odd number of swaps.
  return from;
}

/**
 * The indexes 0 .. keys.length − 1 grouped by key (each in 0 .. groups − 1),
 * in index order within a group: group g's indexes are
 * members[start[g] .. start[g + 1]). A counting sort, O(keys + groups).
 */
export function groupByKey(keys: ArrayLike<number>, groups: number): { start: Int32Array; members: Int32Array } {
  const start = new Int32Array(groups + 1);
  for (let i = 0; i < keys.length; i++) start[keys[i] + 1]++;
  for (let g = 0; g < groups; g++) start[g + 1] += start[g];
  const fill = start.slice(0, groups);
  const members = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) members[fill[keys[i]]++] = i;
  return { start, members };
}
