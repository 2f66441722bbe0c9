/**
 * A heavy-tailed news archive (`npm run bench -- --shape heavy`): the shapes
 * real archives have and the friendly archive (bench/corpus.ts) lacks.
 *
 * - Events: sizes from a Zipf law. The largest has `LARGEST_EVENT_SHARE` of
 *   the archive's documents, the k-th 1/k of that, and the rest report
 *   events of their own. Every report is worded independently: the event
 *   has fixed facts (a kind of happening, a place, four names, a count and
 *   an amount, a date), and each report picks its own headline, lead,
 *   dateline, fact sentences (in its own order, with synonyms) and filler
 *   sentences from the event's vocabulary. So thousands of reports of one
 *   event share their facts and not their sentences.
 * - Reprints: group sizes from a Zipf law (the largest has
 *   `LARGEST_GROUP_SHARE` × N copies: 10,000 at a million documents), and
 *   groups of exactly 64 documents (an article and 63 copies: the most an
 *   LSH bucket holds before it stops being expanded into all its pairs).
 *   Copies are edited as in the friendly archive, in another site's
 *   furniture.
 * - Huge pages (`HUGE_SHARE`, at least one): 1 to 15.5 million characters of
 *   one-line paragraphs (a forum thread or a feed dump; the JSONL line stays
 *   under the 16 MiB `maxBytes`), written out in chunks, never held whole.
 * - Briefs of one to three sentences, bundles of two reports, and site
 *   furniture shared across a site: menus, newsletter prompts, and a
 *   "Related coverage" list of headlines that a site shows on every page of
 *   a week.
 *
 * Generation is a plan, then documents. The plan (a few typed arrays, bytes
 * per document) says what each position is: which event an article reports,
 * which group a copy belongs to and where the group's source is. Each
 * document is then generated from its own random stream, seeded by (seed,
 * position): a copy regenerates its source's story instead of keeping it,
 * so memory holds the plan and the lexicon, never the archive.
 */
import { mulberry32 } from '../test/fixtures/random.js';
import {
  DOCS_PER_DAY,
  FIRST_DAY,
  MONTHS,
  SECTIONS,
  dayToDate,
  editedCopy,
  gaussian,
  makeLexicon,
  pick,
  zipfRank,
  type ArchiveDoc,
  type ArchiveStats,
  type ArchiveTruth,
  type Lexicon,
  type Random,
} from './corpus.js';

/** Bump when the heavy generator's output changes: cached archives are named by it. */
export const HEAVY_GENERATOR_VERSION = 1;

/** Share of the archive's documents reporting its largest event (the head of the Zipf law). */
export const LARGEST_EVENT_SHARE = 0.06;
/** Copies in the largest reprint group, per document of the archive (10,000 at a million). */
export const LARGEST_GROUP_SHARE = 0.01;
/** Documents in a group of the fixed size: an article and 63 copies. */
export const FIXED_GROUP = 64;
/** Share of documents in groups of `FIXED_GROUP`. */
export const FIXED_GROUPS_SHARE = 0.025;
/** Share of documents that are huge pages (at least one in any archive). */
export const HUGE_SHARE = 0.001;
export const HUGE_MIN_CHARS = 1_000_000;
export const HUGE_MAX_CHARS = 15_500_000;
const BUNDLE_SHARE = 0.03;
/** Share of event reports (other than group sources) that are briefs. */
const BRIEF_SHARE = 0.12;
/** Copies stop being added (smallest Zipf groups first) past this share of the archive. */
const COPIES_BUDGET = 0.25;
const FURNITURE_SHARE = 0.6;
/** Articles of other events per report in the single-event archive. */
export const SINGLE_EVENT_BACKGROUND = 1;
const SITES = 48;
/** Characters per chunk of a huge page's text. */
const HUGE_CHUNK = 1 << 16;

const ARTICLE = 0;
const BRIEF = 1;
const COPY = 2;
const BUNDLE = 3;
const HUGE = 4;

/** Salts of the random streams: one per purpose, so that each is independent of the others. */
const SALT = { plan: 1, lexicon: 2, doc: 3, event: 4, site: 5, related: 6, huge: 7, hugeText: 8, story: 9 } as const;

