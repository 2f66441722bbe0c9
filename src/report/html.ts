/**
 * The `html` format: one self-contained page (inline CSS and script, no
 * network) for a person to read the result: events largest first with their
 * reports, a timeline, near-duplicate groups with word diffs against the
 * original, bundles with their parts coloured, search and filters.
 *
 * The page's data is one JSON block the script renders from; every text from
 * the corpus reaches the page through `textContent`, never as markup. What
 * the limit leaves out is counted on the page. The texts (diffs, bundles)
 * come from `texts` (report/read-back.ts); without them the page shows
 * snippets and ids only.
 */
import { diffWordsWithSpace } from 'diff';
import type { DocumentResult, NearDuplicateGroup, Result } from '../types.js';
import { inertJson } from './json-text.js';
import { HTML_SCRIPT, HTML_STYLE } from './html-page.js';
import { largestFirst } from './table.js';

export interface HtmlOptions {
  /** Texts of documents by id: the originals and copies of the groups shown, and the bundles. */
  texts?: ReadonlyMap<string, string>;
  /** Events, groups and bundles shown at most, each, largest first; the rest are counted. @defaultValue 1000 */
  reportLimit?: number;
  /** The options the result was made with, shown in the header. */
  settings?: Readonly<Record<string, string | number | boolean>>;
  /** The event cut, drawn on each event's tree. */
  cut?: number;
}

export const DEFAULT_REPORT_LIMIT = 1000;
/** Members of an event listed on its page; the rest are counted. */
const MEMBERS_SHOWN = 500;
/** Copies of a group shown with a diff; the rest are listed by id. */
const DIFFS_PER_GROUP = 10;
/** A text longer than this is diffed and shown up to here. */
const TEXT_SHOWN = 20_000;
/** A diff that takes longer (two texts far apart) is not shown. */
const DIFF_TIMEOUT_MS = 200;

/**
 * Which documents' texts the page shows: the bundles and the members of the
 * groups it lists (the original and up to `DIFFS_PER_GROUP` copies).
 */
export function htmlTextsWanted(result: Result, reportLimit = DEFAULT_REPORT_LIMIT): (doc: DocumentResult) => boolean {
  const wanted = new Set<string>();
  for (const g of shownGroups(result, reportLimit)) for (const id of groupShown(result, g).ids) wanted.add(id);
  let bundles = 0;
  for (const d of result.documents) if (d.bundle && bundles++ < reportLimit) wanted.add(d.id);
  return (doc) => wanted.has(doc.id);
}

/** Which documents the page names (their segments' snippets are shown): the members it lists of events and groups, bundles, and documents in no event. */
export function htmlDocumentsShown(result: Result, reportLimit = DEFAULT_REPORT_LIMIT): (doc: DocumentResult) => boolean {
  const shown = new Set<string>();
  for (const i of largestFirst(result.events, (e) => e.members.length).slice(0, reportLimit)) {
    for (const m of result.events[i].members.slice(0, MEMBERS_SHOWN)) shown.add(m.doc);
  }
  for (const g of shownGroups(result, reportLimit)) {
    const { original } = groupShown(result, g);
    shown.add(original);
    for (const m of g.members.filter((m) => m !== original).slice(0, MEMBERS_SHOWN)) shown.add(m);
  }
  const texts = htmlTextsWanted(result, reportLimit);
  return (doc) => shown.has(doc.id) || texts(doc) || !doc.segments.some((s) => s.event !== null);
}

function shownGroups(result: Result, limit: number): NearDuplicateGroup[] {
  return largestFirst(result.nearDuplicateGroups, (g) => g.members.length)
    .slice(0, limit)
    .map((i) => result.nearDuplicateGroups[i]);
}

/** A group's original (the member no other names as its original), and the copies shown with a diff. */
function groupShown(result: Result, g: NearDuplicateGroup): { original: string; ids: string[] } {
  const byId = documentIndex(result);
  const original = g.members.find((m) => byId.get(m)?.nearDuplicateOf === null) ?? g.members[0];
  const copies = g.members.filter((m) => m !== original).slice(0, DIFFS_PER_GROUP);
  return { original, ids: [original, ...copies] };
}

const indexes = new WeakMap<Result, Map<string, DocumentResult>>();
function documentIndex(result: Result): Map<string, DocumentResult> {
  let index = indexes.get(result);
  if (index === undefined) {
    index = new Map(result.documents.map((d) => [d.id, d]));
    indexes.set(result, index);
  }
  return index;
}

