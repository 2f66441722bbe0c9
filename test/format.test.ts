/**
 * Output written piece by piece (formatChunks, for results too large for one
 * string) must be exactly the text of the whole-result formats.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze } from '../src/index.js';
import { formatChunks, formatResult } from '../src/report/format.js';
import type { Result } from '../src/types.js';
import { CORPUS } from './fixtures/paths.js';

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

test.run();
