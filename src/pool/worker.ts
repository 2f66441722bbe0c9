/**
 * The worker side of the feature pool: one FeatureExtractor per thread
 * (its caches warm up across batches). A batch of raw inputs in; each
 * becomes a document or an error here (ingest/document.ts), documents'
 * features are extracted at once, and one packed FeatureBatch goes back
 * with its buffers transferred.
 */
import Piscina from 'piscina';
import { BatchBuilder, batchBuffers } from '../features/batch.js';
import { FeatureExtractor } from '../features/extract.js';
import { toDocument } from '../ingest/document.js';
import { rawInputOf } from './pack.js';
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
    const record = toDocument(rawInputOf(input, task.bytes));
    if (record === undefined) return { kind: 'skip' };
    if (record.kind === 'error') return record;
    const doc = record.doc;
    if (task.faultOn !== undefined && doc.text === task.faultOn.text) {
      if (task.faultOn.mode === 'exit') process.exit(3);
      throw new Error('injected fault');
    }
    extractor.extract(doc.text, doc.date, builder);
    return { kind: 'doc', doc: { id: doc.id, origin: doc.origin, length: doc.text.length, title: doc.title, warnings: doc.warnings } };
  });
  const result: FeatureResult = { outcomes, features: builder.finish() };
  // Piscina.move only transfers a top-level value, so the result travels as a
  // Transferable wrapper that lists every buffer inside it.
  return Piscina.move({
    get [Piscina.transferableSymbol]() {
      return batchBuffers(result.features);
    },
    get [Piscina.valueSymbol]() {
      return result;
    },
  } as never);
}
