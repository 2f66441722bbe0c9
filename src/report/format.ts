/**
 * Output formats: `table` for people, `json` for programs, `jsonl` for
 * streams and very large results (one record per line, tagged by `type`).
 *
 * Every format is made as pieces of about one record each, never as one
 * string: the JSON of a million documents is longer than the longest string
 * V8 can make, and one near-duplicate group can have 100,000 members.
 */
import type { Writable } from 'node:stream';
import type { Result } from '../types.js';
import { writePieces } from '../util/pieces.js';
import { tableChunks } from './table.js';

export const FORMATS = ['table', 'json', 'jsonl'] as const;
export type OutputFormat = (typeof FORMATS)[number];

/**
 * The result as text in one string, for small results. A large one (a JSON
 * text over ~500 MB exceeds the longest string V8 can make) is written with
 * `writeResult`, or piece by piece from `formatChunks`.
 */
export function formatResult(result: Result, format: OutputFormat): string {
  return [...formatChunks(result, format)].join('');
}

/**
 * Writes the result to a stream (a file's, a socket, `process.stdout`) in
 * pieces of about a mebibyte, each once the stream has taken the one before,
 * so memory holds one piece whatever the size of the result. The text is
 * exactly `formatResult`'s. Rejects with the stream's error, such as EPIPE
 * when the reader of a pipe has gone. The stream is left open.
 */
export function writeResult(result: Result, format: OutputFormat, stream: Writable): Promise<void> {
  return writePieces(stream, formatChunks(result, format));
}

/**
 * The result as text, in pieces of about one record each (a jsonl line is
 * one piece unless it holds a long array); joined, they are
 * exactly `formatResult`'s text (for json, `JSON.stringify(result, null, 2)`
 * with `inertJson`'s characters escaped, and a newline).
 */
export function* formatChunks(result: Result, format: OutputFormat): Generator<string> {
  switch (format) {
    case 'json':
      for (const piece of jsonPieces(result, '  ', '', true)) yield inertJson(piece);
      yield '\n';
      return;
    case 'jsonl':
      yield* jsonlChunks(result);
      return;
    case 'table':
      yield* tableChunks(result);
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

/**
 * JSON text with the characters JSON leaves raw in strings but that do harm
 * outside a JSON parser written as `\\uXXXX` escapes, which every parser
 * reads back as the same characters: U+0085, U+2028 and U+2029, where
 * readers that split lines by Unicode's rules (Python's `str.splitlines`)
 * cut a record; DEL, the C1 controls (U+009B is a terminal's CSI) and the
 * bidi controls, which act on a terminal that shows the text (`cat
 * out.jsonl`). They occur only inside strings.
 */
export function inertJson(json: string): string {
  return UNSAFE.test(json) ? json.replace(UNSAFE_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
}
const UNSAFE = /[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');

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
