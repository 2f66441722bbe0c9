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
import { runIsolatingFaults, type BatchOutcome } from '../pool/isolate.js';
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
  /** The documents analysed, aligned with `features`. */
  docs: DocRecord[];
  /** Inputs that did not become documents: ingest errors and documents no worker could analyse. */
  errors: InputError[];
  features: FeatureBatch;
  /** Records ingest produced, counted apart from docs and errors so the accounting check means something. */
  inputs: number;
  bytes: number;
}

/** Text held per batch at most, so a batch of long pages stays small. */
const MAX_BATCH_CHARS = 4 * 1024 * 1024;

/** One dispatched batch: its documents and, once the pool is done with it, what came back. */
interface Slot {
  docs: DocRecord[];
  outcome?: BatchOutcome;
  aborted?: unknown;
}

/**
 * @throws the abort reason of `options.signal`, after the pool has been shut
 *   down; a worker fault never throws (its documents become errors).
 */
export async function collectFeatures(
  source: string | Iterable<Doc> | AsyncIterable<Doc>,
  options: ResolvedOptions,
): Promise<CollectedFeatures> {
  const extract: ExtractOptions = {
    minhash: { numPerm: options.numPerm, shingleSize: options.shingleSize, seed: options.seed },
    tiling: options.tiling,
  };
  const signal = options.signal;
  const ingestErrors: InputError[] = [];
  const slots: Slot[] = [];
  const inFlight = new Set<Promise<void>>();
  const pool = new FeaturePool(options.workers);
  let inputs = 0;
  let docCount = 0;
  let bytes = 0;
  let lastReport = 0;
  const report = (force = false) => {
    const now = Date.now();
    if (options.onProgress && (force || now - lastReport > 200)) {
      lastReport = now;
      options.onProgress({ phase: 'features', done: docCount, bytes });
    }
  };

  let batch: SourceDoc[] = [];
  let batchChars = 0;
  const dispatch = async () => {
    if (batch.length === 0) return;
    const slot: Slot = { docs: batch.map(recordOf) };
    slots.push(slot);
    const task: FeatureTask = {
      texts: batch.map((d) => d.text),
      dates: batch.map((d) => d.date),
      options: extract,
      faultOn: options.faultOn,
    };
    batch = [];
    batchChars = 0;
    // Never rejects: an abort is kept on the slot and rethrown below, so no
    // promise is left rejected with nobody listening.
    const running: Promise<void> = runIsolatingFaults(pool, task, signal).then(
      (outcome) => void (slot.outcome = outcome),
      (reason: unknown) => void (slot.aborted = reason),
    );
    const tracked = running.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    if (inFlight.size >= options.workers * 2) await Promise.race(inFlight);
  };

  try {
    for await (const record of ingest(source, { maxBytes: options.maxBytes })) {
      signal?.throwIfAborted();
      inputs++;
      if (record.kind === 'error') {
        ingestErrors.push(record.error);
        continue;
      }
      const doc = record.doc;
      docCount++;
      bytes += doc.text.length;
      batch.push(doc);
      batchChars += doc.text.length;
      if (batch.length >= options.batchSize || batchChars >= MAX_BATCH_CHARS) await dispatch();
      report();
    }
    await dispatch();
  } finally {
    // On an abort the tasks end at once (piscina terminates their threads).
    await Promise.all(inFlight);
    await pool.close();
  }
  signal?.throwIfAborted();
  for (const slot of slots) if (slot.outcome === undefined) throw slot.aborted;
  report(true);

  const { docs, pieces, failed } = gatherSlots(slots);
  const features = concatBatches(pieces, options.numPerm);
  mergeSurfaces(pieces, features);
  return { docs, errors: [...ingestErrors, ...failed], features, inputs, bytes };
}

function recordOf(doc: SourceDoc): DocRecord {
  return { id: doc.id, origin: doc.origin, length: doc.text.length, title: doc.title, warnings: doc.warnings };
}

/** The analysed documents and their features in input order; documents no worker could analyse as errors. */
function gatherSlots(slots: Slot[]): { docs: DocRecord[]; pieces: FeatureBatch[]; failed: InputError[] } {
  const docs: DocRecord[] = [];
  const pieces: FeatureBatch[] = [];
  const failed: InputError[] = [];
  for (const slot of slots) {
    const outcome = slot.outcome as BatchOutcome;
    const reasons = new Map(outcome.failed.map((f) => [f.index, f.reason]));
    slot.docs.forEach((doc, i) => {
      const reason = reasons.get(i);
      if (reason === undefined) {
        docs.push(doc);
      } else {
        failed.push({
          source: doc.origin,
          code: 'worker-failed',
          message: `no worker could analyse document "${doc.id}" (tried again, then alone): ${reason}`,
        });
      }
    });
    pieces.push(...outcome.pieces);
  }
  return { docs, pieces, failed };
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
