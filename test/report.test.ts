/**
 * The report against truth. buildResult on hand-made stage outputs, the
 * Result written out here. The output formats of a small hand-made Result: the table
 * written out here line by line, json and jsonl against JSON.stringify
 * (which shares no code with the pieces writer), also for values a caller
 * may leave in a Result (undefined, functions, toJSON) and for arrays at
 * and over the length that makes the writer split a record.
 */
import { Writable } from 'node:stream';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { EventAssignment } from '../src/events/assign.js';
import { BLOCK_HEADLINE, DOC_EMPTY, DOC_NO_STORY, DOC_PUBLISHED, type FeatureBatch } from '../src/features/batch.js';
import type { NearDupResult } from '../src/neardup/groups.js';
import { formatChunks, formatResult, writeResult } from '../src/report/format.js';
import { buildResult } from '../src/report/result.js';
import type { ResolvedSegment } from '../src/segments/resolve.js';
import type { Result } from '../src/types.js';
import { syntheticResult } from './fixtures/results.js';

/** Every section of the table: a bundle, a near-duplicate with a warning, a document without segments, two events, a group, a containment, an error. */
function smallResult(): Result {
  const base = syntheticResult(0, 0);
  return {
    documents: [
      {
        id: 'a',
        bundle: true,
        nearDuplicateOf: null,
        containedIn: [],
        segments: [
          { start: 0, end: 120, kind: 'story', event: 'e1' },
          { start: 120, end: 200, kind: 'story', event: 'e2' },
          { start: 200, end: 230, kind: 'boilerplate', event: null },
        ],
        warnings: [],
      },
      { id: 'b\nx', bundle: false, nearDuplicateOf: 'a', containedIn: [], segments: [{ start: 0, end: 50, kind: 'story', event: 'e1' }], warnings: [{ code: 'empty', message: 'no words' }] },
      { id: 'c', bundle: false, nearDuplicateOf: null, containedIn: ['a'], segments: [], warnings: [] },
    ],
    nearDuplicateGroups: [{ id: 'd1', members: ['a', 'b\nx'], pairs: [{ a: 'a', b: 'b\nx', jaccard: 0.91234 }] }],
    containments: [{ inner: 'c', outer: 'a', containment: 0.666 }],
    events: [
      { id: 'e1', label: 'Fire in the city', members: [{ doc: 'a', segment: 0 }, { doc: 'b\nx', segment: 0 }], terms: ['fire', 'city'], dates: { first: '2023-04-03', last: '2023-04-03' } },
      { id: 'e2', label: 'x'.repeat(95), members: [{ doc: 'a', segment: 1 }], terms: [], dates: { first: '2023-04-01', last: '2023-04-05' } },
    ],
    errors: [{ source: 'f.jsonl:2', code: 'bad-json', message: 'Unexpected token' }],
    summary: { ...base.summary, inputs: 4, documents: 3, errors: 1, bundles: 1, nearDuplicateGroups: 1, events: 2 },
  };
}

test('table: every section of a small result, as written out by hand', () => {
  assert.is(
    formatResult(smallResult(), 'table'),
    [
      '3 documents, 1 error · 1 near-duplicate group · 2 events · 1 bundle',
      '',
      'EVENTS, largest first',
      'e1  2 reports  2023-04-03  Fire in the city',
      '    · a#0',
      '    · b\\x0ax#0',
      '    terms: fire, city',
      `e2  1 report  2023-04-01 … 2023-04-05  ${'x'.repeat(89)}…`,
      '    · a#1',
      '',
      'BUNDLES (documents that report two or more events)',
      'a',
      '    0-120 e1, 120-200 e2, 200-230 boilerplate',
      '',
      'NEAR-DUPLICATE GROUPS, largest first (the original, then how many copies)',
      'd1  a  + 1 copy (jaccard 0.91)',
      '',
      'CONTAINED IN ANOTHER DOCUMENT',
      'c  in  a  (67%)',
      '',
      'IN NO EVENT',
      'c  no story',
      '',
      'WARNINGS',
      'b\\x0ax  empty: no words',
      '',
      'ERRORS',
      'f.jsonl:2  bad-json: Unexpected token',
      '',
    ].join('\n'),
  );
});

