/**
 * An explanation as text for a person's terminal, or as JSON for programs.
 * Text: every line goes through `printable`, so ids, titles and terms from
 * the corpus cannot drive the terminal (a line break in an id stays one
 * line, shown as `\n`). JSON: escaped as the result's JSON is (`inertJson`).
 */
import { inertJson } from '../report/format.js';
import { printable } from '../util/printable.js';
import type { ExplainedDocument, ExplainedPart, Explanation, PartPairExplanation } from './explain.js';

export const EXPLAIN_FORMATS = ['text', 'json'] as const;
export type ExplainFormat = (typeof EXPLAIN_FORMATS)[number];

export function formatExplanation(e: Explanation, format: ExplainFormat = 'text'): string {
  if (format === 'json') return inertJson(JSON.stringify(e, null, 2)) + '\n';
  return textLines(e).map(printable).join('\n') + '\n';
}

const f3 = (x: number) => x.toFixed(3);
const f2 = (x: number) => x.toFixed(2);

function documentLines(label: string, d: ExplainedDocument): string[] {
  const about = [d.origin !== d.id ? d.origin : '', d.title ? `"${d.title}"` : '', d.date ?? ''].filter((x) => x !== '').join(' · ');
  const segments = d.segments.map((s) => `#${s.index} ${s.start}-${s.end} ${s.kind === 'story' ? (s.event ?? 'story') : 'boilerplate'}`).join(', ');
  const flags = [d.bundle ? 'bundle' : '', d.nearDuplicateOf !== null ? `near-duplicate of ${d.nearDuplicateOf}` : '', d.group !== null && d.nearDuplicateOf === null ? `original of group ${d.group}` : '']
    .filter((x) => x !== '')
    .join(', ');
  return [`${label}  ${d.id}${about ? `  (${about})` : ''}`, `   segments: ${segments || 'none'}${flags ? `; ${flags}` : ''}`];
}

function textLines(e: Explanation): string[] {
  const n = e.nearDuplicates;
  const lines: string[] = [];
  lines.push(`storyline explain: ${e.a.id} vs ${e.b.id} (a corpus of ${e.corpus.documents} documents)`, '');
  lines.push(...documentLines('A', e.a), ...documentLines('B', e.b), '');

  const verdict = n.sameGroup ? `yes, one group (${n.group})` : n.contained !== null ? `no, but ${n.contained.inner === e.a.id ? 'A is contained in B' : 'B is contained in A'}` : 'no';
  const inner = n.estimatedContainment.inner === e.a.id ? 'A in B' : 'B in A';
  lines.push(
    `NEAR-DUPLICATES: ${verdict}`,
    `  why: ${n.reason}`,
    `  exact Jaccard          ${f3(n.exactJaccard)}  (${n.shingles.shared} of ${n.shingles.a + n.shingles.b - n.shingles.shared} distinct ${n.shingles.size}-word shingles of the two stories shared; A ${n.shingles.a}, B ${n.shingles.b})`,
    `  exact containment      A in B ${f3(n.exactContainment.aInB)}, B in A ${f3(n.exactContainment.bInA)}`,
    `  estimated Jaccard      ${f3(n.estimatedJaccard)}  (${n.equalValues} of ${n.numPerm} MinHash values equal: what the engine decides on)`,
    `  estimated containment  ${inner} ${f3(n.estimatedContainment.containment)}  (the smaller story in the larger, from the estimate and ${n.occurrences.a} and ${n.occurrences.b} shingles)`,
    `  threshold              ${f2(n.threshold)}  (estimated Jaccard; or containment of a copy at least ${n.minShareOfLarger} of the larger's size)`,
    `  LSH                    ${n.lsh.sharedBands.length} of ${n.lsh.bands} bands shared (${n.lsh.rows} values each; tuned to propose pairs from Jaccard ${f2(n.lsh.candidateThreshold)}): ${n.candidate ? 'a candidate pair, verified on the full signatures' : 'never a candidate pair'}`,
  );
  const nameShare = n.names.containment === null ? `not compared (only for a pair alike in wording, each with ${n.names.minNames} names or more)` : `${f3(n.names.containment)} of the smaller set in the larger (a copy keeps ${f2(n.names.minContainment)} or more)`;
  lines.push(`  names                  A ${n.names.a}, B ${n.names.b} (capitalised words inside sentences); ${nameShare}`);
  if (n.pairVerdict !== null) lines.push(`  the pair judged alone  ${n.pairVerdict === 'neither' ? 'neither near-duplicates nor contained' : n.pairVerdict} (the stage's verification on the full signatures)`);
  if (!n.signaturesMatch) lines.push('  note: the texts read again did not sign to the run\'s signatures; the exact figures may be of other text');
  lines.push('');

  const ev = e.events;
  const eventsOf = (d: ExplainedDocument) => [...new Set(d.segments.map((s) => s.event).filter((x): x is string => x !== null))];
  const shared = eventsOf(e.a).filter((x) => eventsOf(e.b).includes(x));
  lines.push(
    `EVENTS: ${ev.sameEvent ? `one event (${shared.join(', ')})` : `different events (A: ${eventsOf(e.a).join(', ') || 'none'}; B: ${eventsOf(e.b).join(', ') || 'none'})`}`,
    `  cut ${f3(ev.cut)}: segments are one event when average linkage joins them at or below it`,
  );
  if (ev.pairs.length === 0) lines.push('  no pair of story segments to compare (a document has no story segment)');
  const name = (p: ExplainedPart) => `${p.doc === e.a.id ? 'A' : 'B'}#${p.segment}`;
  for (const pair of ev.pairs) lines.push('', ...pairLines(pair, ev.parts[pair.a], ev.parts[pair.b], name));
  return lines;
}

