/**
 * The report's second look at the corpus. The analysis keeps no text (a
 * million articles would not fit), so what a person reads in a report
 * (segment snippets, a bundle's text, a copy beside its original) is read
 * again from the source once the result is known, one document at a time.
 */
import { StorylineError } from '../errors.js';
import { documentsOf } from '../ingest/index.js';
import { readInputs, STDIN_PATHS, type RawRecord } from '../ingest/inputs.js';
import type { FieldNames } from '../ingest/types.js';
import type { Doc, DocumentResult, Result } from '../types.js';

export interface ReadBackHow {
  /** Give each segment of every document (true) or of those picked its `snippet`. */
  snippets: boolean | ((doc: DocumentResult) => boolean);
  /** Documents whose whole text is kept (an HTML report's bundles and copies). */
  keep?: (doc: DocumentResult) => boolean;
}

export interface SecondReadOptions {
  maxBytes: number;
  followSymlinks: boolean;
  fields: Readonly<FieldNames>;
}

type Source = string | Iterable<Doc> | AsyncIterable<Doc>;

/** Whether the source can be read again from the start: a path other than standard input, or an array. */
export function readableTwice(source: Source): boolean {
  return typeof source === 'string' ? !STDIN_PATHS.has(source) : Array.isArray(source);
}

/** The records of a second read: the source again, or the records kept from the first read (`keptRecord`). */
export function secondRead(source: Source, kept: readonly RawRecord[] | undefined, options: SecondReadOptions): AsyncIterable<RawRecord> | Iterable<RawRecord> {
  if (kept !== undefined) return kept;
  return readInputs(source, { maxBytes: options.maxBytes, followSymlinks: options.followSymlinks, fields: options.fields });
}

/** A record as read, with a copy of bytes that belong to the reader's buffer, so it can be kept. */
export function keptRecord(record: RawRecord): RawRecord {
  if (record.kind === 'input' && record.input.kind === 'line') return { kind: 'input', input: { ...record.input, bytes: Buffer.from(record.input.bytes) } };
  return record;
}

/**
 * Reads the documents again: gives segments their snippets (`how.snippets`)
 * and returns the texts `how.keep` asks for, by id.
 * @param lengths each document's text length as the analysis read it, by id
 * @throws StorylineError `SOURCE_CHANGED` when a document's text is not as
 *   long as the analysis found it, or a document is missing.
 */
export async function readBack(
  records: AsyncIterable<RawRecord> | Iterable<RawRecord>,
  fields: Readonly<FieldNames>,
  result: Result,
  lengths: ReadonlyMap<string, number>,
  how: ReadBackHow,
): Promise<Map<string, string>> {
  const byId = new Map<string, DocumentResult>();
  for (const doc of result.documents) byId.set(doc.id, doc);
  const texts = new Map<string, string>();
  let seen = 0;
  for await (const record of documentsOf(records, fields)) {
    if (record.kind !== 'doc') continue;
    // A document no worker could analyse is in `errors`, not in `documents`.
    const doc = byId.get(record.doc.id);
    if (doc === undefined) continue;
    const text = record.doc.text;
    if (lengths.get(doc.id) !== text.length) throw changed(record.doc.origin);
    seen++;
    if (how.snippets === true || (how.snippets !== false && how.snippets(doc))) for (const s of doc.segments) s.snippet = snippetOf(text, s.start, s.end);
    if (how.keep?.(doc) === true) texts.set(doc.id, text);
  }
  if (seen !== result.documents.length) throw changed('the corpus');
  return texts;
}

function changed(what: string): StorylineError {
  return new StorylineError('SOURCE_CHANGED', `${what} changed while storyline read it (its text is not the one analysed); run it again`);
}

/** Characters a snippet shows at most, before its `…`. */
export const SNIPPET_LENGTH = 160;

/**
 * The first words of `text[start, end)`: white space collapsed to single
 * spaces, cut at a word's end when longer than `SNIPPET_LENGTH` (mid-word
 * only when one word is that long), with `…` when cut.
 */
export function snippetOf(text: string, start: number, end: number, length = SNIPPET_LENGTH): string {
  // Enough raw text for `length` characters unless white space runs are long; collapsing needs no more.
  let raw = text.slice(start, Math.min(end, start + 4 * length + 64));
  let collapsed = raw.replace(/\s+/g, ' ').trim();
  if (collapsed.length <= length && raw.length < end - start) {
    raw = text.slice(start, end);
    collapsed = raw.replace(/\s+/g, ' ').trim();
  }
  if (collapsed.length <= length) return collapsed;
  let cut = collapsed.lastIndexOf(' ', length);
  if (cut <= 0) cut = isLowSurrogate(collapsed.charCodeAt(length)) ? length - 1 : length;
  return `${collapsed.slice(0, cut)}…`;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
