/**
 * Exact shingle-set Jaccard between texts, as a reference for labelling
 * (not MinHash: the thing MinHash estimates). Pairs are found through an
 * inverted index over shingles, so only pairs that share a shingle are
 * ever compared.
 */
import { combine } from '../features/hash.js';
import { createTokens, tokenize } from '../normalize/tokenize.js';

export function shingleSet(text: string, size = 5): Set<number> {
  const tokens = createTokens();
  tokenize(text, tokens);
  const out = new Set<number>();
  for (let i = 0; i + size <= tokens.count; i++) {
    let h = 0;
    for (let k = 0; k < size; k++) h = combine(h, tokens.hash[i + k]);
    out.add(h);
  }
  return out;
}

export interface SimilarTexts {
  a: number;
  b: number;
  jaccard: number;
}

/** Every pair of texts (indices a < b) with exact Jaccard ≥ minJaccard. */
export function similarTexts(texts: readonly string[], minJaccard: number, size = 5): SimilarTexts[] {
  const sets = texts.map((t) => shingleSet(t, size));
  const postings = new Map<number, number[]>();
  sets.forEach((set, d) => {
    for (const h of set) {
      const list = postings.get(h);
      if (list) list.push(d);
      else postings.set(h, [d]);
    }
  });
  const shared = new Map<number, number>();
  for (const list of postings.values()) {
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const key = list[x] * texts.length + list[y];
        shared.set(key, (shared.get(key) ?? 0) + 1);
      }
    }
  }
  const out: SimilarTexts[] = [];
  for (const [key, common] of shared) {
    const a = Math.floor(key / texts.length);
    const b = key % texts.length;
    const jaccard = common / (sets[a].size + sets[b].size - common);
    if (jaccard >= minJaccard) out.push({ a, b, jaccard });
  }
  return out.sort((p, q) => p.a - q.a || p.b - q.b);
}
