/**
 * The worker side of the feature pool: one FeatureExtractor per thread
 * (its caches warm up across batches), a batch of texts in, one packed
 * FeatureBatch out with its buffers transferred.
 */
import Piscina from 'piscina';
import { BatchBuilder, batchBuffers } from '../features/batch.js';
import { FeatureExtractor } from '../features/extract.js';
import type { FeatureTask } from './protocol.js';

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
  const builder = new BatchBuilder(task.texts.length, extractor.numPerm);
  for (let i = 0; i < task.texts.length; i++) {
    if (task.faultOn !== undefined && task.texts[i] === task.faultOn.text) {
      if (task.faultOn.mode === 'exit') process.exit(3);
      throw new Error('injected fault');
    }
    extractor.extract(task.texts[i], task.dates[i], builder);
  }
  const batch = builder.finish();
  // Piscina.move only transfers a top-level value, so the batch travels as a
  // Transferable wrapper that lists every buffer inside it.
  return Piscina.move({
    get [Piscina.transferableSymbol]() {
      return batchBuffers(batch);
    },
    get [Piscina.valueSymbol]() {
      return batch;
    },
  } as never);
}