/** A seed for the stream of (seed, index, salt): a 32-bit mix, so neighbouring indexes give unrelated streams. */
function streamSeed(seed: number, index: number, salt: number): number {
  let h = Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b) ^ Math.imul(salt, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

const streamOf = (seed: number, index: number, salt: number): Random => mulberry32(streamSeed(seed, index, salt));

/** A page whose text is produced in chunks when asked, as many times as asked (always the same). */
export interface LazyDoc {
  id: string;
  title: string;
  date?: string;
  /** Length of the text (UTF-16 code units; the text is ASCII). */
  chars: number;
  chunks: () => Generator<string>;
}

export type HeavyDoc = ArchiveDoc | LazyDoc;

export const isLazy = (doc: HeavyDoc): doc is LazyDoc => !('text' in doc);

/** The whole text of a document (for small archives in memory: tests, the single-event archive). */
export function textOf(doc: HeavyDoc): string {
  return isLazy(doc) ? [...doc.chunks()].join('') : doc.text;
}

/** A document as one JSONL line (without the newline), in pieces: a huge page's text is never one string. */
export function* jsonLine(doc: HeavyDoc): Generator<string> {
  if (!isLazy(doc)) {
    yield JSON.stringify(doc);
    return;
  }
  const { chunks, chars: _, ...head } = doc;
  yield JSON.stringify(head).slice(0, -1) + ',"text":"';
  // Each chunk is escaped alone: the text is ASCII, so no chunk boundary splits an escape or a surrogate pair.
  for (const chunk of chunks()) yield JSON.stringify(chunk).slice(1, -1);
  yield '"}';
}

export interface HeavyStats extends ArchiveStats {
  briefs: number;
  hugePages: number;
  /** Characters of the longest huge page. */
  largestHugeChars: number;
  /** Documents whose (first) story reports the largest event: its reports, their copies, bundles it starts. */
  largestEvent: number;
  reprintGroups: number;
  /** Copies in the largest group. */
  largestGroup: number;
  /** Groups of exactly `FIXED_GROUP` documents. */
  fixedGroups: number;
}

/** What each position of the archive is. */
export interface HeavyPlan {
  docs: number;
  /** ARTICLE, BRIEF, COPY, BUNDLE or HUGE. */
  kinds: Uint8Array;
  /** The event of an article, a brief or a bundle's first story; the group of a copy; -1 for a huge page. */
  refs: Int32Array;
  /** The event of a bundle's second story. */
  refs2: Int32Array;
  /** Reports planned for each event (articles, briefs and bundle parts; copies not counted). */
  eventSizes: Int32Array;
  /** The day each event happened: that of its first report in the archive. */
  eventDays: Int32Array;
  /** Position of each group's source article. */
  sources: Int32Array;
  groupCopies: Int32Array;
}

function shuffle(random: Random, n: number, swap: (i: number, j: number) => void): void {
  for (let i = n - 1; i > 0; i--) swap(i, Math.floor(random() * (i + 1)));
}

/** Copies per group: the Zipf groups (largest first), then the groups of 64, within `COPIES_BUDGET`. */
function groupSizes(docs: number): number[] {
  const budget = Math.floor(docs * COPIES_BUDGET);
  const fixed = Math.max(1, Math.round((docs * FIXED_GROUPS_SHARE) / FIXED_GROUP));
  let copies = Math.min(fixed, Math.floor(budget / FIXED_GROUP)) * (FIXED_GROUP - 1);
  const zipf: number[] = [];
  const largest = Math.max(1, Math.ceil(docs * LARGEST_GROUP_SHARE));
  for (let k = 1; Math.floor(largest / k) >= 1; k++) {
    const c = Math.floor(largest / k);
    if (copies + c > budget) break;
    zipf.push(c);
    copies += c;
  }
  const fixedCount = Math.min(fixed, Math.floor(budget / FIXED_GROUP));
  return [...zipf, ...Array.from({ length: fixedCount }, () => FIXED_GROUP - 1)];
}

/** Reports per event: the Zipf head (the k-th event has 1/k of the largest), then events of one report. */
function eventSizes(docs: number, reports: number): Int32Array {
  const sizes: number[] = [];
  const largest = Math.max(1, Math.ceil(docs * LARGEST_EVENT_SHARE));
  let planned = 0;
  for (let k = 1; Math.floor(largest / k) >= 1; k++) {
    const s = Math.min(Math.floor(largest / k), reports - planned);
    if (s <= 0) break;
    sizes.push(s);
    planned += s;
  }
  while (planned < reports) {
    sizes.push(1);
    planned++;
  }
  return Int32Array.from(sizes);
}

export function planHeavyArchive(docs: number, seed: number): HeavyPlan {
  const random = streamOf(seed, 0, SALT.plan);
  const huge = Math.max(1, Math.round(docs * HUGE_SHARE));
  const bundles = Math.round(docs * BUNDLE_SHARE);
  const groupCopies = Int32Array.from(groupSizes(docs));
  const copies = groupCopies.reduce((s, c) => s + c, 0);
  const singles = docs - huge - bundles - copies;
  if (singles < groupCopies.length + 1) throw new Error(`a heavy archive needs more than ${docs} documents`);

  const kinds = new Uint8Array(docs);
  const refs = new Int32Array(docs);
  const refs2 = new Int32Array(docs).fill(-1);
  let at = singles;
  kinds.fill(BUNDLE, at, (at += bundles));
  kinds.fill(HUGE, at, (at += huge));
  for (let g = 0; g < groupCopies.length; g++) for (let c = 0; c < groupCopies[g]; c++, at++) {
    kinds[at] = COPY;
    refs[at] = g;
  }
  shuffle(random, docs, (i, j) => {
    const k = kinds[i];
    kinds[i] = kinds[j];
    kinds[j] = k;
    const r = refs[i];
    refs[i] = refs[j];
    refs[j] = r;
  });

  // Reports of events, in random order, dealt to the articles and bundles in archive order.
  const sizes = eventSizes(docs, singles + 2 * bundles);
  const reports = new Int32Array(singles + 2 * bundles);
  for (let e = 0, r = 0; e < sizes.length; e++) reports.fill(e, r, (r += sizes[e]));
  shuffle(random, reports.length, (i, j) => {
    const x = reports[i];
    reports[i] = reports[j];
    reports[j] = x;
  });
  let next = 0;
  for (let i = 0; i < docs; i++) {
    if (kinds[i] === ARTICLE) {
      refs[i] = reports[next++];
      if (random() < BRIEF_SHARE) kinds[i] = BRIEF;
    } else if (kinds[i] === BUNDLE) {
      refs[i] = reports[next++];
      refs2[i] = reports[next++];
    } else if (kinds[i] === HUGE) refs[i] = -1;
  }

  // Each group's source: the first full article at or after its first copy, moved in front of it.
  const firstCopy = new Int32Array(groupCopies.length).fill(-1);
  for (let i = 0; i < docs; i++) if (kinds[i] === COPY && firstCopy[refs[i]] < 0) firstCopy[refs[i]] = i;
  const isSource = new Uint8Array(docs);
  const sources = new Int32Array(groupCopies.length);
  for (let g = 0; g < groupCopies.length; g++) {
    const p = firstCopy[g];
    let q = p + 1;
    while (q < docs && !(kinds[q] === ARTICLE && isSource[q] === 0)) q++;
    if (q < docs) {
      kinds[q] = COPY;
      kinds[p] = ARTICLE;
      refs[p] = refs[q];
      refs[q] = g;
      sources[g] = p;
    } else {
      q = p - 1;
      while (q >= 0 && !(kinds[q] === ARTICLE && isSource[q] === 0)) q--;
      if (q < 0) throw new Error(`a heavy archive needs more than ${docs} documents`);
      sources[g] = q;
    }
    isSource[sources[g]] = 1;
  }

  const eventDays = new Int32Array(sizes.length).fill(-1);
  const seen = (e: number, i: number) => {
    if (e >= 0 && eventDays[e] < 0) eventDays[e] = FIRST_DAY + Math.floor(i / DOCS_PER_DAY);
  };
  for (let i = 0; i < docs; i++) {
    if (kinds[i] === ARTICLE || kinds[i] === BRIEF || kinds[i] === BUNDLE) seen(refs[i], i);
    if (kinds[i] === BUNDLE) seen(refs2[i], i);
  }
  return { docs, kinds, refs, refs2, eventSizes: sizes, eventDays, sources, groupCopies };
}

/**
 * `reports` articles of one event (event 0), among `background` articles
 * that each report an event of their own, in random order.
 */
export function planSingleEvent(reports: number, background: number, seed: number): HeavyPlan {
  const docs = reports + background;
  const random = streamOf(seed, 0, SALT.plan);
  const refs = Int32Array.from({ length: docs }, (_, i) => Math.max(0, i - reports + 1));
  shuffle(random, docs, (i, j) => {
    const r = refs[i];
    refs[i] = refs[j];
    refs[j] = r;
  });
  const eventDays = new Int32Array(background + 1);
  for (let i = 0; i < docs; i++) if (refs[i] > 0) eventDays[refs[i]] = FIRST_DAY + Math.floor(i / DOCS_PER_DAY);
  eventDays[0] = FIRST_DAY;
  return {
    docs,
    kinds: new Uint8Array(docs).fill(ARTICLE),
    refs,
    refs2: new Int32Array(docs).fill(-1),
    eventSizes: Int32Array.from({ length: background + 1 }, (_, e) => (e === 0 ? reports : 1)),
    eventDays,
    sources: new Int32Array(0),
    groupCopies: new Int32Array(0),
  };
}

/** A kind of happening: its nouns (synonyms), who or what it counts, and how they took part. */
interface Happening {
  nouns: string[];
  units: string[];
  /** "At least 37 people … the blaze". */
  affected: string[];
}

const HAPPENINGS: Happening[] = [
  { nouns: ['talks', 'negotiations', 'discussions'], units: ['delegates', 'officials', 'negotiators'], affected: ['attended', 'took part in', 'joined'] },
  { nouns: ['fire', 'blaze', 'inferno'], units: ['people', 'residents'], affected: ['were killed in', 'died in', 'lost their lives in'] },
  { nouns: ['earthquake', 'quake', 'tremor'], units: ['people', 'residents', 'villagers'], affected: ['were killed in', 'died in', 'were injured in'] },
  { nouns: ['strike', 'walkout', 'stoppage'], units: ['workers', 'employees', 'staff'], affected: ['joined', 'took part in', 'walked out in'] },
  { nouns: ['protest', 'demonstration', 'rally'], units: ['protesters', 'demonstrators', 'people'], affected: ['joined', 'marched in', 'took part in'] },
  { nouns: ['election', 'vote', 'ballot'], units: ['voters', 'citizens'], affected: ['cast ballots in', 'voted in', 'took part in'] },
  { nouns: ['crash', 'collision', 'accident'], units: ['passengers', 'people', 'travellers'], affected: ['were hurt in', 'were injured in', 'died in'] },
  { nouns: ['flood', 'flooding', 'deluge'], units: ['residents', 'families', 'people'], affected: ['were displaced by', 'fled', 'were evacuated from'] },
  { nouns: ['deal', 'agreement', 'accord'], units: ['jobs', 'workers', 'contracts'], affected: ['are covered by', 'depend on', 'are part of'] },
  { nouns: ['trial', 'hearing', 'court case'], units: ['witnesses', 'people'], affected: ['testified at', 'appeared at', 'were called to'] },
  { nouns: ['attack', 'assault', 'raid'], units: ['people', 'civilians', 'bystanders'], affected: ['were killed in', 'died in', 'were wounded in'] },
  { nouns: ['storm', 'hurricane', 'cyclone'], units: ['homes', 'residents', 'buildings'], affected: ['were damaged by', 'were hit by', 'were left without power by'] },
];

const SAID = ['said', 'told reporters', 'stated', 'announced', 'confirmed', 'told a news conference', 'declared'];
const SOURCES = ['officials', 'police', 'local authorities', 'a government spokesman', 'the interior ministry', 'emergency services', 'witnesses', 'organisers'];
const ACCORDING = ['according to', 'citing', 'as reported by'];
const HAPPENED = ['took place', 'happened', 'unfolded', 'began'];
const CALLED = ['called', 'described', 'branded'];
const VERDICTS = ['unprecedented', 'a turning point', 'deeply troubling', 'historic', 'a tragedy', 'a test for the country', 'a wake-up call'];
const COST = ['put the cost at', 'estimated the damage at', 'said the bill would reach', 'valued it at'];
const VISITED = ['visited', 'travelled to', 'arrived in', 'flew to'];
const RESPONDED = ['responded', 'reacted', 'moved quickly', 'acted'];
const AGENCIES = ['Reuters', 'AP', 'AFP', 'dpa', 'Xinhua', 'UPI'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The fixed facts of one event, and its vocabulary. */
interface HeavyEvent {
  id: number;
  day: number;
  place: string;
  /** Two well-known names (in many events), then the event's own two actors. */
  names: string[];
  /** Each actor's first name (reports write "First Last", "Last" or "Mr Last"). */
  firstNames: string[];
  happening: Happening;
  count: number;
  amount: string;
  /**
   * The event's words, most used first (drawn by Zipf rank): the first few
   * are in every report, the rest in some. A big event has more of them,
   * as a big story is told from more sides.
   */
  vocabulary: string[];
}

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);
/** Every word capitalised, as headlines are written. */
const titleCase = (s: string) => s.replace(/\b[a-z]/g, (c) => c.toUpperCase());
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, ',');

