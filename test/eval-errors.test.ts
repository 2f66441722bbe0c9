/**
 * The events suite's error cases (src/eval/event-errors.ts): which found
 * events join gold events, which documents are put apart, and why.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { eventErrors } from '../src/eval/event-errors.js';
import { bcubed } from '../src/eval/metrics.js';
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

/** B-cubed F1 of the found events with these labels instead (by hand: what fixing a case gives). */
const f1Of = (labels: string[]) => bcubed(labels, gold).f1;

test('joined: each found event with two or more gold events, largest first, with its gold counts and the F1 if it were split', () => {
  const { merged } = eventErrors(documents, predicted, gold, { events });
  assert.equal(merged, [
    {
      event: 'e1', label: 'Quake hits island', terms: ['quake', 'island', 'Qeshm'], gold: [{ event: 'A', documents: 3 }, { event: 'B', documents: 1 }],
      f1IfSplit: f1Of(['e1A', 'e1A', 'e1A', 'e3', 'e1B', 'e2', 'e2', 'e4', 'e2', 'e4']),
    },
    {
      event: 'e2', label: 'x', terms: ['y'], gold: [{ event: 'B', documents: 2 }, { event: 'C', documents: 1 }],
      f1IfSplit: f1Of(['e1', 'e1', 'e1', 'e3', 'e1', 'e2B', 'e2B', 'e4', 'e2C', 'e4']),
    },
  ]);
  assert.ok(merged[0].f1IfSplit > f1Of(predicted), 'splitting a joined event can only help here');
});

test('apart: documents outside their gold event\'s majority, with where they went, why, and the F1 if moved', () => {
  const { apart } = eventErrors(documents, predicted, gold, { events });
  assert.equal(apart, [
    { document: 'a4', gold: 'A', majority: 'e1', event: 'e3', eventDocuments: 1, cause: 'alone', f1IfMoved: f1Of(['e1', 'e1', 'e1', 'e1', 'e1', 'e2', 'e2', 'e4', 'e2', 'e4']) },
    { document: 'b1', gold: 'B', majority: 'e2', event: 'e1', eventDocuments: 4, cause: 'other event', f1IfMoved: f1Of(['e1', 'e1', 'e1', 'e3', 'e2', 'e2', 'e2', 'e4', 'e2', 'e4']) },
    { document: 'c2', gold: 'C', majority: 'e4', event: 'e2', eventDocuments: 3, cause: 'cut', f1IfMoved: f1Of(['e1', 'e1', 'e1', 'e3', 'e1', 'e2', 'e2', 'e4', 'e4', 'e4']) },
  ]);
});

test('F1 as found, with every joined event split, and with every document apart moved', () => {
  const { f1 } = eventErrors(documents, predicted, gold, { events });
  assert.equal(f1, {
    found: f1Of(predicted),
    joinsSplit: f1Of(['e1A', 'e1A', 'e1A', 'e3', 'e1B', 'e2B', 'e2B', 'e4', 'e2C', 'e4']),
    apartMoved: 1,
  });
  assert.ok(f1.found < f1.joinsSplit && f1.joinsSplit < 1);
});

test('no errors when the found events are the gold events, and the order of documents does not matter', () => {
  const none = eventErrors(documents.slice(0, 3), ['e1', 'e1', 'e1'], ['A', 'A', 'A'], { events });
  assert.equal(none, { merged: [], apart: [], f1: { found: 1, joinsSplit: 1, apartMoved: 1 } });
  const order = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0];
  const shuffled = eventErrors(order.map((i) => documents[i]), order.map((i) => predicted[i]), order.map((i) => gold[i]), { events });
  assert.equal(shuffled, eventErrors(documents, predicted, gold, { events }));
});

test.run();