test('table: member lines name title, source and date (or the snippet); events largest first, ties in id order; --limit counts the rest', () => {
  const r = smallResult();
  r.documents[0] = { ...r.documents[0], title: 'Blaze downtown', source: 'Daily', date: '2023-04-03' };
  r.documents[1] = { ...r.documents[1], segments: [{ ...r.documents[1].segments[0], snippet: 'Smoke rose over the city' }] };
  r.events.push({ id: 'e3', label: 'Third', members: [{ doc: 'c', segment: 0 }, { doc: 'a', segment: 2 }], terms: [] });
  const table = formatResult(r, 'table', { limit: 1 });
  assert.ok(
    table.includes(
      [
        'EVENTS, largest first',
        'e1  2 reports  2023-04-03  Fire in the city',
        '    · a#0  Blaze downtown · Daily · 2023-04-03',
        '    · b\\x0ax#0  Smoke rose over the city',
        '    terms: fire, city',
        '… 2 more events (--limit 1)',
        '',
      ].join('\n'),
    ),
    table,
  );
  assert.ok(table.includes('\na  Blaze downtown\n    0-120 e1'), table);
  // e3 ties e1 at two reports and comes after it (id order); e2 is last.
  const all = formatResult(r, 'table');
  assert.ok(all.indexOf('\ne1  ') < all.indexOf('\ne3  ') && all.indexOf('\ne3  ') < all.indexOf('\ne2  '), all);
});

test('table: one of each in the singular, no groups, containments or errors, an event without dates; document rows on request, ids over 40 characters clipped', () => {
  const r = smallResult();
  const long = 'n'.repeat(45);
  r.documents = [{ ...r.documents[0], id: long, nearDuplicateOf: 'm'.repeat(41), segments: [] }];
  r.events = [{ id: 'e1', label: 'Quiet', members: [{ doc: long, segment: 0 }], terms: [] }];
  r.nearDuplicateGroups = [];
  r.containments = [];
  r.errors = [];
  r.summary = { ...r.summary, documents: 1, errors: 0, bundles: 1, nearDuplicateGroups: 0, events: 1 };
  const clipped = 'n'.repeat(39) + '…';
  assert.is(
    formatResult(r, 'table', { documents: true }),
    [
      '1 document, 0 errors · 0 near-duplicate groups · 1 event · 1 bundle',
      '',
      'EVENTS, largest first',
      'e1  1 report  Quiet',
      `    · ${long}#0`,
      '',
      'BUNDLES (documents that report two or more events)',
      long,
      '    ',
      '',
      'IN NO EVENT',
      `${long}  no story`,
      '',
      `${'DOCUMENT'.padEnd(40)}  BUNDLE  ${'NEAR-DUP OF'.padEnd(40)}  SEGMENTS (start-end kind event)`,
      `${clipped}  yes     ${'m'.repeat(39)}…  -`,
      '',
    ].join('\n'),
  );
});

/** A Result holding what JSON.stringify leaves out or rewrites, as a caller's object may. */
function oddResult(): Result {
  const r = smallResult() as unknown as Record<string, unknown> & Result;
  const doc = r.documents[0] as unknown as Record<string, unknown>;
  doc.note = undefined;
  doc.callback = () => 1;
  doc[Symbol.for('s') as unknown as string] = 1;
  doc.when = new Date(Date.UTC(2023, 3, 3));
  doc.list = [undefined, () => 1, Symbol.for('t'), 1];
  r.events[1] = { ...r.events[1], dates: undefined };
  const top = r as Record<string, unknown>;
  top.extra = { nested: {}, empty: [], date: new Date(0) };
  // at the top level each field and element is written on its own: the writer decides what JSON leaves out
  top.missing = undefined;
  top.callback = () => 1;
  top.nothing = null;
  top.mixed = [undefined, () => 1, Symbol.for('u'), null, 2, [3, [4]], {}];
  top.custom = { toJSON: () => 'custom', long: Array.from({ length: 1001 }, (_, i) => i) };
  return r;
}