/** Writes the documents of a plan; each document and each event from its own random stream. */
class HeavyNewsroom {
  private readonly lex: Lexicon;
  private readonly sites: { head: string[]; foot: string[] }[];
  private readonly related = new Map<number, string[]>();
  private readonly scratch: string[] = [];

  constructor(
    private readonly plan: HeavyPlan,
    private readonly seed: number,
    private readonly hugeMaxChars: number,
  ) {
    this.lex = makeLexicon(streamOf(seed, 0, SALT.lexicon));
    const random = streamOf(seed, 0, SALT.site);
    this.sites = Array.from({ length: SITES }, () => {
      const name = `${pick(this.lex.names, random)} ${pick(['Times', 'Post', 'Herald', 'Daily', 'Observer', 'Tribune', 'Journal', 'Courier'], random)}`;
      const menu = ['Home', ...SECTIONS.filter(() => random() < 0.5), 'Newsletters', 'Podcasts'].join(' | ');
      return {
        head: [menu, `Get the ${name} briefing: the day's top stories in your inbox every morning.`],
        foot: [
          'Share this article: Facebook | X | Email',
          `Your support helps ${name} remain independent. Please consider making a donation.`,
          `© ${2015 + Math.floor(random() * 9)} ${name}. All rights reserved.`,
        ],
      };
    });
  }

