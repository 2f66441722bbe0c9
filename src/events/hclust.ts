/**
 * Average-linkage (UPGMA) agglomerative clustering on a dense condensed
 * distance array, with the nearest-neighbour-chain algorithm.
 *
 * Algorithm: Murtagh, "A survey of recent advances in hierarchical clustering
 * algorithms", The Computer Journal 26(4), 1983; and Müllner, "Modern
 * hierarchical, agglomerative clustering algorithms", arXiv:1109.2378, 2011,
 * section 3.2 (NN-chain-linkage) — the same scheme scipy's `nn_chain` uses.
 *
 * Distances between clusters are kept up to date with the Lance–Williams
 * formula for average linkage: when clusters i and j (sizes n_i, n_j) merge,
 * for every other live cluster k
 *
 *     d(k, i∪j) = (n_i · d(k, i) + n_j · d(k, j)) / (n_i + n_j)
 *
 * Average linkage is reducible (d(k, i∪j) ≥ min(d(k, i), d(k, j))), which is
 * what makes the NN-chain correct: every pair of reciprocal nearest neighbours
 * the chain finds is a merge of the ordinary greedy algorithm. The chain finds
 * them out of height order, so the merges are then sorted by height (stably)
 * and relabelled with union-find into scipy's linkage-matrix convention.
 *
 * Cost: O(n²) time and O(n²) memory (one working copy of the distances), so
 * it is meant for bounded blocks of up to a few thousand points.
 */

import { StorylineError } from '../errors.js';
import { UnionFind } from '../util/union-find.js';

/** Merge list in scipy's linkage-matrix convention: merge k joins clusters left[k] and right[k] (ids < n are points, id n+m is the cluster made by merge m) at height[k]; size[k] is the new cluster's size. Heights are non-decreasing. */
export interface Dendrogram {
  /** Number of points (leaves). There are max(n - 1, 0) merges. */
  n: number;
  /** The smaller of the two cluster ids joined by each merge. */
  left: Int32Array;
  /** The larger of the two cluster ids joined by each merge. */
  right: Int32Array;
  /** The average-linkage distance between the two clusters when they merged. */
  height: Float64Array;
  /** Number of points in the cluster each merge makes. */
  size: Int32Array;
}

/**
 * Lance–Williams for average linkage, d(k, x∪y) = (n_x d(k,x) + n_y d(k,y)) / (n_x + n_y),
 * clamped between its two inputs: exact in real arithmetic, and the clamp
 * removes rounding that could otherwise stall the chain.
 */
function averageUpdate(a: number, b: number, nx: number, ny: number, nxy: number): number {
  const v = (nx * a + ny * b) / nxy;
  return a <= b ? (v < a ? a : v > b ? b : v) : v < b ? b : v > a ? a : v;
}

/** Largest n whose condensed array length n(n-1)/2 still fits a 32-bit index. */
const MAX_POINTS = 65535;

/** Index of the pair (i, j), i != j, in a condensed (upper-triangle, row-major, like scipy's pdist) distance array of n points. */
export function condensedIndex(n: number, i: number, j: number): number {
  if (i === j) {
    throw new StorylineError('INVALID_OPTION', `condensedIndex: i and j must differ, got ${i} twice`);
  }
  if (i > j) {
    const t = i;
    i = j;
    j = t;
  }
  // Rows 0..i-1 hold (n-1) + (n-2) + ... + (n-i) = i·n - i(i+1)/2 entries.
  return i * n - (i * (i + 1)) / 2 + (j - i - 1);
}

function emptyDendrogram(n: number): Dendrogram {
  return {
    n,
    left: new Int32Array(0),
    right: new Int32Array(0),
    height: new Float64Array(0),
    size: new Int32Array(0),
  };
}

