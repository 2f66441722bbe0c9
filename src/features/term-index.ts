/**
 * An inverted index from a vector's heaviest terms to the items holding
 * them: the sparse candidate search that keeps event clustering and
 * cross-document segmentation from comparing every pair of the corpus.
 * Texts with a high cosine share heavy, rare terms; a term held by more
 * than `maxPosting` items is too common to say anything and proposes
 * nothing, which also bounds the pairs any one term can create.
 */
import type { SparseVector } from './tfidf.js';

/** Indices of the `count` heaviest entries of a vector (ties: smaller id). */
export function heaviest(v: SparseVector, count: number): number[] {
  return [...v.ids.keys()].sort((x, y) => v.weights[y] - v.weights[x] || v.ids[x] - v.ids[y]).slice(0, count);
}

export class TermIndex {
  private readonly postings = new Map<number, number[]>();

  constructor(
    vectors: readonly SparseVector[],
    private readonly termsPerItem: number,
    private readonly maxPosting: number,
  ) {
    vectors.forEach((v, item) => {
      for (const k of heaviest(v, termsPerItem)) {
        const list = this.postings.get(v.ids[k]);
        if (list) list.push(item);
        else this.postings.set(v.ids[k], [item]);
      }
    });
  }

  /** All pairs of items (i < j) that share an indexed term, as i * n + j. */
  pairs(n: number): Set<number> {
    const pairs = new Set<number>();
    for (const list of this.postings.values()) {
      if (list.length < 2 || list.length > this.maxPosting) continue;
      for (let x = 0; x < list.length; x++) for (let y = x + 1; y < list.length; y++) pairs.add(list[x] * n + list[y]);
    }
    return pairs;
  }

  /** Items sharing one of `v`'s heaviest terms, ascending. */
  query(v: SparseVector): number[] {
    const found = new Set<number>();
    for (const k of heaviest(v, this.termsPerItem)) {
      const list = this.postings.get(v.ids[k]);
      if (list === undefined || list.length > this.maxPosting) continue;
      for (const item of list) found.add(item);
    }
    return [...found].sort((a, b) => a - b);
  }
}
