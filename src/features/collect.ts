/**
 * The features stage driver. The main thread only reads: it streams raw
 * inputs (file bytes, JSONL lines) into batches and runs them through the
 * worker pool with a bounded number in flight, so memory holds a few
 * batches of input, never the corpus. The workers parse, decode and check
 * each input and extract its features. What needs the whole stream in
 * order stays here: batches are taken back in input order, ids made
 * unique, inputs counted, and features appended to one store.
 */
import { toDocument } from '../ingest/document.js';
import { IdRegistry, RegisteredDocs } from '../ingest/ids.js';
import { claimId } from '../ingest/index.js';
import { readInputs, type RawRecord } from '../ingest/inputs.js';
import { SkippedTally } from '../ingest/skipped.js';
import type { FieldNames } from '../ingest/types.js';
import type { ResolvedOptions } from '../options.js';
import { runIsolatingFaults, type BatchOutcome } from '../pool/isolate.js';
import { TaskPacker, rawInputOf } from '../pool/pack.js';
import { WorkerPool } from '../pool/pool.js';
import type { FeatureTask } from '../pool/protocol.js';
import type { Doc, DocWarning, InputError, SkippedSummary } from '../types.js';
import { abortable } from '../util/abortable.js';
import { GrowableArray } from '../util/growable.js';
import type { FeatureBatch } from './batch.js';
import type { ExtractOptions } from './extract.js';
import { FeatureStore } from './store.js';

/** What the report needs of each document besides its features. */
export interface DocRecord {
  id: string;
  origin: string;
  /** Length of the text in UTF-16 code units (offsets are checked against it). */
  length: number;
  /** The input's title (or an HTML page's `<title>`), url and source, passed through to the report. */
  title?: string;
  url?: string;
  source?: string;
  warnings: DocWarning[];
}

export interface CollectedFeatures {
  /** The documents analysed, aligned with `features`; empty with `signaturesOnly` (no object is kept per document: `names` has their ids and origins). */
  docs: DocRecord[];
  /** Id and origin of every document analysed, aligned with `features`. */
  names: RegisteredDocs;
  /** Inputs that did not become documents: ingest errors and documents no worker could analyse. */
  errors: InputError[];
  features: FeatureBatch;
  /** Records ingest produced, counted apart from docs and errors so the accounting check means something. */
  inputs: number;
  bytes: number;
  /** What the corpus folder held that is not an input. */
  skipped: SkippedSummary;
  /**
   * Per record read, in read order: INPUT_SKIPPED (a blank JSONL line),
   * INPUT_DOCUMENT (the next of `docs`) or INPUT_ERROR. What lets a second
   * read of the source be matched with the first, line by line.
   */
  readOutcomes: Uint8Array;
}

export const INPUT_SKIPPED = 0;
export const INPUT_DOCUMENT = 1;
export const INPUT_ERROR = 2;

/** What to extract, and who else sees the records read. */
export interface CollectHow {
  /** Only what near-duplicates read (`ExtractOptions.signaturesOnly`). */
  signaturesOnly?: boolean;
  /** Told of every record as it is read, in read order (its bytes are valid only during the call). */
  onRecord?: (record: RawRecord) => void;
}

/** The warnings of a document that has none: frozen, so that a push fails loudly instead of reaching every such document. */
const NO_WARNINGS = Object.freeze([]) as unknown as DocWarning[];

/** Input bytes held per batch at most, so a batch of long pages stays small. */
const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/**
 * A stretch of the input stream: errors found while reading and inputs sent
 * to the pool as one task, in input order, and once the pool is done with
 * the task, what came back.
 */
interface Slot {
  /** An error found while reading, or the index of an input in `task`. */
  entries: Array<InputError | number>;
  task?: FeatureTask;
  outcome?: BatchOutcome;
  aborted?: unknown;
  settled: boolean;
  /** Bytes of the source its inputs were read from (for progress). */
  inputBytes: number;
}