  event(e: number): HeavyEvent {
    const random = streamOf(this.seed, e, SALT.event);
    const { words, names } = this.lex;
    const size = this.plan.eventSizes[e];
    const word = () => words[200 + Math.floor(Math.exp(random() * Math.log(20_000)))];
    return {
      id: e,
      day: this.plan.eventDays[e],
      place: pick(names, random),
      names: [names[zipfRank(2000, random)], names[zipfRank(2000, random)], pick(names, random), pick(names, random)],
      firstNames: [pick(names, random), pick(names, random)],
      happening: pick(HAPPENINGS, random),
      count: Math.floor(3 * Math.pow(700, random())),
      amount: `${1 + Math.floor(random() * 98)}.${Math.floor(random() * 10)}`,
      vocabulary: Array.from({ length: 12 + Math.min(300, Math.round(20 * Math.log2(size))) }, word),
    };
  }

  /** The document at `i`, and what the generator knows of it. */
  document(i: number): { doc: HeavyDoc; truth: ArchiveTruth } {
    const plan = this.plan;
    const random = streamOf(this.seed, i, SALT.doc);
    const id = `a${String(i).padStart(8, '0')}`;
    const kind = plan.kinds[i];
    if (kind === HUGE) {
      const doc = this.hugePage(i, id);
      if (random() < 0.9) doc.date = dayToDate(FIRST_DAY + Math.floor(i / DOCS_PER_DAY)).iso;
      return { doc, truth: { kind: 'huge', events: [] } };
    }
    // The story has a stream of its own, apart from the layout's: a copy regenerates its source's story from the source's position.
    const told = streamOf(this.seed, i, SALT.story);
    let story: { title: string; day: number; paragraphs: string[] };
    let truth: ArchiveTruth;
    let furniture = random() < FURNITURE_SHARE;
    if (kind === COPY) {
      const source = plan.sources[plan.refs[i]];
      const original = this.report(this.event(plan.refs[source]), streamOf(this.seed, source, SALT.story), 1);
      story = { ...editedCopy(original, this.lex, random), day: original.day };
      truth = { kind: 'reprint', events: [plan.refs[source]], copyOf: source };
      furniture = random() < 0.8;
    } else if (kind === BUNDLE) {
      const first = this.report(this.event(plan.refs[i]), told, 0.7);
      const second = this.report(this.event(plan.refs2[i]), told, 0.7);
      story = { ...first, paragraphs: [...first.paragraphs, second.title, ...second.paragraphs] };
      truth = { kind: 'bundle', events: [plan.refs[i], plan.refs2[i]] };
    } else if (kind === BRIEF) {
      story = this.brief(this.event(plan.refs[i]), told);
      truth = { kind: 'brief', events: [plan.refs[i]] };
    } else {
      story = this.report(this.event(plan.refs[i]), told, 1);
      truth = { kind: 'article', events: [plan.refs[i]] };
    }
    const parts = [story.title];
    if (random() < 0.3) parts.push(`By ${pick(this.lex.names, random)} ${pick(this.lex.names, random)}`);
    parts.push(...story.paragraphs);
    let text: string;
    if (furniture) {
      const site = Math.floor(random() * SITES);
      const week = Math.floor(story.day / 7);
      text = [...this.sites[site].head, ...parts, 'Related coverage', ...this.relatedCoverage(site, week), ...this.sites[site].foot].join('\n\n') + '\n';
    } else text = parts.join('\n\n') + '\n';
    const doc: ArchiveDoc = { id, title: story.title, text };
    if (random() < 0.9) doc.date = dayToDate(story.day).iso;
    return { doc, truth };
  }

