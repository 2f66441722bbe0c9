/**
 * The per-document work of segmentation, as tasks over a run of documents
 * that a worker thread (or the main thread) runs alike: every input is
 * either shared memory (the features, the idf table, the evidence index) or
 * small flat arrays, and every output is flat (segments/flat.ts). A
 * document's result depends on nothing but the document and the corpus
 * statistics, so the output is the same whatever thread runs which run.
 *
 * 1. `resolveRun`: each document's blocks into segments (segments/resolve.ts),
 *    with the vectors boundaries are drawn on.
 * 2. `splitRun`: segments split where the corpus says two parts are
 *    different stories (segments/crossdoc.ts).
 * 3. `vectorRun`: each story segment's event vector.
 */
import type { SegmentFeatures } from '../features/batch.js';
import { BlockVectors } from '../features/block-vectors.js';
import { DocumentFrequencies, VectorArena, type PerKind, type SharedFrequencies, type TermWeights } from '../features/tfidf.js';
import { CorpusEvidence, type CrossDocOptions, type SharedEvidence } from './crossdoc.js';
import { flatten, unflatten, type FlatSegments, type VectorOutput } from './flat.js';
import { resolveSegments, type ResolvedSegment, type SegmentationOptions } from './resolve.js';

/** What every task shares: the corpus and how vectors are weighed. */
export interface SegmentCorpusState {
  features: SegmentFeatures;
  df: SharedFrequencies;
  weights: TermWeights;
  /** Terms kept in the vectors boundaries are drawn on. */
  maxTerms: number;
}

export interface ResolveTask {
  state: SegmentCorpusState;
  options: SegmentationOptions;
  /** Documents [from, to). */
  from: number;
  to: number;
}

export interface SplitTask {
  state: SegmentCorpusState;
  crossDoc: CrossDocOptions | undefined;
  evidence: SharedEvidence;
  /** Near-duplicate representative of each document (shared). */
  representative: Int32Array;
  /** The run's segments as resolved (no vectors). */
  segments: FlatSegments;
}

export interface SplitRun {
  /** The run's segments, split (no vectors). */
  segments: FlatSegments;
  /** Segments split on corpus evidence. */
  splits: number;
}

export function resolveRun(task: ResolveTask): FlatSegments {
  const { features, weights, maxTerms } = task.state;
  const df = DocumentFrequencies.fromShared(task.state.df);
  const blockVectors = new BlockVectors(features, df, weights, maxTerms);
  const segments = [];
  for (let d = task.from; d < task.to; d++) segments.push(resolveSegments(features, d, df, weights, maxTerms, task.options, blockVectors));
  // The vectors in shared memory: the cross-document index reads them where they are.
  return flatten(segments, task.from, { shared: true });
}

export function splitRun(task: SplitTask): SplitRun {
  const { features, weights, maxTerms } = task.state;
  const blockVectors = new BlockVectors(features, DocumentFrequencies.fromShared(task.state.df), weights, maxTerms);
  const evidence = CorpusEvidence.fromShared(features, task.evidence, task.representative, blockVectors, task.crossDoc);
  const segments = unflatten(features, task.segments);
  const first = task.segments.firstDoc;
  let splits = 0;
  segments.forEach((segs, k) => (splits += evidence.split(first + k, segs)));
  return { segments: flatten(segments, first), splits };
}

export interface VectorTask {
  state: SegmentCorpusState;
  /** Terms kept per kind (words, names, numbers) in an event vector. */
  eventTerms: PerKind;
  /** The run's segments as split (no vectors). */
  segments: FlatSegments;
  /** Where the vectors go: a region of the corpus's shared store (`eventVectors`), or new arrays. */
  into: VectorOutput;
}

/**
 * The run's segments with the event vector of each story segment.
 * Boundaries are drawn on vectors capped at `maxTerms` in all (more terms
 * add shared small weights that blur a boundary between two stories);
 * events are told apart by names and numbers that such a cap drops, so
 * these are capped kind by kind.
 */
export function vectorRun(task: VectorTask): FlatSegments {
  const { features, weights, maxTerms } = task.state;
  const blockVectors = new BlockVectors(features, DocumentFrequencies.fromShared(task.state.df), weights, maxTerms);
  const run = task.segments;
  const segments = unflatten(features, run);
  // Scratch: flatten copies the vectors out.
  const vectors = new VectorArena();
  segments.forEach((segs, k) => {
    blockVectors.load(run.firstDoc + k);
    for (const seg of segs) if (!seg.boilerplate) seg.vector = blockVectors.vector(seg.blocks, vectors, task.eventTerms);
  });
  return flatten(segments, run.firstDoc, task.into);
}
