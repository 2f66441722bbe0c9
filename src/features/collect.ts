/**
 * The features stage driver: streams documents from ingest into batches,
 * runs them through the worker pool with a bounded number in flight (so
 * memory holds a few batches of text, never the corpus), and keeps only
 * each document's features and a few fields for the report.
 */
import { ingest } from '../ingest/index.js';
import type { SourceDoc } from '../ingest/index.js';
import type { ResolvedOptions } from '../options.js';
import { FeaturePool } from '../pool/pool.js';
import type { FeatureTask } from '../pool/protocol.js';
import type { Doc, DocWarning, InputError } from '../types.js';
import { concatBatches, type FeatureBatch } from './batch.js';
import type { ExtractOptions } from './extract.js';
import { preferSurface } from './terms.js';

/** What the report needs of each document besides its features. */
export interface DocRecord {
  id: string;
  origin: string;
  /** Length of the text in UTF-16 code units (offsets are checked against it). */
  length: number;
  title?: string;
  warnings: DocWarning[];
}

export interface CollectedFeatures {
  docs: DocRecord[];
  errors: InputError[];
  features: FeatureBatch;
  bytes: number;
}

/** Text held per batch at most, so a batch of long pages stays small. */
const MAX_BATCH_CHARS = 4 * 1024 * 1024;

export async function collectFeatures(
  source: string | Iterable<Doc> | AsyncIterable<Doc>,
  options: ResolvedOptions,
): Promise<CollectedFeatures> {
  const extract: ExtractOptions = {
    minhash: { numPerm: options.numPerm, shingleSize: options.shingleSize, seed: options.seed },
    tiling: options.tiling,
  };
  const docs: DocRecord[] = [];
  const errors: InputError[] = [];
  const results: Array<FeatureBatch | undefined> = [];
  const inFlight = new Set<Promise<void>>();
  const pool = new FeaturePool(options.workers);
  let bytes = 0;
  let lastReport = 0;
  const report = (force = false) => {
    const now = Date.now();
    if (options.onProgress && (force || now - lastReport > 200)) {
      lastReport = now;
      options.onProgress({ phase: 'features', done: docs.length, bytes });
    }
  };

  let batch: SourceDoc[] = [];
  let batchChars = 0;
  const dispatch = async () => {
    if (batch.length === 0) return;
    const slot = results.length;
    results.push(undefined);
    const task: FeatureTask = {
      texts: batch.map((d) => d.text),
      dates: batch.map((d) => d.date),
      options: extract,
      faultOn: options.faultOn,
    };
    batch = [];
    batchChars = 0;
    const running = pool.run(task).then((r) => {
      results[slot] = r;
    });
    const tracked = running.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= options.workers * 2) await Promise.race(inFlight);
  };

  try {
    for await (const record of ingest(source, { maxBytes: options.maxBytes })) {
      if (record.kind === 'error') {
        errors.push(record.error);
        continue;
      }
      const doc = record.doc;
      docs.push({ id: doc.id, origin: doc.origin, length: doc.text.length, title: doc.title, warnings: doc.warnings });
      bytes += doc.text.length;
      batch.push(doc);
      batchChars += doc.text.length;
      if (batch.length >= options.batchSize || batchChars >= MAX_BATCH_CHARS) await dispatch();
      report();
    }
    await dispatch();
    await Promise.all(inFlight);
  } finally {
    await pool.close();
  }
  report(true);
  const features = concatBatches(results as FeatureBatch[], options.numPerm);
  mergeSurfaces(results as FeatureBatch[], features);
  return { docs, errors, features, bytes };
}

/** All batches' term surfaces into one sorted list (a deterministic choice per term). */
function mergeSurfaces(batches: FeatureBatch[], into: FeatureBatch): void {
  const surfaces = new Map<number, string>();
  for (const b of batches) {
    b.surfaceIds.forEach((id, i) => {
      const known = surfaces.get(id);
      surfaces.set(id, known === undefined ? b.surfaces[i] : preferSurface(known, b.surfaces[i]));
    });
  }
  const ids = [...surfaces.keys()].sort((a, b) => a - b);
  into.surfaceIds = Uint32Array.from(ids);
  into.surfaces = ids.map((id) => surfaces.get(id)!);
}
