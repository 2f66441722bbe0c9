/**
 * Builds the public Result from the stages' internal outputs. Everything
 * is ordered by document id (then segment), so the same corpus gives the
 * same bytes whatever the input order or number of workers.
 */
import { BLOCK_HEADLINE, DOC_EMPTY, DOC_NO_STORY, DOC_PUBLISHED, type FeatureBatch } from '../features/batch.js';
import { formatDay } from '../features/dates.js';
import { Surfaces } from '../features/surfaces.js';
import type { DocRecord } from '../features/collect.js';
import type { EventAssignment } from '../events/assign.js';
import type { NearDupResult } from '../neardup/groups.js';
import type { ResolvedSegment } from '../segments/resolve.js';
import type { DocumentResult, Event, EventMember, InputError, Result, SkippedSummary } from '../types.js';

export interface ResultParts {
  docs: DocRecord[];
  errors: InputError[];
  /** Inputs ingest saw, counted independently of docs and errors. */
  inputs: number;
  /** What the corpus folder held that is not an input. */
  skipped: SkippedSummary;
  features: FeatureBatch;
  rank: Int32Array;
  nearDup: NearDupResult;
  segments: ResolvedSegment[][];
  events: EventAssignment;
}

/** Terms listed per event. */
const EVENT_TERMS_SHOWN = 8;

/** Jaccard and containment estimates are multiples of 1/k: 4 decimals show them exactly enough. */
function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

