/**
 * The worker side of the pool.
 *
 * Features (the default task): one FeatureExtractor per thread (its caches
 * warm up across batches). A batch of raw inputs in; each becomes a
 * document or an error here (ingest/document.ts), documents' features are
 * extracted at once, and one packed FeatureBatch goes back with its
 * buffers transferred.
 *
 * Segments (`resolveSegments`, `splitSegments`, `segmentVectors`): a run of documents over
 * the corpus in shared memory (segments/tasks.ts); flat segments go back,
 * transferred.
 *
 * Events (`eventPairs`, `eventSimilarities`, `eventEdges`, `eventBlocks`): the heavy
 * loops of clustering over shared vectors (events/tasks.ts).
 */
import Piscina from 'piscina';
import { BatchBuilder, batchBuffers } from '../features/batch.js';
import { FeatureExtractor } from '../features/extract.js';
import { toDocument } from '../ingest/document.js';
import { blockRun, edgeRun, pairsRun, similarityRun, type BlockTask, type EdgeTask, type PairsTask, type SimilarityTask } from '../events/tasks.js';
import { flatBuffers } from '../segments/flat.js';
import { resolveRun, splitRun, vectorRun, type ResolveTask, type SplitTask, type VectorTask } from '../segments/tasks.js';
import { rawInputOf } from './pack.js';
import type { DocRecord } from '../features/collect.js';
import type { FeatureResult, FeatureTask, InputOutcome } from './protocol.js';

const extractors = new Map<string, FeatureExtractor>();

function extractorFor(options: FeatureTask['options']): FeatureExtractor {
  const key = JSON.stringify(options);
  let extractor = extractors.get(key);
  if (extractor === undefined) {
    extractor = new FeatureExtractor(options);
    extractors.set(key, extractor);
  }
  return extractor;
}

export default function extractBatch(task: FeatureTask): unknown {
  const extractor = extractorFor(task.options);
  const builder = new BatchBuilder(task.inputs.length, extractor.numPerm);
  const outcomes = task.inputs.map((input): InputOutcome => {
    const record = toDocument(rawInputOf(input, task.bytes), task.fields);
    if (record === undefined) return { kind: 'skip' };
    if (record.kind === 'error') return record;
    const doc = record.doc;
    if (task.faultOn !== undefined && doc.text === task.faultOn.text) {
      if (task.faultOn.mode === 'exit') process.exit(3);
      throw new Error('injected fault');
    }
    extractor.extract(doc.text, doc.date, builder);
    const kept: DocRecord = { id: doc.id, origin: doc.origin, length: doc.text.length, warnings: doc.warnings };
    // Only the report reads these: dedup's documents carry none (a million titles are ~0.1 GB of heap).
    if (task.options.signaturesOnly !== true) {
      if (doc.title !== undefined) kept.title = doc.title;
      if (doc.url !== undefined) kept.url = doc.url;
      if (doc.source !== undefined) kept.source = doc.source;
    }
    return { kind: 'doc', doc: kept };
  });
  const result: FeatureResult = { outcomes, features: builder.finish() };
  return moved(result, batchBuffers(result.features));
}

export function resolveSegments(task: ResolveTask): unknown {
  const segments = resolveRun(task);
  return moved(segments, flatBuffers(segments));
}

export function splitSegments(task: SplitTask): unknown {
  const run = splitRun(task);
  return moved(run, flatBuffers(run.segments));
}

export function segmentVectors(task: VectorTask): unknown {
  const segments = vectorRun(task);
  return moved(segments, flatBuffers(segments));
}

export function eventPairs(task: PairsTask): unknown {
  const pairs = pairsRun(task);
  return moved(pairs, [pairs.buffer as ArrayBuffer]);
}

export function eventSimilarities(task: SimilarityTask): void {
  similarityRun(task);
}

export function eventEdges(task: EdgeTask): unknown {
  const edges = edgeRun(task);
  return moved(edges, [edges.i.buffer, edges.j.buffer, edges.d.buffer] as ArrayBuffer[]);
}

export function eventBlocks(task: BlockTask): unknown {
  const cluster = blockRun(task);
  return moved(cluster, [cluster.buffer as ArrayBuffer]);
}

/**
 * `value`, its `buffers` transferred, not copied. Piscina.move only
 * transfers a top-level value, so the value travels as a Transferable
 * wrapper that lists every buffer inside it.
 */
function moved(value: unknown, buffers: ArrayBuffer[]): unknown {
  return Piscina.move({
    get [Piscina.transferableSymbol]() {
      return buffers;
    },
    get [Piscina.valueSymbol]() {
      return value;
    },
  } as never);
}
