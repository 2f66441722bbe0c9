/**
 * JSONL / NDJSON corpora. Exports run to many gigabytes, so the file is
 * streamed in fixed-size chunks and split on newline bytes here; at most one
 * line of `maxBytes` is ever buffered, and an over-long line is skipped
 * byte-wise rather than collected. Every line is judged on its own: one bad
 * line becomes one error and the rest of the file still counts. A `.gz`
 * file is decompressed as it streams; standard input is read the same way.
 */
import { isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { addAbortSignal, pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { StorylineError } from '../errors.js';
import { firstInvalidUtf8 } from './decode.js';
import { osMessage } from './file.js';
import type { RawRecord } from './inputs.js';
import { DEFAULT_FIELDS, type FieldNames, type IngestRecord } from './types.js';
import { validateDoc } from './validate.js';

/** Bytes read at a time: fewer reads, and fewer lines that span two of them. */
const CHUNK_BYTES = 1024 * 1024;

export type Line =
  /** 1-based line number and the line's bytes without its `\n`. */
  | { n: number; bytes: Buffer }
  | { n: number; tooLong: true; length: number };

/**
 * Splits a byte stream into lines (on `\n`; a trailing `\r` is removed), and
 * reports lines longer than `maxBytes` by length only. A last line without a
 * newline still counts. A line's bytes are valid until the next line is
 * asked for: a line inside one chunk is a view of it, and one that spans
 * chunks is gathered (one copy) in a buffer reused from line to line, which
 * never holds more than maxBytes + 1 bytes.
 */
export async function* splitLines(chunks: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Line> {
  let pending = Buffer.allocUnsafe(0);
  /** Bytes of the current line so far, counted on past maxBytes. */
  let length = 0;
  /** Bytes of the current line in `pending`. */
  let gathered = 0;
  let overflow = false;
  let n = 0;

  const finish = (bytes: Buffer): Line => {
    n++;
    if (overflow) return { n, tooLong: true, length };
    if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    if (bytes.length > maxBytes) return { n, tooLong: true, length };
    return { n, bytes };
  };
  const gather = (piece: Uint8Array): void => {
    length += piece.length;
    if (overflow) return;
    // One byte of slack for the `\r` of a `\r\n` ending, which does not count.
    if (length > maxBytes + 1) {
      overflow = true;
      gathered = 0;
      return;
    }
    if (gathered + piece.length > pending.length) {
      const grown = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(2 * pending.length, gathered + piece.length, 4096)));
      pending.copy(grown, 0, 0, gathered);
      pending = grown;
    }
    pending.set(piece, gathered);
    gathered += piece.length;
  };

  for await (const chunk of chunks) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(0x0a, start);
      if (nl === -1) {
        // The chunk's memory may be reused by the reader: what is left of it is gathered.
        if (start < buf.length) gather(buf.subarray(start));
        break;
      }
      let line: Buffer;
      if (length === 0) {
        // The whole line is in this chunk: no copy.
        line = buf.subarray(start, nl);
        length = line.length;
        overflow = length > maxBytes + 1;
      } else {
        gather(buf.subarray(start, nl));
        line = pending.subarray(0, gathered);
      }
      yield finish(line);
      length = 0;
      gathered = 0;
      overflow = false;
      start = nl + 1;
    }
  }
  if (length > 0 || overflow) yield finish(pending.subarray(0, gathered));
}

/** A file's bytes, one reused buffer at a time. */
async function* readChunks(handle: FileHandle): AsyncGenerator<Uint8Array> {
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
    if (bytesRead === 0) return;
    yield buffer.subarray(0, bytesRead);
  }
}

const JSONL_NAME = /\.(?:jsonl|ndjson)(\.gz)?$/i;

/** Whether a file of this name is JSONL, and whether it is gzip-compressed; undefined when it is not JSONL. */
export function jsonlKind(name: string): 'plain' | 'gzip' | undefined {
  const m = JSONL_NAME.exec(name);
  return m === null ? undefined : m[1] !== undefined ? 'gzip' : 'plain';
}

/**
 * Turns one line into a record. Pure.
 * @param name The file's name, for `name:LINE` sources.
 */
export function parseLine(line: Line, name: string, fields: Readonly<FieldNames> = DEFAULT_FIELDS): IngestRecord | undefined {
  const source = `${name}:${line.n}`;
  const error = (code: string, message: string): IngestRecord => ({
    kind: 'error',
    error: { source, code, message: `line ${line.n}: ${message}` },
  });

  if ('tooLong' in line) {
    return error('line-too-long', `line is ${line.length} bytes, more than maxBytes; skipped`);
  }
  let bytes = line.bytes;
  if (line.n === 1 && bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    bytes = bytes.subarray(3);
  }
  if (!isUtf8(bytes)) {
    return error('invalid-utf8', `invalid UTF-8 at byte ${firstInvalidUtf8(bytes)} of the line`);
  }
  const text = bytes.toString('utf8');
  if (text.trim() === '') return undefined;

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return error('malformed-json', osMessage(err));
  }
  // A number is kept as written: JSON.parse rounds 1580000000000000001 to ...000, and two such ids would merge.
  const record = value as Record<string, unknown>;
  if (typeof value === 'object' && value !== null && typeof record[fields.id] === 'number') {
    const parsed = record[fields.id];
    const written = memberText(text, fields.id, (t) => Number(t) === parsed);
    if (written !== undefined) record[fields.id] = written;
  }
  const checked = validateDoc(value, fields);
  if (!checked.ok) return error(checked.code, checked.message);
  return { kind: 'doc', doc: { ...checked.doc, origin: source, warnings: checked.warnings } };
}

