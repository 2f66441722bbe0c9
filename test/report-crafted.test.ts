/**
 * The report's formats on hand-made results, every line written out here:
 * the table at and past its limits (each section's "… N more" line, ties,
 * originals that are not a group's first member, Jaccard ranges, members
 * named by title, snippet or id), csv rows of segments with and without an
 * event, and the second read's small parts (which sources are read again,
 * kept records, snippets at their edges). Fast: it runs once per mutant.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyze } from '../src/analyze.js';
import { DEFAULT_FIELDS } from '../src/ingest/types.js';
import type { RawRecord } from '../src/ingest/inputs.js';
import { formatResult } from '../src/report/format.js';
import { htmlDocumentsShown } from '../src/report/html.js';
import { tableSnippetsWanted } from '../src/report/table.js';
import { keptRecord, readableTwice, readBack, secondRead, snippetOf, SNIPPET_LENGTH } from '../src/report/read-back.js';
import type { DocumentResult, Result, Segment } from '../src/types.js';
import { syntheticResult } from './fixtures/results.js';

const story = (start: number, end: number, event: string, snippet?: string): Segment => ({ start, end, kind: 'story', event, ...(snippet === undefined ? {} : { snippet }) });
const boiler = (start: number, end: number): Segment => ({ start, end, kind: 'boilerplate', event: null });
const doc = (id: string, segments: Segment[], more: Partial<DocumentResult> = {}): DocumentResult => ({ id, bundle: false, nearDuplicateOf: null, containedIn: [], segments, warnings: [], ...more });

/**
 * Two bundles, two groups (the second's original is not its first member), two containments, two documents in no event
 * (one with warnings), two documents with warnings; events of 5, 2 and 2 members (a tie), one without dates.
 */
function rich(): Result {
  const base = syntheticResult(0, 0);
  return {
    documents: [
      doc('a', [story(0, 10, 'e1', 'Alpha words'), story(11, 20, 'e2'), boiler(21, 30)], { bundle: true, title: 'Alpha title', source: 'Wire', date: '2024-01-02' }),
      doc('b', [story(0, 9, 'e1', 'Beta words')], { nearDuplicateOf: 'a' }),
      doc('c', [story(0, 9, 'e1')], { source: 'Gazette' }),
      doc('d', [story(0, 9, 'e1'), story(10, 19, 'e3')], { bundle: true }),
      doc('e', [story(0, 9, 'e1')], { nearDuplicateOf: 'f', warnings: [{ code: 'truncated', message: 'cut at 9' }] }),
      doc('f', [story(0, 9, 'e3')]),
      doc('g', [], { warnings: [{ code: 'empty', message: 'no text' }, { code: 'duplicate-id', message: 'renamed' }] }),
      doc('h', [boiler(0, 5)]),
    ],
    nearDuplicateGroups: [
      { id: 'd1', members: ['a', 'b'], pairs: [{ a: 'a', b: 'b', jaccard: 0.75 }] },
      { id: 'd2', members: ['e', 'f'], pairs: [{ a: 'e', b: 'f', jaccard: 0.8 }, { a: 'e', b: 'f', jaccard: 0.95 }] },
    ],
    containments: [
      { inner: 'c', outer: 'a', containment: 0.7 },
      { inner: 'h', outer: 'd', containment: 0.9 },
    ],
    events: [
      { id: 'e1', label: 'Five', members: ['a', 'b', 'c', 'd', 'e'].map((d) => ({ doc: d, segment: 0 })), terms: ['t1', 't2'], dates: { first: '2024-01-01', last: '2024-01-03' } },
      { id: 'e2', label: 'Two A', members: [{ doc: 'a', segment: 1 }, { doc: 'x', segment: 4 }], terms: [] },
      { id: 'e3', label: 'Two B', members: [{ doc: 'd', segment: 1 }, { doc: 'f', segment: 0 }], terms: [], dates: { first: '2024-01-05', last: '2024-01-05' } },
    ],
    errors: [],
    summary: { ...base.summary, inputs: 8, documents: 8, errors: 0, bundles: 2, nearDuplicateGroups: 2, events: 3 },
  };
}

