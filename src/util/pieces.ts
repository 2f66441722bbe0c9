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
 * Writes the pieces in order, each gathered string once the stream has
 * flushed the one before. Rejects with the stream's error (such as EPIPE
 * when the reader of a pipe has gone); the stream is not ended.
 */
export async function writePieces(stream: Writable, pieces: Iterable<string>): Promise<void> {
  // A failed write also emits 'error', on a later tick: listened to here until then, so it is not an uncaught exception.
  const ignore = () => {};
  stream.on('error', ignore);
  try {
    for (const text of gathered(pieces)) await written(stream, text);
  } catch (err) {
    setImmediate(() => stream.off('error', ignore));
    throw err;
  }
  stream.off('error', ignore);
}

function written(stream: Writable, text: string): Promise<void> {
  if (stream.destroyed) return Promise.reject(stream.errored ?? new Error('write after the stream was closed'));
  return new Promise((resolve, reject) => {
    stream.write(text, (err) => (err ? reject(err) : resolve()));
  });
}
