/**
 * The report's text helpers, fast (no child process): csv cells and rows of
 * a hand-made Result, snippets against their definition, and the second read
 * refusing a corpus that changed.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze } from '../src/analyze.js';
import { StorylineError } from '../src/errors.js';
import { DEFAULT_FIELDS } from '../src/ingest/types.js';
import { CSV_COLUMNS, field } from '../src/report/csv.js';
import { formatResult } from '../src/report/format.js';
import { readBack, snippetOf, SNIPPET_LENGTH } from '../src/report/read-back.js';
import type { Result } from '../src/types.js';
import { seedText } from './fixtures/bad-inputs.js';

test('csv: formula cells are made text, quotes doubled, commas and line breaks quoted; a document with no segment still has a row', () => {
  assert.is(field('plain'), 'plain');
  assert.is(field('=1+1'), "'=1+1");
  assert.is(field('+cmd'), "'+cmd");
  assert.is(field('-2'), "'-2");
  assert.is(field('@SUM(A1)'), "'@SUM(A1)");
  assert.is(field('\tx'), "'\tx");
  assert.is(field('a,b'), '"a,b"');
  assert.is(field('say "hi"'), '"say ""hi"""');
  assert.is(field('two\r\nlines'), '"two\r\nlines"');
  assert.is(field('=a,"b"'), '"\'=a,""b"""');
  const result: Result = {
    documents: [{ id: 'e', bundle: false, nearDuplicateOf: null, containedIn: [], segments: [], warnings: [] }],
    nearDuplicateGroups: [],
    containments: [],
    events: [],
    errors: [],
    summary: { inputs: 1, documents: 1, errors: 0, bundles: 0, nearDuplicateGroups: 0, events: 0, eventClustering: { candidatePairs: 0, edges: 0, blocks: 0, largestBlock: 0, sparseBlocks: 0, blockPairs: 0, centroidJoins: 0 }, skipped: { count: 0, byReason: {}, examples: [] } },
  };
  const rows = formatResult(result, 'csv').split('\r\n');
  assert.equal(rows.slice(1), ['e,,,,,false,,,,,,,,,', '']);
  assert.is(rows[1].split(',').length, CSV_COLUMNS.length);
  // On a terminal, control characters are shown escaped.
  result.documents[0].id = 'e\x1b[2J';
  assert.ok(formatResult(result, 'csv', { terminal: true }).includes('e\\x1b[2J,'));
  assert.ok(formatResult(result, 'csv').includes('e\x1b[2J,'));
});

test('snippetOf: the first words with white space collapsed, cut at a word end with an ellipsis, never mid-pair', () => {
  assert.is(snippetOf('  Hello \n\n  world  ', 0, 20), 'Hello world');
  assert.is(snippetOf('xx Hello world', 3, 14), 'Hello world');
  const words = Array.from({ length: 100 }, (_, i) => `w${i}`).join(' ');
  const cut = snippetOf(words, 0, words.length);
  assert.ok(cut.endsWith('…'));
  const body = cut.slice(0, -1);
  assert.ok(body.length <= SNIPPET_LENGTH && words.startsWith(body + ' '), cut);
  // Long runs of white space do not shorten the snippet.
  const spaced = Array.from({ length: 100 }, (_, i) => `w${i}`).join(' '.repeat(50));
  assert.is(snippetOf(spaced, 0, spaced.length), cut);
  // One long word is cut inside it, but not between the halves of a surrogate pair.
  const emoji = '😀'.repeat(200);
  const s = snippetOf(emoji, 0, emoji.length);
  assert.ok(s.endsWith('…') && s.length - 1 <= SNIPPET_LENGTH && !/[\ud800-\udbff]…$/.test(s), s);
  assert.is(snippetOf('abc', 1, 1), '');
});

test('read back: a text that is not the one analysed, or a document gone, is SOURCE_CHANGED, never a wrong snippet', async () => {
  const docs = [{ id: 'a', text: seedText(0) }, { id: 'b', text: seedText(1) }];
  const result = await analyze(docs, { workers: 1 });
  const lengths = new Map(docs.map((d) => [d.id, d.text.length]));
  const records = (list: typeof docs) => list.map((doc) => ({ kind: 'input' as const, input: { kind: 'doc' as const, doc: { ...doc, origin: doc.id, warnings: [] } } }));
  const texts = await readBack(records(docs), DEFAULT_FIELDS, result, lengths, { snippets: true, keep: (d) => d.id === 'b' });
  assert.equal([...texts.keys()], ['b']);
  for (const changed of [[docs[0], { id: 'b', text: seedText(1) + ' more' }], [docs[0]]]) {
    try {
      await readBack(records(changed), DEFAULT_FIELDS, result, lengths, { snippets: true });
      assert.unreachable('a changed corpus was read back');
    } catch (e) {
      assert.instance(e, StorylineError);
      assert.is((e as StorylineError).code, 'SOURCE_CHANGED');
    }
  }
});


test.run();