/** A group of `size` members with its pairs, and an event of as many members. */
function withLongArrays(size: number): Result {
  const r = smallResult();
  const members = Array.from({ length: size }, (_, i) => `m${i}`);
  r.nearDuplicateGroups = [{ id: 'd1', members, pairs: members.slice(1).map((b) => ({ a: 'm0', b, jaccard: 0.75 })), spanning: true }];
  // a record written field by field (it holds a long array) with fields JSON leaves out or writes as null
  Object.assign(r.nearDuplicateGroups[0], { note: undefined, callback: () => 1, nothing: null, list: [undefined, 1] });
  r.events[0] = { ...r.events[0], members: members.map((doc) => ({ doc, segment: 0 })) };
  return r;
}

test('json: exactly JSON.stringify(result, null, 2) and a newline, also with values it leaves out and arrays over 1000', () => {
  const empty = {} as Result;
  const allLeftOut = { documents: undefined } as unknown as Result;
  for (const r of [smallResult(), oddResult(), withLongArrays(1001), withLongArrays(1000), { ...smallResult(), documents: [], errors: [] }, empty, allLeftOut]) {
    assert.is(formatResult(r, 'json'), JSON.stringify(r, null, 2) + '\n');
  }
});

test('json: an array inside an array is written element by element too', () => {
  const r = { ...smallResult(), matrix: [Array.from({ length: 5000 }, (_, i) => i)] } as unknown as Result;
  const pieces = [...formatChunks(r, 'json')];
  assert.is(pieces.join(''), JSON.stringify(r, null, 2) + '\n');
  assert.ok(Math.max(...pieces.map((p) => p.length)) < 1000);
});

test('writeResult writes formatResult\'s text to a stream, and resolves once written', async () => {
  for (const format of ['json', 'jsonl', 'table'] as const) {
    const chunks: string[] = [];
    const sink = new Writable({ decodeStrings: false, write: (chunk: string, _encoding, done) => (chunks.push(chunk), done()) });
    await writeResult(smallResult(), format, sink);
    assert.is(chunks.join(''), formatResult(smallResult(), format));
  }
});

test('jsonl: each record is JSON.stringify({ type, ...record }) on its line, in the order documents, groups, containments, events, errors, summary', () => {
  for (const r of [smallResult(), oddResult(), withLongArrays(1001)]) {
    const want = [
      ...r.documents.map((x) => ({ type: 'document', ...x })),
      ...r.nearDuplicateGroups.map((x) => ({ type: 'nearDuplicateGroup', ...x })),
      ...r.containments.map((x) => ({ type: 'containment', ...x })),
      ...r.events.map((x) => ({ type: 'event', ...x })),
      ...r.errors.map((x) => ({ type: 'error', ...x })),
      { type: 'summary', ...r.summary },
    ];
    assert.is(formatResult(r, 'jsonl'), want.map((x) => JSON.stringify(x) + '\n').join(''));
  }
});

test('jsonl and json: a record of arrays up to 1000 long is one piece; one longer is written in pieces', () => {
  // 3 documents, the group, a containment, 2 events, an error, the summary: one piece each
  assert.is([...formatChunks(withLongArrays(1000), 'jsonl')].length, 9);
  const pieces = [...formatChunks(withLongArrays(1001), 'jsonl')];
  assert.ok(pieces.length > 2000, `${pieces.length} pieces`);
  assert.ok(Math.max(...pieces.map((p) => p.length)) < 500, 'no piece holds the group');
  // json: the group of 1000 is one piece, the group of 1001 is many
  const longest = (r: Result) => Math.max(...[...formatChunks(r, 'json')].map((p) => p.length));
  assert.ok(longest(withLongArrays(1000)) > 10000);
  assert.ok(longest(withLongArrays(1001)) < 1000, `${longest(withLongArrays(1001))}`);
});


// ---------------------------------------------------------------- buildResult on hand-made stage outputs

