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
import { walkFolder, type SkipReason } from './folder.js';
import { jsonlKind, readJsonlLines, readStdinLines } from './jsonl.js';
import { DEFAULT_FIELDS, type FieldNames, type SourceDoc } from './types.js';
import { validateDoc } from './validate.js';

export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

/** Source paths that mean standard input, read as JSONL. */
export const STDIN_PATHS: ReadonlySet<string> = new Set(['-', '/dev/stdin']);

export interface ReadOptions {
  maxBytes: number;
  /** Follow symlinks out of the corpus folder. @defaultValue false */
  followSymlinks?: boolean;
  /** Field names of documents from code (JSONL lines are parsed later, by `toDocument`). */
  fields?: Readonly<FieldNames>;
  /** Told of each entry of a corpus folder that is not an input, in walk order. */
  onSkipped?: (rel: string, reason: SkipReason) => void;
  /** Ends a read of standard input that waits for data. */
  signal?: AbortSignal;
}

/**
 * One input, read but not yet understood. `bytes` may be a view into a
 * buffer the reader reuses: it is valid only until the next record is
 * asked for, so a consumer that keeps it must copy it.
 */
export type RawInput =
  /** A JSONL line without its line ending; `name` names the file (`stdin` for standard input), `n` is the 1-based line number. */
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
export async function* readInputs(source: string | Iterable<Doc> | AsyncIterable<Doc>, options: ReadOptions): AsyncGenerator<RawRecord> {
  const { maxBytes } = options;
  if (typeof maxBytes !== 'number' || !Number.isSafeInteger(maxBytes) || maxBytes < 1) {
    throw invalidOption('maxBytes', 'a positive integer', maxBytes);
  }
  if (typeof source === 'string') yield* readPath(source, options);
  else if (isIterable(source)) yield* readItems(source, options.fields ?? DEFAULT_FIELDS);
  else throw new StorylineError('INVALID_SOURCE', `source must be a path or an iterable of documents, got ${typeof source}`);
}

/** Why a file in a corpus folder is not an input, or undefined when it is one. */
export function skipReason(name: string): SkipReason | undefined {
  if (docFileKind(name) !== undefined || jsonlKind(name) !== undefined) return undefined;
  return path.extname(name) === '' ? 'no-extension' : 'unknown-extension';
}

async function* readPath(source: string, options: ReadOptions): AsyncGenerator<RawRecord> {
  const { maxBytes } = options;
  if (STDIN_PATHS.has(source)) {
    yield* readStdinLines(maxBytes, options.signal);
    return;
  }
  let info;
  try {
    info = await stat(source);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : `cannot be read (${String(code)})`;
    throw new StorylineError('INVALID_SOURCE', `corpus path "${source}" ${why}`);
  }

  if (info.isDirectory()) {
    const walk = walkFolder(source, { skipReason, followSymlinks: options.followSymlinks, onSkipped: options.onSkipped });
    for await (const entry of walk) {
      if (entry.kind === 'error') yield entry;
      else if (jsonlKind(entry.name) !== undefined) yield* readJsonlLines(entry.path, entry.rel, maxBytes, 'error');
      else yield readFile(entry.path, entry.rel, maxBytes);
    }
    return;
  }

  const name = path.basename(source);
  if (info.isFile() && jsonlKind(name) !== undefined) {
    yield* readJsonlLines(source, name, maxBytes);
    return;
  }
  if (info.isFile() && docFileKind(name) !== undefined) {
    yield readFile(source, name, maxBytes);
    return;
  }
  throw new StorylineError(
    'INVALID_SOURCE',
    `corpus path "${source}" is neither a folder, a .jsonl/.ndjson file (or .gz), "-" for standard input, nor a .txt/.md/.html file`,
  );
}

function readFile(file: string | Buffer, origin: string, maxBytes: number): RawRecord {
  const read = readFileBytes(file, origin, maxBytes);
  if (!read.ok) return { kind: 'error', error: read.error };
  return { kind: 'input', input: { kind: 'file', origin, size: read.size, bytes: read.bytes } };
}

/**
 * Documents from code are checked like JSONL lines: callers pass data they
 * did not write either. An item that throws when read (a getter, a Proxy)
 * is one error, and so is an iterator that throws: the items before it count.
 */
async function* readItems(items: Iterable<unknown> | AsyncIterable<unknown>, fields: Readonly<FieldNames>): AsyncGenerator<RawRecord> {
  const iterator = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : (items as Iterable<unknown>)[Symbol.iterator]();
  let done = false;
  try {
    for (let index = 0; ; index++) {
      const source = `item ${index}`;
      let step: IteratorResult<unknown>;
      try {
        step = await iterator.next();
      } catch (err) {
        done = true;
        yield { kind: 'error', error: { source, code: 'iterator-failed', message: `${source}: the iterable threw instead of giving it: ${describeThrown(err)}` } };
        return;
      }
      if (step.done === true) {
        done = true;
        return;
      }
      // Awaited as `for await` does, so an item may be a promise of a document.
      let item: unknown;
      try {
        item = await step.value;
      } catch (err) {
        yield { kind: 'error', error: { source, code: 'invalid-item', message: `${source}: reading it threw: ${describeThrown(err)}` } };
        continue;
      }
      yield checkItem(item, source, fields);
    }
  } finally {
    // Stopped early (an abort): let the source close what it holds, as `for await` would.
    if (!done) {
      try {
        await iterator.return?.();
      } catch {
        // The source failing to close changes nothing we report.
      }
    }
  }
}

function checkItem(item: unknown, source: string, fields: Readonly<FieldNames>): RawRecord {
  try {
    const checked = validateDoc(item, fields);
    if (checked.ok) {
      return { kind: 'input', input: { kind: 'doc', doc: { ...checked.doc, origin: source, warnings: checked.warnings } } };
    }
    return { kind: 'error', error: { source, code: checked.code, message: `${source}: ${checked.message}` } };
  } catch (err) {
    return { kind: 'error', error: { source, code: 'invalid-item', message: `${source}: reading it threw: ${describeThrown(err)}` } };
  }
}

function describeThrown(err: unknown): string {
  try {
    return err instanceof Error ? err.message : String(err);
  } catch {
    return 'an exception that cannot be shown';
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
