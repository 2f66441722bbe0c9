/**
 * A result of 200,000 documents with a group of 100,000 members streams
 * through every format to a slow stream without one huge string or one
 * huge call, and reads back whole. (Apart from format.test.ts so that the
 * report folder's mutation tests stay fast.)
 */
import { Writable } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeResult } from '../src/index.js';
import type { OutputFormat } from '../src/report/format.js';
import type { Result } from '../src/types.js';
import { syntheticResult } from './fixtures/results.js';

/** A stream that takes its time (each write done on a later turn), keeping what it is given and the most it ever held unwritten. */
class SlowSink extends Writable {
  chunks: string[] = [];
  mostBuffered = 0;
  constructor() {
    super({ highWaterMark: 1 << 16, decodeStrings: false });
  }
  override _write(chunk: string, _encoding: BufferEncoding, done: () => void): void {
    this.mostBuffered = Math.max(this.mostBuffered, this.writableLength);
    this.chunks.push(chunk);
    setImmediate(done);
  }
  text(): string {
    return this.chunks.join('');
  }
}

const big = syntheticResult(200_000, 100_000);

for (const format of ['json', 'jsonl', 'table'] as OutputFormat[]) {
  test(`${format}: 200,000 documents and a group of 100,000 members written to a slow stream`, async () => {
    const sink = new SlowSink();
    await writeResult(big, format, sink);
    assert.ok(sink.mostBuffered <= (1 << 20) + 1000, `${sink.mostBuffered} characters waited to be written: backpressure ignored`);
    const text = sink.text();
    if (format === 'json') {
      const parsed = JSON.parse(text) as Result;
      assert.is(parsed.documents.length, 200_000);
      assert.equal(parsed.nearDuplicateGroups[0].members, big.nearDuplicateGroups[0].members);
      assert.is(parsed.nearDuplicateGroups[0].pairs.length, 99_999);
      assert.is(parsed.events[0].members.length, 100_000);
    } else if (format === 'jsonl') {
      const lines = text.split('\n');
      assert.is(lines.pop(), '', 'ends with a newline');
      assert.is(lines.length, 200_000 + 1 + 1 + 1, 'documents, group, event, summary');
      const group = JSON.parse(lines[200_000]) as { type: string; members: string[] };
      assert.is(group.type, 'nearDuplicateGroup');
      assert.equal(group.members, big.nearDuplicateGroups[0].members);
    } else {
      const lines = text.split('\n');
      assert.is(lines.pop(), '', 'ends with a newline');
      // summary, blank, heading, documents; blank, EVENTS, label, members, terms; blank, heading, group, pairs
      assert.is(lines.length, 3 + 200_000 + 5 + 3 + 99_999);
      assert.is(lines[0], '200000 documents, 0 errors · 1 near-duplicate group · 1 event · 0 bundles');
      const groupLine = lines[3 + 200_000 + 5 + 2];
      assert.equal(groupLine.split(/ +/), ['d1', ...big.nearDuplicateGroups[0].members]);
    }
  });
}

test.run();
