/**
 * The HTML report's data, without a browser: the JSON blocks of the page
 * read back and checked against the Result they were made from (order,
 * members, why each is in, limits and what was left out), word diffs that
 * rebuild both texts, texts asked for exactly when shown, and markup from the
 * corpus that cannot end a block. Fast, so it can run once per mutant.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { diffOf, htmlDocumentsShown, htmlTextsWanted } from '../src/report/html.js';
import { formatResult } from '../src/report/format.js';
import type { Result } from '../src/types.js';
import { syntheticResult } from './fixtures/results.js';

type Block = Record<string, unknown>;

/** The page's JSON blocks by id, parsed; fails if the page has anything between blocks that is not markup of the page itself. */
function blocks(html: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const re = /<script type="application\/json" id="([a-z]+)">([\s\S]*?)<\/script>/g;
  for (let m = re.exec(html); m !== null; m = re.exec(html)) out[m[1]] = JSON.parse(m[2]);
  return out;
}

/** Two events of one and three members, a group of three, a bundle, a document in no event, an error; hostile strings. */
function result(): Result {
  const base = syntheticResult(0, 0);
  const seg = (start: number, end: number, event: string | null) => ({ start, end, kind: event === null ? ('boilerplate' as const) : ('story' as const), event });
  return {
    documents: [
      { id: 'a', title: '</script><script>alert(1)</script>', date: '2023-04-03', url: 'https://x/a', source: 'Wire', bundle: true, nearDuplicateOf: null, containedIn: [], segments: [seg(0, 10, 'e1'), seg(11, 20, 'e2'), seg(21, 25, null)], warnings: [] },
      { id: 'b', bundle: false, nearDuplicateOf: 'a', containedIn: [], segments: [{ ...seg(0, 12, 'e2'), snippet: 'Fire <b>' }], warnings: [] },
      { id: 'c', bundle: false, nearDuplicateOf: 'a', containedIn: [], segments: [seg(0, 9, 'e2')], warnings: [] },
      { id: 'd', bundle: false, nearDuplicateOf: null, containedIn: [], segments: [], warnings: [{ code: 'empty', message: 'no words' }] },
    ],
    nearDuplicateGroups: [{ id: 'd1', members: ['a', 'b', 'c'], pairs: [{ a: 'a', b: 'b', jaccard: 0.9 }, { a: 'b', b: 'c', jaccard: 0.7 }, { a: 'a', b: 'c', jaccard: 0.6 }] }],
    containments: [],
    events: [
      { id: 'e1', label: 'One', members: [{ doc: 'a', segment: 0, similarity: 1, terms: ['x'] }], terms: ['x'], dates: { first: '2023-04-03', last: '2023-04-03' } },
      { id: 'e2', label: 'Two \u2028', members: [{ doc: 'a', segment: 1 }, { doc: 'b', segment: 0, similarity: 0.5, terms: [] }, { doc: 'c', segment: 0 }], terms: [], dates: { first: '2023-04-01', last: '2023-04-05' }, tree: [[1, 2, 0.5], [0, 2, 0.8]] },
    ],
    errors: [{ source: 'f.jsonl:2', code: 'malformed-json', message: '<!-- x' }],
    summary: { ...base.summary, inputs: 5, documents: 4, errors: 1, bundles: 1, nearDuplicateGroups: 1, events: 2 },
  };
}

