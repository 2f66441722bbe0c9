/**
 * Entry point of ingestion: decides what kind of source it was given and
 * applies the rules every source shares (empty-text warning, unique ids), so
 * the readers only deal with their own format. The result is a lazy stream:
 * nothing is read before the consumer asks for the next record.
 */
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { Doc } from '../types.js';
import { StorylineError, invalidOption } from '../errors.js';
import { docFileKind, readDocFile, type FileResult } from './file.js';
import { walkFolder } from './folder.js';
import { IdRegistry } from './ids.js';
import { readJsonl } from './jsonl.js';
import type { IngestOptions, IngestRecord, SourceDoc } from './types.js';
import { validateDoc } from './validate.js';

export type { IngestOptions, IngestRecord, SourceDoc } from './types.js';
export { htmlToText } from './html.js';
export type { HtmlText } from './html.js';
export { decodeBytes } from './decode.js';
export type { Decoded, Encoding } from './decode.js';

export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;

const JSONL_EXTENSIONS = new Set(['.jsonl', '.ndjson']);

/**
 * Streams the documents of a corpus, and one error for each input that could
 * not become a document; every input yields exactly one record.
 *
 * @param source A folder (walked recursively), a `.jsonl`/`.ndjson` file, a
 *   single `.txt`/`.md`/`.html`/`.htm` file, or documents from code.
 * @throws StorylineError `INVALID_SOURCE` (on the first `next()`) when the
 *   path does not exist, is of another kind, or cannot be opened at all;
 *   `INVALID_OPTION` for a bad `maxBytes`.
 */
export async function* ingest(
  source: string | Iterable<Doc> | AsyncIterable<Doc>,
  options: IngestOptions = {},
): AsyncGenerator<IngestRecord> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (typeof maxBytes !== 'number' || !Number.isSafeInteger(maxBytes) || maxBytes < 1) {
    throw invalidOption('maxBytes', 'a positive integer', maxBytes);
  }
  const ids = new IdRegistry();
  for await (const record of readSource(source, maxBytes)) {
    yield record.kind === 'doc' ? { kind: 'doc', doc: finalize(record.doc, ids) } : record;
  }
}

function readSource(source: unknown, maxBytes: number): AsyncGenerator<IngestRecord> {
  if (typeof source === 'string') return readPath(source, maxBytes);
  if (isIterable(source)) return readItems(source);
  throw new StorylineError('INVALID_SOURCE', `source must be a path or an iterable of documents, got ${typeof source}`);
}

async function* readPath(source: string, maxBytes: number): AsyncGenerator<IngestRecord> {
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
      else yield fileRecord(readDocFile(entry.path, entry.rel, maxBytes));
    }
    return;
  }

  const name = path.basename(source);
  if (info.isFile() && JSONL_EXTENSIONS.has(path.extname(name).toLowerCase())) {
    yield* readJsonl(source, maxBytes);
    return;
  }
  if (info.isFile() && docFileKind(name) !== undefined) {
    yield fileRecord(readDocFile(source, name, maxBytes));
    return;
  }
  throw new StorylineError(
    'INVALID_SOURCE',
    `corpus path "${source}" is neither a folder, a .jsonl/.ndjson file, nor a .txt/.md/.html file`,
  );
}

function fileRecord(result: FileResult): IngestRecord {
  return result.ok ? { kind: 'doc', doc: result.doc } : { kind: 'error', error: result.error };
}

/** Documents from code are checked like JSONL lines: callers pass data they did not write either. */
async function* readItems(items: Iterable<unknown> | AsyncIterable<unknown>): AsyncGenerator<IngestRecord> {
  let index = 0;
  for await (const item of items) {
    const source = `item ${index++}`;
    const checked = validateDoc(item);
    if (checked.ok) {
      yield { kind: 'doc', doc: { ...checked.doc, origin: source, warnings: checked.warnings } };
    } else {
      yield { kind: 'error', error: { source, code: checked.code, message: `${source}: ${checked.message}` } };
    }
  }
}

/** The rules that hold whatever the source: empty text is flagged, ids are made unique. */
function finalize(doc: SourceDoc, ids: IdRegistry): SourceDoc {
  if (doc.text.trim() === '') {
    doc.warnings.push({
      code: 'empty',
      message: doc.text === '' ? 'the document has no text' : 'the document holds only whitespace',
    });
  }
  const claimed = ids.claim(doc.id, doc.origin);
  if (claimed.warning !== undefined) {
    doc.id = claimed.id;
    doc.warnings.push(claimed.warning);
  }
  return doc;
}

function isIterable(value: unknown): value is Iterable<unknown> | AsyncIterable<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    (typeof (value as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function' ||
      typeof (value as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function')
  );
}