test('table at --limit 1: the largest of each list, and one line saying how many more', () => {
  assert.is(
    formatResult(rich(), 'table', { limit: 1 }),
    [
      '8 documents, 0 errors · 2 near-duplicate groups · 3 events · 2 bundles',
      '',
      'EVENTS, largest first',
      'e1  5 reports  2024-01-01 … 2024-01-03  Five',
      '    · a#0  Alpha title · Wire · 2024-01-02',
      '    · b#0  Beta words',
      '    · c#0  Gazette',
      '    + 2 more: d#0 e#0',
      '    terms: t1, t2',
      '… 2 more events (--limit 1)',
      '',
      'BUNDLES (documents that report two or more events)',
      'a  Alpha title',
      '    0-10 e1, 11-20 e2, 21-30 boilerplate',
      '… 1 more bundle (--limit 1)',
      '',
      'NEAR-DUPLICATE GROUPS, largest first (the original, then how many copies)',
      'd1  a  Alpha title  + 1 copy (jaccard 0.75)',
      '… 1 more group (--limit 1)',
      '',
      'CONTAINED IN ANOTHER DOCUMENT',
      'c  in  a  (70%)',
      '… 1 more (--limit 1)',
      '',
      'IN NO EVENT',
      'g  empty, duplicate-id',
      '… 1 more document (--limit 1)',
      '',
      'WARNINGS',
      'e  truncated: cut at 9',
      '… 1 more document with warnings (--limit 1)',
      '',
    ].join('\n'),
  );
});

test('table at --limit 2 (each list but the events exactly full): no other "more" line; ties in id order; an original that is not the first member', () => {
  const table = formatResult(rich(), 'table', { limit: 2 });
  assert.equal(table.split('\n').filter((l) => l.startsWith('…')), ['… 1 more event (--limit 2)']);
  const all = formatResult(rich(), 'table');
  assert.ok(all.includes('\ne2  2 reports  Two A\n    · a#1  Alpha title · Wire · 2024-01-02\n    · x#4\ne3  2 reports  2024-01-05  Two B\n'), all);
  assert.ok(all.includes('\nd1  a  Alpha title  + 1 copy (jaccard 0.75)\nd2  f  + 1 copy (jaccard 0.80–0.95)\n'), all);
  assert.ok(all.includes('\nIN NO EVENT\ng  empty, duplicate-id\nh  no story\n'), all);
  assert.ok(all.includes('\nWARNINGS\ne  truncated: cut at 9\ng  empty: no text\ng  duplicate-id: renamed\n'), all);
  assert.ok(all.includes('\nCONTAINED IN ANOTHER DOCUMENT\nc  in  a  (70%)\nh  in  d  (90%)\n'), all);
});

test('table: no events, bundles, groups or warnings: only the summary; a group without pairs shows no Jaccard; document rows line up', () => {
  const r = syntheticResult(0, 0);
  r.documents = [doc('only', [story(0, 5, 'e1')]), doc('a-much-longer-identifier', [boiler(0, 3), story(4, 9, 'e1')], { nearDuplicateOf: 'only', warnings: [{ code: 'w', message: 'm' }] })];
  r.events = [];
  r.nearDuplicateGroups = [{ id: 'd1', members: ['only', 'a-much-longer-identifier'], pairs: [] }];
  r.summary = { ...r.summary, documents: 2, events: 0, nearDuplicateGroups: 1 };
  assert.is(
    formatResult(r, 'table', { documents: true }),
    [
      '2 documents, 0 errors · 1 near-duplicate group · 0 events · 0 bundles',
      '',
      'NEAR-DUPLICATE GROUPS, largest first (the original, then how many copies)',
      'd1  only  + 1 copy',
      '',
      'WARNINGS',
      'a-much-longer-identifier  w: m',
      '',
      'DOCUMENT                  BUNDLE  NEAR-DUP OF  SEGMENTS (start-end kind event)',
      'only                      no      -            0-5 e1',
      'a-much-longer-identifier  no      only         0-3 boilerplate, 4-9 e1',
      '                          ! w: m',
      '',
    ].join('\n'),
  );
});