  /** The headlines a site links under "Related coverage" all week: stories of other events, big ones most often. */
  private relatedCoverage(site: number, week: number): string[] {
    const key = week * SITES + site;
    let lines = this.related.get(key);
    if (lines === undefined) {
      const random = streamOf(this.seed, key, SALT.related);
      const events = this.plan.eventSizes.length;
      lines = Array.from({ length: 3 + Math.floor(random() * 3) }, () => this.headline(this.event(zipfRank(events, random)), random));
      this.related.set(key, lines);
    }
    return lines;
  }

  private actor(event: HeavyEvent, which: 0 | 1, random: Random): string {
    const last = event.names[2 + which];
    const u = random();
    return u < 0.4 ? `${event.firstNames[which]} ${last}` : u < 0.8 ? last : `${random() < 0.7 ? 'Mr' : 'Ms'} ${last}`;
  }

  private datePhrase(event: HeavyEvent, random: Random): string {
    const d = new Date(event.day * 86_400_000);
    const weekday = WEEKDAYS[d.getUTCDay()];
    const month = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
    const u = random();
    return u < 0.3 ? `on ${weekday}` : u < 0.55 ? `on ${month}` : u < 0.8 ? `on ${month}, ${d.getUTCFullYear()}` : `on ${weekday}, ${month}`;
  }

