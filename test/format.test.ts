/**
 * Output written piece by piece (formatChunks, for results too large for one
 * string) must be exactly the text of the whole-result formats, in pieces
 * of about one record. The 200,000-document stream: format-large.test.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze } from '../src/index.js';
import { formatChunks, formatResult, type OutputFormat } from '../src/report/format.js';
import type { Result } from '../src/types.js';
import { syntheticResult } from './fixtures/results.js';
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

for (const format of ['json', 'jsonl', 'table'] as OutputFormat[]) {
  test(`${format}: pieces of one record or one member, never a whole group, list or result`, () => {
    const result = syntheticResult(5000, 3000);
    let longest = 0;
    for (const chunk of formatChunks(result, format)) longest = Math.max(longest, chunk.length);
    assert.ok(longest < 500, `a piece of ${longest} characters`);
  });
}

test('table: every column of the document table starts at one place on every line, whatever the length of ids', () => {
  const result = syntheticResult(3, 3);
  const long = 'a-rather-long-document-identifier-0001';
  result.documents[0].id = long;
  for (const d of result.documents.slice(1)) d.nearDuplicateOf = long;
  result.documents[1].nearDuplicateOf = 'short';
  const lines = formatResult(result, 'table', { documents: true }).split('\n');
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
