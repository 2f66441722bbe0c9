/**
 * Dot products of one item against many, for a scaled store whose term ids
 * are dense (`denseScaledCopy`): the item's weights are spread over an
 * array indexed by term, and each other vector sums its weights against it.
 * Faster than HashedDot while that array fits in the cache (a small
 * corpus); past that, each term is a cache miss (see events/hashed-dot.ts).
 *
 * The sums are exactly `cosine`'s: the same products in the same
 * order (terms the spread item lacks add zero), capped as `wordCapped`
 * says under a word cap (`maxWordShare` < 1). Callers ask pairs grouped
 * by their first item (sorted pair keys, or a block row by row): each item
 * is spread once per group.
 */
import type { VectorStore } from '../features/vector-store.js';
import type { DotProducts } from './hashed-dot.js';
import { wordCapped } from '../features/tfidf.js';
import { NAME, WORD } from '../features/terms.js';

export class SpreadDot implements DotProducts {
  /** Weights of the spread item by term (float32 holds them exactly), zero elsewhere. */
  private readonly spread: Float32Array;
  private current = -1;
  /** Does the spread item hold names (a name of weight other than 0)? */
  private currentNamed = false;

  constructor(
    private readonly vectors: VectorStore,
    distinctTerms: number,
    /** The kind of each dense term id (`termKind` of the id it stands for). */
    private readonly kind: Uint8Array,
    private readonly maxWordShare = 1,
  ) {
    this.spread = new Float32Array(distinctTerms);
  }

  dot(i: number, j: number): number {
    const { ids, weights, start, end } = this.vectors;
    const spread = this.spread;
    if (i !== this.current) {
      if (this.current >= 0) for (let t = start[this.current]; t < end[this.current]; t++) spread[ids[t]] = 0;
      for (let t = start[i]; t < end[i]; t++) spread[ids[t]] = weights[t];
      this.current = i;
      this.currentNamed = this.named(i);
    }
    let dot = 0;
    let words = 0;
    const kind = this.kind;
    for (let t = start[j]; t < end[j]; t++) {
      const product = spread[ids[t]] * weights[t];
      dot += product;
      if (kind[ids[t]] === WORD) words += product;
    }
    if (this.maxWordShare >= 1 || !this.currentNamed) return dot;
    // Whether j holds names is asked only of the pairs the cap would lower (a scan of j's terms).
    const capped = wordCapped(dot, words, this.maxWordShare, true);
    return capped < dot && this.named(j) ? capped : dot;
  }

  private named(i: number): boolean {
    const { ids, weights, start, end } = this.vectors;
    for (let t = start[i]; t < end[i]; t++) if (this.kind[ids[t]] === NAME && weights[t] !== 0) return true;
    return false;
  }
}
