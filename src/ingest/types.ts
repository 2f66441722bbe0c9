/**
 * Shapes shared by the ingest modules; kept apart from index.ts so the
 * readers can use them without importing the dispatcher.
 */
import type { Doc, DocWarning, InputError } from '../types.js';

/** The names of the fields a JSONL line (or a document from code) keeps its parts in. */
export interface FieldNames {
  /** @defaultValue 'id' */
  id: string;
  /** @defaultValue 'text' */
  text: string;
  /** @defaultValue 'title' */
  title: string;
  /** @defaultValue 'date' */
  date: string;
}

export const DEFAULT_FIELDS: Readonly<FieldNames> = { id: 'id', text: 'text', title: 'title', date: 'date' };

export interface IngestOptions {
  /**
   * Bytes read from one file at most; the rest is dropped with a `truncated`
   * warning saying at which byte. A JSONL line longer than this is rejected
   * with a `line-too-long` error instead, since a cut JSON line cannot parse.
   * @defaultValue 16 * 1024 * 1024
   */
  maxBytes?: number;
  /**
   * Follow symlinks that lead out of the corpus folder. Without it each one
   * is an `outside-root` error. @defaultValue false
   */
  followSymlinks?: boolean;
  /** Field names of JSONL lines and documents from code, when they are not `id`, `text`, `title`, `date`. */
  fields?: Partial<FieldNames>;
}

export interface SourceDoc extends Doc {
  /** Where it came from: a path relative to the source folder, or `file.jsonl:LINE`. */
  origin: string;
  warnings: DocWarning[];
}

export type IngestRecord = { kind: 'doc'; doc: SourceDoc } | { kind: 'error'; error: InputError };
