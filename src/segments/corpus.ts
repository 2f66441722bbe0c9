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
 * passes, and so are the event vectors, after the threads are released.
 */
import { BLOCK_BOILERPLATE, segmentFeatures, type FeatureBatch } from '../features/batch.js';
import { DocumentFrequencies, type PerKind, type TermWeights } from '../features/tfidf.js';
import { CorpusEvidence, type CrossDocOptions } from './crossdoc.js';
import { withoutVectors, type FlatSegments } from './flat.js';
import type { ResolvedSegment, SegmentationOptions } from './resolve.js';
import { resolveRun, splitRun, vectorRun, type ResolveTask, type SegmentCorpusState, type SplitRun, type SplitTask } from './tasks.js';
import { sharedArray } from '../util/typed-array.js';

export interface CorpusSegments {
  df: DocumentFrequencies;
  /** Per document, its segments in text order. */
  segments: ResolvedSegment[][];
  /** Segments split on cross-document evidence. */
  crossDocSplits: number;
}

/** Where segmentation tasks run: the worker pool's threads, or this one (`IN_THIS_THREAD`). */
export interface SegmentRunner {
  resolve(task: ResolveTask): Promise<FlatSegments>;
  split(task: SplitTask): Promise<SplitRun>;
  /** Threads the tasks are spread over. */
  threads: number;
  /**
   * Called once no more tasks will come. The pool's threads end here: each
   * holds the shared cross-document index until its heap is collected, which
   * an idle thread may never do, and the index is the size of the corpus's
   * boundary vectors.
   */
  release(): Promise<void>;
}

export const IN_THIS_THREAD: SegmentRunner = {
  resolve: async (task) => resolveRun(task),
  split: async (task) => splitRun(task),
  threads: 1,
  release: async () => {},
};

/**
 * Documents in a run: at least MIN_RUN (below that a task's messaging costs
 * more than its work), at most MAX_RUN (a worker holds a run's segments as
 * objects until it sends them back).
 */
const MIN_RUN = 500;
const MAX_RUN = 20_000;

export async function segmentCorpus(
  features: FeatureBatch,
  representative: Int32Array,
  weights: TermWeights,
  maxTerms: number,
  eventTerms: PerKind,
  options: SegmentationOptions & { crossDoc?: CrossDocOptions },
  runner: SegmentRunner = IN_THIS_THREAD,
): Promise<CorpusSegments> {
  const df = DocumentFrequencies.ofDocuments(
    features,
    (d) => representative[d] === d,
    (b) => (features.blockKind[b] & BLOCK_BOILERPLATE) === 0,
  );
  const state: SegmentCorpusState = { features: segmentFeatures(features), df: df.share(), weights, maxTerms };
  // A few runs per thread, so a thread that finishes early takes another.
  const runDocs = Math.min(MAX_RUN, Math.max(MIN_RUN, Math.ceil(features.count / (4 * runner.threads))));
  const runs: Array<[number, number]> = [];
  for (let from = 0; from < features.count; from += runDocs) runs.push([from, Math.min(features.count, from + runDocs)]);

  const shared = sharedArray(Int32Array, representative.length);
  shared.set(representative);
  const split = await resolveAndSplit(runner, runs, state, options, shared);
  await runner.release();
  // Event vectors here, once the threads (and the boundary vectors they held) are gone.
  const segments: ResolvedSegment[][] = [];
  let crossDocSplits = 0;
  for (const run of split) {
    for (const segs of vectorRun(state, eventTerms, run.segments)) segments.push(segs);
    crossDocSplits += run.splits;
  }
  return { df, segments, crossDocSplits };
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
