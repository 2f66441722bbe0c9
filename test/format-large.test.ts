/**
 * A result of 200,000 documents with a group of 100,000 members streams
 * through every format to a slow stream without one huge string or one
 * huge call, and reads back whole. (Apart from format.test.ts so that the
 * report folder's mutation tests stay fast.)
 */
import { Writable } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeResult, type FormatOptions } from '../src/index.js';
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

const cases: Array<{ format: OutputFormat; options?: FormatOptions; name: string }> = [
  { format: 'json', name: 'json' },
  { format: 'jsonl', name: 'jsonl' },
  { format: 'table', name: 'table' },
  { format: 'table', options: { documents: true }, name: 'table with document rows' },
  { format: 'csv', name: 'csv' },
  { format: 'html', name: 'html' },
];

for (const { format, options, name } of cases) {
  test(`${name}: 200,000 documents and a group of 100,000 members written to a slow stream`, async () => {
    const sink = new SlowSink();
    await writeResult(big, format, sink, options);
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
    } else if (format === 'table') {
      const lines = text.split('\n');
      assert.is(lines.pop(), '', 'ends with a newline');
      assert.is(lines[0], '200000 documents, 0 errors · 1 near-duplicate group · 1 event · 0 bundles');
      // summary, blank, EVENTS, the event, 3 members, the rest, terms; blank, heading, the group; blank, heading, 100,000 in no event
      const rows = options?.documents === true ? 2 + 200_000 : 0;
      assert.is(lines.length, 9 + 3 + 2 + 100_000 + rows);
      assert.is(lines[3], 'e1  100000 reports  one story');
      assert.equal(lines[7].split(' ').slice(-2), ['doc0099998#0', 'doc0099999#0']);
      assert.is(lines[7].split(' ').length, 4 + 3 + 99_997);
      assert.is(lines[11], 'd1  doc0000000  + 99999 copies (jaccard 0.90)');
      assert.is(lines[13], 'IN NO EVENT');
      assert.is(lines[14 + 99_999], 'doc0199999  no story');
    } else if (format === 'csv') {
      const lines = text.split('\r\n');
      assert.is(lines.pop(), '', 'ends with CRLF');
      assert.is(lines.length, 1 + 200_000, 'the header, one row per segment');
      assert.is(lines[1], 'doc0000000,,,,,false,,0,0,100,story,e1,one story,100000,');
      assert.is(lines[200_000], 'doc0199999,,,,,false,,0,0,100,story,,,,');
    } else {
      // The page's data, a record at a time: the event lists 500 of its members, the group 10 diffed and 500 listed, every document in no event named.
      const block = (id: string) => JSON.parse(new RegExp(`<script type="application/json" id="${id}">([\\s\\S]*?)</script>`).exec(text)![1]) as unknown[];
      const [event] = block('events') as Array<{ members: unknown[]; size: number }>;
      assert.equal([event.members.length, event.size], [500, 100_000]);
      const [group] = block('groups') as Array<{ copies: unknown[]; listed: unknown[]; size: number }>;
      assert.equal([group.copies.length, group.listed.length, group.size], [10, 490, 100_000]);
      assert.is(block('docs').length, 100_000 + 501, 'doc0 … doc500 (members, the original, copies, listed) and the 100,000 in no event');
    }
  });
}

test.run();