function validate(n: number, condensed: Float64Array): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new StorylineError('INVALID_OPTION', `averageLinkage: n must be a non-negative integer, got ${String(n)}`);
  }
  if (n > MAX_POINTS) {
    throw new StorylineError(
      'INVALID_OPTION',
      `averageLinkage: n = ${n} points is too many for a dense distance matrix (at most ${MAX_POINTS}); split the input into smaller blocks`,
    );
  }
  if (!(condensed instanceof Float64Array)) {
    throw new StorylineError('INVALID_OPTION', 'averageLinkage: condensed distances must be a Float64Array');
  }
  const expected = (n * (n - 1)) / 2;
  if (condensed.length !== expected) {
    throw new StorylineError(
      'INVALID_OPTION',
      `averageLinkage: condensed distance array has length ${condensed.length}, but n = ${n} points need n(n-1)/2 = ${expected}`,
    );
  }
  let k = 0;
  for (let i = 0; i < n - 1; i++) {
    for (let j = i + 1; j < n; j++, k++) {
      const d = condensed[k];
      // `!(d >= 0)` is true for NaN and for negatives.
      if (!(d >= 0) || d === Infinity) {
        throw new StorylineError(
          'INVALID_OPTION',
          `averageLinkage: distance between points ${i} and ${j} (condensed index ${k}) is ${String(d)}; distances must be finite and non-negative`,
        );
      }
    }
  }
}

/**
 * Average linkage over n points given their condensed distance array (length n(n-1)/2; not modified). n = 0 or 1 gives an empty dendrogram. Throws a StorylineError('INVALID_OPTION', ...) from src/errors.ts with a clear message if the length does not match n or a distance is NaN/negative.
 *
 * Lance–Williams update (UPGMA): d(k, i∪j) = (n_i·d(k,i) + n_j·d(k,j)) / (n_i + n_j).
 * The updated value is clamped to [min, max] of its two inputs, which only
 * removes floating-point rounding but keeps the method exactly reducible, so
 * the chain always terminates and heights come out monotone.
 *
 * Deterministic: a nearest-neighbour search prefers the chain's previous
 * element on a tie (needed for termination, as in Müllner's algorithm) and
 * otherwise the smallest cluster index; merges are sorted stably by height.
 * Algorithm: NN-chain (Murtagh 1983; Müllner 2011, arXiv:1109.2378, §3.2).
 */
