/**
 * Cross-document evidence for segment boundaries.
 *
 * Cohesion inside one text cannot tell a change of topic from a change of
 * angle: in seed 001 the Blinken message and the Iran talks (two topics)
 * share more words (cosine 0.23) than two paragraphs of seed 000's single
 * story (0.06). Other documents can: a news archive holds other reports of
 * most stories, and the two parts of a bundle are reported by different
 * documents. So a segment is split between blocks L | R when one side is
 * strongly supported by some other document's segment X (cos ≥
 * `supportSimilarity`) that the other side resembles at most half as much
 * (`otherSideRatio`; names shared by both parts, "Lavrov" and "Russia",
 * keep it above zero), both sides are long enough to be stories, and L and R
 * are not close to each other (cos < `maxSideSimilarity`).
 *
 * Copies of the same text (one near-duplicate group) are not evidence:
 * they repeat both parts.
 */
import { BLOCK_MAY_OPEN_STORY, type SegmentFeatures } from '../features/batch.js';
import { TermIndex, type SharedTermIndex, type VectorSource } from '../features/term-index.js';
import type { BlockVectors } from '../features/block-vectors.js';
import { VectorArena, copyVector, cosine, type SparseVector } from '../features/tfidf.js';
import type { FlatSegments } from './flat.js';
import { VectorStore, type SharedVectors } from '../features/vector-store.js';
import { segmentOf, type ResolvedSegment } from './resolve.js';
import { sharedArray } from '../util/typed-array.js';

export interface CrossDocOptions {
  /** How well one side must match another document's segment. @defaultValue 0.3 */
  supportSimilarity?: number;
  /** The other side may match that segment at most this share of the first side's similarity. @defaultValue 0.5 */
  otherSideRatio?: number;
  /** Sides at least this similar to each other are never split. @defaultValue 0.35 */
  maxSideSimilarity?: number;
  /**
   * Fewest tokens on each side of a split. ECB+ dev: 60 flagged 35 of 197
   * single articles as bundles, 150 flags 9, and no bundle is lost.
   * @defaultValue 150
   */
  minSideTokens?: number;
  /**
   * A short last part (a tail: fewer than minSideTokens tokens, at the end
   * of the document's story, from a paragraph's start that could open a
   * story: features/extract.ts `mayOpenStory`) is split off with
   * evidence of its own: the
   * tail, at least this many tokens, must be the side the corpus supports
   * (a teaser of a story other reports tell), the part before it at least
   * minTailHeadTokens, the tail's best outside match at least
   * tailSupportSimilarity (a short text matches a whole report less than a
   * whole text does), the part before it resembling that match at most
   * tailOtherSideRatio of it, and the two sides share next to nothing
   * (cosine below maxTailSideSimilarity: a story's own last paragraph repeats
   * its names). Chosen on ECB+ dev's short appended parts (docs/quality.md).
   * @defaultValue 8
   */
  minTailTokens?: number;
  /** See minTailTokens. @defaultValue 30 */
  minTailHeadTokens?: number;
  /** See minTailTokens. @defaultValue 0.15 */
  tailSupportSimilarity?: number;
  /** See minTailTokens. @defaultValue 0.1 */
  tailOtherSideRatio?: number;
  /** See minTailTokens. @defaultValue 0.05 */
  maxTailSideSimilarity?: number;
  /** Q's best outside match at least this similar can make Q background (see `support`). @defaultValue 0.2 */
  backgroundSimilarity?: number;
  /** ...when that match resembles P at least this much. @defaultValue 0.1 */
  backgroundOverlap?: number;
}

export const DEFAULT_CROSS_DOC: Required<CrossDocOptions> = {
  supportSimilarity: 0.3,
  otherSideRatio: 0.5,
  maxSideSimilarity: 0.35,
  minSideTokens: 150,
  minTailTokens: 8,
  minTailHeadTokens: 30,
  tailSupportSimilarity: 0.15,
  tailOtherSideRatio: 0.1,
  maxTailSideSimilarity: 0.05,
  backgroundSimilarity: 0.2,
  backgroundOverlap: 0.1,
};

