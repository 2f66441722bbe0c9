/**
 * Segments for every document of the corpus: document frequencies over
 * near-duplicate representatives (so fifty wire copies do not make their
 * own words look common), then each document's blocks resolved into
 * segments (segments/resolve.ts), then split where other documents show
 * that two parts of one segment are different stories (segments/crossdoc.ts).
 * Last, each story segment gets the vector events are clustered on.
 *
 * The per-document work runs as tasks over runs of documents
 * (segments/tasks.ts), on the worker pool when there is one: the features
 * and the corpus statistics are in shared memory, so a task carries only a
 * range of documents and gives back flat segments. The document
 * frequencies and the cross-document index are built here, between the
 * passes.
 *
 * The event vectors are a pass of their own (`eventVectors`), which the
 * caller may run on other threads than the splits: a thread that searched
 * the cross-document index holds it until its heap is collected, which an
 * idle thread may never do, and the index is the size of the corpus's
 * boundary vectors.
 */
import { BLOCK_BOILERPLATE, segmentFeatures, type FeatureBatch, type SegmentFeatures } from '../features/batch.js';
import { DocumentFrequencies, type PerKind, type TermWeights } from '../features/tfidf.js';
import type { VectorArrays } from '../features/vector-store.js';
import { CorpusEvidence, type CrossDocOptions } from './crossdoc.js';
import { isBoilerplate, withoutVectors, type FlatSegments } from './flat.js';
import type { ResolvedSegment, SegmentationOptions } from './resolve.js';
import { unflatten } from './flat.js';
import { resolveRun, splitRun, vectorRun, type ResolveTask, type SegmentCorpusState, type SplitRun, type SplitTask, type VectorTask } from './tasks.js';
import { sharedArray } from '../util/typed-array.js';

/** The corpus segmented, before event vectors: runs of documents' flat segments. */
export interface SplitCorpus {
  df: DocumentFrequencies;
  state: SegmentCorpusState;
  runs: SplitRun[];
  /** Segments split on cross-document evidence. */
  crossDocSplits: number;
}

/** Where segmentation tasks run: the worker pool's threads, or this one (`IN_THIS_THREAD`). */
export interface SegmentRunner {
  resolve(task: ResolveTask): Promise<FlatSegments>;
  split(task: SplitTask): Promise<SplitRun>;
  vectors(task: VectorTask): Promise<FlatSegments>;
  /** Threads the tasks are spread over. */
  threads: number;
}

export const IN_THIS_THREAD: SegmentRunner = {
  resolve: async (task) => resolveRun(task),
  split: async (task) => splitRun(task),
  vectors: async (task) => vectorRun(task),
  threads: 1,
};

/**
 * Documents in a run: at least MIN_RUN (below that a task's messaging costs
 * more than its work), at most MAX_RUN (a worker holds a run's segments as
 * objects until it sends them back).
 */
const MIN_RUN = 500;
const MAX_RUN = 20_000;

/** Each document's blocks resolved into segments, split on the corpus's evidence (no event vectors yet). */
export async function splitCorpus(
  features: FeatureBatch,
  representative: Int32Array,
  weights: TermWeights,
  maxTerms: number,
  options: SegmentationOptions & { crossDoc?: CrossDocOptions },
  runner: SegmentRunner = IN_THIS_THREAD,
): Promise<SplitCorpus> {
  const df = DocumentFrequencies.ofDocuments(
    features,
    (d) => representative[d] === d,
    (b) => (features.blockKind[b] & BLOCK_BOILERPLATE) === 0,
  );
  const state: SegmentCorpusState = { features: segmentFeatures(features), df: df.share(), weights, maxTerms };
  // A few runs per thread, so a thread that finishes early takes another.
  const runDocs = Math.min(MAX_RUN, Math.max(MIN_RUN, Math.ceil(features.count / (4 * runner.threads))));
  const ranges: Array<[number, number]> = [];
  for (let from = 0; from < features.count; from += runDocs) ranges.push([from, Math.min(features.count, from + runDocs)]);

  const shared = sharedArray(Int32Array, representative.length);
  shared.set(representative);
  const runs = await resolveAndSplit(runner, ranges, state, options, shared);
  let crossDocSplits = 0;
  for (const run of runs) crossDocSplits += run.splits;
  return { df, state, runs, crossDocSplits };
}

