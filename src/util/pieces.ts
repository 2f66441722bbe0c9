/**
 * Writing text that comes as pieces (one record each, say) to a stream:
 * gathered into strings of about a mebibyte, so a million records are not
 * a million system calls, and each written only when the stream has taken
 * the one before, so memory holds one gathered string at a time.
 */
import type { Writable } from 'node:stream';

const GATHER_CHARS = 1 << 20;

/** The pieces joined into strings of about `size` characters (a piece is never cut). */
export function* gathered(pieces: Iterable<string>, size = GATHER_CHARS): Generator<string> {
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

/** Byte pieces (lines read from a file, say) joined into buffers of about `size` bytes (a piece is never cut; each is copied). */
export async function* gatheredBytes(pieces: AsyncIterable<Uint8Array>, size = GATHER_CHARS): AsyncGenerator<Uint8Array> {
  let parts: Uint8Array[] = [];
  let length = 0;
  for await (const piece of pieces) {
    parts.push(Buffer.from(piece));
    length += piece.length;
    if (length >= size) {
      yield Buffer.concat(parts, length);
      parts = [];
      length = 0;
    }
  }
  if (parts.length > 0) yield Buffer.concat(parts, length);
}

/** Output as pieces: text pieces gathered here, or chunks (of bytes or text) that come as they are written. */
export type Pieces = Iterable<string> | AsyncIterable<Uint8Array | string>;

/** The chunks to write: text pieces gathered, async chunks as they come. */
export function chunksOf(pieces: Pieces): Iterable<string> | AsyncIterable<Uint8Array | string> {
  return Symbol.asyncIterator in pieces ? pieces : gathered(pieces);
}

/**
 * Writes the pieces in order, each chunk once the stream has flushed the
 * one before. Rejects with the stream's error (such as EPIPE when the
 * reader of a pipe has gone); the stream is not ended.
 */
export async function writePieces(stream: Writable, pieces: Pieces): Promise<void> {
  // A failed write also emits 'error', on a later tick: listened to here until then, so it is not an uncaught exception.
  const ignore = () => {};
  stream.on('error', ignore);
  try {
    for await (const chunk of chunksOf(pieces)) await written(stream, chunk);
  } catch (err) {
    setImmediate(() => stream.off('error', ignore));
    throw err;
  }
  stream.off('error', ignore);
}

function written(stream: Writable, text: string | Uint8Array): Promise<void> {
  if (stream.destroyed) return Promise.reject(stream.errored ?? new Error('write after the stream was closed'));
  return new Promise((resolve, reject) => {
    stream.write(text, (err) => (err ? reject(err) : resolve()));
  });
}