/** Days since 1970-01-01 of a UTC date, as the stages hold dates. */
const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000;

test('buildResult: documents in id order with their flags, segments, events, groups and containments; labels by headline, title, terms or id', () => {
  // input positions 0..5 hold ids b, a, d, c, e, f
  const docs = [
    { id: 'b', origin: 'b.txt', length: 500, url: 'https://example.com/b', source: 'Wire', warnings: [{ code: 'truncated', message: 'cut' }] },
    { id: 'a', origin: 'a.txt', length: 80, title: 'Doc title', warnings: [] },
    { id: 'd', origin: 'd.txt', length: 0, warnings: [{ code: 'duplicate-id', message: 'renamed' }] },
    { id: 'c', origin: 'c.txt', length: 40, warnings: [] },
    { id: 'e', origin: 'e.txt', length: 0, warnings: [{ code: 'empty', message: 'given' }] },
    { id: 'f', origin: 'f.txt', length: 20, warnings: [] },
  ];
  const seg = (start: number, end: number, boilerplate: boolean, blocks: number[]) => ({ start, end, boilerplate, blocks }) as unknown as ResolvedSegment;
  const segments = [
    [seg(0, 100, false, [0]), seg(100, 150, true, [1]), seg(150, 300, false, [2]), seg(300, 400, false, [5, 6]), seg(400, 500, false, [7, 8])],
    [seg(0, 80, false, [3]), seg(80, 90, true, [9])],
    [],
    [seg(0, 40, true, [4])],
    [],
    [seg(0, 10, false, [10]), seg(10, 20, false, [11])],
  ];
  const H = BLOCK_HEADLINE;
  const features = {
    // e alone has a publication date: its flag says the date is the input's
    flags: Uint8Array.from([0, 0, DOC_EMPTY, DOC_NO_STORY, DOC_EMPTY | DOC_PUBLISHED, 0]),
    date: Float64Array.from([day(2020, 1, 1), NaN, NaN, NaN, day(2023, 1, 31), NaN]),
    surfaceIds: Uint32Array.from([10, 11, 12, 13, 14, 15, 16, 17, 18]),
    surfaces: ['fire', 'city', 'river', 't13', 't14', 't15', 't16', 't17', 't18'],
    // block 3 opens with a stamp (a headline block without a headline); block 7 is no headline, so block 8's is not read
    blockKind: Uint8Array.from([H, 0, 0, H, 0, H, H, 0, H]),
    headlines: ['Big fire downtown', '', '', '', '', '', 'Second headline', '', 'Late headline'],
    // b's title labels only its first story (e1, which has a headline anyway)
    titles: ['B title', 'Feature title', '', '', '', ''],
  } as unknown as FeatureBatch;
  const ref = (doc: number, segment: number) => ({ doc, segment });
  const events: EventAssignment = {
    // a: one event and boilerplate (no bundle); f: exactly two events, one of them the first (a bundle)
    eventOf: [[0, -1, 1, 3, 4], [2, -1], [], [-1], [], [0, 1]],
    events: [
      // why its member is in: a cosine of 0.12345, and bits 0, 2 and 3 of its terms (10, 99 and 12; 99 has no surface and is not listed)
      { members: [ref(0, 0)], central: ref(0, 0), terms: [10, 11, 99, 12, 13, 14, 15, 16, 17, 18], dates: [day(2023, 4, 3), day(2023, 4, 5)], fit: Float32Array.from([0.12345]), shared: Uint32Array.from([0b1101]) },
      // its tree: two merges (member indexes and heights, rounded to 4 places); e3's tree is empty and leaves no field
      { members: [ref(0, 2)], central: ref(0, 2), terms: [12, 99, 10, 11, 13, 14, 15], dates: [], tree: Float64Array.from([0, 0, 0.123456, 0, 0, 0.7]) },
      { members: [ref(1, 0)], central: ref(1, 0), terms: [], dates: [day(2024, 2, 29)], tree: new Float64Array(0) },
      { members: [ref(0, 3)], central: ref(0, 3), terms: [99], dates: [] },
      { members: [ref(0, 4)], central: ref(0, 4), terms: [99], dates: [] },
    ],
    stats: { candidatePairs: 5, edges: 3, blocks: 1, largestBlock: 4, sparseBlocks: 0, blockPairs: 6, centroidJoins: 0 },
  };
  const nearDup: NearDupResult = {
    representative: Int32Array.from([1, 1, 2, 3, 4, 5]),
    groups: [
      { members: [1, 0], pairs: [{ a: 1, b: 0, jaccard: 0.87654 }], spanning: false },
      { members: [3, 2], pairs: [{ a: 3, b: 2, jaccard: 0.5 }], spanning: true },
    ],
    containments: [
      { inner: 3, outer: 1, containment: 2 / 3 },
      { inner: 3, outer: 0, containment: 1 },
    ],
    candidates: 9,
  };
  const skipped = { count: 1, byReason: { hidden: 1 }, examples: [{ path: '.x', reason: 'hidden' }] };
  const result = buildResult({ docs, errors: [], inputs: 7, skipped, features, rank: Int32Array.from([1, 0, 3, 2, 4, 5]), nearDup, segments, events });

  const story = (start: number, end: number, event: string) => ({ start, end, kind: 'story', event });
  const boiler = (start: number, end: number) => ({ start, end, kind: 'boilerplate', event: null });
  assert.equal(result.documents, [
    { id: 'a', title: 'Doc title', bundle: false, nearDuplicateOf: null, containedIn: [], segments: [story(0, 80, 'e3'), boiler(80, 90)], warnings: [] },
    {
      id: 'b',
      url: 'https://example.com/b',
      source: 'Wire',
      bundle: true,
      nearDuplicateOf: 'a',
      containedIn: [],
      segments: [story(0, 100, 'e1'), boiler(100, 150), story(150, 300, 'e2'), story(300, 400, 'e4'), story(400, 500, 'e5')],
      warnings: [{ code: 'truncated', message: 'cut' }],
    },
    // c and d are a group: d has less boilerplate (none), so it is the original
    { id: 'c', bundle: false, nearDuplicateOf: 'd', containedIn: ['a', 'b'], segments: [boiler(0, 40)], warnings: [{ code: 'no-story', message: 'the whole text looks like boilerplate (appeals, links, bylines); no story found' }] },
    {
      id: 'd',
      bundle: false,
      nearDuplicateOf: null,
      containedIn: [],
      segments: [],
      warnings: [
        { code: 'duplicate-id', message: 'renamed' },
        { code: 'empty', message: 'the text has no words; it takes part in nothing' },
      ],
    },
    { id: 'e', date: '2023-01-31', bundle: false, nearDuplicateOf: null, containedIn: [], segments: [], warnings: [{ code: 'empty', message: 'given' }] },
    { id: 'f', bundle: true, nearDuplicateOf: null, containedIn: [], segments: [story(0, 10, 'e1'), story(10, 20, 'e2')], warnings: [] },
  ]);
  assert.equal(result.events, [
    { id: 'e1', label: 'Big fire downtown', members: [{ doc: 'b', segment: 0, similarity: 0.123, terms: ['fire', 'river'] }], terms: ['fire', 'city', 'river', 't13', 't14', 't15', 't16', 't17'], dates: { first: '2023-04-03', last: '2023-04-05' } },
    { id: 'e2', label: 'river, fire, city, t13, t14', members: [{ doc: 'b', segment: 2 }], terms: ['river', 'fire', 'city', 't13', 't14', 't15'], tree: [[0, 0, 0.1235], [0, 0, 0.7]] },
    { id: 'e3', label: 'Doc title', members: [{ doc: 'a', segment: 0 }], terms: [], dates: { first: '2024-02-29', last: '2024-02-29' } },
    { id: 'e4', label: 'Second headline', members: [{ doc: 'b', segment: 3 }], terms: [] },
    { id: 'e5', label: 'b#4', members: [{ doc: 'b', segment: 4 }], terms: [] },
  ]);
  assert.equal(result.nearDuplicateGroups, [
    { id: 'd1', members: ['a', 'b'], pairs: [{ a: 'a', b: 'b', jaccard: 0.8765 }] },
    { id: 'd2', members: ['c', 'd'], pairs: [{ a: 'c', b: 'd', jaccard: 0.5 }], spanning: true },
  ]);
  assert.equal(result.containments, [
    { inner: 'c', outer: 'a', containment: 0.6667 },
    { inner: 'c', outer: 'b', containment: 1 },
  ]);
  assert.equal(result.summary, {
    inputs: 7,
    documents: 6,
    errors: 0,
    bundles: 2,
    nearDuplicateGroups: 2,
    events: 5,
    eventClustering: { candidatePairs: 5, edges: 3, blocks: 1, largestBlock: 4, sparseBlocks: 0, blockPairs: 6, centroidJoins: 0 },
    skipped,
  });
});

