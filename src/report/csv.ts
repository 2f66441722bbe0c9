/**
 * The `csv` format, for spreadsheets: one row per segment (a document with
 * no segment, an empty text, gets one row with the segment's cells empty),
 * documents in id order. RFC 4180: CRLF line ends, a field quoted when it
 * holds a comma, a quote or a line break, quotes doubled.
 *
 * A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to a
 * spreadsheet (`=HYPERLINK(…)` in a scraped title runs when the file is
 * opened): such a cell is written with a leading `'`, which spreadsheets
 * read as "this is text" and do not show.
 */
import type { DocumentResult, Event, Result } from '../types.js';
import { printable } from '../util/printable.js';

export const CSV_COLUMNS = [
  'document',
  'title',
  'source',
  'url',
  'date',
  'bundle',
  'near_duplicate_of',
  'segment',
  'start',
  'end',
  'kind',
  'event',
  'event_label',
  'event_size',
  'snippet',
] as const;

export interface CsvOptions {
  /** Control characters written as visible escapes (`\x1b`), for a terminal. @defaultValue false */
  terminal?: boolean;
}

/** The rows, one piece each, header first. */
export function* csvChunks(result: Result, options: CsvOptions = {}): Generator<string> {
  const cell = options.terminal === true ? (text: string) => field(printable(text)) : field;
  yield CSV_COLUMNS.join(',') + '\r\n';
  const eventOf = new Map<string, Event>();
  for (const e of result.events) eventOf.set(e.id, e);
  for (const d of result.documents) {
    const about = documentCells(d, cell);
    if (d.segments.length === 0) {
      yield `${about},,,,,,,,\r\n`;
      continue;
    }
    for (let i = 0; i < d.segments.length; i++) {
      const s = d.segments[i];
      const event = s.event === null ? undefined : eventOf.get(s.event);
      yield `${about},${i},${s.start},${s.end},${s.kind},${event === undefined ? '' : cell(event.id)},${event === undefined ? '' : cell(event.label)},${event?.members.length ?? ''},${cell(s.snippet ?? '')}\r\n`;
    }
  }
}

function documentCells(d: DocumentResult, cell: (text: string) => string): string {
  return [cell(d.id), cell(d.title ?? ''), cell(d.source ?? ''), cell(d.url ?? ''), d.date ?? '', d.bundle ? 'true' : 'false', cell(d.nearDuplicateOf ?? '')].join(',');
}

/** One text cell: formula-safe, quoted when it must be. */
export function field(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
