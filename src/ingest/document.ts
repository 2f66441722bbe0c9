/**
 * The understanding half of ingestion: one raw input (inputs.ts) becomes
 * one document or one error. Pure and per input, so it runs wherever the
 * input lands: on a feature worker in a pipeline run, inline in `ingest()`.
 * Only what needs the whole stream (unique ids) is left to the caller.
 */
import { parseDate } from '../features/dates.js';
import { docFromBytes } from './file.js';
import type { RawInput } from './inputs.js';
import { parseLine } from './jsonl.js';
import { DEFAULT_FIELDS, type FieldNames, type IngestRecord, type SourceDoc } from './types.js';

/** The input as a record; undefined for a blank JSONL line, which is not an input at all. */
export function toDocument(input: RawInput, fields: Readonly<FieldNames> = DEFAULT_FIELDS): IngestRecord | undefined {
  let record: IngestRecord | undefined;
  if (input.kind === 'line') {
    record = parseLine({ n: input.n, bytes: Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength) }, input.name, fields);
  } else if (input.kind === 'file') {
    const result = docFromBytes(input.bytes, input.size, input.origin);
    record = result.ok ? { kind: 'doc', doc: result.doc } : { kind: 'error', error: result.error };
  } else {
    record = { kind: 'doc', doc: input.doc };
  }
  if (record?.kind === 'doc') {
    flagEmpty(record.doc);
    checkDate(record.doc);
  }
  return record;
}

/** Empty text is still a document (every input is accounted for), but a flagged one. */
function flagEmpty(doc: SourceDoc): void {
  if (doc.text.trim() !== '') return;
  doc.warnings.push({
    code: 'empty',
    message: doc.text === '' ? 'the document has no text' : 'the document holds only whitespace',
  });
}

/**
 * A date that cannot be read is dropped with a warning: a wrong guess would
 * hold two reports of one event apart, or put reports of two together.
 * A blank date is no date, and says nothing.
 */
function checkDate(doc: SourceDoc): void {
  if (doc.date === undefined || !Number.isNaN(parseDate(doc.date))) return;
  if (doc.date.trim() !== '') {
    const shown = doc.date.length > 60 ? `${doc.date.slice(0, 60)}…` : doc.date;
    doc.warnings.push({
      code: 'invalid-date',
      message: `the date ${JSON.stringify(shown)} is not a calendar date storyline reads (years 0000 to 9999, such as 2023-01-31 or 31 January 2023); ignored`,
    });
  }
  delete doc.date;
}
