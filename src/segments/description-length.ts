/**
 * Topic boundaries by minimum description length (Utiyama & Isahara, "A
 * statistical model for domain-independent text segmentation", ACL 2001):
 * the segmentation that makes the words cheapest to encode, each segment
 * with its own smoothed word distribution, plus log(n) per segment.
 *
 *   cost(segment) = Σ_w f(w) · ln((m + k) / (f(w) + 1))
 *
 * for a segment of m term occurrences, f(w) occurrences of term w, and k
 * distinct terms in the text. More segments fit the words better but each
 * one costs ln(n) (n: the text's term occurrences), so the number of
 * segments is chosen by the text, not given. On Choi's benchmark it is the
 * best known method that does not need the number of boundaries.
 *
 * Dynamic programming over unit boundaries. A segment spans at most
 * `maxUnits` units, which bounds the work at O(terms · maxUnits) for a text
 * of any length.
 */

export interface DescriptionLengthOptions {
  /** Longest segment considered, in units. */
  maxUnits: number;
  /** Fewest terms a segment may hold (unless the whole region is smaller). */
  minTerms: number;
  /** Multiplies the per-segment cost ln(n): above 1, fewer segments. */
  penaltyScale: number;
}

/**
 * Cut positions (units that start a new segment) inside [from, to).
 * `termStart[u]..termStart[u+1]` indexes unit u's terms in `terms`;
 * `allowed(u)` says whether a segment may start at unit u.
 */
export function descriptionLengthCuts(
  termStart: Int32Array,
  terms: ArrayLike<number>,
  from: number,
  to: number,
  allowed: (unit: number) => boolean,
  o: DescriptionLengthOptions,
): number[] {
  const units = to - from;
  const total = termStart[to] - termStart[from];
  if (units < 2 || total < 2 * o.minTerms) return [];

  // Terms renumbered 0..k-1 so counts live in one typed array.
  const local = new Map<number, number>();
  const ids = new Int32Array(total);
  for (let t = 0; t < total; t++) {
    const id = terms[termStart[from] + t];
    let x = local.get(id);
    if (x === undefined) local.set(id, (x = local.size));
    ids[t] = x;
  }
  const k = local.size;
  const penalty = o.penaltyScale * Math.log(total);
  const counts = new Int32Array(k);

  // best[u]: cheapest encoding of units [from, from + u); back[u]: where its last segment starts.
  const best = new Float64Array(units + 1).fill(Infinity);
  const back = new Int32Array(units + 1).fill(-1);
  best[0] = 0;
  for (let i = 0; i < units; i++) {
    if (!Number.isFinite(best[i]) || (i > 0 && !allowed(from + i))) continue;
    // Σ f·ln(f + 1), updated as the segment grows one term at a time.
    let fitted = 0;
    let m = 0;
    const firstTerm = termStart[from + i] - termStart[from];
    let endTerm = firstTerm;
    for (let j = i + 1; j <= units && j - i <= o.maxUnits; j++) {
      const u = from + j - 1;
      endTerm = termStart[u + 1] - termStart[from];
      for (let t = termStart[u] - termStart[from]; t < endTerm; t++) {
        const f = counts[ids[t]]++;
        fitted += (f + 1) * Math.log(f + 2) - f * Math.log(f + 1);
        m++;
      }
      const endsText = j === units;
      if (!endsText && (m < o.minTerms || !allowed(from + j))) continue;
      if (m < o.minTerms && i > 0) continue;
      const cost = best[i] + m * Math.log(m + k) - fitted + penalty;
      if (cost < best[j]) {
        best[j] = cost;
        back[j] = i;
      }
    }
    // Zero only the counts this start touched: clearing all k of them per start was O(units · k).
    for (let t = firstTerm; t < endTerm; t++) counts[ids[t]] = 0;
  }
  if (!Number.isFinite(best[units])) return [];
  const cuts: number[] = [];
  for (let j = units; back[j] > 0; j = back[j]) cuts.push(from + back[j]);
  return cuts.reverse();
}
