/**
 * Names in texts written in capitals, told by the rest of the corpus.
 *
 * In capitals, case tells no name from another word, so every word of
 * such a text is read as a name too (features/terms.ts), and its names are
 * hundreds of words that share the names' weight with the few real ones.
 * A word that some text in mixed case writes as a name mid-sentence is a
 * name there; the others are not, and their name terms are dropped from
 * the blocks (their counts set to 0, which every vector skips). A corpus
 * of capitals only is left as it is: nothing in it tells names apart.
 */
import { DOC_CAPITALS, type FeatureBatch } from './batch.js';
import { NAME, termKind } from './terms.js';
import { U32Map } from '../util/u32-map.js';

export type CapitalNamesFeatures = Pick<FeatureBatch, 'count' | 'flags' | 'blockStart' | 'termStart' | 'termId' | 'termCount'>;

/** Drops the name terms of texts in capitals that no text in mixed case writes as a name; returns how many were dropped. */
export function keepCorpusNames(f: CapitalNamesFeatures): number {
  let capitals = 0;
  for (let d = 0; d < f.count; d++) if (f.flags[d] & DOC_CAPITALS) capitals++;
  if (capitals === 0 || capitals === f.count) return 0;
  const names = new U32Map(1024);
  for (let d = 0; d < f.count; d++) {
    if (f.flags[d] & DOC_CAPITALS) continue;
    for (let t = f.termStart[f.blockStart[d]]; t < f.termStart[f.blockStart[d + 1]]; t++) if (termKind(f.termId[t]) === NAME) names.set(f.termId[t], 1);
  }
  let dropped = 0;
  for (let d = 0; d < f.count; d++) {
    if ((f.flags[d] & DOC_CAPITALS) === 0) continue;
    for (let t = f.termStart[f.blockStart[d]]; t < f.termStart[f.blockStart[d + 1]]; t++) {
      if (termKind(f.termId[t]) !== NAME || names.has(f.termId[t]) || f.termCount[t] === 0) continue;
      f.termCount[t] = 0;
      dropped++;
    }
  }
  return dropped;
}
