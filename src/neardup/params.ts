/**
 * Choosing LSH bands × rows for a Jaccard threshold t.
 *
 * With b bands of r rows, two texts of Jaccard s share at least one band
 * with probability P(s) = 1 − (1 − s^r)^b, an S-curve whose steep part sits
 * near (1/b)^(1/r). We pick (b, r) with b·r ≤ k minimising
 *
 *   w_fp ∫_0^t P(s) ds + w_fn ∫_t^1 (1 − P(s)) ds,
 *
 * the weighted areas of false positives below t and false negatives above
 * it (the method of datasketch's `_optimal_param`). Candidates are verified
 * on the full signature afterwards, so a false positive costs one 128-value
 * comparison while a false negative is a lost duplicate: the default weights
 * favour recall.
 */
import { invalidOption } from '../errors.js';
import { DEFAULT_MINHASH } from '../features/minhash.js';

export interface LshParams {
  bands: number;
  rows: number;
}

export function candidateProbability(s: number, { bands, rows }: LshParams): number {
  return 1 - Math.pow(1 - Math.pow(s, rows), bands);
}

function integrate(f: (x: number) => number, a: number, b: number, steps = 200): number {
  if (b <= a) return 0;
  const h = (b - a) / steps;
  let sum = 0.5 * (f(a) + f(b));
  for (let i = 1; i < steps; i++) sum += f(a + i * h);
  return sum * h;
}

/**
 * @param threshold the Jaccard similarity to separate, in (0, 1]
 * @param numPerm signature length k. @defaultValue 128, as `minhash()` signs
 * @param fpWeight weight of the false-positive area. @defaultValue 0.3
 * @param fnWeight weight of the false-negative area. @defaultValue 0.7
 * @throws StorylineError `INVALID_OPTION` for an argument out of range
 */
export function optimalLshParams(threshold: number, numPerm: number = DEFAULT_MINHASH.numPerm, fpWeight = 0.3, fnWeight = 0.7): LshParams {
  if (typeof threshold !== 'number' || !(threshold > 0 && threshold <= 1)) throw invalidOption('threshold', 'a number above 0 and at most 1', threshold);
  if (!Number.isInteger(numPerm) || numPerm < 1 || numPerm > 4096) throw invalidOption('numPerm', 'an integer from 1 to 4096', numPerm);
  for (const [name, w] of [['fpWeight', fpWeight], ['fnWeight', fnWeight]] as const) {
    if (typeof w !== 'number' || !(w >= 0 && w < Infinity)) throw invalidOption(name, 'a finite number of at least 0', w);
  }
  let best: LshParams = { bands: numPerm, rows: 1 };
  let bestError = Infinity;
  for (let bands = 1; bands <= numPerm; bands++) {
    const maxRows = Math.floor(numPerm / bands);
    for (let rows = 1; rows <= maxRows; rows++) {
      const p = { bands, rows };
      const fp = integrate((s) => candidateProbability(s, p), 0, threshold);
      const fn = integrate((s) => 1 - candidateProbability(s, p), threshold, 1);
      const error = fpWeight * fp + fnWeight * fn;
      if (error < bestError - 1e-12) {
        bestError = error;
        best = p;
      }
    }
  }
  return best;
}