test('buildResult: errors by source, a file\'s lines by number (also in a name with a new line), then code, then message', () => {
  const error = (source: string, code = 'bad', message = 'm') => ({ source, code, message });
  const errors = [error('f.jsonl:10'), error('f.jsonl:2'), error('f.jsonl'), error('e.txt', 'b', '2'), error('e.txt', 'b', '1'), error('e.txt', 'a', '9'), error('n\nl:10'), error('n\nl:9'), error('f.jsonl:x'), error('f.jsonl:0'), error('f.jsonl:1:5'), error('g:1b'), error('g'), error('g:2')];
  const none = { eventOf: [], events: [], stats: { candidatePairs: 0, edges: 0, blocks: 0, largestBlock: 0, sparseBlocks: 0, blockPairs: 0, centroidJoins: 0 } };
  const features = { flags: new Uint8Array(0), surfaceIds: new Uint32Array(0), surfaces: [] } as unknown as FeatureBatch;
  const nearDup = { representative: new Int32Array(0), groups: [], containments: [], candidates: 0 };
  const result = buildResult({ docs: [], errors, inputs: 9, skipped: { count: 0, byReason: {}, examples: [] }, features, rank: new Int32Array(0), nearDup, segments: [], events: none });
  assert.equal(
    result.errors.map((e) => `${e.source} ${e.code} ${e.message}`),
    // 'f.jsonl:1:5' is line 5 of 'f.jsonl:1'; 'g:1b' has no line number, so it is a file of its own
    ['e.txt a 9', 'e.txt b 1', 'e.txt b 2', 'f.jsonl bad m', 'f.jsonl:0 bad m', 'f.jsonl:2 bad m', 'f.jsonl:10 bad m', 'f.jsonl:1:5 bad m', 'f.jsonl:x bad m', 'g bad m', 'g:2 bad m', 'g:1b bad m', 'n\nl:9 bad m', 'n\nl:10 bad m'],
  );
  assert.is(result.summary.errors, 14);
});

