/**
 * What went wrong in an events run, case by case: the predicted events that
 * join two or more gold events, and the documents put apart from where the
 * rest of their gold event went. B-cubed says how much is wrong; this says
 * which stories, so that a change can be judged by the cases it fixes.
 */
import type { DocumentResult, Result } from '../types.js';
import { bcubed } from './metrics.js';

/** A predicted event holding documents of more than one gold event. */
export interface MergedEvents {
  /** The predicted event's id in the result. */
  event: string;
  label: string;
  /** Its heaviest terms, as the result lists them (first few). */
  terms: string[];
  /** The gold events in it, with how many of its documents each gave, most first. */
  gold: Array<{ event: string; documents: number }>;
  /** B-cubed F1 of the run had this event been split along its gold events, all else as found: what joining them cost. */
  f1IfSplit: number;
}

/**
 * A document whose predicted event is not the one most of its gold event's
 * documents were given.
 */
export interface ApartDocument {
  document: string;
  gold: string;
  /** The predicted event most of the gold event's documents are in. */
  majority: string;
  /** The predicted event this document is in, and how many of the scored documents it holds. */
  event: string;
  eventDocuments: number;
  /**
   * What the result shows of why: `cut` (the document was cut into story
   * parts and the one that decides, its longest, went elsewhere), `alone`
   * (an event of its own), or `other event` (a whole document in an event
   * that other documents are in too).
   */
  cause: 'cut' | 'alone' | 'other event';
  /** B-cubed F1 of the run had this document gone to `majority`, all else as found. */
  f1IfMoved: number;
}

export interface EventErrors {
  merged: MergedEvents[];
  apart: ApartDocument[];
  /** B-cubed F1 as found, with every merged event split, and with every document apart moved to its majority instead: how the two kinds of error share what is lost. */
  f1: { found: number; joinsSplit: number; apartMoved: number };
}

/** Terms kept per merged event in the listing. */
const TERMS_SHOWN = 6;

/**
 * The error cases of `predicted` (a predicted event per document, as
 * scored) against `gold`, in a stable order: merged events by size, then
 * id; documents apart by gold event, then id.
 */
export function eventErrors(documents: readonly DocumentResult[], predicted: readonly string[], gold: readonly string[], result: Pick<Result, 'events'>): EventErrors {
  const membersOf = groupIndexes(predicted);
  const described = new Map(result.events.map((e) => [e.id, e]));
  const merged: MergedEvents[] = [];
  for (const [event, members] of membersOf) {
    const counts = countBy(members.map((i) => gold[i]));
    if (counts.length < 2) continue;
    const e = described.get(event);
    const f1IfSplit = f1With(predicted, gold, (i) => (predicted[i] === event ? splitLabel(event, gold[i]) : undefined));
    merged.push({ event, label: e?.label ?? '', terms: (e?.terms ?? []).slice(0, TERMS_SHOWN), gold: counts.map(([g, n]) => ({ event: g, documents: n })), f1IfSplit });
  }
  merged.sort((a, b) => total(b) - total(a) || compare(a.event, b.event));

  const apart: ApartDocument[] = [];
  const majorityOf = new Map<number, string>();
  for (const [goldEvent, members] of groupIndexes(gold)) {
    const counts = countBy(members.map((i) => predicted[i]));
    if (counts.length < 2) continue;
    const majority = counts[0][0];
    for (const i of members) {
      if (predicted[i] === majority) continue;
      const eventDocuments = membersOf.get(predicted[i])!.length;
      const storyParts = documents[i].segments.filter((s) => s.kind === 'story').length;
      const cause = storyParts > 1 ? 'cut' : eventDocuments === 1 ? 'alone' : 'other event';
      const f1IfMoved = f1With(predicted, gold, (x) => (x === i ? majority : undefined));
      apart.push({ document: documents[i].id, gold: goldEvent, majority, event: predicted[i], eventDocuments, cause, f1IfMoved });
      majorityOf.set(i, majority);
    }
  }
  apart.sort((a, b) => compare(a.gold, b.gold) || compare(a.document, b.document));
  const joined = new Set(merged.map((m) => m.event));
  const f1 = {
    found: f1With(predicted, gold, () => undefined),
    joinsSplit: f1With(predicted, gold, (i) => (joined.has(predicted[i]) ? splitLabel(predicted[i], gold[i]) : undefined)),
    apartMoved: f1With(predicted, gold, (i) => majorityOf.get(i)),
  };
  return { merged, apart, f1 };
}

/** A label no predicted event has: the part of `event` that belongs to gold event `goldEvent`. */
function splitLabel(event: string, goldEvent: string): string {
  return JSON.stringify([event, goldEvent]);
}

/** B-cubed F1 of `predicted` with some documents given other labels (`relabel` returns undefined for the rest). */
function f1With(predicted: readonly string[], gold: readonly string[], relabel: (i: number) => string | undefined): number {
  return bcubed(predicted.map((p, i) => relabel(i) ?? p), gold).f1;
}

function groupIndexes(labels: readonly string[]): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  labels.forEach((label, i) => {
    const list = groups.get(label);
    if (list === undefined) groups.set(label, [i]);
    else list.push(i);
  });
  return groups;
}

/** Each distinct value with its count, most frequent first (ties: value order), so the listing never depends on input order. */
function countBy(values: readonly string[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || compare(a[0], b[0]));
}

function total(m: MergedEvents): number {
  return m.gold.reduce((sum, g) => sum + g.documents, 0);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
