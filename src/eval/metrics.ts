/**
 * Quality measures, as pure functions over labels and boundaries.
 *
 * Clustering measures work from the contingency table of predicted vs gold
 * labels, so they are linear in the number of items (no pair loops).
 */

export interface PRF {
  precision: number;
  recall: number;
  f1: number;
}

export function prf(precision: number, recall: number): PRF {
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** Precision/recall/F1 from counts; an empty side counts as perfect (nothing to get wrong). */
export function prfFromCounts(truePositives: number, predicted: number, actual: number): PRF {
  return prf(predicted === 0 ? 1 : truePositives / predicted, actual === 0 ? 1 : truePositives / actual);
}

interface Contingency {
  /** Items per (predicted, gold) cell. */
  cells: Map<string, number>;
  predicted: Map<string, number>;
  gold: Map<string, number>;
  n: number;
}

function contingency(predicted: readonly string[], gold: readonly string[]): Contingency {
  if (predicted.length !== gold.length) throw new Error(`label lists differ in length: ${predicted.length} vs ${gold.length}`);
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const c: Contingency = { cells: new Map(), predicted: new Map(), gold: new Map(), n: predicted.length };
  predicted.forEach((p, i) => {
    bump(c.cells, JSON.stringify([p, gold[i]]));
    bump(c.predicted, p);
    bump(c.gold, gold[i]);
  });
  return c;
}

/** B-cubed precision/recall/F1 (Bagga & Baldwin 1998), averaged over items. */
export function bcubed(predicted: readonly string[], gold: readonly string[]): PRF {
  const c = contingency(predicted, gold);
  if (c.n === 0) return prf(1, 1);
  let precision = 0;
  let recall = 0;
  // Summed in key order, not in the order items came: the same labels in another order give the very same float.
  for (const [key, count] of [...c.cells].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    const [p, g] = JSON.parse(key) as [string, string];
    precision += (count * count) / c.predicted.get(p)!;
    recall += (count * count) / c.gold.get(g)!;
  }
  return prf(precision / c.n, recall / c.n);
}

const pairsOf = (k: number) => (k * (k - 1)) / 2;
const sumPairs = (m: Map<string, number>) => [...m.values()].reduce((s, k) => s + pairsOf(k), 0);

/** Pairwise precision/recall/F1: over all item pairs put in one cluster. */
export function pairwise(predicted: readonly string[], gold: readonly string[]): PRF {
  const c = contingency(predicted, gold);
  return prfFromCounts(sumPairs(c.cells), sumPairs(c.predicted), sumPairs(c.gold));
}

/** Adjusted Rand index (Hubert & Arabie 1985): 1 = identical, ~0 = chance. */
export function adjustedRand(predicted: readonly string[], gold: readonly string[]): number {
  const c = contingency(predicted, gold);
  const index = sumPairs(c.cells);
  const a = sumPairs(c.predicted);
  const b = sumPairs(c.gold);
  const total = pairsOf(c.n);
  if (total === 0) return 1;
  const expected = (a * b) / total;
  const max = (a + b) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}

/**
 * Segmentations as the index of the segment each unit (sentence) is in.
 * Boundaries are where that index changes.
 */
export type UnitSegments = readonly number[];

/** Half the mean reference segment length, in units (the usual k of Pk and WindowDiff). */
export function defaultWindow(reference: UnitSegments): number {
  const segments = new Set(reference).size;
  return Math.max(2, Math.round(reference.length / segments / 2));
}

/**
 * Pk (Beeferman et al. 1999): the share of unit pairs k apart on which the
 * hypothesis and the reference disagree about being in one segment.
 */
export function pk(reference: UnitSegments, hypothesis: UnitSegments, k = defaultWindow(reference)): number {
  checkAligned(reference, hypothesis);
  const windows = reference.length - k;
  if (windows <= 0) return 0;
  let errors = 0;
  for (let i = 0; i < windows; i++) {
    const sameRef = reference[i] === reference[i + k];
    const sameHyp = hypothesis[i] === hypothesis[i + k];
    if (sameRef !== sameHyp) errors++;
  }
  return errors / windows;
}

/**
 * WindowDiff (Pevzner & Hearst 2002): the share of windows of k units in
 * which the two segmentations have a different number of boundaries.
 */
export function windowDiff(reference: UnitSegments, hypothesis: UnitSegments, k = defaultWindow(reference)): number {
  checkAligned(reference, hypothesis);
  const windows = reference.length - k;
  if (windows <= 0) return 0;
  const boundariesBefore = (s: UnitSegments) => {
    const out = new Int32Array(s.length);
    for (let i = 1; i < s.length; i++) out[i] = out[i - 1] + (s[i] !== s[i - 1] ? 1 : 0);
    return out;
  };
  const r = boundariesBefore(reference);
  const h = boundariesBefore(hypothesis);
  let errors = 0;
  for (let i = 0; i < windows; i++) if (r[i + k] - r[i] !== h[i + k] - h[i]) errors++;
  return errors / windows;
}

function checkAligned(reference: UnitSegments, hypothesis: UnitSegments): void {
  if (reference.length !== hypothesis.length) throw new Error(`segmentations differ in length: ${reference.length} vs ${hypothesis.length}`);
}

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length;
}
