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

/**
 * Byte pieces (lines read from a file, say) copied into buffers of at most
 * `size` bytes (a piece is never cut: one longer than `size` is a buffer of
 * its own). Each buffer handed on is new, so the consumer may keep it.
 */
export async function* gatheredBytes(pieces: AsyncIterable<Uint8Array>, size = GATHER_CHARS): AsyncGenerator<Uint8Array> {
  let buffer = Buffer.allocUnsafe(size);
  let length = 0;
  for await (const piece of pieces) {
    if (length + piece.length > buffer.length) {
      if (length > 0) yield buffer.subarray(0, length);
      buffer = Buffer.allocUnsafe(Math.max(size, piece.length));
      length = 0;
    }
    buffer.set(piece, length);
    length += piece.length;
  }
  if (length > 0) yield buffer.subarray(0, length);
}

const ignoreRejection = () => {};

/**
 * The source's items in order, each next one asked for as soon as the one
 * before is handed on: the source reads while the consumer writes. At most
 * one item is held ahead. A consumer that stops early closes the source.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  // A read that fails while the consumer is busy is awaited (and thrown) only later: handled now, so it is no unhandled rejection.
  let next = it.next();
  next.catch(ignoreRejection);
  let finished = false;
  try {
    for (;;) {
      const item = await next;
      if (item.done) {
        finished = true;
        return;
      }
      next = it.next();
      next.catch(ignoreRejection);
      yield item.value;
    }
  } finally {
    if (!finished) {
      await next.catch(ignoreRejection);
      await it.return?.();
    }
  }
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
  // Its own function per call: an `off` left pending from an earlier call must not remove this one.
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