test('html: events largest first with their members, why each is in, and the documents they name', () => {
  const r = result();
  const page = formatResult(r, 'html', { settings: { 'event threshold': 0.875 }, cut: 0.875 });
  const data = blocks(page);
  const docs = data.docs as Block[];
  const events = data.events as Block[];
  assert.equal(events.map((e) => e.id), ['e2', 'e1']);
  assert.equal(events.map((e) => [e.label, e.size, e.first, e.last]), [['Two \u2028', 3, '2023-04-01', '2023-04-05'], ['One', 1, '2023-04-03', '2023-04-03']]);
  const members = (e: Block) => (e.members as [number, number, number | null, string[]][]).map(([d, s, sim, terms]) => [docs[d].id, s, sim, terms]);
  assert.equal(members(events[0]), [['a', 1, null, []], ['b', 0, 0.5, []], ['c', 0, null, []]]);
  assert.equal(members(events[1]), [['a', 0, 1, ['x']]]);
  assert.equal(events.map((e) => e.tree), [[[1, 2, 0.5], [0, 2, 0.8]], []]);
  const a = docs.find((d) => d.id === 'a')!;
  assert.equal([a.title, a.date, a.url, a.source, a.bundle, a.original], ['</script><script>alert(1)</script>', '2023-04-03', 'https://x/a', 'Wire', true, null]);
  assert.equal(a.segments, [[0, 10, 1, 'e1', null], [11, 20, 1, 'e2', null], [21, 25, 0, null, null]]);
  assert.equal(docs.find((d) => d.id === 'b')!.segments, [[0, 12, 1, 'e2', 'Fire <b>']]);
  // Every document shows somewhere: d is in no event and is listed; the error too.
  assert.equal(docs.find((d) => d.id === 'd')!.warnings, ['empty: no words']);
  assert.equal(data.errors, r.errors);
  const meta = data.meta as Block;
  assert.equal([meta.inputs, meta.documents, meta.errors, meta.events, meta.nearDuplicateGroups, meta.bundles], [5, 4, 1, 2, 1, 1]);
  assert.equal(meta.leftOut, { events: 0, groups: 0, bundles: 0 });
  assert.equal(meta.timeline, [['2023-04-01', 1, 3], ['2023-04-03', 1, 1]]);
  assert.equal([meta.settings, meta.cut], [{ 'event threshold': 0.875 }, 0.875]);
  // No text from the corpus can close a block or open a comment: only the page's own script elements are in the page.
  // Six data blocks and the script.
  assert.is(page.split('</script>').length - 1, 6 + 1);
  assert.not.ok(page.includes('<!-- x'));
  assert.not.ok(page.includes('\u2028'));
  assert.ok(page.startsWith('<!DOCTYPE html>') && page.endsWith('</html>\n'));
  assert.ok(page.includes(`content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"`));
});

test('html: groups with the original first and each copy diffed against it; bundles with their text; texts asked for exactly those shown', () => {
  const r = result();
  const texts = new Map([
    ['a', 'The fire spread fast. Share this.'],
    ['b', 'The big fire spread fast. Share this.'],
    ['c', 'A fire spread. Share'],
  ]);
  const wanted = htmlTextsWanted(r);
  assert.equal(r.documents.filter(wanted).map((d) => d.id), ['a', 'b', 'c']);
  const data = blocks(formatResult(r, 'html', { texts }));
  const docs = data.docs as Block[];
  const [group] = data.groups as Block[];
  assert.equal([group.id, group.size, docs[group.original as number].id, group.text], ['d1', 3, 'a', texts.get('a')]);
  const copies = group.copies as { doc: number; jaccard: { value: number; with: string } | null; diff: Array<[number, number | string]> }[];
  assert.equal(copies.map((c) => [docs[c.doc].id, c.jaccard]), [['b', { value: 0.9, with: 'a' }], ['c', { value: 0.6, with: 'a' }]]);
  for (const c of copies) {
    // Shared runs and deletions are lengths into the original, insertions the copy's text.
    let at = 0;
    let copy = '';
    let original = '';
    for (const [op, x] of c.diff) {
      if (op === 1) copy += x as string;
      else {
        const part = texts.get('a')!.slice(at, at + (x as number));
        at += x as number;
        original += part;
        if (op === 0) copy += part;
      }
    }
    assert.is(original, texts.get('a'));
    assert.is(copy, texts.get(docs[c.doc].id as string));
  }
  assert.equal(group.listed, []);
  assert.equal(data.bundles, [{ doc: docs.findIndex((d) => d.id === 'a'), text: texts.get('a') }]);
  // Without texts: no diff, no text, the rest as before.
  const bare = blocks(formatResult(r, 'html'));
  assert.equal(((bare.groups as Block[])[0].copies as Block[]).map((c) => c.diff), [null, null]);
  assert.equal((bare.bundles as Block[])[0].text, null);
});