function partLabel(p: ExplainedPart, name: (p: ExplainedPart) => string): string {
  return `${name(p)} ${p.start}-${p.end} ${p.event ?? '-'}`;
}

function pairLines(p: PartPairExplanation, a: ExplainedPart, b: ExplainedPart, name: (p: ExplainedPart) => string): string[] {
  const lines = [`  ${partLabel(a, name)}  vs  ${partLabel(b, name)}: ${p.sameEvent ? 'one event' : 'different events'}`, `    why: ${p.reason}`];
  if (p.sameItem) return lines;
  const lead = (x: ExplainedPart) => (x.leadNumbers.length > 0 ? x.leadNumbers.join(' ') : 'none');
  const day = (x: ExplainedPart) => x.published ?? (x.date !== null ? `${x.date} (dateline)` : 'none');
  const extra = [
    p.leadNumbers.penalty > 0 ? ` + ${f2(p.leadNumbers.penalty)} lead numbers` : '',
    p.sameDocumentPenalty > 0 ? ` + ${p.sameDocumentPenalty} same document` : '',
    p.dates.dateTerm > 0 ? ` + ${f3(p.dates.dateTerm)} dates` : '',
  ].join('');
  lines.push(
    `    candidate pair      ${p.candidate === 'terms' ? 'yes, through shared heavy terms' : p.candidate === 'neighbours' ? 'yes, through a shared nearest neighbour' : 'no: never compared by the run'}`,
    `    cosine              ${f3(p.cosine)}${wordCapText(p)}; shared neighbours ${f3(p.sharedNeighbours)} (weight ${p.sharedNeighbourWeight}); similarity ${f3(p.similarity)}`,
    `    lead numbers        ${name(a)}: ${lead(a)}; ${name(b)}: ${lead(b)}; ${p.leadNumbers.disagree ? `none shared: + ${f2(p.leadNumbers.penalty)}` : p.leadNumbers.shared.length > 0 ? `shared: ${p.leadNumbers.shared.join(' ')}` : 'no penalty (one gives none)'}`,
    `    dates               ${name(a)}: ${day(a)}; ${name(b)}: ${day(b)}${p.dates.tooFarApart ? ` (more than ${p.dates.maxDaysApart} days apart)` : ''}`,
    `    distance            ${p.dates.tooFarApart ? 'apart (beyond any cut)' : `${f3(p.distance)} = 1 − ${f3(p.similarity)}${extra}`}${p.edge ? ', within the cut: an edge' : p.distance <= p.cut && p.candidate === null ? ', within the cut, but never measured' : ''}`,
    `    linkage             ${linkageText(p)}`,
    `    heaviest shared     ${p.sharedTerms.length > 0 ? p.sharedTerms.map((t) => `${t.term} ${f3(t.weight)}`).join(', ') : 'none'}`,
  );
  return lines;
}

/** When the word cap lowered the cosine: from what, and why. */
function wordCapText(p: PartPairExplanation): string {
  const { plainCosine, words, maxWordShare, capped } = p.wordCap;
  if (!capped) return '';
  return ` (capped from ${f3(plainCosine)}: words give ${f3(words)} of it, names and numbers ${f3(plainCosine - words)}, and words may be at most ${f2(maxWordShare)} of what counts)`;
}

function linkageText(p: PartPairExplanation): string {
  if (p.block === 'sparse') return 'a block too large for a dense matrix, clustered on its sparse graph: no height per pair';
  if (p.block === 'different') return 'different blocks: never joined below the cut';
  return `block of ${p.blockSize}; joined at height ${f3(p.linkageHeight ?? NaN)} ${(p.linkageHeight ?? Infinity) <= p.cut ? '≤' : '>'} cut ${f3(p.cut)}`;
}
