/**
 * The reading half of ingestion: finds a source's inputs (files, JSONL
 * lines, documents from code) and reads their bytes, in input order, but
 * leaves parsing, decoding and checking to `toDocument` (document.ts).
 *
 * The split exists so that reading, which must stay ordered and is cheap,
 * can run on the main thread while the per-document work (JSON parsing,
 * charset detection, HTML to text: ~130 µs a document) runs on the feature
 * workers, in parallel, next to the features of the same document.
 */
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { Doc, InputError } from '../types.js';
import { StorylineError, invalidOption } from '../errors.js';
import { docFileKind, readFileBytes } from './file.js';
import { walkFolder } from './folder.js';
import { readJsonlLines } from './jsonl.js';
import type { SourceDoc } from './types.js';
import { validateDoc } from './validate.js';

export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

const JSONL_EXTENSIONS = new Set(['.jsonl', '.ndjson']);

/**
 * One input, read but not yet understood. `bytes` may be a view into a
 * buffer the reader reuses: it is valid only until the next record is
 * asked for, so a consumer that keeps it must copy it.
 */
export type RawInput =
  /** A JSONL line without its line ending; `name` is the file's base name, `n` the 1-based line number. */
  | { kind: 'line'; name: string; n: number; bytes: Uint8Array }
  /** An article file's first `maxBytes` bytes; `size` is its full size; `origin` its path in the corpus. */
  | { kind: 'file'; origin: string; size: number; bytes: Uint8Array }
  /** A document from code, already checked (it is a JS value, not bytes, so it cannot wait for a worker). */
  | { kind: 'doc'; doc: SourceDoc };

export type RawRecord = { kind: 'input'; input: RawInput } | { kind: 'error'; error: InputError };

/**
 * Streams a source's inputs in order, and one error for each input that
 * could not even be read. Lazy: nothing is read before the consumer asks.
 *
 * @throws StorylineError `INVALID_SOURCE` (on the first `next()`) when the
 *   path does not exist, is of another kind, or cannot be opened at all;
 *   `INVALID_OPTION` for a bad `maxBytes`.
 */
export async function* readInputs(
  source: string | Iterable<Doc> | AsyncIterable<Doc>,
  maxBytes: number,
): AsyncGenerator<RawRecord> {
  if (typeof maxBytes !== 'number' || !Number.isSafeInteger(maxBytes) || maxBytes < 1) {
    throw invalidOption('maxBytes', 'a positive integer', maxBytes);
  }
  if (typeof source === 'string') yield* readPath(source, maxBytes);
  else if (isIterable(source)) yield* readItems(source);
  else throw new StorylineError('INVALID_SOURCE', `source must be a path or an iterable of documents, got ${typeof source}`);
}

async function* readPath(source: string, maxBytes: number): AsyncGenerator<RawRecord> {
  let info;
  try {
    info = await stat(source);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : `cannot be read (${String(code)})`;
    throw new StorylineError('INVALID_SOURCE', `corpus path "${source}" ${why}`);
  }

  if (info.isDirectory()) {
    for await (const entry of walkFolder(source, (name) => docFileKind(name) !== undefined)) {
      if (entry.kind === 'error') yield entry;
      else yield readFile(entry.path, entry.rel, maxBytes);
    }
    return;
  }

  const name = path.basename(source);
  if (info.isFile() && JSONL_EXTENSIONS.has(path.extname(name).toLowerCase())) {
    yield* readJsonlLines(source, maxBytes);
    return;
  }
  if (info.isFile() && docFileKind(name) !== undefined) {
    yield readFile(source, name, maxBytes);
    return;
  }
  throw new StorylineError(
    'INVALID_SOURCE',
    `corpus path "${source}" is neither a folder, a .jsonl/.ndjson file, nor a .txt/.md/.html file`,
  );
}

function readFile(file: string, origin: string, maxBytes: number): RawRecord {
  const read = readFileBytes(file, origin, maxBytes);
  if (!read.ok) return { kind: 'error', error: read.error };
  return { kind: 'input', input: { kind: 'file', origin, size: read.size, bytes: read.bytes } };
}

/** Documents from code are checked like JSONL lines: callers pass data they did not write either. */
async function* readItems(items: Iterable<unknown> | AsyncIterable<unknown>): AsyncGenerator<RawRecord> {
  let index = 0;
  for await (const item of items) {
    const source = `item ${index++}`;
    const checked = validateDoc(item);
    if (checked.ok) {
      yield { kind: 'input', input: { kind: 'doc', doc: { ...checked.doc, origin: source, warnings: checked.warnings } } };
    } else {
      yield { kind: 'error', error: { source, code: checked.code, message: `${source}: ${checked.message}` } };
    }
  }
}

function isIterable(value: unknown): value is Iterable<unknown> | AsyncIterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    (typeof (value as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function' ||
      typeof (value as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function')
  );
}