test('table: an event of exactly three members has no "more" line; --limit equal to a list shows it whole; groups largest first; short ids keep the heading width', () => {
  const r = rich();
  r.events[0].members = r.events[0].members.slice(0, 3);
  r.nearDuplicateGroups[1].members = ['e', 'f', 'g'];
  const table = formatResult(r, 'table', { limit: 3, documents: true });
  assert.not.ok(table.includes('+ 0 more'), table);
  assert.equal(table.split('\n').filter((l) => l.startsWith('…')), []);
  assert.ok(table.includes('\nd2  f  + 2 copies (jaccard 0.80–0.95)\nd1  a  Alpha title  + 1 copy (jaccard 0.75)\n'), table);
  assert.ok(table.includes('\nDOCUMENT  BUNDLE  NEAR-DUP OF  SEGMENTS (start-end kind event)\na         yes     -            0-10 e1, 11-20 e2, 21-30 boilerplate\n'), table);
});

test('table: snippets are read for the untitled members it names, and no others', () => {
  const r = rich();
  assert.equal(r.documents.filter(tableSnippetsWanted(r, 1)).map((d) => d.id), ['b', 'c']);
  assert.equal(r.documents.filter(tableSnippetsWanted(r)).map((d) => d.id), ['b', 'c', 'd', 'f']);
});

test('html: the documents it names are those listed under the events and groups it shows, its bundles, and those in no event', () => {
  const r = rich();
  assert.equal(r.documents.filter(htmlDocumentsShown(r, 1)).map((d) => d.id), ['a', 'b', 'c', 'd', 'e', 'g', 'h']);
  r.events = [r.events[2]];
  r.nearDuplicateGroups = [r.nearDuplicateGroups[1]];
  r.documents = r.documents.map((d) => ({ ...d, bundle: false }));
  assert.equal(r.documents.filter(htmlDocumentsShown(r, 1)).map((d) => d.id), ['d', 'e', 'f', 'g', 'h']);
});

test('csv of hand-made segments: event label and size, snippet, date, copy; boilerplate rows empty of event', () => {
  const rows = formatResult(rich(), 'csv').split('\r\n');
  assert.equal(rows.slice(0, 6), [
    'document,title,source,url,date,bundle,near_duplicate_of,segment,start,end,kind,event,event_label,event_size,snippet',
    'a,Alpha title,Wire,,2024-01-02,true,,0,0,10,story,e1,Five,5,Alpha words',
    'a,Alpha title,Wire,,2024-01-02,true,,1,11,20,story,e2,Two A,2,',
    'a,Alpha title,Wire,,2024-01-02,true,,2,21,30,boilerplate,,,,',
    'b,,,,,false,a,0,0,9,story,e1,Five,5,Beta words',
    'c,,Gazette,,,false,,0,0,9,story,e1,Five,5,',
  ]);
  assert.is(rows.length, 1 + 3 + 1 + 1 + 2 + 1 + 1 + 1 + 1 + 1);
  assert.is(rows[rows.length - 1], '');
  assert.is(rows[rows.length - 2], 'h,,,,,false,,0,0,5,boilerplate,,,,');
  assert.is(rows[rows.length - 3], 'g,,,,,false,,,,,,,,,');
  // An event id the result does not list (a caller's hand-made result): the event column stays empty.
  const odd = rich();
  odd.documents = [doc('z', [story(0, 3, 'e9')])];
  assert.is(formatResult(odd, 'csv').split('\r\n')[1], 'z,,,,,false,,0,0,3,story,,,,');
});

test('second read: which sources are read again, records kept with their own bytes, the source read when nothing was kept', async () => {
  assert.equal([readableTwice('-'), readableTwice('/dev/stdin'), readableTwice('corpus'), readableTwice([]), readableTwice((function* () {})())], [false, false, true, true, false]);
  const bytes = Buffer.from('{"id":"a","text":"x"}');
  const line: RawRecord = { kind: 'input', input: { kind: 'line', name: 'stdin', n: 1, bytes } };
  const kept = keptRecord(line);
  bytes.fill(0);
  assert.equal(kept.kind === 'input' && kept.input.kind === 'line' ? [kept.input.name, kept.input.n, Buffer.from(kept.input.bytes).toString()] : [], ['stdin', 1, '{"id":"a","text":"x"}']);
  const error: RawRecord = { kind: 'error', error: { source: 'f', code: 'c', message: 'm' } };
  assert.is(keptRecord(error), error);
  const docRecord: RawRecord = { kind: 'input', input: { kind: 'doc', doc: { id: 'd', text: 't', origin: 'd', warnings: [] } } };
  assert.is(keptRecord(docRecord), docRecord);
  const list = [kept];
  assert.is(secondRead('-', list, { maxBytes: 10, followSymlinks: false, fields: DEFAULT_FIELDS }), list);
  const again: RawRecord[] = [];
  for await (const r of secondRead([{ id: 'q', text: 'hello there' }], undefined, { maxBytes: 5, followSymlinks: false, fields: DEFAULT_FIELDS })) again.push(r);
  assert.equal(again.map((r) => (r.kind === 'input' && r.input.kind === 'doc' ? r.input.doc.id : r.kind)), ['q']);
});

