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
 */
import { analyze } from '../../analyze.js';
import type { AnalyzeOptions } from '../../options.js';
import type { Doc } from '../../types.js';
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
  cases: Array<{ article: string; dated: DatedCopy; expected: string; members: string[] }>;
}

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
    cases.push({ article: a.id, dated, expected: dated === 'none' ? ids.clean : ids[dated], members: [ids.bundle, ids.wrapped, ids.clean] });
  });
  return { docs, cases };
}

export interface OriginalsReport {
  cases: number;
  /** Cases whose three copies are one near-duplicate group. */
  grouped: number;
  /** Of those, cases where every copy names the expected original (and the original names none). */
  right: number;
  /** right / grouped (1 when none is grouped). */
  rate: number;
  byDating: Record<DatedCopy, { grouped: number; right: number }>;
}

export async function evaluateOriginals(c: OriginalsCase, options: AnalyzeOptions = {}): Promise<OriginalsReport> {
  const result = await analyze(c.docs, options);
  const originalOf = new Map(result.documents.map((d) => [d.id, d.nearDuplicateOf]));
  const groupOf = new Map<string, string>();
  for (const g of result.nearDuplicateGroups) for (const m of g.members) groupOf.set(m, g.id);
  const byDating = Object.fromEntries(DATINGS.map((d) => [d, { grouped: 0, right: 0 }])) as OriginalsReport['byDating'];
  let grouped = 0;
  let right = 0;
  for (const k of c.cases) {
    const group = groupOf.get(k.members[0]);
    if (group === undefined || !k.members.every((m) => groupOf.get(m) === group)) continue;
    grouped++;
    byDating[k.dated].grouped++;
    if (k.members.every((m) => originalOf.get(m) === (m === k.expected ? null : k.expected))) {
      right++;
      byDating[k.dated].right++;
    }
  }
  return { cases: c.cases.length, grouped, right, rate: grouped === 0 ? 1 : right / grouped, byDating };
}
