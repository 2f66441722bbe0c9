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
import { gathered, writePieces as writeStream } from '../src/util/pieces.js';
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
