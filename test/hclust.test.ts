import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { agnes, type Cluster } from 'ml-hclust';
import { agnesHeights, partitionOfLabels, partitionOfAgnes } from './fixtures/partitions.js';

import { averageLinkage, condensedIndex, cutTree, type Dendrogram } from '../src/events/hclust.js';
import { StorylineError } from '../src/errors.js';
import { mulberry32 } from './fixtures/random.js';

// ---------------------------------------------------------------- helpers

function randomPoints(seed: number, n: number, dim: number): number[][] {
  const rand = mulberry32(seed);
  const pts: number[][] = [];
  for (let i = 0; i < n; i++) {
    const p: number[] = [];
    for (let d = 0; d < dim; d++) p.push(rand() * 10);
    pts.push(p);
  }
  return pts;
}

/** Non-negative vectors with about 40% of 24 coordinates set, like tf-idf rows. */
function randomSparseVectors(seed: number, n: number): number[][] {
  const rand = mulberry32(seed);
  const dim = 24;
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    const v = new Array<number>(dim).fill(0);
    v[Math.floor(rand() * dim)] = 0.1 + rand(); // never all-zero
    for (let d = 0; d < dim; d++) if (rand() < 0.4) v[d] = rand();
    out.push(v);
  }
  return out;
}

function euclidean(a: number[], b: number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

function cosineDistance(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return Math.max(0, 1 - dot / Math.sqrt(na * nb));
}

function distances(pts: number[][], dist: (a: number[], b: number[]) => number): { full: number[][]; condensed: Float64Array } {
  const n = pts.length;
  const full = pts.map(() => new Array<number>(n).fill(0));
  const condensed = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++, k++) {
      const d = dist(pts[i], pts[j]);
      full[i][j] = d;
      full[j][i] = d;
      condensed[k] = d;
    }
  }
  return { full, condensed };
}

/** Structural checks every dendrogram must pass. */
function checkWellFormed(dg: Dendrogram, n: number): void {
  const m = Math.max(n - 1, 0);
  assert.is(dg.n, n);
  assert.is(dg.left.length, m);
  assert.is(dg.right.length, m);
  assert.is(dg.height.length, m);
  assert.is(dg.size.length, m);
  const used = new Uint8Array(n + m);
  for (let k = 0; k < m; k++) {
    const a = dg.left[k];
    const b = dg.right[k];
    assert.ok(a < b, `merge ${k}: left ${a} < right ${b}`);
    assert.ok(a >= 0 && b < n + k, `merge ${k}: ids exist`);
    assert.is(used[a], 0, `merge ${k}: cluster ${a} used once`);
    assert.is(used[b], 0, `merge ${k}: cluster ${b} used once`);
    used[a] = used[b] = 1;
    const sa = a < n ? 1 : dg.size[a - n];
    const sb = b < n ? 1 : dg.size[b - n];
    assert.is(dg.size[k], sa + sb, `merge ${k}: size`);
    if (k > 0) assert.ok(dg.height[k] >= dg.height[k - 1], `heights non-decreasing at ${k}`);
  }
  if (m > 0) assert.is(dg.size[m - 1], n);
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string): void {
  assert.is(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const ok = Math.abs(actual[i] - expected[i]) <= tol;
    assert.ok(ok, `${what}[${i}]: got ${actual[i]}, expected ${expected[i]}`);
  }
}

/** Thresholds below, between and above the merge heights (midpoints avoid rounding ties). */
function thresholdsFor(heights: number[]): number[] {
  const distinct = [...new Set(heights)].sort((a, b) => a - b);
  const out = [distinct[0] / 2, distinct[distinct.length - 1] + 1];
  const picks = Math.min(8, distinct.length - 1);
  for (let p = 1; p <= picks; p++) {
    const k = Math.floor((p * (distinct.length - 1)) / (picks + 1));
    out.push((distinct[k] + distinct[k + 1]) / 2);
  }
  return out;
}

// ---------------------------------------------------------------- condensedIndex

test('condensedIndex matches row-major upper-triangle order, in either argument order', () => {
  const n = 7;
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++, k++) {
      assert.is(condensedIndex(n, i, j), k);
      assert.is(condensedIndex(n, j, i), k);
    }
  }
  assert.is(k, 21);
});

// ---------------------------------------------------------------- against ml-hclust

