/**
 * optimalLshParams' search (the band and row layout for a threshold), moved out of
 * lsh.test.ts: these three cost ~0.6 s a run (searches at k = 128) and check only
 * src/neardup/params.ts, so they stay in neardup's mutation tests but not in
 * features' (lsh.test.ts runs for both folders).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';

import { candidateProbability, optimalLshParams, type LshParams } from '../src/neardup/params.js';

const K = 128;

/** optimalLshParams is a brute-force search (~20 ms): compute each threshold once. */
const paramsCache = new Map<number, LshParams>();
function paramsFor(t: number): LshParams {
  let p = paramsCache.get(t);
  if (p === undefined) paramsCache.set(t, (p = optimalLshParams(t, K)));
  return p;
}

test('optimalLshParams: b·r ≤ k and the S-curve midpoint (1/b)^(1/r) is within 0.15 of t', () => {
  for (const t of [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]) {
    const p = paramsFor(t);
    assert.ok(p.bands >= 1 && p.rows >= 1 && p.bands * p.rows <= K, `t=${t}: ${JSON.stringify(p)}`);
    const midpoint = Math.pow(1 / p.bands, 1 / p.rows);
    assert.ok(Math.abs(midpoint - t) <= 0.15, `t=${t}: midpoint ${midpoint.toFixed(3)} of ${JSON.stringify(p)}`);
    // recall-weighted: pairs well above the threshold are nearly always candidates
    assert.ok(candidateProbability(Math.min(1, t + 0.15), p) > 0.9, `t=${t}: P(t + 0.15)`);
  }
  // a higher threshold never gives a lower midpoint
  const mids = [0.3, 0.5, 0.7, 0.9].map((t) => {
    const p = paramsFor(t);
    return Math.pow(1 / p.bands, 1 / p.rows);
  });
  for (let i = 1; i < mids.length; i++) assert.ok(mids[i] > mids[i - 1], `midpoints ${mids}`);
});

test('optimalLshParams minimises the weighted error (checked with an independent Simpson integration)', () => {
  const t = 0.5;
  const simpson = (f: (x: number) => number, a: number, b: number, n = 400) => {
    const h = (b - a) / n;
    let s = f(a) + f(b);
    for (let i = 1; i < n; i++) s += f(a + i * h) * (i % 2 === 1 ? 4 : 2);
    return (s * h) / 3;
  };
  const err = (p: LshParams) =>
    0.3 * simpson((s) => candidateProbability(s, p), 0, t) + 0.7 * simpson((s) => 1 - candidateProbability(s, p), t, 1);
  let best = Infinity;
  for (let b = 1; b <= K; b++) for (let r = 1; b * r <= K; r++) best = Math.min(best, err({ bands: b, rows: r }));
  const chosen = err(paramsFor(t));
  // the trapezoid rule (200 steps) may pick a neighbour of the true optimum, never a poor choice
  assert.ok(chosen <= best * 1.01, `chosen ${chosen} vs best ${best}`);
});

test('optimalLshParams: the layout a search written here picks, by trapezoids of 200 steps summed one by one', () => {
  // The documented method exactly (areas by the trapezoid rule, 200 steps; the first layout
  // in (bands, rows) order wins unless another is lower by over 1e-12), written independently.
  const area = (f: (s: number) => number, a: number, b: number) => {
    let sum = 0;
    for (let i = 0; i < 200; i++) {
      const x0 = a + ((b - a) * i) / 200;
      const x1 = a + ((b - a) * (i + 1)) / 200;
      sum += ((x1 - x0) * (f(x0) + f(x1))) / 2;
    }
    return sum;
  };
  const reference = (t: number, k: number, wFp: number, wFn: number): LshParams => {
    let best = { bands: 0, rows: 0 };
    let bestError = Infinity;
    for (let bands = 1; bands <= k; bands++) {
      for (let rows = 1; bands * rows <= k; rows++) {
        const p = { bands, rows };
        const error = wFp * area((s) => candidateProbability(s, p), 0, t) + wFn * area((s) => 1 - candidateProbability(s, p), t, 1);
        if (error < bestError - 1e-12) [best, bestError] = [p, error];
      }
    }
    return best;
  };
  const cases: Array<[number, number, number, number]> = [];
  for (const k of [4, 8, 16]) {
    for (let t = 0.1; t <= 1.0001; t += 0.1) {
      for (const [wFp, wFn] of [[0.3, 0.7], [1, 0], [0, 1], [0.5, 0.5]]) cases.push([Math.min(1, t), k, wFp, wFn]);
    }
  }
  // k = 128 costs ~70 ms a search: the candidate threshold neardup uses (0.3), and one high threshold
  for (const t of [0.3, 0.8]) cases.push([t, K, 0.3, 0.7]);
  cases.push([1, 16, 0.3, 0.7], [1, 16, 0, 1]); // the sum of steps above does not reach 1 exactly
  // where one more step of the sum (the end point counted twice) would choose 7×1 and 2×3
  cases.push([0.25, 8, 0.3, 0.7], [0.65, 8, 0.3, 0.7]);
  const chosen = new Set<string>();
  for (const [t, k, wFp, wFn] of cases) {
    const want = reference(t, k, wFp, wFn);
    assert.equal(optimalLshParams(t, k, wFp, wFn), want, `t=${t} k=${k} weights ${wFp}/${wFn}`);
    chosen.add(`${want.bands}x${want.rows}`);
  }
  // the grid reaches the corners: all bands of one row, one band of all rows
  for (const corner of ['16x1', '1x16', '4x1', '1x4']) assert.ok(chosen.has(corner), `${corner} among ${[...chosen]}`);
});

test.run();