/**
 * @param sharedPool the pool to run on, kept open for later stages (else
 *   one is made and closed here).
 * @throws the abort reason of `options.signal`, after the tasks have ended
 *   (and the pool has been shut down, when it is not shared); a worker
 *   fault never throws (its documents become errors).
 */
export async function collectFeatures(
  source: string | Iterable<Doc> | AsyncIterable<Doc>,
  options: ResolvedOptions,
  sharedPool?: WorkerPool,
  how: CollectHow = {},
): Promise<CollectedFeatures> {
  const extract: ExtractOptions = {
    minhash: { numPerm: options.numPerm, shingleSize: options.shingleSize, seed: options.seed },
    tiling: options.tiling,
    ...(how.signaturesOnly === true ? { signaturesOnly: true } : {}),
  };
  const signal = options.signal;
  // A pool of our own (closed here) unless the caller lends one for later stages.
  const pool = sharedPool ?? new WorkerPool(options.workers);
  const intake = new Intake(options.numPerm, options.fields, how.signaturesOnly !== true);
  const skipped = new SkippedTally();
  const packer = new TaskPacker();
  const inFlight = new Set<Promise<void>>();
  /** Slots not yet taken in, oldest first; the last one is being filled. */
  const slots: Slot[] = [{ entries: [], settled: true, inputBytes: 0 }];
  let lastReport = 0;
  const report = (force = false) => {
    const now = Date.now();
    if (options.onProgress && (force || now - lastReport > 200)) {
      lastReport = now;
      options.onProgress({ phase: 'features', done: intake.documents, bytes: intake.bytes, inputs: intake.inputs, inputBytes: intake.inputBytes });
    }
  };
  /** Takes in every slot at the head that is done, so memory holds only what waits for an earlier batch. */
  const takeInSettled = () => {
    while (slots.length > 1 && slots[0].settled && slots[0].aborted === undefined) {
      const slot = slots.shift()!;
      intake.take(slot);
      if (slot.task !== undefined) packer.recycle(slot.task.bytes);
    }
    report();
  };

  const dispatch = async () => {
    const slot = slots[slots.length - 1];
    slots.push({ entries: [], settled: true, inputBytes: 0 });
    if (packer.count === 0) return takeInSettled();
    const task: FeatureTask = { ...packer.take(), options: extract, fields: options.fields, faultOn: options.faultOn };
    slot.task = task;
    slot.settled = false;
    // Never rejects: an abort is kept on the slot and rethrown below, so no
    // promise is left rejected with nobody listening.
    const running: Promise<void> = runIsolatingFaults(pool, task, signal).then(
      (outcome) => void (slot.outcome = outcome),
      (reason: unknown) => void (slot.aborted = reason),
    );
    const tracked = running.finally(() => {
      slot.settled = true;
      inFlight.delete(tracked);
      takeInSettled();
    });
    inFlight.add(tracked);
    if (inFlight.size >= options.workers * 2) await Promise.race(inFlight);
  };

  try {
    const reading = readInputs(source, { maxBytes: options.maxBytes, followSymlinks: options.followSymlinks, fields: options.fields, onSkipped: skipped.add, signal });
    // A source that stalls loses to an abort: `for await` alone would wait for it.
    for await (const record of abortable(reading, signal)) {
      signal?.throwIfAborted();
      how.onRecord?.(record);
      const slot = slots[slots.length - 1];
      if (record.kind === 'error') slot.entries.push(record.error);
      else slot.entries.push(packer.add(record.input));
      if (record.kind === 'input' && record.input.kind !== 'doc') slot.inputBytes += record.input.kind === 'line' ? record.input.bytes.length + 1 : record.input.size;
      if (packer.count >= options.batchSize || packer.size >= MAX_BATCH_BYTES) await dispatch();
    }
    await dispatch();
  } finally {
    // On an abort the tasks end at once (piscina terminates their threads).
    await Promise.all(inFlight);
    if (sharedPool === undefined) await pool.close();
  }
  signal?.throwIfAborted();
  for (const slot of slots) if (slot.aborted !== undefined) throw slot.aborted;
  takeInSettled();
  report(true);
  return intake.finish(skipped.summary());
}