test('readBack: errors and documents the result lacks are passed over; no snippets unless asked; texts only where kept', async () => {
  const docs = [{ id: 'a', text: 'First words of a. More.' }, { id: 'b', text: 'Second text here.' }];
  const result = await analyze(docs, { workers: 1 });
  const lengths = new Map(docs.map((d) => [d.id, d.text.length]));
  const records: RawRecord[] = [
    { kind: 'error', error: { source: 'x', code: 'c', message: 'm' } },
    ...docs.map((d): RawRecord => ({ kind: 'input', input: { kind: 'doc', doc: { ...d, origin: d.id, warnings: [] } } })),
    { kind: 'input', input: { kind: 'doc', doc: { id: 'gone', text: 'not analysed', origin: 'gone', warnings: [] } } },
  ];
  const texts = await readBack(records, DEFAULT_FIELDS, result, lengths, { snippets: false, keep: (d) => d.id === 'a' });
  assert.equal([...texts], [['a', docs[0].text]]);
  assert.ok(result.documents.every((d) => d.segments.every((s) => s.snippet === undefined)));
  await readBack(records, DEFAULT_FIELDS, result, lengths, { snippets: true });
  assert.equal(result.documents.map((d) => d.segments.map((s) => s.snippet)), [['First words of a. More.'], ['Second text here.']]);
});

test('snippetOf at its edges: exactly the length, one over, white space longer than the first look, a cut right after a surrogate pair', () => {
  const exact = 'x'.repeat(SNIPPET_LENGTH);
  assert.is(snippetOf(exact, 0, exact.length), exact);
  const over = `${'x'.repeat(SNIPPET_LENGTH - 2)} yy`;
  assert.is(snippetOf(over, 0, over.length), `${'x'.repeat(SNIPPET_LENGTH - 2)}…`);
  // The first look (4 × length + 64 characters) holds only white space and a word: the rest of the part is read too.
  const spaced = `one${' '.repeat(4 * SNIPPET_LENGTH + 100)}two three`;
  assert.is(snippetOf(spaced, 0, spaced.length), 'one two three');
  // ... but never past the part's end.
  assert.is(snippetOf(spaced + ' four', 0, spaced.length), 'one two three');
  // A part that ends inside the first look: nothing after its end.
  assert.is(snippetOf('alpha beta gamma', 0, 10), 'alpha beta');
  // No space to cut at: cut at the length, one back when that splits a pair (U+1F600 is two UTF-16 units).
  const pairs = 'a' + '😀'.repeat(SNIPPET_LENGTH);
  assert.is(snippetOf(pairs, 0, pairs.length), `a${'😀'.repeat((SNIPPET_LENGTH - 2) / 2)}…`);
  const even = '😀'.repeat(SNIPPET_LENGTH);
  assert.is(snippetOf(even, 0, even.length), `${'😀'.repeat(SNIPPET_LENGTH / 2)}…`);
  // Characters just outside the low surrogates' range are cut like any other.
  const below = 'a' + '\udbff'.repeat(SNIPPET_LENGTH + 5);
  assert.is(snippetOf(below, 0, below.length).length, SNIPPET_LENGTH + 1);
  const above = 'a' + '\ue000'.repeat(SNIPPET_LENGTH + 5);
  assert.is(snippetOf(above, 0, above.length).length, SNIPPET_LENGTH + 1);
  const low = 'a' + '\udc00'.repeat(SNIPPET_LENGTH + 5);
  assert.is(snippetOf(low, 0, low.length).length, SNIPPET_LENGTH);
  const high = 'a' + '\udfff'.repeat(SNIPPET_LENGTH + 5);
  assert.is(snippetOf(high, 0, high.length).length, SNIPPET_LENGTH);
  // Tabs and new lines are white space too.
  assert.is(snippetOf('a\tb\n\nc', 0, 6), 'a b c');
});

test.run();
