/**
 * One article file → one document or one error. The read is capped so a
 * stray multi-gigabyte file costs at most `maxBytes` of memory, and every
 * failure becomes an `InputError` so one bad file never stops a corpus.
 */
import { open } from 'node:fs/promises';
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
export async function readDocFile(file: string, origin: string, maxBytes: number): Promise<FileResult> {
  let bytes: Buffer;
  let size: number;
  try {
    ({ bytes, size } = await readCapped(file, maxBytes));
  } catch (err) {
    return { ok: false, error: { source: origin, code: 'unreadable', message: osMessage(err) } };
  }
  return docFromBytes(bytes, size, origin);
}

/** Reads at most `maxBytes` through a file handle, so the rest of a huge file is never loaded. */
export async function readCapped(file: string, maxBytes: number): Promise<{ bytes: Buffer; size: number }> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const want = Math.min(size, maxBytes);
    const bytes = Buffer.allocUnsafe(want);
    let got = 0;
    while (got < want) {
      const { bytesRead } = await handle.read(bytes, got, want - got, got);
      if (bytesRead === 0) break; // shrank since stat
      got += bytesRead;
    }
    return { bytes: bytes.subarray(0, got), size };
  } finally {
    await handle.close();
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
