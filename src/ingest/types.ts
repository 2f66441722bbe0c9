/**
 * Shapes shared by the ingest modules; kept apart from index.ts so the
 * readers can use them without importing the dispatcher.
 */
import type { Doc, DocWarning, InputError } from '../types.js';

export interface IngestOptions {
  /**
   * Bytes read from one file at most; the rest is dropped with a `truncated`
   * warning saying at which byte. A JSONL line longer than this is rejected
   * with a `line-too-long` error instead, since a cut JSON line cannot parse.
   * @defaultValue 16 * 1024 * 1024
   */
  maxBytes?: number;
}

export interface SourceDoc extends Doc {
  /** Where it came from: a path relative to the source folder, or `file.jsonl:LINE`. */
  origin: string;
  warnings: DocWarning[];
}

export type IngestRecord = { kind: 'doc'; doc: SourceDoc } | { kind: 'error'; error: InputError };