test('buildResult: an empty document with no warning of its own gets the one "empty" warning', () => {
  const none = { eventOf: [[]], events: [], stats: { candidatePairs: 0, edges: 0, blocks: 0, largestBlock: 0, sparseBlocks: 0, blockPairs: 0, centroidJoins: 0 } };
  const features = { flags: Uint8Array.from([DOC_EMPTY]), surfaceIds: new Uint32Array(0), surfaces: [], titles: [''] } as unknown as FeatureBatch;
  const nearDup = { representative: Int32Array.from([0]), groups: [], containments: [], candidates: 0 };
  const docs = [{ id: 'blank', origin: 'blank.txt', length: 3, warnings: [] }];
  const result = buildResult({ docs, errors: [], inputs: 1, skipped: { count: 0, byReason: {}, examples: [] }, features, rank: Int32Array.from([0]), nearDup, segments: [[]], events: none });
  assert.equal(result.documents, [
    { id: 'blank', bundle: false, nearDuplicateOf: null, containedIn: [], segments: [], warnings: [{ code: 'empty', message: 'the text has no words; it takes part in nothing' }] },
  ]);
});

test('a group\'s original: published first, then not a bundle, then the least boilerplate, then the smallest id', () => {
  // Six copies, ids a..f in input order; each case takes away the winner of the one before.
  const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
  const docs = ids.map((id) => ({ id, origin: `${id}.txt`, length: 100, warnings: [] }));
  const seg = (start: number, end: number, boilerplate: boolean) => ({ start, end, boilerplate, blocks: [] }) as unknown as ResolvedSegment;
  // boilerplate characters: a 0, b 0 (a bundle), c 30, d 10, e 10, f 0
  const segments = [
    [seg(0, 100, false)],
    [seg(0, 50, false), seg(50, 100, false)],
    [seg(0, 30, true), seg(30, 100, false)],
    [seg(0, 10, true), seg(10, 100, false)],
    [seg(0, 10, true), seg(10, 100, false)],
    [seg(0, 100, false)],
  ];
  const eventOf = [[0], [0, 1], [-1, 0], [-1, 0], [-1, 0], [0]];
  const events = { eventOf, events: [
    { members: [{ doc: 0, segment: 0 }], central: { doc: 0, segment: 0 }, terms: [], dates: [] },
    { members: [{ doc: 1, segment: 1 }], central: { doc: 1, segment: 1 }, terms: [], dates: [] },
  ], stats: { candidatePairs: 0, edges: 0, blocks: 0, largestBlock: 0, sparseBlocks: 0, blockPairs: 0, centroidJoins: 0 } } as unknown as EventAssignment;
  const P = DOC_PUBLISHED;
  const originalOf = (members: number[], flags: number[], date: number[]) => {
    const features = { flags: Uint8Array.from(flags), date: Float64Array.from(date), surfaceIds: new Uint32Array(0), surfaces: [], blockKind: new Uint8Array(0), headlines: [], titles: ids.map(() => '') } as unknown as FeatureBatch;
    const nearDup: NearDupResult = { representative: Int32Array.from(ids, (_, d) => d), groups: [{ members, pairs: [], spanning: false }], containments: [], candidates: 0 };
    const result = buildResult({ docs, errors: [], inputs: 6, skipped: { count: 0, byReason: {}, examples: [] }, features, rank: Int32Array.from(ids, (_, d) => d), nearDup, segments, events });
    const named = result.documents.filter((d) => members.includes(ids.indexOf(d.id))).map((d) => d.nearDuplicateOf ?? d.id);
    assert.is(new Set(named).size, 1, `one original: ${named.join(',')}`);
    assert.is(result.documents.find((d) => d.id === named[0])!.nearDuplicateOf, null, 'the original names none');
    return named[0];
  };
  const all = [0, 1, 2, 3, 4, 5];
  // f alone was published first (day 10); the others on day 12, or undated (a).
  assert.is(originalOf(all, [0, P, P, P, P, P], [NaN, 12, 12, 12, 12, 10]), 'f');
  // b..f on one day: not a bundle (b is one), then least boilerplate (f, none); a, undated, comes after every dated member though it ties f.
  assert.is(originalOf(all, [0, P, P, P, P, P], [NaN, 12, 12, 12, 12, 12]), 'f');
  // b..e on one day: b is a bundle, c has 30 characters of boilerplate, d and e 10 each: d by id.
  assert.is(originalOf([1, 2, 3, 4], [0, P, P, P, P, P], [NaN, 12, 12, 12, 12, 12]), 'd');
  // d and e tie on boilerplate: the smaller id.
  assert.is(originalOf([1, 2, 4, 3], [0, 0, 0, 0, 0, 0], [NaN, NaN, NaN, NaN, NaN, NaN]), 'd');
  // No dates at all: a (no bundle, no boilerplate) before f by id; a bundle only when nothing else is there.
  assert.is(originalOf(all, [0, 0, 0, 0, 0, 0], [NaN, NaN, NaN, NaN, NaN, NaN]), 'a');
  assert.is(originalOf([1, 2], [0, 0, 0, 0, 0, 0], [NaN, NaN, NaN, NaN, NaN, NaN]), 'c');
  // A published bundle before an undated clean copy.
  assert.is(originalOf([0, 1], [0, P, 0, 0, 0, 0], [NaN, 12, NaN, NaN, NaN, NaN]), 'b');
});

