/**
 * Writing the CLI's output. A file is never seen half-written: the data
 * goes to a temporary file next to it, which is renamed over the target
 * only when complete, and removed on any failure or abort.
 *
 * The output comes as pieces (`formatChunks`), never as one string: the JSON
 * of a million documents is longer than the longest string V8 can make.
 */
import { rmSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** Pieces are gathered to about this many characters per write: one write per record would be a million system calls. */
const WRITE_CHARS = 1 << 20;

export function tempPathFor(path: string): string {
  return `${path}.${process.pid}.tmp`;
}

/** The pieces joined into strings of about `size` characters (a piece is never cut). */
export function* gathered(pieces: Iterable<string>, size = WRITE_CHARS): Generator<string> {
  let parts: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    parts.push(piece);
    length += piece.length;
    if (length >= size) {
      yield parts.join('');
      parts = [];
      length = 0;
    }
  }
  if (parts.length > 0) yield parts.join('');
}

/** @throws the abort reason if `signal` aborts before the rename; the target is then untouched. */
export async function writeAtomically(path: string, data: string | Iterable<string>, signal?: AbortSignal): Promise<void> {
  const temp = tempPathFor(path);
  try {
    await writeFile(temp, typeof data === 'string' ? data : gathered(data), { signal });
    signal?.throwIfAborted();
    await rename(temp, path);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

/** Writes the pieces to a stream (stdout), waiting whenever its buffer is full, so memory holds one gathered piece at a time. */
export async function writeStream(stream: Writable, pieces: Iterable<string>): Promise<void> {
  for (const text of gathered(pieces)) if (!stream.write(text)) await once(stream, 'drain');
}
