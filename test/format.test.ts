/**
 * Output written piece by piece (formatChunks, for results too large for one
 * string) must be exactly the text of the whole-result formats, and a
 * result of 200,000 documents with a group of 100,000 members must stream
 * through every format without one huge string or one huge call.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze, writeResult } from '../src/index.js';
import { formatChunks, formatResult, type OutputFormat } from '../src/report/format.js';
import type { DocumentResult, Result } from '../src/types.js';
import { CORPUS } from './fixtures/paths.js';
import { withTmp } from './fixtures/tmp.js';

let result: Result;

test.before(async () => {
  result = await analyze(CORPUS, { workers: 1 });
});

test('json chunks join to JSON.stringify(result, null, 2)', () => {
  assert.is([...formatChunks(result, 'json')].join(''), JSON.stringify(result, null, 2) + '\n');
  assert.ok([...formatChunks(result, 'json')].length > result.documents.length, 'one chunk per record, not one string');
  const empty: Result = { ...result, containments: [], errors: [], nearDuplicateGroups: [] };
  assert.is(formatResult(empty, 'json'), JSON.stringify(empty, null, 2) + '\n', 'empty arrays print as []');
});

test('jsonl chunks are one tagged record per line', () => {
  const chunks = [...formatChunks(result, 'jsonl')];
  const records = chunks.map((c) => JSON.parse(c) as { type: string });
  assert.ok(chunks.every((c) => c.endsWith('\n') && c.indexOf('\n') === c.length - 1));
  assert.is(records.filter((r) => r.type === 'document').length, result.documents.length);
  assert.is(records.filter((r) => r.type === 'event').length, result.events.length);
  assert.is(records.at(-1)?.type, 'summary');
  assert.is(formatResult(result, 'jsonl'), chunks.join(''));
});

test('errors are in the order of their sources, a JSONL file\'s lines by number', async () => {
  await withTmp(async (dir) => {
    const file = path.join(dir, 'f.jsonl');
    const lines = Array.from({ length: 12 }, (_, i) => (i % 3 === 1 ? `broken ${i}` : JSON.stringify({ id: `d${i}`, text: 'a short text' })));
    fs.writeFileSync(file, lines.join('\n'));
    const result = await analyze(file, { workers: 1 });
    assert.equal(result.errors.map((e) => e.source), ['f.jsonl:2', 'f.jsonl:5', 'f.jsonl:8', 'f.jsonl:11']);
  });
});

/** A Result as the pipeline would give it: `docs` documents, the first `groupSize` one near-duplicate group (a star of pairs) and one event. */
function syntheticResult(docs: number, groupSize: number): Result {
  const id = (i: number) => `doc${String(i).padStart(7, '0')}`;
  const documents: DocumentResult[] = [];
  for (let i = 0; i < docs; i++) {
    documents.push({
      id: id(i),
      bundle: false,
      nearDuplicateOf: i > 0 && i < groupSize ? id(0) : null,
      containedIn: [],
      segments: [{ start: 0, end: 100, kind: 'story', event: i < groupSize ? 'e1' : null }],
      warnings: [],
    });
  }
  const members = documents.slice(0, groupSize).map((d) => d.id);
  return {
    documents,
    nearDuplicateGroups: [{ id: 'd1', members, pairs: members.slice(1).map((b) => ({ a: members[0], b, jaccard: 0.9 })) }],
    containments: [],
    events: [{ id: 'e1', label: 'one story', members: members.map((doc) => ({ doc, segment: 0 })), terms: ['story'] }],
    errors: [],
    summary: {
      inputs: docs,
      documents: docs,
      errors: 0,
      bundles: 0,
      nearDuplicateGroups: 1,
      events: 1,
      eventClustering: { candidatePairs: 0, edges: 0, blocks: 0, largestBlock: 0, sparseBlocks: 0, blockPairs: 0 },
      skipped: { count: 0, byReason: {}, examples: [] },
    },
  };
}

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
  test(`${format}: pieces of one record or one member, never a whole group, list or result`, () => {
    const result = syntheticResult(5000, 3000);
    let longest = 0;
    for (const chunk of formatChunks(result, format)) longest = Math.max(longest, chunk.length);
    assert.ok(longest < 500, `a piece of ${longest} characters`);
  });

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

test('table: every column of the document table starts at one place on every line, whatever the length of ids', () => {
  const result = syntheticResult(3, 3);
  const long = 'a-rather-long-document-identifier-0001';
  result.documents[0].id = long;
  for (const d of result.documents.slice(1)) d.nearDuplicateOf = long;
  result.documents[1].nearDuplicateOf = 'short';
  const lines = formatResult(result, 'table').split('\n');
  const heading = lines.findIndex((l) => l.startsWith('DOCUMENT'));
  const rows = lines.slice(heading, heading + 4);
  const segmentsAt = rows[0].indexOf('SEGMENTS');
  const nearAt = rows[0].indexOf('NEAR-DUP OF');
  for (const row of rows.slice(1)) {
    assert.is(row.slice(segmentsAt, segmentsAt + 3), '0-1', row);
    assert.is(row[segmentsAt - 1], ' ', row);
    assert.ok(row.slice(nearAt).startsWith('-') || row.slice(nearAt).startsWith('short') || row.slice(nearAt).startsWith(long), row);
  }
});

test.run();
