/**
 * Formula stories: filings and results that wires write from one template,
 * each about a different company and different people ("… said in a filing
 * with the Securities and Exchange Commission that it raised its stake in
 * … to 9.1 percent"). Sets of 5–20 such stories, one set per formula, are
 * added to a split's ECB+ articles and analysed with them. Each story is
 * its own event: two of them in one event is a join across names, however
 * alike their sentences. The ECB+ articles' events are scored as in the
 * events suite, so a rule that keeps formula stories apart must not keep
 * the real events apart too.
 *
 * The names are made up (syllables drawn from a seeded generator), the
 * numbers drawn per story, so the set is deterministic and owes nothing to
 * any real company.
 */
import { analyze } from '../../analyze.js';
import type { AnalyzeOptions } from '../../options.js';
import type { Doc } from '../../types.js';
import type { EcbArticle, EcbSplit } from '../data.js';
import { bcubed, type PRF } from '../metrics.js';
import { documentEvent } from './events.js';
import { mulberry32 } from '../../util/random.js';

const ONSETS = ['b', 'br', 'c', 'cr', 'd', 'dr', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 'st', 't', 'tr', 'v', 'w', 'z'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ou'];
const CODAS = ['', 'n', 'r', 'l', 'st', 'rd', 'nt', 'x', 'ck', 'm'];
const COMPANY_KINDS = ['Holdings', 'Corp', 'Inc', 'Group', 'Industries', 'Systems', 'Pharmaceuticals', 'Energy', 'Financial', 'Technologies'];
const FUNDS = ['Capital Management', 'Partners', 'Advisors', 'Capital', 'Asset Management'];
const CITIES = ['Dallas', 'Chicago', 'Boston', 'Denver', 'Atlanta', 'Seattle', 'Houston', 'Phoenix', 'Minneapolis', 'Pittsburgh'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const QUARTERS = ['first', 'second', 'third', 'fourth'];

interface Draw {
  int(from: number, to: number): number;
  pick<T>(xs: readonly T[]): T;
  /** A made-up capitalised word, never the same twice in one suite. */
  word(): string;
}

function drawer(seed: number): Draw {
  const random = mulberry32(seed);
  const used = new Set<string>();
  const int = (from: number, to: number) => from + Math.floor(random() * (to - from + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const word = (): string => {
    for (;;) {
      let w = '';
      for (let s = int(2, 3); s > 0; s--) w += pick(ONSETS) + pick(VOWELS) + (s === 1 ? pick(CODAS) : '');
      w = w[0].toUpperCase() + w.slice(1);
      if (!used.has(w)) {
        used.add(w);
        return w;
      }
    }
  };
  return { int, pick, word };
}

const money = (d: Draw, from: number, to: number) => `${d.int(from, to)}.${d.int(10, 99)}`;

/** One formula: writes a story about fresh names. */
type Formula = (d: Draw) => { headline: string; body: string[] };

const FORMULAS: Record<string, Formula> = {
  stake: (d) => {
    const fund = `${d.word()} ${d.pick(FUNDS)}`;
    const manager = `${d.word()} ${d.word()}`;
    const company = `${d.word()} ${d.pick(COMPANY_KINDS)}`;
    const [from, to] = [`${d.int(4, 8)}.${d.int(1, 9)}`, `${d.int(9, 15)}.${d.int(1, 9)}`];
    const month = d.pick(MONTHS);
    const day = d.pick(DAYS);
    return {
      headline: `${fund} raises stake in ${company} to ${to} percent`,
      body: [
        `${fund}, the hedge fund run by ${manager}, said in a filing with the Securities and Exchange Commission on ${day} that it raised its stake in ${company} to ${to} percent from ${from} percent.`,
        `The fund bought ${d.int(100, 900)},${d.int(100, 999)} shares between ${month} ${d.int(1, 12)} and ${month} ${d.int(14, 28)} at prices ranging from $${money(d, 10, 30)} to $${money(d, 31, 60)} a share, the filing showed.`,
        `${manager} said in the filing that the fund may seek talks with the company's board and management about its strategy.`,
        `${company} shares closed at $${money(d, 20, 70)} on ${day}. A spokesman for ${company} declined to comment.`,
      ],
    };
  },
  results: (d) => {
    const company = `${d.word()} ${d.pick(COMPANY_KINDS)}`;
    const chief = `${d.word()} ${d.word()}`;
    const quarter = d.pick(QUARTERS);
    return {
      headline: `${company} ${quarter}-quarter profit rises, beats estimates`,
      body: [
        `${company} on ${d.pick(DAYS)} reported ${quarter}-quarter net income of $${d.int(20, 900)} million, or ${d.int(10, 99)} cents a share, compared with $${d.int(20, 900)} million, or ${d.int(10, 99)} cents a share, a year earlier.`,
        `Revenue rose ${d.int(2, 19)} percent to $${money(d, 1, 9)} billion. Excluding items, the company earned ${d.int(10, 99)} cents a share.`,
        `Analysts on average had expected earnings of ${d.int(10, 99)} cents a share on revenue of $${money(d, 1, 9)} billion, according to Thomson Reuters I/B/E/S.`,
        `Chief Executive ${chief} said the company was pleased with the results and raised its full-year forecast. Shares of the ${d.pick(CITIES)}-based company rose ${d.int(2, 9)} percent in extended trading.`,
      ],
    };
  },
  appointment: (d) => {
    const company = `${d.word()} ${d.pick(COMPANY_KINDS)}`;
    const [first, last] = [d.word(), d.word()];
    const [oldFirst, oldLast] = [d.word(), d.word()];
    const other = `${d.word()} ${d.pick(COMPANY_KINDS)}`;
    return {
      headline: `${company} names ${first} ${last} chief financial officer`,
      body: [
        `${company} said on ${d.pick(DAYS)} it had named ${first} ${last} as its chief financial officer, effective ${d.pick(MONTHS)} ${d.int(1, 28)}.`,
        `${last} succeeds ${oldFirst} ${oldLast}, who is retiring after ${d.int(8, 30)} years with the ${d.pick(CITIES)}-based company.`,
        `${last} joins from ${other}, where he was treasurer and head of investor relations. ${oldLast} will stay on as an adviser until the end of the year.`,
      ],
    };
  },
  dividend: (d) => {
    const company = `${d.word()} ${d.pick(COMPANY_KINDS)}`;
    const chair = `${d.word()} ${d.word()}`;
    const raise = d.int(5, 20);
    return {
      headline: `${company} raises quarterly dividend ${raise} percent`,
      body: [
        `${company} said on ${d.pick(DAYS)} its board had raised the quarterly dividend by ${raise} percent to ${d.int(10, 90)} cents a share, payable on ${d.pick(MONTHS)} ${d.int(1, 28)} to shareholders of record on ${d.pick(MONTHS)} ${d.int(1, 28)}.`,
        `The board also approved a buyback of up to $${d.int(100, 900)} million of the company's shares over the next ${d.int(2, 3)} years.`,
        `"Our strong cash flow allows us to return more to our shareholders," Chairman ${chair} said in a statement.`,
      ],
    };
  },
};

/** Stories written per formula: 5 to 20, drawn. */
const MIN_SET = 5;
const MAX_SET = 20;

export interface FormulaStory {
  id: string;
  formula: string;
  text: string;
}

export interface FormulaCase {
  /** The split's ECB+ articles, then the formula stories. */
  docs: Doc[];
  stories: FormulaStory[];
  /** Gold event of each ECB+ article. */
  eventOf: Map<string, string>;
}

/** The split's articles with sets of formula stories; `seed` varies the names and sizes (dev and train differ). */
export function buildFormulaCase(articles: readonly EcbArticle[], seed: number): FormulaCase {
  const d = drawer(seed);
  const stories: FormulaStory[] = [];
  for (const [formula, write] of Object.entries(FORMULAS)) {
    for (let k = d.int(MIN_SET, MAX_SET); k > 0; k--) {
      const { headline, body } = write(d);
      stories.push({ id: `formula-${formula}-${String(stories.length).padStart(3, '0')}`, formula, text: `${headline}\n\n${body.join('\n\n')}` });
    }
  }
  return {
    docs: [...articles.map((a) => ({ id: a.id, text: a.text })), ...stories.map((s) => ({ id: s.id, text: s.text }))],
    stories,
    eventOf: new Map(articles.map((a) => [a.id, a.event])),
  };
}

export interface FormulaReport {
  stories: number;
  formulas: number;
  /** Pairs of formula stories (different names, so different events) found in one event. */
  joinedPairs: number;
  /** Formula stories that share their event with another formula story. */
  joinedStories: number;
  /** Formula stories in an event with an ECB+ article. */
  withArticles: number;
  /** Pairs of formula stories found in one near-duplicate group: copies of each other, which `dedup` would keep one of. */
  copyPairs: number;
  /** B-cubed of the ECB+ articles' events, in this corpus. */
  articleEvents: PRF;
}

export async function evaluateFormula(c: FormulaCase, options: AnalyzeOptions = {}): Promise<FormulaReport> {
  const result = await analyze(c.docs, options);
  const eventOfDoc = new Map(result.documents.map((doc) => [doc.id, documentEvent(doc)]));
  const storiesByEvent = new Map<string, number>();
  for (const s of c.stories) {
    const e = eventOfDoc.get(s.id)!;
    storiesByEvent.set(e, (storiesByEvent.get(e) ?? 0) + 1);
  }
  const articleEvents = new Set([...c.eventOf.keys()].map((id) => eventOfDoc.get(id)!));
  const isStory = new Set(c.stories.map((s) => s.id));
  let copyPairs = 0;
  for (const g of result.nearDuplicateGroups) {
    const stories = g.members.filter((id) => isStory.has(id)).length;
    copyPairs += (stories * (stories - 1)) / 2;
  }
  let joinedPairs = 0;
  for (const count of storiesByEvent.values()) joinedPairs += (count * (count - 1)) / 2;
  const ids = [...c.eventOf.keys()];
  return {
    stories: c.stories.length,
    formulas: new Set(c.stories.map((s) => s.formula)).size,
    joinedPairs,
    joinedStories: c.stories.filter((s) => storiesByEvent.get(eventOfDoc.get(s.id)!)! > 1).length,
    withArticles: c.stories.filter((s) => articleEvents.has(eventOfDoc.get(s.id)!)).length,
    copyPairs,
    articleEvents: bcubed(
      ids.map((id) => eventOfDoc.get(id)!),
      ids.map((id) => c.eventOf.get(id)!),
    ),
  };
}

/** The seed of each split's stories. */
export const FORMULA_SEEDS: Record<EcbSplit, number> = { dev: 2111, train: 4049 };
