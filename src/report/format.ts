/**
 * Output formats: `table` for a terminal, `html` for a person with a
 * browser, `json` for programs, `jsonl` for streams and very large results
 * (one record per line, tagged by `type`), `csv` for spreadsheets.
 *
 * Every format is made as pieces of about one record each, never as one
 * string: the JSON of a million documents is longer than the longest string
 * V8 can make, and one near-duplicate group can have 100,000 members.
 */
import type { Writable } from 'node:stream';
import type { Result } from '../types.js';
import { writePieces } from '../util/pieces.js';
import { inertJson } from './json-text.js';

export { inertJson } from './json-text.js';
import { csvChunks } from './csv.js';
import { htmlChunks, type HtmlOptions } from './html.js';
import { tableChunks, type TableOptions } from './table.js';

export const FORMATS = ['table', 'json', 'jsonl', 'csv', 'html'] as const;
export type OutputFormat = (typeof FORMATS)[number];

/** How a format is written; each format reads the options that concern it. */
export interface FormatOptions extends TableOptions, HtmlOptions {
  /** The output is a terminal: csv writes control characters as visible escapes (the other formats always do). */
  terminal?: boolean;
}

/**
 * The result as text in one string, for small results. A large one (a JSON
 * text over ~500 MB exceeds the longest string V8 can make) is written with
 * `writeResult`, or piece by piece from `formatChunks`.
 */
export function formatResult(result: Result, format: OutputFormat, options: FormatOptions = {}): string {
  return [...formatChunks(result, format, options)].join('');
}

/**
 * Writes the result to a stream (a file's, a socket, `process.stdout`) in
 * pieces of about a mebibyte, each once the stream has taken the one before,
 * so memory holds one piece whatever the size of the result. The text is
 * exactly `formatResult`'s. Rejects with the stream's error, such as EPIPE
 * when the reader of a pipe has gone. The stream is left open.
 */
export function writeResult(result: Result, format: OutputFormat, stream: Writable, options: FormatOptions = {}): Promise<void> {
  return writePieces(stream, formatChunks(result, format, options));
}

/**
 * The result as text, in pieces of about one record each (a jsonl line is
 * one piece unless it holds a long array); joined, they are
 * exactly `formatResult`'s text (for json, `JSON.stringify(result, null, 2)`
 * with `inertJson`'s characters escaped, and a newline).
 */
export function* formatChunks(result: Result, format: OutputFormat, options: FormatOptions = {}): Generator<string> {
  switch (format) {
    case 'json':
      for (const piece of jsonPieces(result, '  ', '', true)) yield inertJson(piece);
      yield '\n';
      return;
    case 'jsonl':
      yield* jsonlChunks(result);
      return;
    case 'table':
      yield* tableChunks(result, options);
      return;
    case 'csv':
      yield* csvChunks(result, options);
      return;
    case 'html':
      yield* htmlChunks(result, options);
  }
}

function* jsonlChunks(result: Result): Generator<string> {
  yield* jsonlLines('document', result.documents);
  yield* jsonlLines('nearDuplicateGroup', result.nearDuplicateGroups);
  yield* jsonlLines('containment', result.containments);
  yield* jsonlLines('event', result.events);
  yield* jsonlLines('error', result.errors);
  yield* jsonlLines('summary', [result.summary]);
}

/** One line per item, tagged by `type`. */
function* jsonlLines(type: string, items: readonly object[]): Generator<string> {
  for (const item of items) {
    if (!holdsLongArray(item)) {
      yield inertJson(JSON.stringify({ type, ...item })) + '\n';
      continue;
    }
    for (const piece of jsonPieces({ type, ...item }, '', '', false)) yield inertJson(piece);
    yield '\n';
  }
}

/** Arrays longer than this are written element by element wherever they are (a group's members and pairs, an event's members). */
const LONG_ARRAY = 1000;

/**
 * `JSON.stringify(value, null, gap)` as pieces, for the plain data of a
 * Result. Arrays are written element by element; an object field by field
 * when `split` or when it holds a long array; anything else, such as one
 * document, by one `JSON.stringify`. `indent` is the indentation of the
 * line the value starts on.
 */
function* jsonPieces(value: unknown, gap: string, indent: string, split: boolean): Generator<string> {
  const inner = indent + gap;
  const open = gap === '' ? '' : `\n${inner}`;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let i = 0; i < value.length; i++) {
      const element: unknown = value[i];
      const separator = i === 0 ? open : `,${open}`;
      // JSON.stringify writes an array's unwritable elements (undefined, functions) as null.
      if (!isWritable(element)) yield `${separator}null`;
      else if (inPieces(element, false)) {
        yield separator;
        yield* jsonPieces(element, gap, inner, false);
      } else yield separator + stringified(element, gap, inner); // most elements: no generator of their own
    }
    yield gap === '' ? ']' : `\n${indent}]`;
    return;
  }
  if (inPieces(value, split)) {
    const keys = Object.keys(value).filter((key) => isWritable((value as Record<string, unknown>)[key]));
    if (keys.length === 0) {
      yield '{}';
      return;
    }
    yield '{';
    for (let i = 0; i < keys.length; i++) {
      yield `${i === 0 ? open : `,${open}`}${JSON.stringify(keys[i])}${gap === '' ? ':' : ': '}`;
      yield* jsonPieces((value as Record<string, unknown>)[keys[i]], gap, inner, false);
    }
    yield gap === '' ? '}' : `\n${indent}}`;
    return;
  }
  yield stringified(value, gap, indent);
}

/** Whether `jsonPieces` writes the value in pieces rather than by one JSON.stringify. */
function inPieces(value: unknown, split: boolean): value is object {
  if (Array.isArray(value)) return true;
  return value !== null && typeof value === 'object' && !('toJSON' in value) && (split || holdsLongArray(value));
}

function stringified(value: unknown, gap: string, indent: string): string {
  const text = JSON.stringify(value, null, gap);
  return gap !== '' && indent !== '' ? text.replace(/\n/g, `\n${indent}`) : text;
}

/** Whether JSON.stringify writes an object field with this value (it leaves out undefined, functions and symbols). */
function isWritable(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

function holdsLongArray(object: object): boolean {
  for (const key in object) {
    const field = (object as Record<string, unknown>)[key];
    if (Array.isArray(field) && field.length > LONG_ARRAY) return true;
  }
  return false;
}
