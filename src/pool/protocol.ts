/**
 * Messages between the main thread and the feature workers.
 *
 * A task carries its inputs raw: the bytes of JSONL lines or article files,
 * back to back in one view of a SharedArrayBuffer (pool/pack.ts), so the worker (not the main thread)
 * parses, decodes and checks them. Shared rather than transferred because a
 * task may be sent again after a worker fault (pool/isolate.ts), and shared
 * memory is neither copied nor lost with a dead thread. Documents from code
 * are already JS values and travel as such (structured clone copies them).
 *
 * The result is one outcome per input, in order, plus the features of the
 * inputs that became documents, as typed arrays whose buffers are
 * transferred, not copied.
 */
import type { DocRecord } from '../features/collect.js';
import type { ExtractOptions } from '../features/extract.js';
import type { FeatureBatch } from '../features/batch.js';
import type { FieldNames, SourceDoc } from '../ingest/types.js';
import type { InputError } from '../types.js';

/** A raw input (ingest/inputs.ts) whose bytes are `[from, to)` of the task's `bytes`. */
export type TaskInput =
  | { kind: 'line'; name: string; n: number; from: number; to: number }
  | { kind: 'file'; origin: string; size: number; from: number; to: number }
  | { kind: 'doc'; doc: SourceDoc };

export interface FeatureTask {
  bytes: Uint8Array;
  inputs: TaskInput[];
  options: ExtractOptions;
  /** Field names of JSONL lines. @defaultValue DEFAULT_FIELDS */
  fields?: Readonly<FieldNames>;
  /**
   * Test hook for fault handling: the worker throws (`throw`) or exits its
   * thread (`exit`) when it sees this exact text. Never set in production.
   */
  faultOn?: { text: string; mode: 'throw' | 'exit' };
}

/**
 * What became of one input. A document's id is as read: making ids unique
 * needs the whole stream, so the main thread does it. `skip` is a blank
 * JSONL line, which is not an input at all.
 */
export type InputOutcome = { kind: 'doc'; doc: DocRecord } | { kind: 'error'; error: InputError } | { kind: 'skip' };

export interface FeatureResult {
  /** Aligned with the task's inputs. */
  outcomes: InputOutcome[];
  /** Features of the inputs whose outcome is a document, in input order. */
  features: FeatureBatch;
}
