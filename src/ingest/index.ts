/**
 * Entry point of ingestion: reads a source's inputs (inputs.ts), turns each
 * into a document or an error (document.ts) and makes ids unique, so the
 * readers only deal with their own format. The result is a lazy stream:
 * nothing is read before the consumer asks for the next record.
 *
 * The pipeline does not call this: it reads inputs on the main thread and
 * lets the feature workers run `toDocument` (features/collect.ts), with
 * the same ids rule applied in the same order.
 */
import type { Doc } from '../types.js';
import { toDocument } from './document.js';
import { IdRegistry } from './ids.js';
import { DEFAULT_MAX_BYTES, readInputs, type RawRecord } from './inputs.js';
import { DEFAULT_FIELDS, type FieldNames, type IngestOptions, type IngestRecord, type SourceDoc } from './types.js';

export type { FieldNames, IngestOptions, IngestRecord, SourceDoc } from './types.js';
export { htmlToText } from './html.js';
export type { HtmlText } from './html.js';
export { decodeBytes } from './decode.js';
export type { Decoded, Encoding } from './decode.js';
export { DEFAULT_MAX_BYTES } from './inputs.js';

/**
 * Streams the documents of a corpus, and one error for each input that could
 * not become a document; every input yields exactly one record.
 *
 * @param source A folder (walked recursively), a `.jsonl`/`.ndjson` file
 *   (or `.gz`), `-` for JSONL on standard input, a single
 *   `.txt`/`.md`/`.html`/`.htm` file, or documents from code.
 * @throws StorylineError `INVALID_SOURCE` (on the first `next()`) when the
 *   path does not exist, is of another kind, or cannot be opened at all;
 *   `INVALID_OPTION` for a bad `maxBytes`.
 */
export async function* ingest(
  source: string | Iterable<Doc> | AsyncIterable<Doc>,
  options: IngestOptions = {},
): AsyncGenerator<IngestRecord> {
  const fields = { ...DEFAULT_FIELDS, ...options.fields };
  yield* documentsOf(readInputs(source, { maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES, followSymlinks: options.followSymlinks, fields }), fields);
}

/** Raw records (as read, or kept from a read) turned into documents and errors, ids made unique as the pipeline makes them. */
export async function* documentsOf(records: AsyncIterable<RawRecord> | Iterable<RawRecord>, fields: Readonly<FieldNames>): AsyncGenerator<IngestRecord> {
  const ids = new IdRegistry();
  for await (const raw of records) {
    const record = raw.kind === 'input' ? toDocument(raw.input, fields) : raw;
    if (record?.kind === 'doc') claimId(record.doc, ids);
    if (record !== undefined) yield record;
  }
}

/** Ids must be unique whatever the source: a later holder of a taken id is renamed, with a warning. */
export function claimId(doc: Pick<SourceDoc, 'id' | 'origin' | 'warnings'>, ids: IdRegistry): void {
  const claimed = ids.claim(doc.id, doc.origin);
  if (claimed.warning !== undefined) {
    doc.id = claimed.id;
    doc.warnings.push(claimed.warning);
  }
}