test('a group\'s original among bundles: the one reporting the fewest events, before boilerplate; no story counts as one event', () => {
  // Undated copies: a reports 3 events, b 2 (with 20 characters of boilerplate), c 2 (10), d none (50, all boilerplate), e 1 (40).
  const ids = ['a', 'b', 'c', 'd', 'e'];
  const docs = ids.map((id) => ({ id, origin: `${id}.txt`, length: 100, warnings: [] }));
  const seg = (start: number, end: number, boilerplate: boolean) => ({ start, end, boilerplate, blocks: [] }) as unknown as ResolvedSegment;
  const segments = [
    [seg(0, 30, false), seg(30, 60, false), seg(60, 100, false)],
    [seg(0, 20, true), seg(20, 60, false), seg(60, 100, false)],
    [seg(0, 10, true), seg(10, 60, false), seg(60, 100, false)],
    [seg(0, 50, true)],
    [seg(0, 60, false), seg(60, 100, true)],
  ];
  const eventOf = [[0, 1, 2], [-1, 0, 1], [-1, 0, 2], [-1], [0, -1]];
  const events = { eventOf, events: [0, 1, 2].map((e) => ({ members: [{ doc: 0, segment: e }], central: { doc: 0, segment: e }, terms: [], dates: [] })),
    stats: { candidatePairs: 0, edges: 0, blocks: 0, largestBlock: 0, sparseBlocks: 0, blockPairs: 0, centroidJoins: 0 } } as unknown as EventAssignment;
  const features = { flags: new Uint8Array(5), date: new Float64Array(5).fill(NaN), surfaceIds: new Uint32Array(0), surfaces: [], blockKind: new Uint8Array(0), headlines: [], titles: ids.map(() => '') } as unknown as FeatureBatch;
  const originalOf = (members: number[]) => {
    const nearDup: NearDupResult = { representative: Int32Array.from(ids, (_, d) => d), groups: [{ members, pairs: [], spanning: false }], containments: [], candidates: 0 };
    const result = buildResult({ docs, errors: [], inputs: 5, skipped: { count: 0, byReason: {}, examples: [] }, features, rank: Int32Array.from(ids, (_, d) => d), nearDup, segments, events });
    return result.documents.find((d) => d.id === ids[members[0]])!.nearDuplicateOf ?? ids[members[0]];
  };
  // Two events before three, whatever the boilerplate; then the least boilerplate.
  assert.is(originalOf([0, 1]), 'b');
  assert.is(originalOf([0, 1, 2]), 'c');
  // One event before two; a page with no story ties one event (not before it), so e's 40 characters of boilerplate beat its 50.
  assert.is(originalOf([0, 2, 4]), 'e');
  assert.is(originalOf([0, 2, 3, 4]), 'e');
  assert.is(originalOf([0, 3]), 'd');
});

test('jsonl: U+0085, U+2028 and U+2029 in strings are escaped (a line is one record for any reader), in records written whole or in pieces', () => {
  const r = smallResult();
  r.events[0].label = 'a\u0085b\u2028c\u2029d';
  // Over 1000 members: written in pieces.
  r.events[1].label = 'e\u2028f';
  r.events[1].members = Array.from({ length: 1001 }, (_, k) => ({ doc: 'a', segment: k }));
  const lines = formatResult(r, 'jsonl').split('\n');
  const events = lines.filter((l) => l.startsWith('{"type":"event"'));
  assert.is(events.length, 2);
  assert.ok(events[0].includes('"label":"a\\u0085b\\u2028c\\u2029d"'), events[0]);
  assert.ok(events[1].includes('"label":"e\\u2028f"'), events[1].slice(0, 100));
  for (const line of lines) assert.not.match(line, /[\u0085\u2028\u2029]/);
  assert.equal(events.map((l) => JSON.parse(l)), [{ type: 'event', ...r.events[0] }, { type: 'event', ...r.events[1] }]);
});

test.run();
