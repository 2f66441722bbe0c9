/**
 * Final segments of each document, decided with corpus statistics.
 *
 * The workers proposed blocks from cohesion alone (segments/tiling.ts).
 * Here neighbouring story blocks are merged back, most similar pair first
 * (agglomeration under a contiguity constraint), while their IDF-weighted
 * cosine is at least `mergeSimilarity`: names and words shared by every
 * report of a place ("Lavrov", "Syria", "said") weigh little, so only a
 * real change of topic keeps a boundary. A block opening with a headline
 * needs a higher similarity to be merged into the block before it. Story
 * parts too short to stand alone are merged into their more similar
 * neighbour. Boilerplate blocks become boilerplate segments.
 */
import { BLOCK_BOILERPLATE, BLOCK_HEADLINE, BLOCK_TAIL, type SegmentFeatures } from '../features/batch.js';
import { BlockVectors } from '../features/block-vectors.js';
import { EMPTY_VECTOR, VectorArena, copyVector, cosine, type DocumentFrequencies, type SparseVector, type TermWeights } from '../features/tfidf.js';

export interface SegmentationOptions {
  /**
   * Neighbouring blocks at least this similar (cosine of TF-IDF) are one
   * segment. 0.05, not 0.12: at 0.12, 57 of 197 single ECB+ dev articles
   * (one sentence per paragraph) were cut in two; at 0.05, 9 are, and
   * Choi's Pk stays the same (`npm run eval`). @defaultValue 0.05
   */
  mergeSimilarity?: number;
  /** The same, when the later block opens with a headline. @defaultValue 0.35 */
  headlineMergeSimilarity?: number;
  /** A story segment needs this many tokens to stand alone. @defaultValue 60 */
  minSegmentTokens?: number;
}

export const DEFAULT_SEGMENTATION: Required<SegmentationOptions> = {
  mergeSimilarity: 0.05,
  headlineMergeSimilarity: 0.35,
  minSegmentTokens: 60,
};

/**
 * Why a segment starts where it does: at the `edge` of the text or of a
 * boilerplate run, at a `headline`, where the previous part shares too few
 * words with it (`cohesion`), or where other documents tell the two parts
 * apart (`corpus`). Cohesion alone is the weakest evidence of a new story
 * (segments/consolidate.ts).
 */
export type SegmentOpening = 'edge' | 'headline' | 'cohesion' | 'corpus';

export interface ResolvedSegment {
  /** Global block indices, in text order. */
  blocks: number[];
  boilerplate: boolean;
  openedBy: SegmentOpening;
  start: number;
  end: number;
  tokens: number;
  /** TF-IDF vector (empty for boilerplate, and for every segment once events are assigned). */
  vector: SparseVector;
}

interface Part {
  blocks: number[];
  tokens: number;
  vector: SparseVector;
  headline: boolean;
}

const partVectors = new VectorArena(1 << 16);

export function resolveSegments(
  features: SegmentFeatures,
  doc: number,
  df: DocumentFrequencies,
  weights: TermWeights,
  maxTerms: number,
  options: SegmentationOptions = {},
  blockVectors = new BlockVectors(features, df, weights, maxTerms),
): ResolvedSegment[] {
  const o = { ...DEFAULT_SEGMENTATION, ...options };
  const from = features.blockStart[doc];
  const to = features.blockStart[doc + 1];
  const out: ResolvedSegment[] = [];
  // Parts' vectors are scratch (most parts are merged away); the final ones are copied out.
  partVectors.reset();
  blockVectors.load(doc);
  const vectorOf = (blocks: number[]) => blockVectors.vector(blocks, partVectors);

  let b = from;
  while (b < to) {
    const boilerplate = (features.blockKind[b] & BLOCK_BOILERPLATE) !== 0;
    let e = b + 1;
    while (e < to && ((features.blockKind[e] & BLOCK_BOILERPLATE) !== 0) === boilerplate) e++;
    if (boilerplate) {
      const blocks = range(b, e);
      out.push(segmentOf(features, blocks, true, EMPTY_VECTOR, 'edge'));
    } else {
      const parts: Part[] = [];
      for (let x = b; x < e; x++) {
        // A tail block is cut for the corpus to judge (segments/crossdoc.ts); cohesion sees it as before.
        if ((features.blockKind[x] & BLOCK_TAIL) !== 0 && parts.length > 0) {
          const last = parts[parts.length - 1];
          last.blocks.push(x);
          last.tokens += features.blockTokens[x];
          last.vector = vectorOf(last.blocks);
          continue;
        }
        parts.push({ blocks: [x], tokens: features.blockTokens[x], vector: vectorOf([x]), headline: (features.blockKind[x] & BLOCK_HEADLINE) !== 0 });
      }
      mergeSimilar(parts, o, vectorOf);
      mergeShort(parts, o, vectorOf);
      parts.forEach((p, i) => {
        const openedBy = i === 0 ? 'edge' : p.headline ? 'headline' : 'cohesion';
        out.push(segmentOf(features, p.blocks, false, copyVector(p.vector), openedBy));
      });
    }
    b = e;
  }
  return out;
}

function mergeSimilar(parts: Part[], o: Required<SegmentationOptions>, vectorOf: (blocks: number[]) => SparseVector): void {
  for (;;) {
    let best = -1;
    let bestMargin = 0;
    for (let i = 0; i + 1 < parts.length; i++) {
      const need = parts[i + 1].headline ? o.headlineMergeSimilarity : o.mergeSimilarity;
      const margin = cosine(parts[i].vector, parts[i + 1].vector) - need;
      if (margin >= 0 && (best < 0 || margin > bestMargin)) {
        best = i;
        bestMargin = margin;
      }
    }
    if (best < 0) return;
    join(parts, best, vectorOf);
  }
}

function mergeShort(parts: Part[], o: Required<SegmentationOptions>, vectorOf: (blocks: number[]) => SparseVector): void {
  for (;;) {
    if (parts.length < 2) return;
    let shortest = -1;
    for (let i = 0; i < parts.length; i++) {
      if (parts[i].tokens < o.minSegmentTokens && (shortest < 0 || parts[i].tokens < parts[shortest].tokens)) shortest = i;
    }
    if (shortest < 0) return;
    const left = shortest > 0 ? cosine(parts[shortest - 1].vector, parts[shortest].vector) : -1;
    const right = shortest + 1 < parts.length ? cosine(parts[shortest].vector, parts[shortest + 1].vector) : -1;
    join(parts, left >= right ? shortest - 1 : shortest, vectorOf);
  }
}

/** Joins parts[i] and parts[i + 1]. */
function join(parts: Part[], i: number, vectorOf: (blocks: number[]) => SparseVector): void {
  const blocks = [...parts[i].blocks, ...parts[i + 1].blocks];
  parts.splice(i, 2, { blocks, tokens: parts[i].tokens + parts[i + 1].tokens, vector: vectorOf(blocks), headline: parts[i].headline });
}

export function segmentOf(
  features: SegmentFeatures,
  blocks: number[],
  boilerplate: boolean,
  vector: SparseVector,
  openedBy: SegmentOpening,
): ResolvedSegment {
  return { blocks, boilerplate, openedBy, ...spanOf(features, blocks), vector };
}

/** Where a segment of these blocks starts and ends in the text, and its tokens. */
export function spanOf(features: SegmentFeatures, blocks: readonly number[]): { start: number; end: number; tokens: number } {
  let tokens = 0;
  for (const x of blocks) tokens += features.blockTokens[x];
  return { start: features.blockFrom[blocks[0]], end: features.blockTo[blocks[blocks.length - 1]], tokens };
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a }, (_, i) => a + i);
}
