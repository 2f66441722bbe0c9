/**
 * One article file → one document or one error. The read is capped so a
 * stray multi-gigabyte file costs at most `maxBytes` of memory, and every
 * failure becomes an `InputError` so one bad file never stops a corpus.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import * as path from 'node:path';
import type { DocWarning, InputError } from '../types.js';
import { decodeBytes } from './decode.js';
import { htmlToText } from './html.js';
import type { SourceDoc } from './types.js';

export type DocFileKind = 'text' | 'html';

const KINDS = new Map<string, DocFileKind>([
  ['.txt', 'text'],
  ['.md', 'text'],
  ['.html', 'html'],
  ['.htm', 'html'],
]);

/** The kind of article a file name denotes, or undefined for files that are not articles. */
export function docFileKind(name: string): DocFileKind | undefined {
  return KINDS.get(path.extname(name).toLowerCase());
}

export type FileResult = { ok: true; doc: SourceDoc } | { ok: false; error: InputError };

/**
 * @param file Path to open.
 * @param origin How the file is named in docs and errors (relative to the corpus).
 */
export function readDocFile(file: string | Buffer, origin: string, maxBytes: number): FileResult {
  const read = readFileBytes(file, origin, maxBytes);
  return read.ok ? docFromBytes(read.bytes, read.size, origin) : read;
}

export type BytesResult = { ok: true; bytes: Buffer; size: number } | { ok: false; error: InputError };

/** A file's first `maxBytes` bytes and its full size, or why it cannot be read. */
export function readFileBytes(file: string | Buffer, origin: string, maxBytes: number): BytesResult {
  let read: CappedRead;
  try {
    read = readCapped(file, maxBytes);
  } catch (err) {
    return { ok: false, error: { source: origin, code: 'unreadable', message: osMessage(err) } };
  }
  if (read.notRegular !== undefined) {
    return { ok: false, error: { source: origin, code: 'not-a-file', message: `is ${read.notRegular}, not a regular file` } };
  }
  return { ok: true, bytes: read.bytes, size: read.size };
}

export interface CappedRead {
  bytes: Buffer;
  /** The file's full size. */
  size: number;
  /** What the path is when it is not a regular file (which is then not read at all). */
  notRegular?: string;
}

/**
 * Reads at most `maxBytes`, so the rest of a huge file is never loaded.
 *
 * Synchronous on purpose: an async read costs four thread-pool round trips
 * (open, stat, read, close), which made a folder of 100,000 small files take
 * ten times longer than the reading itself, and the main thread has nothing
 * else to do meanwhile (features are computed on worker threads). Opened
 * non-blocking, so a pipe that replaced a file since the walk cannot hang us.
 */
export function readCapped(file: string | Buffer, maxBytes: number): CappedRead {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) {
      return { bytes: Buffer.alloc(0), size: 0, notRegular: info.isDirectory() ? 'a folder' : 'a device, pipe or socket' };
    }
    const want = Math.min(info.size, maxBytes);
    const bytes = Buffer.allocUnsafe(want);
    let got = 0;
    while (got < want) {
      const bytesRead = readSync(fd, bytes, got, want - got, got);
      if (bytesRead === 0) break; // shrank since stat
      got += bytesRead;
    }
    return { bytes: bytes.subarray(0, got), size: info.size };
  } finally {
    closeSync(fd);
  }
}

/**
 * @param size The file's full size; more than `bytes.length` means the read was cut short.
 * @param origin The file's name relative to the corpus; gives the id and the file kind.
 */
export function docFromBytes(bytes: Uint8Array, size: number, origin: string): FileResult {
  const truncated = size > bytes.length;
  const decoded = decodeBytes(bytes, { truncated });
  if (!decoded.ok) return { ok: false, error: { source: origin, code: decoded.code, message: decoded.message } };

  const name = path.posix.basename(origin);
  const id = name.slice(0, name.length - path.extname(name).length);
  const warnings: DocWarning[] = [...decoded.warnings];
  if (truncated) {
    warnings.push({
      code: 'truncated',
      message: `file is ${size} bytes; only the first ${decoded.bytesUsed} were read (cut at byte ${decoded.bytesUsed})`,
    });
  }

  if (docFileKind(name) === 'html') {
    const html = htmlToText(decoded.text);
    const doc: SourceDoc = { id, text: html.text, origin, warnings };
    if (html.title !== undefined) doc.title = html.title;
    if (html.date !== undefined) doc.date = html.date;
    return { ok: true, doc };
  }
  return { ok: true, doc: { id, text: decoded.text, origin, warnings } };
}

export function osMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