test('html: the limit keeps the largest of each, counts the rest, and asks only for their texts; a copy joined through another names it', () => {
  const r = result();
  r.nearDuplicateGroups.push({ id: 'd2', members: ['b', 'd'], pairs: [{ a: 'b', b: 'd', jaccard: 0.8 }] });
  r.nearDuplicateGroups[0].pairs = [{ a: 'a', b: 'b', jaccard: 0.9 }, { a: 'b', b: 'c', jaccard: 0.7 }];
  const data = blocks(formatResult(r, 'html', { reportLimit: 1 }));
  assert.equal((data.events as Block[]).map((e) => e.id), ['e2']);
  assert.equal((data.groups as Block[]).map((g) => g.id), ['d1']);
  const docs = data.docs as Block[];
  const copies = (data.groups as Block[])[0].copies as { doc: number; jaccard: unknown }[];
  assert.equal(copies.map((c) => [docs[c.doc].id, c.jaccard]), [['b', { value: 0.9, with: 'a' }], ['c', { value: 0.7, with: 'b' }]]);
  assert.equal((data.meta as Block).leftOut, { events: 1, groups: 1, bundles: 0 });
  assert.equal(r.documents.filter(htmlTextsWanted(r, 1)).map((d) => d.id), ['a', 'b', 'c']);
  // A second bundle past the limit: counted, its text not asked for.
  r.documents[3] = { ...r.documents[3], bundle: true };
  r.summary.bundles = 2;
  assert.equal(r.documents.filter(htmlTextsWanted(r, 1)).map((d) => d.id), ['a', 'b', 'c']);
  assert.equal((blocks(formatResult(r, 'html', { reportLimit: 1 })).meta as Block).leftOut, { events: 1, groups: 1, bundles: 1 });
});

test('html: a group of more than ten copies diffs ten and lists the others by id', () => {
  const r = syntheticResult(0, 0);
  const ids = Array.from({ length: 14 }, (_, i) => `m${String(i).padStart(2, '0')}`);
  r.documents = ids.map((id, i) => ({ id, bundle: false, nearDuplicateOf: i === 0 ? null : 'm00', containedIn: [], segments: [], warnings: [] }));
  r.nearDuplicateGroups = [{ id: 'd1', members: ids, pairs: ids.slice(1).map((b) => ({ a: 'm00', b, jaccard: 1 })), spanning: true }];
  const data = blocks(formatResult(r, 'html'));
  const docs = data.docs as Block[];
  const [group] = data.groups as Block[];
  assert.equal((group.copies as { doc: number }[]).map((c) => docs[c.doc].id), ids.slice(1, 11));
  assert.equal((group.listed as number[]).map((n) => docs[n].id), ids.slice(11));
});

