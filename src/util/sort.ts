/**
 * Sorting a stretch of a Float64Array in place, ascending, for distinct
 * values (no NaN). Written out because the engine's typed-array sort costs
 * a runtime call and a generic comparison per element: on the 20–200
 * values sorted per block of every document it was 2–3× slower than this,
 * and the top of the features kernel's profile.
 */
export function sortFloat64(a: Float64Array, from: number, to: number): void {
  while (to - from > 16) {
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
    // Recurse into the smaller side, loop on the larger: the stack stays O(log n).
    if (j + 1 - from < to - i) {
      sortFloat64(a, from, j + 1);
      from = i;
    } else {
      sortFloat64(a, i, to);
      to = j + 1;
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

function medianOfThree(x: number, y: number, z: number): number {
  if (x < y) return y < z ? y : x < z ? z : x;
  return x < z ? x : y < z ? z : y;
}
