/**
 * The `table` format: what a person wants to see first. Documents with
 * their flags and segments, then events with members, then near-duplicate
 * groups, containment and errors.
 */
import type { Result } from '../types.js';

function pad(s: string, width: number): string {
  return s.length >= width ? s : s + ' '.repeat(width - s.length);
}

function clip(s: string, width: number): string {
  return s.length <= width ? s : s.slice(0, width - 1) + '…';
}

export function formatTable(result: Result): string {
  const out: string[] = [];
  const s = result.summary;
  out.push(
    `${s.documents} documents, ${s.errors} errors · ${s.nearDuplicateGroups} near-duplicate groups · ` +
      `${s.events} events · ${s.bundles} bundles`,
    '',
  );

  const idWidth = Math.min(40, Math.max(8, ...result.documents.map((d) => d.id.length)));
  out.push(`${pad('DOCUMENT', idWidth)}  BUNDLE  NEAR-DUP OF  SEGMENTS (start-end kind event)`);
  for (const d of result.documents) {
    const segments = d.segments.map((g) => `${g.start}-${g.end} ${g.kind === 'story' ? g.event : 'boilerplate'}`).join(', ');
    out.push(`${pad(clip(d.id, idWidth), idWidth)}  ${pad(d.bundle ? 'yes' : 'no', 6)}  ${pad(d.nearDuplicateOf ?? '-', 11)}  ${segments || '-'}`);
    for (const w of d.warnings) out.push(`${' '.repeat(idWidth)}  ! ${w.code}: ${w.message}`);
  }

  out.push('', 'EVENTS');
  for (const e of result.events) {
    const dates = e.dates ? ` [${e.dates.first}${e.dates.last !== e.dates.first ? ' … ' + e.dates.last : ''}]` : '';
    out.push(`${e.id}  ${clip(e.label, 90)}${dates}`);
    out.push(`    members: ${e.members.map((m) => `${m.doc}#${m.segment}`).join(' ')}`);
    if (e.terms.length > 0) out.push(`    terms: ${e.terms.join(', ')}`);
  }

  if (result.nearDuplicateGroups.length > 0) {
    out.push('', 'NEAR-DUPLICATE GROUPS');
    for (const g of result.nearDuplicateGroups) {
      out.push(`${g.id}  ${g.members.join(' ')}`);
      for (const p of g.pairs) out.push(`    ${p.a} ~ ${p.b}  jaccard ${p.jaccard.toFixed(2)}`);
    }
  }
  if (result.containments.length > 0) {
    out.push('', 'CONTAINED IN ANOTHER DOCUMENT');
    for (const c of result.containments) out.push(`${c.inner}  in  ${c.outer}  (${(c.containment * 100).toFixed(0)}%)`);
  }
  if (result.errors.length > 0) {
    out.push('', 'ERRORS');
    for (const e of result.errors) out.push(`${e.source}  ${e.code}: ${e.message}`);
  }
  return out.join('\n') + '\n';
}
