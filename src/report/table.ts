/**
 * The `table` format: what a person wants to see first. A summary, the
 * events largest first with a few member titles, bundles, near-duplicate
 * groups (the original and its count of copies), containment, documents in
 * no event and errors; a row per document only when asked for.
 *
 * It is read on a terminal, so every text that comes from the corpus (ids,
 * titles, terms, messages) goes through `printable`. It is made line by
 * line, and long member lists piece by piece, never as one string.
 */
import type { DocumentResult, Result } from '../types.js';
import { printable } from '../util/printable.js';
import { count } from './count.js';

/** Id columns grow with the longest id up to this width; longer ids are clipped. */
const MAX_ID_WIDTH = 40;

function pad(s: string, width: number): string {
  return s.length >= width ? s : s + ' '.repeat(width - s.length);
}

function clip(s: string, width: number): string {
  return s.length <= width ? s : s.slice(0, width - 1) + '…';
}

/** The width of a column headed `heading` that shows these ids (in printable form). */
function columnWidth(heading: string, ids: Iterable<string | null>): number {
  let width = heading.length;
  for (const id of ids) if (id !== null) width = Math.max(width, printable(id).length);
  return Math.min(MAX_ID_WIDTH, width);
}

function* map<T, U>(items: readonly T[], f: (item: T) => U): Generator<U> {
  for (const item of items) yield f(item);
}

/** The items separated by spaces, as `items.join(' ')` would give them. */
function* spaced(items: Iterable<string>): Generator<string> {
  let first = true;
  for (const item of items) {
    yield first ? item : ` ${item}`;
    first = false;
  }
}

/** What the table shows besides the news. */
export interface TableOptions {
  /** A row per document (flags and segments) at the end. @defaultValue false */
  documents?: boolean;
  /** Events, bundles and groups shown at most, each; the rest are counted. @defaultValue every one */
  limit?: number;
}

/** Member titles shown under an event. */
const TITLES_PER_EVENT = 3;

/**
 * Indices of `items`, largest first (by `size`), ties in the items' own
 * order (ids), so the order never depends on the input's.
 */
export function largestFirst<T>(items: readonly T[], size: (item: T) => number): number[] {
  const order = Array.from({ length: items.length }, (_, i) => i);
  const sizes = Float64Array.from(items, size);
  return order.sort((a, b) => sizes[b] - sizes[a] || a - b);
}

/** The documents whose snippet the table shows: untitled members among the first of each event it lists. */
export function tableSnippetsWanted(result: Result, limit = Infinity): (doc: DocumentResult) => boolean {
  const wanted = new Set<string>();
  for (const i of largestFirst(result.events, (e) => e.members.length).slice(0, limit)) {
    for (const m of result.events[i].members.slice(0, TITLES_PER_EVENT)) wanted.add(m.doc);
  }
  return (doc) => doc.title === undefined && wanted.has(doc.id);
}

/** The table, one line (or, for long member lists, one member) per piece. */
export function* tableChunks(result: Result, options: TableOptions = {}): Generator<string> {
  const limit = options.limit ?? Infinity;
  const s = result.summary;
  yield `${count(s.documents, 'document')}, ${count(s.errors, 'error')} · ${count(s.nearDuplicateGroups, 'near-duplicate group')} · ` +
    `${count(s.events, 'event')} · ${count(s.bundles, 'bundle')}\n`;

  const documentOf = new Map<string, DocumentResult>();
  for (const d of result.documents) documentOf.set(d.id, d);

  if (result.events.length > 0) yield `\nEVENTS, largest first\n`;
  const events = largestFirst(result.events, (e) => e.members.length);
  for (const i of events.slice(0, limit)) {
    const e = result.events[i];
    const dates = e.dates ? `  ${e.dates.first}${e.dates.last !== e.dates.first ? ' … ' + e.dates.last : ''}` : '';
    yield `${printable(e.id)}  ${count(e.members.length, 'report')}${dates}  ${clip(printable(e.label), 90)}\n`;
    for (const m of e.members.slice(0, TITLES_PER_EVENT)) yield `    · ${memberLine(documentOf.get(m.doc), m)}\n`;
    if (e.members.length > TITLES_PER_EVENT) {
      yield `    + ${e.members.length - TITLES_PER_EVENT} more: `;
      yield* spaced(map(e.members.slice(TITLES_PER_EVENT), (m) => `${printable(m.doc)}#${m.segment}`));
      yield '\n';
    }
    if (e.terms.length > 0) yield `    terms: ${printable(e.terms.join(', '))}\n`;
  }
  if (events.length > limit) yield `… ${count(events.length - limit, 'more event')} (--limit ${limit})\n`;

  if (s.bundles > 0) {
    yield `\nBUNDLES (documents that report two or more events)\n`;
    let shown = 0;
    for (const d of result.documents) {
      if (!d.bundle) continue;
      if (shown++ >= limit) continue;
      const parts = d.segments.map((g) => `${g.start}-${g.end} ${g.kind === 'story' ? g.event : 'boilerplate'}`).join(', ');
      yield `${printable(d.id)}${d.title !== undefined ? `  ${clip(printable(d.title), 60)}` : ''}\n    ${printable(parts)}\n`;
    }
    if (shown > limit) yield `… ${count(shown - limit, 'more bundle')} (--limit ${limit})\n`;
  }

  if (result.nearDuplicateGroups.length > 0) {
    yield '\nNEAR-DUPLICATE GROUPS, largest first (the original, then how many copies)\n';
    const groups = largestFirst(result.nearDuplicateGroups, (g) => g.members.length);
    for (const i of groups.slice(0, limit)) {
      const g = result.nearDuplicateGroups[i];
      const original = g.members.find((m) => documentOf.get(m)?.nearDuplicateOf === null) ?? g.members[0];
      const title = documentOf.get(original)?.title;
      const range = jaccardRange(g.pairs);
      yield `${printable(g.id)}  ${printable(original)}${title !== undefined ? `  ${clip(printable(title), 60)}` : ''}  + ${count(g.members.length - 1, 'copy', 'copies')}${range}\n`;
    }
    if (groups.length > limit) yield `… ${count(groups.length - limit, 'more group')} (--limit ${limit})\n`;
  }
  if (result.containments.length > 0) {
    yield '\nCONTAINED IN ANOTHER DOCUMENT\n';
    for (const c of result.containments.slice(0, limit)) yield `${printable(c.inner)}  in  ${printable(c.outer)}  (${(c.containment * 100).toFixed(0)}%)\n`;
    if (result.containments.length > limit) yield `… ${count(result.containments.length - limit, 'more')} (--limit ${limit})\n`;
  }
  yield* unplaced(result, limit);
  yield* warnings(result, limit);
  if (result.errors.length > 0) {
    yield '\nERRORS\n';
    for (const e of result.errors) yield `${printable(e.source)}  ${printable(e.code)}: ${printable(e.message)}\n`;
  }
  if (options.documents === true) yield* documentRows(result);
}

