/**
 * Segments for every document of the corpus: document frequencies over
 * near-duplicate representatives (so fifty wire copies do not make their
 * own words look common), then each document's blocks resolved into
 * segments (segments/resolve.ts), then split where other documents show
 * that two parts of one segment are different stories (segments/crossdoc.ts).
 */
import { BLOCK_BOILERPLATE, type FeatureBatch } from '../features/batch.js';
import { BlockVectors } from '../features/block-vectors.js';
import { DocumentFrequencies, type TermWeights } from '../features/tfidf.js';
import { splitByCorpusEvidence, type CrossDocOptions } from './crossdoc.js';
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
  options: SegmentationOptions & { crossDoc?: CrossDocOptions },
): CorpusSegments {
  const df = new DocumentFrequencies(
    features,
    (d) => representative[d] === d,
    (b) => (features.blockKind[b] & BLOCK_BOILERPLATE) === 0,
  );
  const segments: ResolvedSegment[][] = [];
  const blockVectors = new BlockVectors(features, df, weights, maxTerms);
  for (let d = 0; d < features.count; d++) segments.push(resolveSegments(features, d, df, weights, maxTerms, options, blockVectors));
  const crossDocSplits = splitByCorpusEvidence(features, segments, representative, blockVectors, options.crossDoc);
  return { df, segments, crossDocSplits };
}