  private placePhrase(event: HeavyEvent, random: Random): string {
    const u = random();
    return u < 0.6 ? event.place : u < 0.8 ? `central ${event.place}` : `the ${event.place} region`;
  }

  private amountPhrase(event: HeavyEvent, random: Random): string {
    const u = random();
    return u < 0.5 ? `$${event.amount} million` : u < 0.8 ? `${event.amount} million dollars` : `$${event.amount}m`;
  }

  /** One of the sentences that state the event's facts, in words of its own. */
  private fact(event: HeavyEvent, template: number, random: Random): string {
    const h = event.happening;
    const noun = pick(h.nouns, random);
    const unit = pick(h.units, random);
    const count = thousands(event.count);
    switch (template) {
      case 0:
        return `The ${noun} ${pick(HAPPENED, random)} in ${this.placePhrase(event, random)} ${this.datePhrase(event, random)}.`;
      case 1:
        return `At least ${count} ${unit} ${pick(h.affected, random)} the ${noun}, ${pick(ACCORDING, random)} ${pick(SOURCES, random)}.`;
      case 2:
        return `${this.actor(event, 0, random)} ${pick(SAID, random)} the ${noun} in ${event.place} was ${pick(VERDICTS, random)}.`;
      case 3:
        return `${cap(pick(SOURCES, random))} ${pick(COST, random)} ${this.amountPhrase(event, random)}.`;
      case 4:
        return `${this.actor(event, 1, random)}, who was in ${event.place} ${this.datePhrase(event, random)}, ${pick(SAID, random)} ${count} ${unit} were involved.`;
      case 5:
        return `${this.actor(event, 0, random)} ${pick(VISITED, random)} ${this.placePhrase(event, random)} ${this.datePhrase(event, random)} after the ${noun}.`;
      case 6:
        return `The ${noun} involved ${count} ${unit} and cost ${this.amountPhrase(event, random)}, ${pick(ACCORDING, random)} ${pick(SOURCES, random)}.`;
      case 7:
        return `${this.actor(event, 1, random)} ${pick(CALLED, random)} the ${noun} ${pick(VERDICTS, random)}.`;
      case 8:
        return `Authorities in ${event.place} ${pick(RESPONDED, random)} to the ${noun} ${this.datePhrase(event, random)}.`;
      default:
        return `${count} ${unit} ${pick(h.affected, random)} the ${noun} in ${event.place}, ${this.actor(event, 1, random)} ${pick(SAID, random)}.`;
    }
  }

  /** A word of filler: the event's names and words often, else the language at large. */
  private word(event: HeavyEvent, random: Random, numbers: boolean): string {
    const u = random();
    if (u < 0.06) return random() < 0.8 ? pick(event.names, random) : this.lex.names[zipfRank(this.lex.names.length, random)];
    if (u < 0.4) return event.vocabulary[zipfRank(event.vocabulary.length, random)];
    if (u < 0.27 && numbers) return String(2 + Math.floor(random() * 98));
    return this.lex.words[zipfRank(this.lex.words.length, random)];
  }

