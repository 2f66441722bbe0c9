/**
 * TF-IDF vectors of groups of one document's blocks, for the many trial
 * groups segmentation weighs (every merge of neighbouring parts, every
 * split point of a segment, each a vector of its own).
 *
 * The document's terms are numbered once, in ascending id, with their idf
 * and kind weight looked up once; a group's vector is then counts summed
 * into an array by number, with no hashing and no merge of id lists per
 * trial. The blocks' term lists are by ascending id; a vector's terms come
 * out in that order too, weighed by `tfidf`, selected and normalised by
 * `topNormalised`.
 */
import type { SegmentFeatures } from './batch.js';
import { kindWeight, tfidf, topNormalised, type DocumentFrequencies, type PerKind, type SparseVector, type TermWeights, type VectorArena } from './tfidf.js';

export class BlockVectors {
  private doc = -1;
  /** Index in features.termId of the document's first block term. */
  private firstTerm = 0;
  /** Per block term of the document (from firstTerm), its number among the document's distinct terms. */
  private local = new Uint32Array(1024);
  /** The document's distinct term ids, ascending, with their idf and kind weight. */
  private ids = new Uint32Array(1024);
  /** Where the next merge of ids with a block's terms is written. */
  private merged = new Uint32Array(1024);
  private idf = new Float64Array(1024);
  private kind = new Float64Array(1024);
  private distinct = 0;
  /** Summed counts by term number (zero between calls). */
  private counts = new Float64Array(1024);
  /** The vector's terms and weights before selection. */
  private outIds = new Uint32Array(1024);
  private outWeights = new Float64Array(1024);

  constructor(
    private readonly features: SegmentFeatures,
    private readonly df: DocumentFrequencies,
    private readonly weights: TermWeights,
    private readonly maxTerms: number,
  ) {}

  /** Numbers document `doc`'s terms (once per document: later calls for it do nothing). */
  load(doc: number): void {
    if (doc === this.doc) return;
    const f = this.features;
    this.doc = doc;
    const from = f.termStart[f.blockStart[doc]];
    const to = f.termStart[f.blockStart[doc + 1]];
    const n = to - from;
    this.firstTerm = from;
    if (this.local.length < n) {
      const size = Math.max(n, this.local.length * 2);
      this.local = new Uint32Array(size);
      this.ids = new Uint32Array(size);
      this.merged = new Uint32Array(size);
      this.idf = new Float64Array(size);
      this.kind = new Float64Array(size);
      this.counts = new Float64Array(size);
      this.outIds = new Uint32Array(size);
      this.outWeights = new Float64Array(size);
    }
    // Each block's terms are by ascending id, so the document's distinct ids
    // are a merge of sorted runs and each block term's number is found by
    // walking its block beside them: linear, where a sort and a binary
    // search per term took a third of the segments stage.
    const firstBlock = f.blockStart[doc];
    const lastBlock = f.blockStart[doc + 1];
    let distinct = 0;
    for (let b = firstBlock; b < lastBlock; b++) {
      distinct = mergeDistinct(this.ids, distinct, f.termId, f.termStart[b], f.termStart[b + 1], this.merged);
      [this.ids, this.merged] = [this.merged, this.ids];
    }
    this.distinct = distinct;
    for (let l = 0; l < distinct; l++) {
      this.idf[l] = this.df.idf(this.ids[l]);
      this.kind[l] = kindWeight(this.ids[l], this.weights);
    }
    for (let b = firstBlock; b < lastBlock; b++) {
      let l = 0;
      for (let t = f.termStart[b]; t < f.termStart[b + 1]; t++) {
        const id = f.termId[t];
        while (this.ids[l] < id) l++;
        this.local[t - from] = l;
      }
    }
  }

  /** The vector of these blocks of the loaded document (summed counts), top `maxTerms` kept (in all, or of each kind), L2-normalised. */
  vector(blocks: readonly number[], arena: VectorArena, maxTerms: number | PerKind = this.maxTerms): SparseVector {
    const f = this.features;
    const { counts, local, firstTerm } = this;
    for (const b of blocks) {
      for (let t = f.termStart[b]; t < f.termStart[b + 1]; t++) counts[local[t - firstTerm]] += f.termCount[t];
    }
    // Term numbers follow ids: the vector comes out by ascending id.
    let n = 0;
    for (let l = 0; l < this.distinct; l++) {
      const count = counts[l];
      if (count === 0) continue;
      counts[l] = 0;
      this.outIds[n] = this.ids[l];
      this.outWeights[n++] = tfidf(count, this.idf[l], this.kind[l]);
    }
    return topNormalised(this.outIds, this.outWeights, n, maxTerms, arena);
  }
}

/**
 * Merges the ascending distinct ids a[0..n) with the ascending ids
 * b[from..to) into out, without repeats; returns out's length.
 */
function mergeDistinct(a: Uint32Array, n: number, b: Uint32Array, from: number, to: number, out: Uint32Array): number {
  let i = 0;
  let j = from;
  let m = 0;
  while (i < n && j < to) {
    const x = a[i];
    const y = b[j];
    if (x < y) {
      out[m++] = x;
      i++;
    } else {
      out[m++] = y;
      j++;
      if (x === y) i++;
    }
  }
  while (i < n) out[m++] = a[i++];
  while (j < to) out[m++] = b[j++];
  return m;
}