/**
 * Takes slots in, in input order: counts inputs, makes ids unique, keeps
 * documents' records and features and turns failures into errors.
 */
class Intake {
  readonly docs: DocRecord[] = [];
  documents = 0;
  bytes = 0;
  /** Inputs taken in: documents and errors, and the bytes of the source they were read from. */
  inputs = 0;
  inputBytes = 0;
  private readonly errors: InputError[] = [];
  private readonly failed: InputError[] = [];
  private readonly ids = new IdRegistry();
  private readonly store: FeatureStore;
  private readonly readOutcomes = new GrowableArray(Uint8Array);
  /** Registry entry of each document. */
  private readonly docEntries = new GrowableArray(Int32Array);

  constructor(
    numPerm: number,
    private readonly fields: Readonly<FieldNames>,
    /** Whether each document's record is kept (`docs`), or only its id and origin (`names`). */
    private readonly keepRecords: boolean,
  ) {
    this.store = new FeatureStore(numPerm);
  }

  take(slot: Slot): void {
    const outcome = slot.outcome;
    const reasons = new Map(outcome?.failed.map((f) => [f.index, f.reason]));
    this.inputBytes += slot.inputBytes;
    for (const entry of slot.entries) {
      if (typeof entry !== 'number') {
        this.inputs++;
        this.errors.push(entry);
        this.readOutcomes.push(INPUT_ERROR);
        continue;
      }
      const result = outcome!.outcomes[entry];
      if (result === undefined) {
        this.readOutcomes.push(this.takeFailed(rawInputOf(slot.task!.inputs[entry], slot.task!.bytes), reasons.get(entry)!));
      } else if (result.kind === 'error') {
        this.inputs++;
        this.errors.push(result.error);
        this.readOutcomes.push(INPUT_ERROR);
      } else if (result.kind === 'doc') {
        this.inputs++;
        claimId(result.doc, this.ids);
        this.docEntries.push(this.ids.size - 1);
        this.documents++;
        // One shared empty list for the many documents without a warning (a million empty arrays are ~30 MB).
        if (result.doc.warnings.length === 0) result.doc.warnings = NO_WARNINGS;
        if (this.keepRecords) this.docs.push(result.doc);
        this.bytes += result.doc.length;
        this.readOutcomes.push(INPUT_DOCUMENT);
      } else this.readOutcomes.push(INPUT_SKIPPED);
    }
    for (const piece of outcome?.pieces ?? []) this.store.append(piece);
  }

  /**
   * An input no worker could analyse. It is read again here, only to name
   * it (its id, renamed like any other); if it is not a document after all,
   * it is what it is.
   */
  private takeFailed(input: Parameters<typeof toDocument>[0], reason: string): number {
    const record = toDocument(input, this.fields);
    if (record === undefined) return INPUT_SKIPPED;
    this.inputs++;
    if (record.kind === 'error') {
      this.errors.push(record.error);
      return INPUT_ERROR;
    }
    const doc = record.doc;
    claimId(doc, this.ids);
    this.failed.push({
      source: doc.origin,
      code: 'worker-failed',
      message: `no worker could analyse document "${doc.id}" (tried again, then alone): ${reason}`,
    });
    return INPUT_ERROR;
  }

  finish(skipped: SkippedSummary): CollectedFeatures {
    return { docs: this.docs, names: new RegisteredDocs(this.ids, this.docEntries.values()), errors: [...this.errors, ...this.failed], features: this.store.finish(), inputs: this.inputs, bytes: this.bytes, skipped, readOutcomes: this.readOutcomes.values() };
  }
}
