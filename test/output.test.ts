/**
 * The CLI writes its output piece by piece (a large result is longer than
 * one string): gathered pieces must be the same text, and a file written
 * from pieces must hold exactly their concatenation.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeAtomically } from '../src/cli/output.js';
import { gathered, gatheredBytes, readAhead, writePieces as writeStream } from '../src/util/pieces.js';
import { withTmp } from './fixtures/tmp.js';

const pieces = Array.from({ length: 1000 }, (_, i) => `record ${i} ${'x'.repeat(i % 37)}\n`);

test('gathered pieces join to the same text, each piece whole, each string about the given size', () => {
  const out = [...gathered(pieces, 500)];
  assert.is(out.join(''), pieces.join(''));
  assert.ok(out.length > 1 && out.length < pieces.length, `${out.length} strings`);
  for (const s of out.slice(0, -1)) assert.ok(s.length >= 500 && s.length < 500 + 50, `${s.length} characters`);
  assert.ok(out.every((s) => s.endsWith('\n')), 'no piece cut');
  assert.equal([...gathered([], 500)], []);
});

async function* asyncOf<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

test('gatheredBytes: the same bytes, each piece whole, buffers of at most the size unless one piece is longer, none reused', async () => {
  // Pieces from one reused buffer, as a file reader's lines are: the output must copy them.
  const scratch = new Uint8Array(200);
  async function* reused(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < 300; i++) {
      const n = i === 150 ? 180 : (i * 7) % 40;
      for (let k = 0; k < n; k++) scratch[k] = (i + k) % 251;
      scratch[n] = 10;
      yield scratch.subarray(0, n + 1);
    }
  }
  const expected: number[] = [];
  for (let i = 0; i < 300; i++) {
    const n = i === 150 ? 180 : (i * 7) % 40;
    for (let k = 0; k < n; k++) expected.push((i + k) % 251);
    expected.push(10);
  }
  const out: Uint8Array[] = [];
  for await (const chunk of gatheredBytes(reused(), 100)) out.push(chunk);
  assert.equal(Array.from(Buffer.concat(out)), expected);
  assert.ok(out.length > 60, `${out.length} buffers`);
  for (const chunk of out) assert.ok(chunk.length <= 100 || chunk.length === 181, `${chunk.length} bytes`);
  assert.ok(out.some((c) => c.length === 181), 'the long piece alone');
  // Every buffer ends a piece: the next buffer starts where one began.
  assert.ok(out.every((c) => c[c.length - 1] === 10), 'no piece cut');
  const none: Uint8Array[] = [];
  for await (const chunk of gatheredBytes(asyncOf<Uint8Array>([]))) none.push(chunk);
  assert.equal(none, []);
});

test('readAhead: every item in order, the next asked for while the consumer holds one, an early stop closes the source', async () => {
  let asked = 0;
  let closed = false;
  async function* source(n: number): AsyncGenerator<number> {
    try {
      for (let i = 0; i < n; i++) {
        asked++;
        yield i;
      }
    } finally {
      closed = true;
    }
  }
  const seen: number[] = [];
  const askedWhenHeld: number[] = [];
  for await (const x of readAhead(source(5))) {
    // A read ahead is a promise started when x was handed on: let it settle before counting.
    await new Promise((r) => setImmediate(r));
    seen.push(x);
    askedWhenHeld.push(asked);
  }
  assert.equal(seen, [0, 1, 2, 3, 4]);
  assert.equal(askedWhenHeld, [2, 3, 4, 5, 5]);
  assert.ok(closed);
  asked = 0;
  closed = false;
  for await (const x of readAhead(source(100))) if (x === 3) break;
  assert.ok(closed, 'the source closed after a break');
  assert.is(asked, 5, 'one item read ahead, no more');
});

test('readAhead: a source that fails while the consumer is busy fails the loop at that item, with no unhandled rejection', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    async function* failing(): AsyncGenerator<number> {
      yield 1;
      throw new Error('the file changed');
    }
    const seen: number[] = [];
    let error: unknown;
    try {
      for await (const x of readAhead(failing())) {
        // Busy past a macrotask, as a write is: the failed read ahead waits unhandled that long.
        await new Promise((r) => setTimeout(r, 20));
        seen.push(x);
      }
    } catch (err) {
      error = err;
    }
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(seen, [1]);
    assert.is((error as Error).message, 'the file changed');
    assert.equal(unhandled, []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

test('writeAtomically from pieces: the file holds their text, no temporary file left', async () => {
  await withTmp(async (dir) => {
    const out = path.join(dir, 'result.json');
    await writeAtomically(out, pieces);
    assert.equal(fs.readdirSync(dir), ['result.json']);
    assert.is(fs.readFileSync(out, 'utf8'), pieces.join(''));
  });
});

test('writeAtomically never writes through a link planted where the old temporary file name was predictable', async () => {
  await withTmp(async (dir) => {
    const victim = path.join(dir, 'victim');
    fs.writeFileSync(victim, 'precious');
    const out = path.join(dir, 'result.json');
    // The old name was FILE.<pid>.tmp, opened without O_EXCL; plant a few guesses of any such scheme.
    for (const name of [`${out}.${process.pid}.tmp`, `${out}.tmp`, `${out}~`]) fs.symlinkSync(victim, name);
    await writeAtomically(out, pieces);
    assert.is(fs.readFileSync(victim, 'utf8'), 'precious');
    assert.is(fs.readFileSync(out, 'utf8'), pieces.join(''));
    assert.not.ok(fs.lstatSync(out).isSymbolicLink());
    assert.is(fs.readdirSync(dir).filter((name) => name.endsWith('.tmp') && !fs.lstatSync(path.join(dir, name)).isSymbolicLink()).length, 0);
  });
});

test('writeStream waits for a full stream to drain and writes every piece in order', async () => {
  const stream = new PassThrough({ highWaterMark: 64 });
  const received: Buffer[] = [];
  stream.on('data', (b: Buffer) => received.push(b));
  await writeStream(stream, pieces);
  stream.end();
  assert.is(Buffer.concat(received).toString('utf8'), pieces.join(''));
});

test.run();