export function averageLinkage(n: number, condensed: Float64Array): Dendrogram {
  validate(n, condensed);
  if (n < 2) return emptyDendrogram(n);

  const m = n - 1;
  const D = new Float64Array(condensed); // working copy; the input is left alone
  // Condensed index of (i, j), i < j, is rowStart[i] + j.
  const rowStart = new Int32Array(n);
  for (let i = 0; i < n; i++) rowStart[i] = (i * (2 * n - i - 3)) / 2 - 1;

  // Each live cluster lives in the slot of one of its points; size 0 = dead.
  const size = new Int32Array(n).fill(1);
  // Live slots in increasing order, so scans break ties by the smallest index.
  const active = new Int32Array(n);
  for (let i = 0; i < n; i++) active[i] = i;
  let activeLen = n;

  const chain = new Int32Array(n);
  let chainLen = 0;

  // Merges in the order found, as pairs of slots (representative points).
  const mergeA = new Int32Array(m);
  const mergeB = new Int32Array(m);
  const mergeH = new Float64Array(m);

  for (let k = 0; k < m; k++) {
    if (chainLen === 0) {
      chain[0] = active[0];
      chainLen = 1;
    }

    let x: number;
    let y: number;
    let dxy: number;
    // Grow the chain until its top two are reciprocal nearest neighbours.
    for (;;) {
      x = chain[chainLen - 1];
      let best: number;
      if (chainLen > 1) {
        y = chain[chainLen - 2];
        best = x < y ? D[rowStart[x] + y] : D[rowStart[y] + x];
      } else {
        y = -1;
        best = Infinity;
      }
      const rx = rowStart[x];
      let p = 0;
      // Live clusters below x: D(i, x) at rowStart[i] + x.
      for (; p < activeLen; p++) {
        const i = active[p];
        if (i >= x) break;
        const d = D[rowStart[i] + x];
        if (d < best) {
          best = d;
          y = i;
        }
      }
      if (p < activeLen && active[p] === x) p++;
      // Live clusters above x: D(x, i) at rowStart[x] + i.
      for (; p < activeLen; p++) {
        const i = active[p];
        const d = D[rx + i];
        if (d < best) {
          best = d;
          y = i;
        }
      }
      dxy = best;
      if (chainLen > 1 && y === chain[chainLen - 2]) break;
      chain[chainLen++] = y;
    }
    chainLen -= 2;

    // Merge x and y; the union lives on in the larger slot, the smaller dies.
    if (x > y) {
      const t = x;
      x = y;
      y = t;
    }
    mergeA[k] = x;
    mergeB[k] = y;
    mergeH[k] = dxy;

    const nx = size[x];
    const ny = size[y];
    const nxy = nx + ny;
    const rx = rowStart[x];
    const ry = rowStart[y];
    // Lance–Williams average-linkage update of d(i, y) for every live i ≠ x, y,
    // walking the three index ranges i < x < y, x < i < y and x < y < i.
    let p = 0;
    for (; p < activeLen; p++) {
      const i = active[p];
      if (i >= x) break;
      const ri = rowStart[i];
      D[ri + y] = averageUpdate(D[ri + x], D[ri + y], nx, ny, nxy);
    }
    const xPos = p; // active[xPos] === x
    for (p = xPos + 1; p < activeLen; p++) {
      const i = active[p];
      if (i >= y) break;
      const idx = rowStart[i] + y;
      D[idx] = averageUpdate(D[rx + i], D[idx], nx, ny, nxy);
    }
    for (p++; p < activeLen; p++) {
      const i = active[p];
      D[ry + i] = averageUpdate(D[rx + i], D[ry + i], nx, ny, nxy);
    }
    size[x] = 0;
    size[y] = nxy;
    active.copyWithin(xPos, xPos + 1, activeLen);
    activeLen--;
  }

  // Stable sort by height (ties keep discovery order, in which a cluster's
  // own merge always precedes the merges that use it).
  const order = new Int32Array(m);
  for (let k = 0; k < m; k++) order[k] = k;
  order.sort((a, b) => mergeH[a] - mergeH[b] || a - b);

  // Relabel slot pairs into cluster ids, as scipy's `label` does.
  const uf = new UnionFind(n);
  const idOfRoot = new Int32Array(n);
  for (let i = 0; i < n; i++) idOfRoot[i] = i;
  const left = new Int32Array(m);
  const right = new Int32Array(m);
  const height = new Float64Array(m);
  const outSize = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    const s = order[k];
    const ra = uf.find(mergeA[s]);
    const rb = uf.find(mergeB[s]);
    const ia = idOfRoot[ra];
    const ib = idOfRoot[rb];
    const lo = ia < ib ? ia : ib;
    const hi = ia < ib ? ib : ia;
    left[k] = lo;
    right[k] = hi;
    height[k] = mergeH[s];
    outSize[k] = (lo < n ? 1 : outSize[lo - n]) + (hi < n ? 1 : outSize[hi - n]);
    uf.union(ra, rb);
    idOfRoot[uf.find(ra)] = n + k;
  }
  return { n, left, right, height, size: outSize };
}

/** Flat clusters: points joined by every merge with height <= threshold. Labels 0..k-1, numbered by each cluster's smallest point index (deterministic). */
export function cutTree(dendrogram: Dendrogram, threshold: number): Int32Array {
  if (typeof threshold !== 'number' || Number.isNaN(threshold)) {
    throw new StorylineError('INVALID_OPTION', `cutTree: threshold must be a number, got ${String(threshold)}`);
  }
  const { n, left, right, height } = dendrogram;
  const m = n > 0 ? n - 1 : 0;
  if (left.length !== m || right.length !== m || height.length !== m) {
    throw new StorylineError(
      'INVALID_OPTION',
      `cutTree: a dendrogram of n = ${n} points must have ${m} merges, got left/right/height of lengths ${left.length}/${right.length}/${height.length}`,
    );
  }
  // Any point of a cluster stands for it in the union-find over points.
  const rep = new Int32Array(n + m);
  for (let i = 0; i < n; i++) rep[i] = i;
  const uf = new UnionFind(n);
  for (let k = 0; k < m; k++) {
    const a = left[k];
    const b = right[k];
    if (!(a >= 0 && a < n + k && b >= 0 && b < n + k)) {
      throw new StorylineError(
        'INVALID_OPTION',
        `cutTree: merge ${k} joins cluster ids ${a} and ${b}, but only ids 0..${n + k - 1} exist at that point`,
      );
    }
    rep[n + k] = rep[a];
    if (height[k] <= threshold) uf.union(rep[a], rep[b]);
  }
  return uf.labels();
}
