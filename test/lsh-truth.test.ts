/**
 * LSH candidates against a definition written here, not through the code's
 * own helpers: the pairs whose signatures hold the same values in every row
 * of at least one band (compared value by value, never through a band key).
 * The near-duplicate rule at the threshold: neardup-threshold.test.ts.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LshIndex, MinHashSignature } from '../src/index.js';
import { candidatePairs } from '../src/neardup/lsh.js';
import type { LshParams } from '../src/neardup/params.js';
import { mulberry32 } from './fixtures/random.js';

const K = 128;

/** Whether signatures a and b agree on every row of some band: the definition of an LSH candidate. */
function shareABand(a: Uint32Array, b: Uint32Array, { bands, rows }: LshParams): boolean {
  for (let band = 0; band < bands; band++) {
    let same = true;
    for (let r = band * rows; r < (band + 1) * rows && same; r++) same = a[r] === b[r];
    if (same) return true;
  }
  return false;
}

/**
 * Signatures built so that the truth is known: for each band, one pair
 * that agrees in that band only; for each band, one pair that agrees in
 * all rows of it but one (no candidate); pairs that agree nowhere; and a
 * few random close copies (most slots shared).
 */
function craftedSignatures(params: LshParams, seed: number): Uint32Array[] {
  const random = mulberry32(seed);
  const fresh = () => Uint32Array.from({ length: K }, () => Math.floor(random() * 2 ** 32));
  const out: Uint32Array[] = [];
  for (let band = 0; band < params.bands; band++) {
    const a = fresh();
    const b = fresh();
    b.set(a.subarray(band * params.rows, (band + 1) * params.rows), band * params.rows);
    out.push(a, b);
    const c = fresh();
    const d = fresh();
    const from = band * params.rows;
    d.set(c.subarray(from, from + params.rows), from);
    d[from + Math.floor(random() * params.rows)] ^= 1; // one row differs
    out.push(c, d);
  }
  for (let i = 0; i < 6; i++) {
    const a = fresh();
    const copy = a.map((v) => (random() < 0.3 ? Math.floor(random() * 2 ** 32) : v));
    out.push(a, copy, fresh());
  }
  return out;
}

const LAYOUTS: LshParams[] = [
  { bands: 32, rows: 4 },
  { bands: 25, rows: 5 },
  { bands: 42, rows: 3 },
  { bands: 8, rows: 16 },
  { bands: 128, rows: 1 },
];

test('LshIndex.query gives exactly the indexed keys that share a band with the query, for each band including the last', () => {
  for (const params of LAYOUTS) {
    const signatures = craftedSignatures(params, params.bands * 31 + params.rows);
    const index = new LshIndex(params);
    const keyOf = (i: number) => `k${String(i).padStart(4, '0')}`;
    signatures.forEach((values, i) => index.insert(keyOf(i), new MinHashSignature(values, 50, 3, 1)));
    let pairs = 0;
    for (let i = 0; i < signatures.length; i++) {
      const expected: string[] = [];
      for (let j = 0; j < signatures.length; j++) if (shareABand(signatures[i], signatures[j], params)) expected.push(keyOf(j));
      pairs += expected.length - 1;
      assert.equal(index.query(new MinHashSignature(signatures[i], 50, 3, 1)), expected, `${JSON.stringify(params)}, query ${i}`);
    }
    assert.ok(pairs >= 2 * params.bands, 'every band makes a pair');
  }
});

test('candidatePairs gives exactly the pairs that share a band, for each band including the last', () => {
  for (const params of LAYOUTS) {
    const signatures = craftedSignatures(params, params.bands * 17 + params.rows);
    const n = signatures.length;
    const packed = new Uint32Array(n * K);
    signatures.forEach((s, i) => packed.set(s, i * K));
    const expected: number[] = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (shareABand(signatures[i], signatures[j], params)) expected.push(i * n + j);
    assert.equal(Array.from(candidatePairs(packed, n, K, params)), expected, JSON.stringify(params));
  }
});

test.run();
