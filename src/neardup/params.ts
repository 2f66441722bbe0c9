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

export function optimalLshParams(threshold: number, numPerm: number, fpWeight = 0.3, fnWeight = 0.7): LshParams {
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
