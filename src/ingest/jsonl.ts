/**
 * JSONL / NDJSON corpora. Exports run to many gigabytes, so the file is
 * streamed in fixed-size chunks and split on newline bytes here; at most one
 * line of `maxBytes` is ever buffered, and an over-long line is skipped
 * byte-wise rather than collected. Every line is judged on its own: one bad
 * line becomes one error and the rest of the file still counts.
 */
import { isUtf8 } from 'node:buffer';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { StorylineError } from '../errors.js';
import { firstInvalidUtf8 } from './decode.js';
import { osMessage } from './file.js';
import type { RawRecord } from './inputs.js';
import type { IngestRecord } from './types.js';
import { validateDoc } from './validate.js';

const CHUNK_BYTES = 64 * 1024;

export type Line =
  /** 1-based line number and the line's bytes without its `\n`. */
  | { n: number; bytes: Buffer }
  | { n: number; tooLong: true; length: number };

/**
 * Splits a byte stream into lines (on `\n`; a trailing `\r` is removed), and
 * reports lines longer than `maxBytes` by length only. A last line without a
 * newline still counts.
 */
export async function* splitLines(chunks: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let length = 0;
  let overflow = false;
  let n = 0;

  const finish = (): Line => {
    n++;
    if (overflow) return { n, tooLong: true, length };
    let bytes = parts.length === 1 ? parts[0] : Buffer.concat(parts, length);
    if (bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    if (bytes.length > maxBytes) return { n, tooLong: true, length };
    return { n, bytes };
  };
  const add = (piece: Buffer): void => {
    length += piece.length;
    if (overflow) return;
    // One byte of slack for the `\r` of a `\r\n` ending, which does not count.
    if (length > maxBytes + 1) {
      overflow = true;
      parts = [];
      return;
    }
    if (piece.length > 0) parts.push(piece);
  };

  for await (const chunk of chunks) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(0x0a, start);
      if (nl === -1) {
        // The chunk's memory may be reused by the reader, so keep a copy.
        if (start < buf.length) add(Buffer.from(buf.subarray(start)));
        break;
      }
      add(buf.subarray(start, nl));
      yield finish();
      parts = [];
      length = 0;
      overflow = false;
      start = nl + 1;
    }
  }
  if (length > 0 || overflow) yield finish();
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

/**
 * Turns one line into a record. Pure.
 * @param name The file's base name, for `name:LINE` sources.
 */
export function parseLine(line: Line, name: string): IngestRecord | undefined {
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
  const checked = validateDoc(value);
  if (!checked.ok) return error(checked.code, checked.message);
  return { kind: 'doc', doc: { ...checked.doc, origin: source, warnings: checked.warnings } };
}

/**
 * Streams the lines of a JSONL file as raw inputs, for `toDocument` to
 * parse; an over-long line is an error at once (its bytes were never kept).
 * Throws `INVALID_SOURCE` if the file cannot be opened; a read failure
 * part-way is reported as one `unreadable` error after the lines already read.
 */
export async function* readJsonlLines(file: string, maxBytes: number): AsyncGenerator<RawRecord> {
  const name = path.basename(file);
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (err) {
    throw new StorylineError('INVALID_SOURCE', `cannot read the corpus file "${file}": ${osMessage(err)}`);
  }
  try {
    for await (const line of splitLines(readChunks(handle), maxBytes)) {
      if ('tooLong' in line) {
        const tooLong = parseLine(line, name);
        if (tooLong?.kind === 'error') yield tooLong;
      } else yield { kind: 'input', input: { kind: 'line', name, n: line.n, bytes: line.bytes } };
    }
  } catch (err) {
    yield { kind: 'error', error: { source: name, code: 'unreadable', message: osMessage(err) } };
  } finally {
    await handle.close();
  }
}