  private filler(event: HeavyEvent, random: Random, numbers: boolean): string {
    const n = 8 + Math.floor(random() * 23);
    const words = this.scratch;
    words.length = n;
    for (let i = 0; i < n; i++) words[i] = random() < 0.07 ? `${this.word(event, random, numbers)},` : this.word(event, random, numbers);
    words[0] = cap(words[0]);
    words[n - 1] = words[n - 1].replace(/,$/, '');
    const s = words.join(' ');
    return random() < 0.1 ? `"${s}," ${random() < 0.5 ? 'said' : 'added'} ${this.actor(event, random() < 0.5 ? 0 : 1, random)}.` : `${s}.`;
  }

  private headline(event: HeavyEvent, random: Random): string {
    const h = event.happening;
    const u = random();
    const count = thousands(event.count);
    if (u < 0.25) return titleCase(`${count} ${pick(h.units, random)} ${pick(h.affected, random)} ${event.place} ${pick(h.nouns, random)}`);
    if (u < 0.5) return titleCase(`${event.names[2]} says ${pick(h.nouns, random)} in ${event.place} was ${pick(VERDICTS, random)}`);
    if (u < 0.7) return titleCase(`${event.place} ${pick(h.nouns, random)}: ${event.names[3]} ${pick(CALLED, random)} it ${pick(VERDICTS, random)}`);
    return [pick(event.names, random), ...Array.from({ length: 3 + Math.floor(random() * 4) }, () => event.vocabulary[zipfRank(12, random)])].map(cap).join(' ');
  }

  private dateline(event: HeavyEvent, day: number, random: Random): string {
    const written = dayToDate(day).written.replace(/, \d+$/, '');
    const u = random();
    const place = event.place.toUpperCase();
    return u < 0.3 ? `${place}, ${written} (${pick(AGENCIES, random)}) - ` : u < 0.5 ? `${place} - ` : u < 0.65 ? `${place}, ${written} - ` : '';
  }

  /** Fact templates in a report's own order. */
  private factOrder(random: Random): number[] {
    const order = Array.from({ length: 10 }, (_, k) => k);
    shuffle(random, order.length, (i, j) => ([order[i], order[j]] = [order[j], order[i]]));
    return order;
  }

  /** An independently worded report of `event`; `scale` shortens it (bundle parts). */
  private report(event: HeavyEvent, random: Random, scale: number): { title: string; day: number; paragraphs: string[] } {
    const long = random() < 0.02;
    const target = Math.min(40_000, long ? 8000 * Math.pow(5, random()) : 3500 * Math.exp(0.4 * gaussian(random))) * scale;
    const day = event.day + Math.floor(random() * 3);
    const title = this.headline(event, random);
    const facts = this.factOrder(random);
    const leadFacts = 1 + Math.floor(random() * 2);
    const lead = [this.dateline(event, day, random) + this.fact(event, facts.pop()!, random)];
    while (lead.length < leadFacts) lead.push(this.fact(event, facts.pop()!, random));
    const paragraphs = [lead.join(' ')];
    let length = paragraphs[0].length;
    // Facts come back all through the report (restated in other words once each has been told), between filler sentences.
    const factShare = 0.2 + 0.2 * random();
    let told = 0;
    while (length < target) {
      const count = 1 + Math.floor(random() * 4);
      const sentences: string[] = [];
      for (let s = 0; s < count; s++) sentences.push(random() < factShare ? this.fact(event, facts[told++ % facts.length], random) : this.filler(event, random, true));
      const paragraph = sentences.join(' ');
      paragraphs.push(paragraph);
      length += paragraph.length + 2;
    }
    return { title, day, paragraphs };
  }

  /** A brief: a headline and one paragraph of one to three sentences. */
  private brief(event: HeavyEvent, random: Random): { title: string; day: number; paragraphs: string[] } {
    const day = event.day + Math.floor(random() * 3);
    const title = this.headline(event, random);
    const facts = this.factOrder(random);
    const sentences = [this.dateline(event, day, random) + this.fact(event, facts.pop()!, random)];
    const more = Math.floor(random() * 3);
    for (let s = 0; s < more; s++) sentences.push(random() < 0.7 ? this.fact(event, facts.pop()!, random) : this.filler(event, random, false));
    return { title, day, paragraphs: [sentences.join(' ')] };
  }