/**
 * The text of the value of the top-level member `key` of a JSON object, as
 * written (the last one, as JSON.parse takes the last of repeated keys), or
 * undefined. `json` must be valid JSON.
 *
 * @param enough Stops at the first value it holds for, so a line whose id
 *   comes first is not scanned to its end (repeated keys are rare).
 */
export function memberText(json: string, key: string, enough?: (text: string) => boolean): string | undefined {
  let found: string | undefined;
  let i = skipSpace(json, 0);
  if (json[i] !== '{') return undefined;
  i = skipSpace(json, i + 1);
  while (json[i] === '"') {
    const keyEnd = stringEnd(json, i);
    const raw = json.slice(i + 1, keyEnd - 1);
    const name = raw.includes('\\') ? (JSON.parse(json.slice(i, keyEnd)) as string) : raw;
    const from = skipSpace(json, skipSpace(json, keyEnd) + 1); // past the ':'
    const to = valueEnd(json, from);
    if (name === key) {
      found = json.slice(from, to);
      if (enough?.(found) === true) return found;
    }
    i = skipSpace(json, to);
    if (json[i] !== ',') break;
    i = skipSpace(json, i + 1);
  }
  return found;
}

function skipSpace(json: string, i: number): number {
  while (i < json.length && (json[i] === ' ' || json[i] === '\t' || json[i] === '\n' || json[i] === '\r')) i++;
  return i;
}

/** Index just past the string that opens at `i` (a `"`). */
function stringEnd(json: string, i: number): number {
  for (let q = json.indexOf('"', i + 1); q !== -1; q = json.indexOf('"', q + 1)) {
    let slashes = 0;
    while (json[q - 1 - slashes] === '\\') slashes++;
    if (slashes % 2 === 0) return q + 1;
  }
  return json.length;
}

/** Index just past the value that starts at `i`. */
function valueEnd(json: string, i: number): number {
  const c = json[i];
  if (c === '"') return stringEnd(json, i);
  if (c === '{' || c === '[') {
    let depth = 0;
    while (i < json.length) {
      const d = json[i];
      if (d === '"') {
        i = stringEnd(json, i);
        continue;
      }
      if (d === '{' || d === '[') depth++;
      else if ((d === '}' || d === ']') && --depth === 0) return i + 1;
      i++;
    }
    return i;
  }
  while (i < json.length && !',}] \t\n\r'.includes(json[i])) i++;
  return i;
}

/**
 * Streams the lines of a JSONL file (gzip-compressed when its name ends in
 * `.gz`) as raw inputs, for `toDocument` to parse; an over-long line is an
 * error at once (its bytes were never kept). A read failure or corrupt
 * compressed data part-way is one error after the lines already read.
 *
 * @param name How lines are named in sources (`name:LINE`).
 * @param unopenable `throw`: a file that cannot be opened throws
 *   `INVALID_SOURCE` (it is the corpus); `error`: it is one `unreadable`
 *   error (it is a file in a corpus folder).
 */
export async function* readJsonlLines(
  file: string | Buffer,
  name: string,
  maxBytes: number,
  unopenable: 'throw' | 'error' = 'throw',
): AsyncGenerator<RawRecord> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    if (unopenable === 'throw') throw new StorylineError('INVALID_SOURCE', `cannot read the corpus file "${name}": ${osMessage(err)}`);
    yield { kind: 'error', error: { source: name, code: 'unreadable', message: osMessage(err) } };
    return;
  }
  try {
    if (jsonlKind(name) === 'gzip') {
      yield* linesOf(pipeline(handle.createReadStream({ autoClose: false, highWaterMark: CHUNK_BYTES }), createGunzip(), () => {}), name, maxBytes);
    } else {
      yield* linesOf(readChunks(handle), name, maxBytes);
    }
  } finally {
    await handle.close();
  }
}

/**
 * Streams JSONL from standard input (`-`). `signal` ends the read: a pipe
 * that never sends would otherwise keep the process alive after an abort.
 */
export async function* readStdinLines(maxBytes: number, signal?: AbortSignal): AsyncGenerator<RawRecord> {
  const stdin: Readable = process.stdin;
  if (signal !== undefined) addAbortSignal(signal, stdin);
  yield* linesOf(stdin, 'stdin', maxBytes);
}

async function* linesOf(chunks: AsyncIterable<Uint8Array>, name: string, maxBytes: number): AsyncGenerator<RawRecord> {
  let last = 0;
  try {
    for await (const line of splitLines(chunks, maxBytes)) {
      last = line.n;
      if ('tooLong' in line) {
        const tooLong = parseLine(line, name);
        if (tooLong?.kind === 'error') yield tooLong;
      } else yield { kind: 'input', input: { kind: 'line', name, n: line.n, bytes: line.bytes } };
    }
  } catch (err) {
    const zlib = /^Z_/.test(String((err as NodeJS.ErrnoException).code));
    const message = zlib ? `gzip data is corrupt after ${last} lines: ${osMessage(err)}` : osMessage(err);
    yield { kind: 'error', error: { source: name, code: zlib ? 'corrupt-gzip' : 'unreadable', message } };
  }
}