const cases: Array<{ name: string; seed: number; n: number; metric: 'euclidean' | 'cosine' }> = [];
for (const [i, n] of [2, 3, 10, 50, 200].entries()) {
  cases.push({ name: `euclidean n=${n}`, seed: 1000 + i, n, metric: 'euclidean' });
  cases.push({ name: `cosine n=${n}`, seed: 2000 + i, n, metric: 'cosine' });
}
cases.push({ name: 'euclidean n=120 (1-d, many near-ties)', seed: 77, n: 120, metric: 'euclidean' });

for (const c of cases) {
  test(`matches agnes average linkage: ${c.name}`, () => {
    const pts =
      c.metric === 'euclidean'
        ? randomPoints(c.seed, c.n, c.name.includes('1-d') ? 1 : 3)
        : randomSparseVectors(c.seed, c.n);
    const { full, condensed } = distances(pts, c.metric === 'euclidean' ? euclidean : cosineDistance);
    const before = Float64Array.from(condensed);

    const dg = averageLinkage(c.n, condensed);
    assert.equal(condensed, before, 'input is not modified');
    checkWellFormed(dg, c.n);

    const root = agnes(full, { method: 'average', isDistanceMatrix: true });
    const expected = agnesHeights(root);
    assertClose(dg.height, expected, 1e-9, 'merge heights');

    for (const t of thresholdsFor(expected)) {
      assert.is(partitionOfLabels(cutTree(dg, t)), partitionOfAgnes(root, t), `partition at threshold ${t}`);
    }
  });
}

// ---------------------------------------------------------------- known answers

function condensedOf1d(xs: number[]): Float64Array {
  return distances(
    xs.map((x) => [x]),
    euclidean,
  ).condensed;
}

test('two well-separated groups split at the right threshold', () => {
  // Points 0-3 near 0, points 4-7 near 100, interleaved in index order.
  const xs = [0, 100, 1, 101, 2, 102, 0.5, 100.5];
  const dg = averageLinkage(xs.length, condensedOf1d(xs));
  checkWellFormed(dg, xs.length);
  const labels = cutTree(dg, 10);
  assert.equal(Array.from(labels), [0, 1, 0, 1, 0, 1, 0, 1]);
  // Last merge joins the two groups at their mean pairwise distance: 100.
  assert.ok(Math.abs(dg.height[6] - 100) < 1e-12, `top height ${dg.height[6]}`);
  assert.ok(dg.height[5] < 2, 'within-group merges are low');
  assert.equal(Array.from(cutTree(dg, 1000)), new Array(8).fill(0));
  assert.equal(Array.from(cutTree(dg, 0.1)), [0, 1, 2, 3, 4, 5, 6, 7]);
});

test('a chain with growing gaps gives the hand-computed tree', () => {
  // Points on a line at 0, 1, 3, 6, 10.
  const dg = averageLinkage(5, condensedOf1d([0, 1, 3, 6, 10]));
  checkWellFormed(dg, 5);
  // (0,1) at 1 -> id 5; (2, 5) at (3+2)/2 = 2.5 -> id 6; (3,4) at 4 -> id 7;
  // (6, 7) at (6+5+3+10+9+7)/6 = 20/3.
  assert.equal(Array.from(dg.left), [0, 2, 3, 6]);
  assert.equal(Array.from(dg.right), [1, 5, 4, 7]);
  assert.equal(Array.from(dg.size), [2, 3, 2, 5]);
  assertClose(dg.height, [1, 2.5, 4, 20 / 3], 1e-12, 'heights');
  assert.equal(Array.from(cutTree(dg, 3)), [0, 0, 0, 1, 2]);
  assert.equal(Array.from(cutTree(dg, 4)), [0, 0, 0, 1, 1]);
  // The threshold is inclusive.
  assert.equal(Array.from(cutTree(dg, 2.5)), [0, 0, 0, 1, 2]);
  assert.equal(Array.from(cutTree(dg, 2.4999)), [0, 0, 1, 2, 3]);
});

test('identical points merge at height 0', () => {
  const xs = [5, 5, 5, 9];
  const dg = averageLinkage(4, condensedOf1d(xs));
  checkWellFormed(dg, 4);
  assertClose(dg.height, [0, 0, 4], 0, 'heights');
  assert.equal(Array.from(cutTree(dg, 0)), [0, 0, 0, 1]);
  // Ties at 0 broken by smallest index: (0,1) first, then point 2 joins.
  assert.equal(Array.from(dg.left), [0, 2, 3]);
  assert.equal(Array.from(dg.right), [1, 4, 5]);
});