/** The story segments' event vectors, run by run: flat segments, their vectors in one shared store. */
export interface EventVectorRuns {
  runs: FlatSegments[];
  vectors: VectorArrays;
}

/** Every document's segments, each story segment with its event vector. */
export interface SegmentedCorpus {
  segments: ResolvedSegment[][];
  /** The shared arrays every event vector is a view of (events/assign.ts indexes them where they are, and empties this once done). */
  vectors: VectorArrays;
}

/**
 * Each story segment's event vector, run by run, written by the run's
 * thread straight into one shared store: a region per run, as large as
 * the most terms its story segments can have. The vectors are never
 * copied, and the store's pages a run does not reach are never committed.
 * The runs stay flat: the split corpus (the blocks' terms, most of its
 * memory) can be collected before the segments become objects
 * (`segmentObjects`).
 */
export async function eventVectors(split: SplitCorpus, eventTerms: PerKind, runner: SegmentRunner = IN_THIS_THREAD): Promise<EventVectorRuns> {
  const { state } = split;
  const most = eventTerms[0] + eventTerms[1] + eventTerms[2];
  const regionStart = [0];
  for (const run of split.runs) regionStart.push(regionStart[regionStart.length - 1] + mostTerms(state.features, run.segments, most));
  const size = regionStart[split.runs.length];
  const vectors = { ids: sharedArray(Uint32Array, size), weights: sharedArray(Float32Array, size) };
  const runs = await Promise.all(
    split.runs.map((run, r) => runner.vectors({ state, eventTerms, segments: run.segments, into: { ...vectors, from: regionStart[r], to: regionStart[r + 1] } })),
  );
  // A run from another thread holds the store's memory under other array objects: this thread's are the ones views are made of.
  return { runs: runs.map((run) => ({ ...run, ...vectors })), vectors };
}

/** The segments as objects, document by document; their vectors are views into the shared store. */
export function segmentObjects(features: SegmentFeatures, made: EventVectorRuns): SegmentedCorpus {
  const segments: ResolvedSegment[][] = [];
  for (const run of made.runs) for (const segs of unflatten(features, run)) segments.push(segs);
  return { segments, vectors: made.vectors };
}

/** The most terms the run's story segments' vectors can hold: `most` each, or fewer if its blocks have fewer terms. */
function mostTerms(features: SegmentFeatures, run: FlatSegments, most: number): number {
  let terms = 0;
  for (let s = 0; s < run.kind.length; s++) {
    if (isBoilerplate(run, s)) continue;
    const first = run.firstBlock[s];
    terms += Math.min(most, features.termStart[first + run.blockCount[s]] - features.termStart[first]);
  }
  return terms;
}

/**
 * Each run resolved, then split on the evidence of the whole corpus
 * (indexed here from the runs' boundary vectors). A function of its own so
 * that the boundary vectors and the index are garbage once it returns.
 */
async function resolveAndSplit(
  runner: SegmentRunner,
  runs: ReadonlyArray<[number, number]>,
  state: SegmentCorpusState,
  options: SegmentationOptions & { crossDoc?: CrossDocOptions },
  representative: Int32Array,
): Promise<SplitRun[]> {
  const resolved = await Promise.all(runs.map(([from, to]) => runner.resolve({ state, options, from, to })));
  const evidence = CorpusEvidence.index(resolved, representative);
  const crossDoc = options.crossDoc;
  return Promise.all(resolved.map((run) => runner.split({ state, crossDoc, evidence, representative, segments: withoutVectors(run) })));
}