/**
 * What a worker thread needs to ask the same evidence: the index, and the
 * runs' vectors it indexes, where they are (shared memory, not copied).
 */
export interface SharedEvidence {
  index: SharedTermIndex;
  runs: SharedVectors[];
}

/**
 * The corpus's evidence about segment boundaries: an index over every
 * document's story segments as resolved, built once (`index`, in shared
 * memory) and asked document by document in any thread (`fromShared`).
 */
export class CorpusEvidence {
  private readonly o: Required<CrossDocOptions>;
  /** Trial splits' vectors are scratch, reused segment after segment; a chosen split's are copied out. */
  private readonly trials = new VectorArena(1 << 16);

  /**
   * Indexes the story segments of `runs` (segments as resolved, with their
   * vectors, run after run in document order), in shared memory: what
   * `fromShared` needs in any thread.
   */
  static index(runs: readonly FlatSegments[], representative: Int32Array): SharedEvidence {
    // Items are all segments, run after run; boilerplate ones have no terms, so they are never proposed.
    const runVectors = runs.map(vectorsOf);
    const vectors = new RunVectors(runVectors);
    // Copies of a text (its near-duplicate group) are no evidence, so the index never proposes them.
    const groups = sharedArray(Int32Array, vectors.count);
    let item = 0;
    for (const run of runs) {
      for (let k = 0; k + 1 < run.segmentStart.length; k++) {
        for (let s = run.segmentStart[k]; s < run.segmentStart[k + 1]; s++) groups[item++] = representative[run.firstDoc + k];
      }
    }
    const index = new TermIndex(vectors, 16, 1000, { groups, candidates: 16, queriesOnly: true, shared: true });
    return { index: index.share(), runs: runVectors };
  }

  /** The evidence `CorpusEvidence.index` built, asked in this thread (any thread). */
  static fromShared(
    features: SegmentFeatures,
    shared: SharedEvidence,
    representative: Int32Array,
    blockVectors: BlockVectors,
    options: CrossDocOptions = {},
  ): CorpusEvidence {
    return new CorpusEvidence(features, TermIndex.fromShared(shared.index), new RunVectors(shared.runs), representative, blockVectors, options);
  }

  private constructor(
    private readonly features: SegmentFeatures,
    private readonly index: TermIndex,
    private readonly vectors: RunVectors,
    private readonly representative: Int32Array,
    private readonly blockVectors: BlockVectors,
    options: CrossDocOptions,
  ) {
    this.o = { ...DEFAULT_CROSS_DOC, ...options };
  }

  /** Splits `segs` (document `doc`'s segments) in place where the corpus says their sides are different stories; returns the number of splits. */
  split(doc: number, segs: ResolvedSegment[]): number {
    const { features, o, trials, blockVectors } = this;
    let splits = 0;
    let lastStory = segs.length - 1;
    while (lastStory >= 0 && segs[lastStory].boilerplate) lastStory--;
    for (let s = 0; s < segs.length; s++) {
      const seg = segs[s];
      if (seg.boilerplate || seg.blocks.length < 2) continue;
      const endsStory = s === lastStory;
      blockVectors.load(doc);
      trials.reset();
      let bestScore = 0;
      let bestAt = -1;
      let sides: [SparseVector, SparseVector] | undefined;
      for (let j = 1; j < seg.blocks.length; j++) {
        const left = seg.blocks.slice(0, j);
        const right = seg.blocks.slice(j);
        const rightTokens = tokensOf(features, right);
        // A short last part is a story of its own only when it is the side the corpus supports (see minTailTokens).
        const tail = rightTokens < o.minSideTokens;
        if (tail && (!endsStory || rightTokens < o.minTailTokens || (features.blockKind[right[0]] & BLOCK_MAY_OPEN_STORY) === 0)) continue;
        if (tokensOf(features, left) < (tail ? o.minTailHeadTokens : o.minSideTokens)) continue;
        const vl = blockVectors.vector(left, trials);
        const vr = blockVectors.vector(right, trials);
        if (cosine(vl, vr) >= (tail ? o.maxTailSideSimilarity : o.maxSideSimilarity)) continue;
        // Each side's best match serves both directions: one index search per side.
        const matchLeft = this.bestOutside(doc, vl);
        const matchRight = this.bestOutside(doc, vr);
        const score = tail
          ? this.support(vr, vl, matchRight, matchLeft, o.tailSupportSimilarity, o.tailOtherSideRatio)
          : Math.max(this.support(vl, vr, matchLeft, matchRight), this.support(vr, vl, matchRight, matchLeft));
        if (score > bestScore) {
          bestScore = score;
          bestAt = j;
          sides = [vl, vr];
        }
      }
      if (bestAt < 0 || sides === undefined) continue;
      segs.splice(
        s,
        1,
        segmentOf(features, seg.blocks.slice(0, bestAt), false, copyVector(sides[0]), seg.openedBy),
        segmentOf(features, seg.blocks.slice(bestAt), false, copyVector(sides[1]), 'corpus'),
      );
      splits++;
      // Every segment after s moved one on: the last story too (the right part, when s was the last story).
      lastStory++;
      s--; // look at the left part again: it may hold another boundary
    }
    return splits;
  }