test('n = 0, 1 and 2', () => {
  for (const n of [0, 1]) {
    const dg = averageLinkage(n, new Float64Array(0));
    checkWellFormed(dg, n);
    assert.equal(Array.from(cutTree(dg, 1)), new Array(n).fill(0));
  }
  const dg = averageLinkage(2, new Float64Array([3.5]));
  checkWellFormed(dg, 2);
  assert.equal(Array.from(dg.left), [0]);
  assert.equal(Array.from(dg.right), [1]);
  assert.equal(Array.from(dg.height), [3.5]);
  assert.equal(Array.from(dg.size), [2]);
  assert.equal(Array.from(cutTree(dg, 3.4)), [0, 1]);
  assert.equal(Array.from(cutTree(dg, 3.5)), [0, 0]);
});

// ---------------------------------------------------------------- invalid input

function throwsInvalid(fn: () => unknown, pattern: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof StorylineError, `expected a StorylineError, got ${String(caught)}`);
  const err = caught as StorylineError;
  assert.is(err.code, 'INVALID_OPTION');
  assert.match(err.message, pattern);
}

test('invalid input throws INVALID_OPTION with a helpful message', () => {
  throwsInvalid(() => averageLinkage(4, new Float64Array(5)), /length 5.*n = 4.*6/);
  throwsInvalid(() => averageLinkage(1, new Float64Array(1)), /length 1.*n = 1.*0/);
  throwsInvalid(() => averageLinkage(3, new Float64Array([1, NaN, 2])), /points 0 and 2.*NaN.*finite and non-negative/);
  throwsInvalid(() => averageLinkage(3, new Float64Array([1, 2, -0.5])), /points 1 and 2.*-0\.5/);
  throwsInvalid(() => averageLinkage(2, new Float64Array([Infinity])), /Infinity/);
  throwsInvalid(() => averageLinkage(-1, new Float64Array(0)), /non-negative integer/);
  throwsInvalid(() => averageLinkage(2.5, new Float64Array(0)), /non-negative integer/);
  const dg = averageLinkage(2, new Float64Array([1]));
  throwsInvalid(() => cutTree(dg, NaN), /threshold/);
});

// ---------------------------------------------------------------- determinism

test('same input twice gives identical arrays, including with ties', () => {
  const inputs: Array<[number, Float64Array]> = [];
  const { condensed } = distances(randomSparseVectors(9, 150), cosineDistance);
  inputs.push([150, condensed]);
  // Integer distances on a grid: lots of exact ties.
  const grid: number[][] = [];
  for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) grid.push([i, j]);
  inputs.push([36, distances(grid, (a, b) => Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1])).condensed]);
  for (const [n, d] of inputs) {
    const a = averageLinkage(n, d);
    const b = averageLinkage(n, Float64Array.from(d));
    checkWellFormed(a, n);
    assert.equal(a.left, b.left);
    assert.equal(a.right, b.right);
    assert.equal(a.height, b.height);
    assert.equal(a.size, b.size);
    for (const t of [0.5, 1, 1.5, 2, 3]) assert.equal(cutTree(a, t), cutTree(b, t));
  }
});

test('a point at the same distance c from every other point joins them last at exactly c (the mean of equal distances, whatever the rounding of the weighted updates)', () => {
  const random = mulberry32(41);
  let rounded = 0;
  for (let round = 0; round < 200; round++) {
    const n = 3 + (round % 5);
    const c = 0.05 + random() * 0.4;
    // Points 0 .. n - 2 close together (distinct small distances); point n - 1 at c from each.
    const condensed = new Float64Array((n * (n - 1)) / 2);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) condensed[condensedIndex(n, i, j)] = j === n - 1 ? c : 0.001 * (1 + i + 2 * j) + random() * 1e-4;
    const dg = averageLinkage(n, condensed);
    assert.is(dg.height[n - 2], c, `n ${n}, c ${c}`);
    // The plain weighted means would not always give c back.
    for (let size = 1; size < n - 1; size++) if ((size * c + c) / (size + 1) !== c) rounded++;
  }
  assert.ok(rounded > 20, `${rounded}`);
});

test.run();