/** `title · source · date` of an event member, or its snippet, or `id#segment`, with the id first. */
function memberLine(doc: DocumentResult | undefined, m: { doc: string; segment: number }): string {
  const about = [doc?.title ?? doc?.segments[m.segment]?.snippet, doc?.source, doc?.date].filter((x): x is string => x !== undefined && x !== '');
  const id = `${printable(m.doc)}#${m.segment}`;
  return about.length === 0 ? id : `${id}  ${clip(printable(about.join(' · ')), 100)}`;
}

function jaccardRange(pairs: readonly { jaccard: number }[]): string {
  if (pairs.length === 0) return '';
  let low = Infinity;
  let high = -Infinity;
  for (const p of pairs) {
    low = Math.min(low, p.jaccard);
    high = Math.max(high, p.jaccard);
  }
  return low === high ? ` (jaccard ${low.toFixed(2)})` : ` (jaccard ${low.toFixed(2)}–${high.toFixed(2)})`;
}

/** Documents in no event (no story, or an empty text) with why, so every document shows somewhere. */
function* unplaced(result: Result, limit: number): Generator<string> {
  let shown = 0;
  for (const d of result.documents) {
    if (d.segments.some((g) => g.event !== null)) continue;
    if (shown === 0) yield '\nIN NO EVENT\n';
    if (shown++ >= limit) continue;
    const why = d.warnings.length > 0 ? d.warnings.map((w) => w.code).join(', ') : 'no story';
    yield `${printable(d.id)}  ${printable(why)}\n`;
  }
  if (shown > limit) yield `… ${count(shown - limit, 'more document')} (--limit ${limit})\n`;
}

/** Every document's warnings (truncated, renamed, undated, no story, …). */
function* warnings(result: Result, limit: number): Generator<string> {
  let shown = 0;
  for (const d of result.documents) {
    if (d.warnings.length === 0) continue;
    if (shown === 0) yield '\nWARNINGS\n';
    if (shown++ >= limit) continue;
    for (const w of d.warnings) yield `${printable(d.id)}  ${printable(w.code)}: ${printable(w.message)}\n`;
  }
  if (shown > limit) yield `… ${count(shown - limit, 'more document')} with warnings (--limit ${limit})\n`;
}

/** A row per document: its flags and segments, and its warnings under it. */
function* documentRows(result: Result): Generator<string> {
  const idWidth = columnWidth('DOCUMENT', map(result.documents, (d) => d.id));
  const nearWidth = columnWidth('NEAR-DUP OF', map(result.documents, (d) => d.nearDuplicateOf));
  yield `\n${pad('DOCUMENT', idWidth)}  BUNDLE  ${pad('NEAR-DUP OF', nearWidth)}  SEGMENTS (start-end kind event)\n`;
  for (const d of result.documents) {
    const segments = d.segments.map((g) => `${g.start}-${g.end} ${g.kind === 'story' ? g.event : 'boilerplate'}`).join(', ');
    const nearDuplicateOf = d.nearDuplicateOf === null ? '-' : clip(printable(d.nearDuplicateOf), nearWidth);
    yield `${pad(clip(printable(d.id), idWidth), idWidth)}  ${pad(d.bundle ? 'yes' : 'no', 6)}  ${pad(nearDuplicateOf, nearWidth)}  ${printable(segments) || '-'}\n`;
    for (const w of d.warnings) yield `${' '.repeat(idWidth)}  ! ${printable(w.code)}: ${printable(w.message)}\n`;
  }
}
