/**
 * Sorted lists of numeric keys without repeats (pair keys i · n + j, term
 * ids): made, subtracted and merged. Float64Arrays hold keys up to 2^53 exactly.
 */
import { sharedArray } from './typed-array.js';

/** Sorted, without repeats (sorts in place; a view of `keys`). */
export function sortedUnique<T extends Float64Array | Uint32Array>(keys: T): T {
  keys.sort();
  let n = 0;
  for (let i = 0; i < keys.length; i++) if (i === 0 || keys[i] !== keys[n - 1]) keys[n++] = keys[i];
  return keys.subarray(0, n) as T;
}

/**
 * The union of a few sorted, repeat-free key lists, sorted and repeat-free
 * (in shared memory, for worker threads). Each step takes the smallest
 * head: for the handful of lists worker threads return, cheaper than
 * sorting them all again.
 */
export function mergeSorted(lists: readonly Float64Array[]): Float64Array {
  let total = 0;
  for (const list of lists) total += list.length;
  const out = sharedArray(Float64Array, total);
  const at = new Int32Array(lists.length);
  let n = 0;
  for (;;) {
    let smallest = -1;
    for (let k = 0; k < lists.length; k++) {
      if (at[k] < lists[k].length && (smallest < 0 || lists[k][at[k]] < lists[smallest][at[smallest]])) smallest = k;
    }
    if (smallest < 0) break;
    const next = lists[smallest][at[smallest]++];
    if (n === 0 || out[n - 1] !== next) out[n++] = next;
  }
  return out.subarray(0, n);
}

/** The keys of sorted, repeat-free `a` that are not in sorted `b`, sorted (in shared memory, for worker threads). */
export function differenceSorted(a: Float64Array, b: Float64Array): Float64Array {
  const out = sharedArray(Float64Array, a.length);
  let n = 0;
  let y = 0;
  for (let x = 0; x < a.length; x++) {
    while (y < b.length && b[y] < a[x]) y++;
    if (y < b.length && b[y] === a[x]) continue;
    out[n++] = a[x];
  }
  return out.subarray(0, n);
}
