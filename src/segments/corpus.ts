/**
 * Segments for every document of the corpus: document frequencies over
 * near-duplicate representatives (so fifty wire copies do not make their
 * own words look common), then each document's blocks resolved into
 * segments (segments/resolve.ts), then split where other documents show
 * that two parts of one segment are different stories (segments/crossdoc.ts).
 * Last, each story segment gets the vector events are clustered on.
 */
import { BLOCK_BOILERPLATE, type FeatureBatch } from '../features/batch.js';
import { BlockVectors } from '../features/block-vectors.js';
import { DocumentFrequencies, VectorArena, copyVector, type PerKind, type TermWeights } from '../features/tfidf.js';
import { CorpusEvidence, type CrossDocOptions } from './crossdoc.js';
import { resolveSegments, type ResolvedSegment, type SegmentationOptions } from './resolve.js';

export interface CorpusSegments {
  df: DocumentFrequencies;
  /** Per document, its segments in text order. */
  segments: ResolvedSegment[][];
  /** Segments split on cross-document evidence. */
  crossDocSplits: number;
}

export function segmentCorpus(
  features: FeatureBatch,
  representative: Int32Array,
  weights: TermWeights,
  maxTerms: number,
  eventTerms: PerKind,
  options: SegmentationOptions & { crossDoc?: CrossDocOptions },
): CorpusSegments {
  const df = DocumentFrequencies.ofDocuments(
    features,
    (d) => representative[d] === d,
    (b) => (features.blockKind[b] & BLOCK_BOILERPLATE) === 0,
  );
  const segments: ResolvedSegment[][] = [];
  const blockVectors = new BlockVectors(features, df, weights, maxTerms);
  for (let d = 0; d < features.count; d++) segments.push(resolveSegments(features, d, df, weights, maxTerms, options, blockVectors));
  const crossDocSplits = splitOnEvidence(new CorpusEvidence(features, segments, representative, blockVectors, options.crossDoc), segments);
  // Boundaries are drawn on vectors capped at `maxTerms` in all (more terms
  // add shared small weights that blur a boundary between two stories);
  // events are told apart by names and numbers that such a cap drops, so
  // the final vectors are capped kind by kind. They are made in a pass of
  // their own, after the evidence (which holds every boundary vector) is
  // dropped: made during the splits, both sets of vectors would be in
  // memory at once.
  const scratch = new VectorArena(1 << 16);
  segments.forEach((segs, d) => {
    blockVectors.load(d);
    scratch.reset();
    for (const seg of segs) if (!seg.boilerplate) seg.vector = copyVector(blockVectors.vector(seg.blocks, scratch, eventTerms));
  });
  return { df, segments, crossDocSplits };
}

/** Splits every document's segments on the corpus evidence; returns the number of splits. (A function of its own, so the evidence is garbage once it returns.) */
function splitOnEvidence(evidence: CorpusEvidence, segments: ResolvedSegment[][]): number {
  let splits = 0;
  segments.forEach((segs, d) => (splits += evidence.split(d, segs)));
  return splits;
}
