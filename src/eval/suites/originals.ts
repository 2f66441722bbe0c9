/**
 * Originals: which member of a near-duplicate group `nearDuplicateOf`
 * names. Each case is one ECB+ article three times: clean, in a site's
 * furniture (a menu line and a footer), and as a bundle (a short article of
 * another topic appended, small enough that the bundle is still a copy).
 * Ids put the bundle first and the clean copy last in id order, so the id
 * alone never picks the right one.
 *
 * The original is, by the documented rule: the earliest input date; then
 * not a bundle; then the least boilerplate; then the smallest id. A third
 * of the cases date the bundle first (it is the original), a third the
 * wrapped copy, and a third give no dates (the clean copy is the original).
 *
 * Articles of one ECB+ topic can be near-duplicates of each other, so one
 * group may hold several cases. Its right original is then the member first by
 * what the suite knows of each copy (its date, then clean before wrapped before
 * bundle); where copies of two articles tie on both, the engine's boilerplate
 * and ids decide, and either is right.
 */
import { analyze } from '../../analyze.js';
import type { AnalyzeOptions } from '../../options.js';
import type { Doc, Result } from '../../types.js';
import type { EcbArticle } from '../data.js';
import { RELATED_FOOTER, bundle } from '../synth.js';

/** One article in this many makes a case. */
const CASE_EVERY = 3;
/** Articles shorter than this make no case: a bundle of them would not stay a copy. */
const MIN_WORDS = 150;
/** The appended article is cut to at most this share of the article's words. */
const APPENDED_SHARE = 0.25;

const MENU = 'Home | World | Politics | Business | Sport';

export type DatedCopy = 'bundle' | 'wrapped' | 'none';
const DATINGS: readonly DatedCopy[] = ['bundle', 'wrapped', 'none'];

export interface OriginalsCase {
  docs: Doc[];
  cases: Array<{ article: string; dated: DatedCopy; members: string[] }>;
  /** What the suite knows of each copy, by id: its date (undefined when undated) and its kind. */
  copies: Map<string, { date: string | undefined; kind: CopyKind }>;
}

type CopyKind = 'clean' | 'wrapped' | 'bundle';
/** The rule's order of kinds, once dates tie: not a bundle, then the least boilerplate. */
const KIND_ORDER: Record<CopyKind, number> = { clean: 0, wrapped: 1, bundle: 2 };

const wordsIn = (s: string) => s.split(/\s+/).filter(Boolean).length;

function firstWords(text: string, words: number): string {
  const out: string[] = [];
  let n = 0;
  for (const line of text.split(/\n+/)) {
    if (n >= words) break;
    out.push(line);
    n += wordsIn(line);
  }
  return out.join('\n\n');
}

export function buildOriginalsCase(articles: readonly EcbArticle[]): OriginalsCase {
  const docs: Doc[] = [];
  const cases: OriginalsCase['cases'] = [];
  const copies: OriginalsCase['copies'] = new Map();
  articles.forEach((a, i) => {
    if (i % CASE_EVERY !== 0 || wordsIn(a.text) < MIN_WORDS) return;
    const other = articles.find((o) => o.topic !== a.topic && wordsIn(o.text) >= 40 && articles.indexOf(o) > i) ?? articles.find((o) => o.topic !== a.topic)!;
    const dated = DATINGS[cases.length % DATINGS.length];
    const ids = { bundle: `${a.id}~a-bundle`, wrapped: `${a.id}~b-wrapped`, clean: `${a.id}~c-clean` };
    const date = (copy: 'bundle' | 'wrapped' | 'clean') => (dated === 'none' ? undefined : copy === dated ? '2020-03-01' : '2020-03-05');
    const appended = firstWords(other.text, Math.round(APPENDED_SHARE * wordsIn(a.text)));
    docs.push({ id: ids.bundle, text: bundle([a.text, appended]).text, date: date('bundle') });
    docs.push({ id: ids.wrapped, text: `${MENU}\n\n${a.text.trim()}\n\n${RELATED_FOOTER}\n`, date: date('wrapped') });
    docs.push({ id: ids.clean, text: a.text, date: date('clean') });
    for (const kind of ['bundle', 'wrapped', 'clean'] as const) copies.set(ids[kind], { date: date(kind), kind });
    cases.push({ article: a.id, dated, members: [ids.bundle, ids.wrapped, ids.clean] });
  });
  return { docs, cases, copies };
}

/** The members of a group that the rule may name, by what the suite knows of each copy. */
function rightOriginals(members: readonly string[], copies: OriginalsCase['copies']): Set<string> {
  // An undated copy after every dated one; ISO dates compare as strings.
  const key = (id: string) => {
    const c = copies.get(id)!;
    return `${c.date === undefined ? '1' : `0${c.date}`}:${KIND_ORDER[c.kind]}`;
  };
  const best = members.map(key).reduce((a, b) => (b < a ? b : a));
  return new Set(members.filter((m) => key(m) === best));
}

export interface OriginalsReport {
  cases: number;
  /** Cases whose three copies are one near-duplicate group. */
  grouped: number;
  /** Of those, cases where every member of the group names one original that the rule may name (and the original names none). */
  right: number;
  /** right / grouped (1 when none is grouped). */
  rate: number;
  byDating: Record<DatedCopy, { grouped: number; right: number }>;
}

export function scoreOriginals(c: OriginalsCase, result: Result): OriginalsReport {
  const originalOf = new Map(result.documents.map((d) => [d.id, d.nearDuplicateOf]));
  const groupOf = new Map<string, string>();
  const membersOf = new Map<string, string[]>();
  for (const g of result.nearDuplicateGroups) {
    membersOf.set(g.id, g.members);
    for (const m of g.members) groupOf.set(m, g.id);
  }
  const byDating = Object.fromEntries(DATINGS.map((d) => [d, { grouped: 0, right: 0 }])) as OriginalsReport['byDating'];
  let grouped = 0;
  let right = 0;
  for (const k of c.cases) {
    const group = groupOf.get(k.members[0]);
    if (group === undefined || !k.members.every((m) => groupOf.get(m) === group)) continue;
    grouped++;
    byDating[k.dated].grouped++;
    const members = membersOf.get(group)!;
    const named = originalOf.get(members[0]) ?? members[0];
    const one = members.every((m) => originalOf.get(m) === (m === named ? null : named));
    if (one && rightOriginals(members, c.copies).has(named)) {
      right++;
      byDating[k.dated].right++;
    }
  }
  return { cases: c.cases.length, grouped, right, rate: grouped === 0 ? 1 : right / grouped, byDating };
}

export async function evaluateOriginals(c: OriginalsCase, options: AnalyzeOptions = {}): Promise<OriginalsReport> {
  return scoreOriginals(c, await analyze(c.docs, options));
}