/** The page, in pieces: the head, then the data a record at a time, then the script. */
export function* htmlChunks(result: Result, options: HtmlOptions = {}): Generator<string> {
  const limit = options.reportLimit ?? DEFAULT_REPORT_LIMIT;
  const texts = options.texts ?? new Map<string, string>();
  const docs = documentIndex(result);
  // Documents the page refers to get a number, in the order they are first referred to.
  const numberOf = new Map<string, number>();
  const referred: DocumentResult[] = [];
  const refer = (id: string): number => {
    let n = numberOf.get(id);
    if (n === undefined) {
      n = referred.length;
      numberOf.set(id, n);
      referred.push(docs.get(id)!);
    }
    return n;
  };

  yield `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n`;
  yield `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">\n`;
  yield `<title>storyline report: ${result.summary.documents} documents, ${result.summary.events} events</title>\n<style>${HTML_STYLE}</style>\n</head>\n<body>\n`;
  yield `<noscript><p>This report needs JavaScript to show its data; the data is in the page as JSON.</p></noscript>\n`;

  const events = largestFirst(result.events, (e) => e.members.length).slice(0, limit);
  yield `<script type="application/json" id="events">[`;
  for (let k = 0; k < events.length; k++) {
    const e = result.events[events[k]];
    const members = e.members.slice(0, MEMBERS_SHOWN).map((m) => [refer(m.doc), m.segment, m.similarity ?? null, m.terms ?? []]);
    yield (k === 0 ? '' : ',') + scriptJson({ id: e.id, label: e.label, first: e.dates?.first ?? null, last: e.dates?.last ?? null, size: e.members.length, terms: e.terms, members, tree: e.tree ?? [] });
  }
  yield `]</script>\n`;

  const groups = shownGroups(result, limit);
  yield `<script type="application/json" id="groups">[`;
  for (let k = 0; k < groups.length; k++) {
    const g = groups[k];
    const { original, ids } = groupShown(result, g);
    const originalText = texts.get(original);
    const copies = ids.slice(1).map((id) => ({ doc: refer(id), jaccard: jaccardWith(g, original, id), diff: diffOf(originalText, texts.get(id)) }));
    const listed = g.members.filter((m) => m !== original).slice(DIFFS_PER_GROUP, MEMBERS_SHOWN).map(refer);
    yield (k === 0 ? '' : ',') + scriptJson({ id: g.id, size: g.members.length, original: refer(original), text: originalText?.slice(0, TEXT_SHOWN) ?? null, copies, listed });
  }
  yield `]</script>\n`;

  yield `<script type="application/json" id="bundles">[`;
  let bundles = 0;
  for (const d of result.documents) {
    if (!d.bundle || bundles >= limit) continue;
    yield (bundles++ === 0 ? '' : ',') + scriptJson({ doc: refer(d.id), text: texts.get(d.id)?.slice(0, TEXT_SHOWN * 5) ?? null });
  }
  yield `]</script>\n`;

  // Errors and documents in no event are listed whole: every input shows somewhere.
  yield `<script type="application/json" id="docs">[`;
  for (const d of result.documents) if (!d.segments.some((s) => s.event !== null)) refer(d.id);
  for (let n = 0; n < referred.length; n++) yield (n === 0 ? '' : ',') + scriptJson(documentRecord(referred[n]));
  yield `]</script>\n`;
  yield `<script type="application/json" id="errors">[`;
  for (let n = 0; n < result.errors.length; n++) yield (n === 0 ? '' : ',') + scriptJson(result.errors[n]);
  yield `]</script>\n`;

  const s = result.summary;
  const meta = {
    inputs: s.inputs,
    documents: s.documents,
    errors: s.errors,
    nearDuplicateGroups: s.nearDuplicateGroups,
    events: s.events,
    bundles: s.bundles,
    containments: result.containments.length,
    limit,
    leftOut: { events: result.events.length - events.length, groups: result.nearDuplicateGroups.length - groups.length, bundles: s.bundles - bundles },
    timeline: timeline(result),
    settings: options.settings ?? {},
    cut: options.cut ?? null,
  };
  yield `<script type="application/json" id="meta">${scriptJson(meta)}</script>\n`;
  yield `<div id="app"></div>\n<script>${HTML_SCRIPT}</script>\n</body>\n</html>\n`;
}

/** JSON that is safe inside a `<script>` element: no `</script>` or `<!--` can form, and no character a reader would split lines at. */
function scriptJson(value: unknown): string {
  return inertJson(JSON.stringify(value)).replace(/</g, '\\u003c');
}

function documentRecord(d: DocumentResult) {
  return {
    id: d.id,
    title: d.title ?? null,
    date: d.date ?? null,
    source: d.source ?? null,
    url: d.url ?? null,
    bundle: d.bundle,
    original: d.nearDuplicateOf,
    segments: d.segments.map((s) => [s.start, s.end, s.kind === 'story' ? 1 : 0, s.event, s.snippet ?? null]),
    warnings: d.warnings.map((w) => `${w.code}: ${w.message}`),
  };
}

/** The pair's Jaccard when the two were compared, else the best of the copy's pairs (how it joined the group). */
function jaccardWith(g: NearDuplicateGroup, original: string, copy: string): { value: number; with: string } | null {
  let best: { value: number; with: string } | null = null;
  for (const p of g.pairs) {
    if (p.a !== copy && p.b !== copy) continue;
    const other = p.a === copy ? p.b : p.a;
    if (other === original) return { value: p.jaccard, with: original };
    if (best === null || p.jaccard > best.value) best = { value: p.jaccard, with: other };
  }
  return best;
}

/**
 * A copy's word diff against the original, as `[op, x]` runs: op 0 is text
 * both share (x: its length in the original), −1 deleted from the original
 * (x: its length), 1 inserted in the copy (x: the text). Null when a text is
 * missing or the two are too far apart to diff in time.
 */
export function diffOf(original: string | undefined, copy: string | undefined): Array<[number, number | string]> | null {
  if (original === undefined || copy === undefined) return null;
  const changes = diffWordsWithSpace(original.slice(0, TEXT_SHOWN), copy.slice(0, TEXT_SHOWN), { timeout: DIFF_TIMEOUT_MS });
  if (changes === undefined) return null;
  return changes.map((c): [number, number | string] => (c.added ? [1, c.value] : [c.removed ? -1 : 0, c.value.length]));
}

/** Events and reports per day of an event's first date. */
function timeline(result: Result): Array<[string, number, number]> {
  const days = new Map<string, [number, number]>();
  for (const e of result.events) {
    if (e.dates === undefined) continue;
    const day = days.get(e.dates.first) ?? [0, 0];
    day[0]++;
    day[1] += e.members.length;
    days.set(e.dates.first, day);
  }
  return [...days].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([day, [events, reports]]) => [day, events, reports]);
}
