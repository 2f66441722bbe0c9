/**
 * `analyze()`: the whole pipeline, stage by stage.
 *
 *   ingest → normalize → features (worker pool) → near-duplicates
 *          → segments → events → report
 *
 * Each stage is a function in its own folder; this file only wires them.
 */
import { assignEvents } from './events/assign.js';
import { IN_THIS_THREAD as EVENTS_IN_THIS_THREAD, type EventRunner } from './events/cluster.js';
import { keepCorpusNames } from './features/capital-names.js';
import { releaseBlockTerms, releaseLeadNumbers, releaseSignatures } from './features/batch.js';
import { collectFeatures, type CollectHow } from './features/collect.js';
import type { RawRecord } from './ingest/inputs.js';
import { rankById } from './ingest/ids.js';
import { findNearDuplicates } from './neardup/groups.js';
import { resolveOptions, type AnalyzeOptions, type ResolvedOptions } from './options.js';
import { WorkerPool } from './pool/pool.js';
import { keptRecord, readableTwice, readBack, secondRead } from './report/read-back.js';
import { buildResult } from './report/result.js';
import { IN_THIS_THREAD as SEGMENTS_IN_THIS_THREAD, eventVectors, segmentObjects, splitCorpus } from './segments/corpus.js';
import type { Doc, DocumentResult, Result } from './types.js';
import { collectGarbage } from './util/collect-garbage.js';
import type { PipelineWatch } from './explain/watch.js';
import { traceMemory } from './util/trace.js';

/**
 * Analyses a corpus: near-duplicate groups, containment, segments,
 * bundles and events.
 *
 * @param source a folder (recursive; .txt, .md, .html, and JSONL files), a
 *   JSONL file of `{"id","text"}` objects (`.gz` too), `-` for JSONL on
 *   standard input, one text file, or documents from code.
 * @throws StorylineError `INVALID_OPTION` for a bad option, `INVALID_SOURCE`
 *   for a path that is not a corpus; the abort reason when `options.signal`
 *   aborts. Problems with single inputs never throw, worker faults included:
 *   they are listed in `result.errors` or in a document's `warnings`.
 */
export async function analyze(source: string | Iterable<Doc> | AsyncIterable<Doc>, options: AnalyzeOptions = {}): Promise<Result> {
  return (await analyzeForReport(source, options)).result;
}

/** What a report shows of the texts, given the result: whose segments get snippets, whose whole text is kept. */
export type ReportWants = (result: Result) => { snippets?: (doc: DocumentResult) => boolean; texts?: (doc: DocumentResult) => boolean };

/**
 * `analyze`, with the snippets and the texts a report shows (`wants`),
 * read again from the source (report/read-back.ts). `options.snippets`
 * gives every segment its snippet. `watch` sees the stages' inner figures
 * (`explain`: explain/watch.ts); it changes nothing in the run.
 */
export async function analyzeForReport(
  source: string | Iterable<Doc> | AsyncIterable<Doc>,
  options: AnalyzeOptions,
  wants?: ReportWants,
  watch: PipelineWatch = {},
): Promise<{ result: Result; texts: Map<string, string> }> {
  const o = resolveOptions(options);
  const readAgain = o.snippets || wants !== undefined;
  // A source that cannot be read twice is kept as read.
  const kept: RawRecord[] | undefined = readAgain && !readableTwice(source) ? [] : undefined;
  const onRecord = kept === undefined ? undefined : (record: RawRecord) => void kept.push(keptRecord(record));
  const { collected, rank, nearDup, vectorRuns } = await throughEventVectors(source, o, onRecord, watch);
  const { docs, errors, features, inputs, bytes, skipped } = collected;
  // The split corpus and the blocks' terms are garbage now: collected before the segments become objects.
  if (docs.length >= LARGE_CORPUS) collectGarbage();
  const corpus = segmentObjects(features, vectorRuns);
  watch.segments?.(corpus, features);
  traceMemory('segments: done');
  o.signal?.throwIfAborted();

  o.onProgress?.({ phase: 'events', done: 0, total: docs.length, bytes });
  const eventOptions = { ...o.events, threshold: o.eventThreshold };
  const events = await onPool(pooledFor(docs.length, o), (pool) => assignEvents(features, corpus, nearDup.representative, rank, eventOptions, watched(watch, pool?.eventRunner(o.signal) ?? EVENTS_IN_THIS_THREAD)));
  o.signal?.throwIfAborted();
  releaseLeadNumbers(features);

  // The event vectors, the clustering's arrays and the lead numbers are garbage now.
  if (docs.length >= LARGE_CORPUS) collectGarbage();
  traceMemory('events: done');
  o.onProgress?.({ phase: 'report', done: 0, total: docs.length, bytes });
  const result = buildResult({ docs, errors, inputs, skipped, features, rank, nearDup, segments: corpus.segments, events });
  o.signal?.throwIfAborted();
  if (!readAgain) return { result, texts: new Map() };
  const lengths = new Map(docs.map((d) => [d.id, d.length]));
  const wanted = wants?.(result) ?? {};
  const texts = await readBack(secondRead(source, kept, o), o.fields, result, lengths, { snippets: o.snippets || (wanted.snippets ?? false), keep: wanted.texts });
  o.signal?.throwIfAborted();
  return { result, texts };
}