export function buildResult(parts: ResultParts): Result {
  const { docs, features, rank, nearDup, segments, events } = parts;
  const byRank = Array.from({ length: docs.length }, (_, d) => d).sort((a, b) => rank[a] - rank[b]);
  const eventIds = events.events.map((_, i) => `e${i + 1}`);

  const containedIn = new Map<number, string[]>();
  for (const c of nearDup.containments) {
    const list = containedIn.get(c.inner) ?? [];
    list.push(docs[c.outer].id);
    containedIn.set(c.inner, list);
  }

  const original = groupOriginals(parts);
  const documents: DocumentResult[] = byRank.map((d) => {
    const eventOf = events.eventOf[d];
    const warnings = [...docs[d].warnings];
    if (features.flags[d] & DOC_EMPTY && !warnings.some((w) => w.code === 'empty')) {
      warnings.push({ code: 'empty', message: 'the text has no words; it takes part in nothing' });
    }
    if (features.flags[d] & DOC_NO_STORY) {
      warnings.push({ code: 'no-story', message: 'the whole text looks like boilerplate (appeals, links, bylines); no story found' });
    }
    const doc = docs[d];
    return {
      id: doc.id,
      ...(doc.title !== undefined ? { title: doc.title } : {}),
      ...(features.flags[d] & DOC_PUBLISHED ? { date: formatDay(features.date[d]) } : {}),
      ...(doc.url !== undefined ? { url: doc.url } : {}),
      ...(doc.source !== undefined ? { source: doc.source } : {}),
      bundle: isBundle(eventOf),
      nearDuplicateOf: original[d] === d ? null : docs[original[d]].id,
      containedIn: containedIn.get(d) ?? [],
      segments: segments[d].map((s, i) => ({
        start: s.start,
        end: s.end,
        kind: s.boilerplate ? ('boilerplate' as const) : ('story' as const),
        event: eventOf[i] >= 0 ? eventIds[eventOf[i]] : null,
      })),
      warnings,
    };
  });

  const surfaceOf = Surfaces.of(features.surfaceIds, features.surfaces);

  const eventList: Event[] = events.events.map((e, i) => {
    // The terms shown (those with a surface, up to 8), with their index in e.terms (a member's `shared` bit).
    const shown: Array<[number, string]> = [];
    for (let k = 0; k < e.terms.length && shown.length < EVENT_TERMS_SHOWN; k++) {
      const surface = surfaceOf.get(e.terms[k]);
      if (surface !== undefined) shown.push([k, surface]);
    }
    const event: Event = {
      id: eventIds[i],
      label: labelOf(parts, e.central.doc, e.central.segment, e.terms, surfaceOf),
      members: e.members.map((m, j) => {
        const member: EventMember = { doc: docs[m.doc].id, segment: m.segment };
        if (e.fit !== undefined) member.similarity = Math.round(e.fit[j] * 1000) / 1000;
        if (e.shared !== undefined) member.terms = shown.filter(([k]) => k < 32 && (e.shared![j] & (1 << k)) !== 0).map(([, surface]) => surface);
        return member;
      }),
      terms: shown.map(([, surface]) => surface),
    };
    if (e.dates.length > 0) event.dates = { first: formatDay(e.dates[0]), last: formatDay(e.dates[e.dates.length - 1]) };
    if (e.tree !== undefined && e.tree.length > 0) {
      const tree: Array<[number, number, number]> = [];
      for (let k = 0; k < e.tree.length; k += 3) tree.push([e.tree[k], e.tree[k + 1], round(e.tree[k + 2])]);
      event.tree = tree;
    }
    return event;
  });

  const result: Result = {
    documents,
    nearDuplicateGroups: nearDup.groups.map((g, i) => ({
      id: `d${i + 1}`,
      members: g.members.map((m) => docs[m].id),
      pairs: g.pairs.map((p) => ({ a: docs[p.a].id, b: docs[p.b].id, jaccard: round(p.jaccard) })),
      ...(g.spanning ? { spanning: true as const } : {}),
    })),
    containments: nearDup.containments.map((c) => ({ inner: docs[c.inner].id, outer: docs[c.outer].id, containment: round(c.containment) })),
    events: eventList,
    errors: sortedBySource(parts.errors),
    summary: {
      inputs: parts.inputs,
      documents: docs.length,
      errors: parts.errors.length,
      bundles: documents.filter((d) => d.bundle).length,
      nearDuplicateGroups: nearDup.groups.length,
      events: eventList.length,
      eventClustering: { ...parts.events.stats },
      skipped: parts.skipped,
    },
  };
  return result;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Errors in the order of their sources, a JSONL file's lines by number
 * (`f.jsonl:2` before `f.jsonl:10`); a source without a line number before
 * its lines. Ties fall to the code, the message and the whole source, so
 * the order never depends on the input's.
 */
function sortedBySource(errors: readonly InputError[]): InputError[] {
  const keyed = errors.map((error) => {
    const line = /^(.*):(\d{1,15})$/s.exec(error.source);
    return { error, file: line ? line[1] : error.source, line: line ? Number(line[2]) : -1 };
  });
  keyed.sort(
    (a, b) =>
      compareText(a.file, b.file) ||
      a.line - b.line ||
      compareText(a.error.source, b.error.source) ||
      compareText(a.error.code, b.error.code) ||
      compareText(a.error.message, b.error.message),
  );
  return keyed.map((k) => k.error);
}

/** How many events a document's story segments report. */
function eventsReported(eventOf: readonly number[]): number {
  const events = new Set<number>();
  for (const e of eventOf) if (e >= 0) events.add(e);
  return events.size;
}

/** A document whose story segments report two or more events. */
function isBundle(eventOf: readonly number[]): boolean {
  return eventsReported(eventOf) >= 2;
}

/**
 * The original of each near-duplicate group, as the others' `nearDuplicateOf`
 * names it: the member published first (input dates; an undated member after
 * every dated one), then one that is not a bundle (among bundles, the one that
 * reports the fewest events), then the one with the least boilerplate, then the
 * smallest id. A copy is more often a later, wrapped or extended page than the
 * first; and when a clean copy is itself taken for a bundle, a copy with
 * another story appended reports one event more. (Analysis lets the fullest
 * copy, the most shingles, stand for the group: `nearDup.representative`.)
 */
function groupOriginals(parts: ResultParts): Int32Array {
  const { features, rank, nearDup, segments, events } = parts;
  const original = Int32Array.from({ length: rank.length }, (_, d) => d);
  const published = (d: number) => ((features.flags[d] & DOC_PUBLISHED) !== 0 ? features.date[d] : Infinity);
  // 0 and 1 events tie: a page with no story is no better an original for it.
  const reported = (d: number) => Math.max(1, eventsReported(events.eventOf[d]));
  const boilerplate = (d: number) => segments[d].reduce((sum, s) => sum + (s.boilerplate ? s.end - s.start : 0), 0);
  const before = (a: number, b: number) =>
    published(a) - published(b) || reported(a) - reported(b) || boilerplate(a) - boilerplate(b) || rank[a] - rank[b];
  for (const g of nearDup.groups) {
    const first = g.members.reduce((best, d) => (before(d, best) < 0 ? d : best));
    for (const d of g.members) original[d] = first;
  }
  return original;
}

/** A headline if the segment opens with one (or is the document's first story and the document has a title), else its top terms. */
function labelOf(parts: ResultParts, doc: number, segment: number, terms: number[], surfaceOf: Surfaces): string {
  const seg = parts.segments[doc][segment];
  // A block that opens with a date stamp alone has no headline (features/extract.ts): the next block may.
  for (const block of seg.blocks) {
    if ((parts.features.blockKind[block] & BLOCK_HEADLINE) === 0) break;
    const headline = parts.features.headlines[block];
    if (headline) return headline;
  }
  const firstStory = parts.segments[doc].findIndex((s) => !s.boilerplate);
  if (segment === firstStory) {
    const title = parts.docs[doc].title || parts.features.titles[doc];
    if (title) return title;
  }
  const words = terms.map((t) => surfaceOf.get(t)).filter((s): s is string => s !== undefined).slice(0, 5);
  return words.length > 0 ? words.join(', ') : `${parts.docs[doc].id}#${segment}`;
}