  /** A forum thread or feed dump: one-line paragraphs, generated chunk by chunk whenever the text is read. */
  private hugePage(i: number, id: string): LazyDoc {
    const head = streamOf(this.seed, i, SALT.huge);
    const chars = Math.floor(HUGE_MIN_CHARS * Math.pow(Math.max(1, this.hugeMaxChars / HUGE_MIN_CHARS), head()));
    const topic = pick(this.lex.names, head);
    const title = `${topic} ${pick(['forum: all replies', 'live feed archive', 'comments', 'message board export'], head)}`;
    const lex = this.lex;
    const seed = this.seed;
    function* chunks(): Generator<string> {
      const random = streamOf(seed, i, SALT.hugeText);
      let left = chars;
      let buffer: string[] = [];
      let buffered = 0;
      const users = Array.from({ length: 200 }, () => pick(lex.names, random));
      let first = `${title}\n\n`;
      while (left > 0) {
        let line: string;
        if (first !== '') {
          line = first;
          first = '';
        } else {
          const n = 3 + Math.floor(random() * 12);
          const words: string[] = [];
          for (let w = 0; w < n; w++) words.push(random() < 0.05 ? topic : lex.words[zipfRank(lex.words.length, random)]);
          const stamp = random() < 0.3 ? `${String(Math.floor(random() * 24)).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')} ` : '';
          line = `${stamp}${pick(users, random)}: ${words.join(' ')}\n\n`;
        }
        // The last line is cut so that the text has exactly `chars` characters, and ends with a newline.
        if (line.length >= left) line = left === 1 ? '\n' : line.slice(0, left - 1) + '\n';
        buffer.push(line);
        buffered += line.length;
        left -= line.length;
        if (buffered >= HUGE_CHUNK || left === 0) {
          yield buffer.join('');
          buffer = [];
          buffered = 0;
        }
      }
    }
    return { id, title, chars, chunks };
  }
}

export interface HeavyArchiveOptions {
  /** Longest huge page, characters (`HUGE_MAX_CHARS`); tests cap it at `HUGE_MIN_CHARS`. */
  hugeMaxChars?: number;
  /** The single-event archive: `docs` reports of one event, among `background` × `docs` articles of events of their own. */
  singleEvent?: boolean;
  background?: number;
}

function planStats(plan: HeavyPlan): HeavyStats {
  const count = (k: number) => plan.kinds.reduce((s, x) => s + (x === k ? 1 : 0), 0);
  let largestEvent = 0;
  for (let i = 0; i < plan.docs; i++) {
    const k = plan.kinds[i];
    const e = k === COPY ? plan.refs[plan.sources[plan.refs[i]]] : k === HUGE ? -1 : plan.refs[i];
    if (e === 0) largestEvent++;
  }
  return {
    docs: 0,
    articles: count(ARTICLE),
    reprints: count(COPY),
    bundles: count(BUNDLE),
    events: plan.eventSizes.length,
    chars: 0,
    briefs: count(BRIEF),
    hugePages: count(HUGE),
    largestHugeChars: 0,
    largestEvent,
    reprintGroups: plan.groupCopies.length,
    largestGroup: plan.groupCopies.reduce((m, c) => Math.max(m, c), 0),
    fixedGroups: plan.groupCopies.reduce((s, c) => s + (c === FIXED_GROUP - 1 ? 1 : 0), 0),
  };
}

/**
 * The heavy-tailed archive's documents, one at a time (a huge page as a
 * `LazyDoc`); `stats` is called at the end, `truth` after each document.
 */
export function* heavyArchive(
  docs: number,
  seed = 1,
  options: HeavyArchiveOptions = {},
  stats?: (s: HeavyStats) => void,
  truth?: (t: ArchiveTruth) => void,
): Generator<HeavyDoc> {
  const plan = options.singleEvent ? planSingleEvent(docs, Math.round(docs * (options.background ?? SINGLE_EVENT_BACKGROUND)), seed) : planHeavyArchive(docs, seed);
  const room = new HeavyNewsroom(plan, seed, options.hugeMaxChars ?? HUGE_MAX_CHARS);
  const s = planStats(plan);
  for (let i = 0; i < plan.docs; i++) {
    const { doc, truth: t } = room.document(i);
    s.docs++;
    const chars = isLazy(doc) ? doc.chars : doc.text.length;
    s.chars += chars;
    if (isLazy(doc)) s.largestHugeChars = Math.max(s.largestHugeChars, chars);
    truth?.(t);
    yield doc;
  }
  stats?.(s);
}