  /** The outside segment most similar to v (not from this document or its copies: the index skips them). */
  private bestOutside(doc: number, v: SparseVector): Match {
    let similarity = -1;
    let ref: SparseVector | undefined;
    for (const i of this.index.query(v, this.representative[doc])) {
      const r = this.vectors.vector(i);
      const sim = cosine(v, r);
      if (sim > similarity) {
        similarity = sim;
        ref = r;
      }
    }
    return { similarity, ref };
  }

  /**
   * Support for side P against side Q, given each side's best outside match
   * (x for P, y for Q): how much better P matches X than Q does. None when
   * Y (at least `backgroundSimilarity`) also shares P's story (P·Y at least
   * `backgroundOverlap`): then Q is background of P's story (the fired
   * coach's career), which other reports of it tell too. A second story
   * matches reports of another event, which share nothing with P.
   */
  private support(p: SparseVector, q: SparseVector, x: Match, y: Match, least = this.o.supportSimilarity, ratio = this.o.otherSideRatio): number {
    const o = this.o;
    if (x.ref === undefined || x.similarity < least) return 0;
    const other = cosine(q, x.ref);
    if (other > ratio * x.similarity) return 0;
    if (y.ref !== undefined && y.similarity >= o.backgroundSimilarity && cosine(p, y.ref) >= o.backgroundOverlap) return 0;
    return x.similarity - other;
  }
}

interface Match {
  similarity: number;
  /** The best outside match's vector. */
  ref?: SparseVector;
}

function tokensOf(features: SegmentFeatures, blocks: number[]): number {
  let n = 0;
  for (const b of blocks) n += features.blockTokens[b];
  return n;
}

/** The vectors of runs of segments, numbered across the runs (segment s of run r is item runStart[r] + s). */
class RunVectors implements VectorSource {
  readonly count: number;
  private readonly stores: VectorStore[];
  private readonly runStart: Uint32Array;

  constructor(runs: readonly SharedVectors[]) {
    this.stores = runs.map((run) => VectorStore.over(run));
    this.runStart = new Uint32Array(runs.length + 1);
    runs.forEach((run, r) => (this.runStart[r + 1] = this.runStart[r] + run.count));
    this.count = this.runStart[runs.length];
  }

  vector(item: number): SparseVector {
    let lo = 0;
    let hi = this.stores.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.runStart[mid] <= item) lo = mid;
      else hi = mid - 1;
    }
    return this.stores[lo].vector(item - this.runStart[lo]);
  }
}

/** A run's vectors, as a store reads them (every segment, boilerplate ones empty). */
function vectorsOf(run: FlatSegments): SharedVectors {
  if (run.vectorStart === undefined || run.ids === undefined || run.weights === undefined) throw new Error('CorpusEvidence: runs come with their vectors');
  return { count: run.kind.length, start: run.vectorStart, ids: run.ids, weights: run.weights };
}
