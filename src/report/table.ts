/**
 * The `table` format: what a person wants to see first. Documents with
 * their flags and segments, then events with members, then near-duplicate
 * groups, containment and errors.
 *
 * It is read on a terminal, so every text that comes from the corpus (ids,
 * titles, terms, messages) goes through `printable`. It is made line by
 * line, and long member lists piece by piece, never as one string.
 */
import type { Result } from '../types.js';
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

/** The table, one line (or, for long member lists, one member) per piece. */
export function* tableChunks(result: Result): Generator<string> {
  const s = result.summary;
  yield `${count(s.documents, 'document')}, ${count(s.errors, 'error')} · ${count(s.nearDuplicateGroups, 'near-duplicate group')} · ` +
    `${count(s.events, 'event')} · ${count(s.bundles, 'bundle')}\n\n`;

  // Headed 'DOCUMENT', the column was always at least 8 wide.
  const idWidth = columnWidth('DOCUMENT', map(result.documents, (d) => d.id));
  const nearWidth = columnWidth('NEAR-DUP OF', map(result.documents, (d) => d.nearDuplicateOf));
  yield `${pad('DOCUMENT', idWidth)}  BUNDLE  ${pad('NEAR-DUP OF', nearWidth)}  SEGMENTS (start-end kind event)\n`;
  for (const d of result.documents) {
    const segments = d.segments.map((g) => `${g.start}-${g.end} ${g.kind === 'story' ? g.event : 'boilerplate'}`).join(', ');
    const nearDuplicateOf = d.nearDuplicateOf === null ? '-' : clip(printable(d.nearDuplicateOf), nearWidth);
    yield `${pad(clip(printable(d.id), idWidth), idWidth)}  ${pad(d.bundle ? 'yes' : 'no', 6)}  ${pad(nearDuplicateOf, nearWidth)}  ${printable(segments) || '-'}\n`;
    for (const w of d.warnings) yield `${' '.repeat(idWidth)}  ! ${printable(w.code)}: ${printable(w.message)}\n`;
  }

  yield '\nEVENTS\n';
  for (const e of result.events) {
    const dates = e.dates ? ` [${e.dates.first}${e.dates.last !== e.dates.first ? ' … ' + e.dates.last : ''}]` : '';
    yield `${printable(e.id)}  ${clip(printable(e.label), 90)}${printable(dates)}\n`;
    yield '    members: ';
    yield* spaced(map(e.members, (m) => `${printable(m.doc)}#${m.segment}`));
    yield '\n';
    if (e.terms.length > 0) yield `    terms: ${printable(e.terms.join(', '))}\n`;
  }

  if (result.nearDuplicateGroups.length > 0) {
    yield '\nNEAR-DUPLICATE GROUPS\n';
    for (const g of result.nearDuplicateGroups) {
      yield `${printable(g.id)}  `;
      yield* spaced(map(g.members, printable));
      yield '\n';
      for (const p of g.pairs) yield `    ${printable(p.a)} ~ ${printable(p.b)}  jaccard ${p.jaccard.toFixed(2)}\n`;
    }
  }
  if (result.containments.length > 0) {
    yield '\nCONTAINED IN ANOTHER DOCUMENT\n';
    for (const c of result.containments) yield `${printable(c.inner)}  in  ${printable(c.outer)}  (${(c.containment * 100).toFixed(0)}%)\n`;
  }
  if (result.errors.length > 0) {
    yield '\nERRORS\n';
    for (const e of result.errors) yield `${printable(e.source)}  ${printable(e.code)}: ${printable(e.message)}\n`;
  }
}
