/**
 * The events suite's error cases (src/eval/event-errors.ts): which found
 * events join gold events, which documents are put apart, and why.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { eventErrors } from '../src/eval/event-errors.js';
import type { DocumentResult, Event } from '../src/types.js';

function doc(id: string, ...events: string[]): DocumentResult {
  const segments = events.map((event, k) => ({ start: 100 * k, end: 100 * k + 90, kind: 'story' as const, event }));
  return { id, bundle: events.length > 1, nearDuplicateOf: null, containedIn: [], segments, warnings: [] };
}

function event(id: string, label: string, terms: string[]): Event {
  return { id, label, terms, members: [] };
}

// Gold A: a1..a4, gold B: b1..b3, gold C: c1..c3 (c2 cut in two parts, its longest scored: here the first).
const documents = [
  doc('a1', 'e1'), doc('a2', 'e1'), doc('a3', 'e1'), doc('a4', 'e3'),
  doc('b1', 'e1'), doc('b2', 'e2'), doc('b3', 'e2'),
  doc('c1', 'e4'), doc('c2', 'e2', 'e4'), doc('c3', 'e4'),
];
const predicted = ['e1', 'e1', 'e1', 'e3', 'e1', 'e2', 'e2', 'e4', 'e2', 'e4'];
const gold = ['A', 'A', 'A', 'A', 'B', 'B', 'B', 'C', 'C', 'C'];
const events = [event('e1', 'Quake hits island', ['quake', 'island', 'Qeshm']), event('e2', 'x', ['y']), event('e3', 'z', []), event('e4', 'w', [])];

/**
 * B-cubed F1 of the found events, and of the labels each fixed case gives,
 * computed by hand (per item: shared / cluster size for precision, shared /
 * gold size for recall, averaged over the 10 items; F1 = 2PR / (P + R)).
 * As found: clusters {a1 a2 a3 b1} {a4} {b2 b3 c2} {c1 c3}.
 *   P = (3·3/4 + 1/4 + 1 + 2·2/3 + 1/3 + 2·1) / 10 = 43/60
 *   R = (3·3/4 + 1/4 + 1/3 + 2·2/3 + 2·2/3 + 1/3) / 10 = 7/12, F1 = 301/468
 * e1 split into {a1 a2 a3} {b1}: P = 13/15, R = 7/12, F1 = 182/261
 * e2 split into {b2 b3} {c2}: P = 17/20, R = 7/12, F1 = 119/172
 * both split: P = 1, R = 7/12, F1 = 14/19
 * a4 moved to e1: P = 53/75, R = 11/15, F1 = 583/810
 * b1 moved to e2, or c2 moved to e4: P = 17/20, R = 43/60, F1 = 731/940
 */
const F1 = {
  found: 301 / 468,
  e1Split: 182 / 261,
  e2Split: 119 / 172,
  joinsSplit: 14 / 19,
  a4Moved: 583 / 810,
  b1Moved: 731 / 940,
  c2Moved: 731 / 940,
};

/** Replaces each number in `value` by itself rounded to 12 places, so sums in another order still compare equal. */
function rounded<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e12) / 1e12 : v))) as T;
}

test('joined: each found event with two or more gold events, largest first, with its gold counts and the F1 if it were split', () => {
  const { merged } = eventErrors(documents, predicted, gold, { events });
  assert.equal(rounded(merged), rounded([
    {
      event: 'e1', label: 'Quake hits island', terms: ['quake', 'island', 'Qeshm'], gold: [{ event: 'A', documents: 3 }, { event: 'B', documents: 1 }],
      f1IfSplit: F1.e1Split,
    },
    {
      event: 'e2', label: 'x', terms: ['y'], gold: [{ event: 'B', documents: 2 }, { event: 'C', documents: 1 }],
      f1IfSplit: F1.e2Split,
    },
  ]));
});

test('apart: documents outside their gold event\'s majority, with where they went, why, and the F1 if moved', () => {
  const { apart } = eventErrors(documents, predicted, gold, { events });
  assert.equal(rounded(apart), rounded([
    { document: 'a4', gold: 'A', majority: 'e1', event: 'e3', eventDocuments: 1, cause: 'alone', f1IfMoved: F1.a4Moved },
    { document: 'b1', gold: 'B', majority: 'e2', event: 'e1', eventDocuments: 4, cause: 'other event', f1IfMoved: F1.b1Moved },
    { document: 'c2', gold: 'C', majority: 'e4', event: 'e2', eventDocuments: 3, cause: 'cut', f1IfMoved: F1.c2Moved },
  ]));
});

test('F1 as found, with every joined event split, and with every document apart moved', () => {
  const { f1 } = eventErrors(documents, predicted, gold, { events });
  assert.equal(rounded(f1), rounded({ found: F1.found, joinsSplit: F1.joinsSplit, apartMoved: 1 }));
});

test('no errors when the found events are the gold events, and the order of documents does not matter', () => {
  const none = eventErrors(documents.slice(0, 3), ['e1', 'e1', 'e1'], ['A', 'A', 'A'], { events });
  assert.equal(none, { merged: [], apart: [], f1: { found: 1, joinsSplit: 1, apartMoved: 1 } });
  const order = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0];
  const shuffled = eventErrors(order.map((i) => documents[i]), order.map((i) => predicted[i]), order.map((i) => gold[i]), { events });
  assert.equal(shuffled, eventErrors(documents, predicted, gold, { events }));
});

test.run();