test('html: several of each (separators), long texts cut, a copy joined through its best pair, documents named only where shown, days in order, the page title', () => {
  const r = result();
  const long = 'word '.repeat(5_000);
  r.documents.push(
    { id: 'e', bundle: true, nearDuplicateOf: 'f', containedIn: [], segments: [{ start: 0, end: 10, kind: 'story', event: 'e3' }, { start: 11, end: 20, kind: 'story', event: 'e4' }], warnings: [] },
    { id: 'f', bundle: false, nearDuplicateOf: null, containedIn: [], segments: [{ start: 0, end: 10, kind: 'story', event: 'e3' }], warnings: [] },
    { id: 'w', bundle: false, nearDuplicateOf: null, containedIn: [], segments: [{ start: 0, end: 10, kind: 'story', event: 'e4' }], warnings: [] },
  );
  // e's best pair is with w (0.75), not b (0.7); the pair is written either way round.
  r.nearDuplicateGroups.push({ id: 'd2', members: ['e', 'f', 'w'], pairs: [{ a: 'f', b: 'w', jaccard: 0.9 }, { a: 'b', b: 'e', jaccard: 0.7 }, { a: 'e', b: 'w', jaccard: 0.75 }] });
  r.events.push(
    { id: 'e3', label: 'Three', members: [{ doc: 'e', segment: 0 }, { doc: 'f', segment: 0 }], terms: [], dates: { first: '2023-03-30', last: '2023-03-30' } },
    { id: 'e4', label: 'Four', members: [{ doc: 'e', segment: 1 }, { doc: 'w', segment: 0 }], terms: [], dates: { first: '2023-04-02', last: '2023-04-02' } },
  );
  r.errors.push({ source: 'f.jsonl:9', code: 'binary', message: 'x' });
  r.summary = { ...r.summary, documents: 7, bundles: 2, nearDuplicateGroups: 2, events: 4, errors: 2 };
  const texts = new Map([['a', long], ['b', long + 'b'], ['c', 'c'], ['e', long], ['f', long + ' f'], ['w', 'w']]);
  const page = formatResult(r, 'html', { texts, reportLimit: 2 });
  assert.ok(page.includes('<title>storyline report: 7 documents, 4 events</title>'), page.slice(0, 600));
  const data = blocks(page);
  const docs = data.docs as Block[];
  const groups = data.groups as Block[];
  assert.equal(groups.map((g) => [g.id, docs[g.original as number].id, (g.text as string).length]), [['d1', 'a', 20_000], ['d2', 'f', 20_000]]);
  const copies = groups[1].copies as { doc: number; jaccard: unknown }[];
  assert.equal(copies.map((c) => [docs[c.doc].id, c.jaccard]), [['e', { value: 0.75, with: 'w' }], ['w', { value: 0.9, with: 'f' }]]);
  assert.equal((data.bundles as Block[]).map((b) => [docs[b.doc as number].id, (b.text as string).length]), [['a', long.length], ['e', long.length]]);
  assert.equal((data.errors as Block[]).map((e) => e.source), ['f.jsonl:2', 'f.jsonl:9']);
  assert.equal((data.meta as Block).timeline, [['2023-03-30', 1, 2], ['2023-04-01', 1, 3], ['2023-04-02', 1, 2], ['2023-04-03', 1, 1]]);
  // Shown: e2 and one of the two-member events (a, b, c; e3 before e4: e, f), the groups' members, the bundles; d is in no event.
  assert.equal(r.documents.filter(htmlDocumentsShown(r, 2)).map((d) => d.id), ['a', 'b', 'c', 'd', 'e', 'f', 'w']);
  assert.equal(r.documents.filter(htmlDocumentsShown(r, 1)).map((d) => d.id), ['a', 'b', 'c', 'd']);
  assert.equal(new Set(docs.map((d) => d.id)), new Set(['a', 'b', 'c', 'd', 'e', 'f', 'w']));
  // At a limit of 1: d2 and its members are not shown, w is named nowhere.
  const one = blocks(formatResult(r, 'html', { texts, reportLimit: 1 }));
  assert.equal((one.docs as Block[]).map((d) => d.id).sort(), ['a', 'b', 'c', 'd']);
});

test('html: an event of more than 500 members lists 500 and keeps its size', () => {
  const r = syntheticResult(600, 600);
  const data = blocks(formatResult(r, 'html'));
  const [event] = data.events as Block[];
  assert.equal([(event.members as unknown[]).length, event.size], [500, 600]);
  const [group] = data.groups as Block[];
  assert.equal([(group.copies as unknown[]).length, (group.listed as unknown[]).length], [10, 490]);
  // Named on the page: the event's first 500 and the group's original and 500 others (doc0 … doc500), not doc501.
  const shown = htmlDocumentsShown(r);
  assert.equal(r.documents.filter(shown).length, 501);
  assert.ok(shown(r.documents[500]) && !shown(r.documents[501]));
  // Without the group, only the event's 500.
  r.nearDuplicateGroups = [];
  assert.equal(r.documents.filter(htmlDocumentsShown(r)).length, 500);
});

test('diffOf: null without both texts; runs that rebuild both texts; white space counts', () => {
  assert.is(diffOf(undefined, 'x'), null);
  assert.is(diffOf('x', undefined), null);
  assert.ok(diffOf('a b', 'a  b')!.some(([op]) => op !== 0), 'a change of white space is a change');
  assert.equal(diffOf('same text', 'same text'), [[0, 9]]);
  const ops = diffOf('one two three', 'one 2 three')!;
  assert.equal(ops.filter(([op]) => op !== 0), [[-1, 3], [1, '2']]);
});

test.run();