/**
 * The story segments' event vectors, made on a pool of their own. The
 * split corpus (and with it the blocks' terms the vectors are made of) is
 * garbage once this returns.
 */
async function throughEventVectors(source: string | Iterable<Doc> | AsyncIterable<Doc>, o: ResolvedOptions, onRecord: CollectHow['onRecord'], watch: PipelineWatch) {
  const { collected, rank, nearDup, split } = await throughSplits(source, o, onRecord, watch);
  // The cross-document index and the boundary vectors it was made of are garbage now.
  if (collected.docs.length >= LARGE_CORPUS) collectGarbage();
  traceMemory('segments: split');
  const vectorRuns = await onPool(pooledFor(collected.docs.length, o), (pool) =>
    eventVectors(split, o.eventTermsPerSegment, pool?.segmentRunner(o.signal) ?? SEGMENTS_IN_THIS_THREAD),
  );
  o.signal?.throwIfAborted();
  traceMemory('segments: event vectors made');
  releaseBlockTerms(collected.features);
  return { collected, rank, nearDup, vectorRuns };
}

/**
 * Corpora at least this large are collected (`collectGarbage`) where a
 * stage has dropped much of their memory: a full collection costs up to
 * ~1 s at a million documents, and a small corpus has little to free.
 */
const LARGE_CORPUS = 20_000;

/**
 * Corpora at least this large make their event vectors, then cluster
 * events, each on a pool of its own: its threads take ~0.1 s to start, a
 * sizeable share of a small corpus's time.
 */
const POOL_DOCUMENTS = 20_000;

/** The event runner, as the watcher (if any) wraps it. */
function watched(watch: PipelineWatch, runner: EventRunner): EventRunner {
  return watch.eventRunner?.(runner) ?? runner;
}

function pooledFor(documents: number, o: ResolvedOptions): number {
  return documents >= POOL_DOCUMENTS ? o.workers : 0;
}

/**
 * Runs `work` on a new pool of `workers` threads (none: undefined, in this
 * thread), closed after. New threads for each pass: a thread keeps what it
 * last held (shared memory, such as the cross-document index the splits
 * searched, and its own garbage) until its heap is collected, which an idle
 * thread may never do. At 200,000 documents, event vectors and events on
 * one pool peaked 0.4 GiB higher.
 */
async function onPool<T>(workers: number, work: (pool: WorkerPool | undefined) => Promise<T>): Promise<T> {
  if (workers === 0) return work(undefined);
  const pool = new WorkerPool(workers);
  try {
    return await work(pool);
  } finally {
    await pool.close();
  }
}

/**
 * The stages up to segments split, whose work runs on the worker pool
 * (features, then segments; near-duplicates between them). The pool is
 * closed after: its threads' heaps go, and with them their hold on the
 * shared memory segmentation read (the cross-document index).
 */
async function throughSplits(source: string | Iterable<Doc> | AsyncIterable<Doc>, o: ResolvedOptions, onRecord: CollectHow['onRecord'], watch: PipelineWatch) {
  const pool = new WorkerPool(o.workers);
  try {
    const collected = await collectFeatures(source, o, pool, { onRecord });
    const { docs, features, bytes } = collected;

    const rank = rankById(docs);

    traceMemory('features: done');
    o.onProgress?.({ phase: 'near-duplicates', done: 0, total: docs.length, bytes });
    const nearDup = findNearDuplicates(features, rank, { threshold: o.threshold });
    watch.nearDuplicates?.({ docs, features, rank, nearDup });
    releaseSignatures(features);
    if (docs.length >= LARGE_CORPUS) collectGarbage();
    traceMemory('near-duplicates: done');
    o.signal?.throwIfAborted();

    o.onProgress?.({ phase: 'segments', done: 0, total: docs.length, bytes });
    keepCorpusNames(features);
    const split = await splitCorpus(features, nearDup.representative, o.termWeights, o.maxTermsPerSegment, o.segmentation, pool.segmentRunner(o.signal));
    o.signal?.throwIfAborted();
    return { collected, rank, nearDup, split };
  } finally {
    await pool.close();
  }
}
