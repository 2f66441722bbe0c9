/**
 * A deterministic news archive for benchmarks: the same (size, seed) gives
 * the same documents on every machine, so nothing large is stored in git.
 *
 * What makes it news-like, and so exercises every stage as a real archive
 * would:
 * - Words: real English function words and common news words at the head of
 *   a Zipf distribution, then 60,000 pseudo-words; names are capitalised
 *   pseudo-words from their own Zipf list (a few names, like "Lavrov", are
 *   in many unrelated stories). Some numbers and full dates.
 * - Lengths: body text log-normal around a 4 KB median, with a long tail of
 *   long-form pieces up to 40 KB.
 * - Events: every original article reports one event, and an event is
 *   reported by several independently worded articles (sizes Zipf-like, most
 *   events have one report). Reports share the event's topic words and
 *   names, never its sentences.
 * - Near-duplicate reprints (`REPRINT_SHARE` of the files): a recent article
 *   copied with edits, a new headline, another site's furniture, or cut
 *   short.
 * - Bundles (`BUNDLE_SHARE`): two unrelated articles in one file.
 * - Site furniture on many pages: menus, bylines, newsletter prompts,
 *   related links, copyright lines.
 *
 * Generation streams: memory holds the open events and a window of recent
 * articles (the sources of reprints), never the archive.
 */
import { mulberry32 } from '../test/fixtures/random.js';

export interface ArchiveDoc {
  id: string;
  title: string;
  /** ISO date, or absent (then the date is only in the text, if anywhere). */
  date?: string;
  text: string;
}

/** `brief` and `huge` (a page of many short paragraphs) occur in the heavy-tailed archive only (bench/heavy-corpus.ts). */
export type ArchiveDocKind = 'article' | 'reprint' | 'bundle' | 'brief' | 'huge';

/** What the generator knows of one document: the answer key of the quality check at scale (bench/truth.ts). */
export interface ArchiveTruth {
  kind: ArchiveDocKind;
  /** The event of each story in the file, in text order (two for a bundle, none for a huge page). */
  events: number[];
  /** For a reprint: the index of the document it copies. */
  copyOf?: number;
}

export interface ArchiveStats {
  docs: number;
  articles: number;
  reprints: number;
  bundles: number;
  events: number;
  /** UTF-16 code units of text (what the pipeline reports as bytes read). */
  chars: number;
}

/** Bump when the generator's output changes: cached archives are named by it. */
export const GENERATOR_VERSION = 1;

/** Share of files that are near-duplicate reprints of a recent article. */
export const REPRINT_SHARE = 0.15;
/** Share of files that bundle two unrelated articles. */
export const BUNDLE_SHARE = 0.03;
/** Share of pages that carry their site's furniture. */
const FURNITURE_SHARE = 0.45;
/** Events reported at the same time; new reports pick one of them. */
const OPEN_EVENTS = 256;
/** Recent articles a reprint may copy. */
const REPRINT_WINDOW = 2048;
export const DOCS_PER_DAY = 500;
export const FIRST_DAY = Date.UTC(2015, 0, 1) / 86_400_000;

/** Frequent words of English news, most frequent first: they head the Zipf list. */
export const COMMON = (
  'the of and to a in that is for it was on with he as at by said his from be have has are this not but had they ' +
  'were an which its who been will their or would after more she her we also one about up there all out than two ' +
  'when new over into last other first year some can people could no years if what so government time them just ' +
  'before him like because president only against while during three most country officials state where told week ' +
  'minister since former police many then between our those under these any now says both such military security ' +
  'being through did do talks meeting foreign city report group national support international party called million ' +
  'percent public including according spokesman month forces statement agreement leaders region capital market'
).split(' ');

const ONSETS = ['b', 'br', 'c', 'ch', 'd', 'dr', 'f', 'g', 'gr', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'pr', 'r', 's', 'sh', 'st', 't', 'tr', 'v', 'w', 'z'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'io'];
const CODAS = ['', '', '', 'n', 'r', 'l', 's', 't', 'nd', 'rk'];
export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const SECTIONS = ['World', 'Politics', 'Business', 'Sport', 'Culture', 'Opinion', 'Science', 'Health', 'Tech', 'Local'];

export type Random = () => number;

export function pick<T>(list: readonly T[], random: Random): T {
  return list[Math.floor(random() * list.length)];
}

/** Distinct pseudo-words, not clashing with `taken`. */
export function pseudoWords(count: number, random: Random, taken: Set<string>, capitalise: boolean): string[] {
  const out: string[] = [];
  while (out.length < count) {
    let w = '';
    const u = random();
    const syllables = u < 0.3 ? 1 : u < 0.85 ? 2 : 3;
    for (let s = 0; s < syllables; s++) w += pick(ONSETS, random) + pick(VOWELS, random) + pick(CODAS, random);
    if (w.length < 3 || taken.has(w)) continue;
    taken.add(w);
    out.push(capitalise ? w[0].toUpperCase() + w.slice(1) : w);
  }
  return out;
}

/** Rank from a Zipf(1) distribution over `size` ranks, by inverse CDF of the continuous approximation. */
export function zipfRank(size: number, random: Random): number {
  return Math.min(size - 1, Math.floor(Math.exp(random() * (Math.log(size) + 0.5772))) - 1);
}

export function gaussian(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export interface Lexicon {
  words: string[];
  names: string[];
}

/** The archive's words (COMMON, then 60,000 pseudo-words) and names (200,000 capitalised pseudo-words, a Zipf list). */
export function makeLexicon(random: Random): Lexicon {
  const taken = new Set(COMMON);
  return { words: [...COMMON, ...pseudoWords(60_000, random, taken, false)], names: pseudoWords(200_000, random, taken, true) };
}

interface Site {
  head: string[];
  foot: string[];
}

interface EventTopic {
  id: number;
  day: number;
  place: string;
  names: string[];
  words: string[];
  remaining: number;
}

/** An article before it is laid out in a file. */
interface Story {
  title: string;
  day: number;
  paragraphs: string[];
  /** The event it reports. */
  event: number;
  /** Index of the document it was first published in (set when it may be reprinted). */
  doc?: number;
}

function siteOf(lex: Lexicon, random: Random): Site {
  const name = `The ${pick(lex.names, random)} ${pick(['Times', 'Post', 'Herald', 'Daily', 'Observer', 'Tribune', 'Journal'], random)}`;
  const menu = ['Home', ...SECTIONS.filter(() => random() < 0.5)].join(' | ');
  return {
    head: [menu, `Subscribe to our newsletter for the top stories from ${name} every morning!`],
    foot: [
      'Related stories:',
      `${pick(lex.names, random)} ${pick(lex.words.slice(200, 2000), random)} ${pick(SECTIONS, random)}`,
      'Share this article',
      `Your support helps ${name} remain independent. Please consider making a donation.`,
      `© ${2015 + Math.floor(random() * 9)} ${name}. All rights reserved.`,
    ],
  };
}

export function dayToDate(day: number): { iso: string; written: string } {
  const d = new Date(day * 86_400_000);
  return { iso: d.toISOString().slice(0, 10), written: `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}` };
}

/** A reprint's text: a few words changed (and perhaps `UPDATE` in the headline), cut short, or as it was. */
export function editedCopy(story: { title: string; paragraphs: string[] }, lex: Lexicon, random: Random): { title: string; paragraphs: string[] } {
  const u = random();
  let paragraphs = story.paragraphs;
  let title = story.title;
  if (u < 0.45) {
    paragraphs = paragraphs.slice();
    const edits = 1 + Math.floor(random() * 4);
    for (let e = 0; e < edits; e++) {
      const p = Math.floor(random() * paragraphs.length);
      const words = paragraphs[p].split(' ');
      const at = Math.floor(random() * words.length);
      words.splice(at, random() < 0.5 ? 1 : 0, lex.words[Math.floor(random() * 500)]);
      paragraphs[p] = words.join(' ');
    }
    if (random() < 0.5) title = `UPDATE ${title}`;
  } else if (u < 0.7) {
    const keep = Math.max(1, Math.ceil(paragraphs.length * (0.6 + 0.35 * random())));
    paragraphs = [...paragraphs.slice(0, keep), 'Read more'];
  }
  return { title, paragraphs };
}

/** Writes articles of events; one instance per archive, with its own random stream. */
class Newsroom {
  private readonly lex: Lexicon;
  private readonly sites: Site[];
  private readonly open: EventTopic[] = [];
  private readonly recent: Story[] = [];
  private nextEvent = 0;
  private index = 0;
  private readonly scratch: string[] = [];
  readonly stats: ArchiveStats = { docs: 0, articles: 0, reprints: 0, bundles: 0, events: 0, chars: 0 };
  /** The truth about the document `next()` returned last. */
  lastTruth: ArchiveTruth = { kind: 'article', events: [] };

  constructor(private readonly random: Random) {
    this.lex = makeLexicon(random);
    this.sites = Array.from({ length: 64 }, () => siteOf(this.lex, random));
  }

  next(): ArchiveDoc {
    const random = this.random;
    const index = this.index;
    const id = `a${String(index).padStart(8, '0')}`;
    const today = FIRST_DAY + Math.floor(this.index / DOCS_PER_DAY);
    this.index++;
    const u = random();
    let title: string;
    let day: number;
    let text: string;
    if (u < REPRINT_SHARE && this.recent.length > 0) {
      const source = pick(this.recent, random);
      const copy = this.reprint(source);
      ({ title, day } = copy);
      text = this.layout(copy, true);
      this.stats.reprints++;
      this.lastTruth = { kind: 'reprint', events: [source.event], copyOf: source.doc };
    } else if (u < REPRINT_SHARE + BUNDLE_SHARE) {
      const first = this.report(this.openEvent(today), 0.7);
      const second = this.report(this.openEvent(today), 0.7);
      ({ title, day } = first);
      text = this.layout({ ...first, paragraphs: [...first.paragraphs, second.title, ...second.paragraphs] }, false);
      this.stats.bundles++;
      this.lastTruth = { kind: 'bundle', events: [first.event, second.event] };
    } else {
      const story = { ...this.report(this.openEvent(today), 1), doc: index };
      this.remember(story);
      this.lastTruth = { kind: 'article', events: [story.event] };
      ({ title, day } = story);
      text = this.layout(story, false);
      this.stats.articles++;
    }
    this.stats.docs++;
    this.stats.chars += text.length;
    const doc: ArchiveDoc = { id, title, text };
    if (random() < 0.9) doc.date = dayToDate(day).iso;
    return doc;
  }

  /** One of the open events; a finished event's slot gets a new one. */
  private openEvent(today: number): EventTopic {
    const random = this.random;
    if (this.open.length < OPEN_EVENTS) this.open.push(this.newEvent(today));
    const slot = Math.floor(random() * this.open.length);
    const event = this.open[slot];
    if (--event.remaining <= 0) this.open[slot] = this.newEvent(today);
    return event;
  }

  private newEvent(today: number): EventTopic {
    const random = this.random;
    const { words, names } = this.lex;
    this.stats.events++;
    // Reports per event: P(size ≥ s) ≈ s^-1.3, so most events have one report and a few have dozens.
    const size = Math.min(300, Math.floor(Math.pow(1 - random(), -1 / 1.3)));
    const topicWords = Array.from({ length: 14 }, () => words[COMMON.length + Math.floor(Math.exp(random() * Math.log(20_000)))]);
    // Two well-known names (in many events) and two rare ones (this event's own).
    const topicNames = [names[zipfRank(2000, random)], names[zipfRank(2000, random)], pick(names, random), pick(names, random)];
    return { id: this.nextEvent++, day: today, place: pick(names, random), names: topicNames, words: topicWords, remaining: size };
  }

  private word(event: EventTopic): string {
    const random = this.random;
    const u = random();
    if (u < 0.06) return random() < 0.8 ? pick(event.names, random) : this.lex.names[zipfRank(this.lex.names.length, random)];
    if (u < 0.26) return pick(event.words, random);
    if (u < 0.27) return random() < 0.5 ? String(2 + Math.floor(random() * 98)) : `${1 + Math.floor(random() * 99)},${String(Math.floor(random() * 1000)).padStart(3, '0')}`;
    return this.lex.words[zipfRank(this.lex.words.length, random)];
  }

  private sentence(event: EventTopic): string {
    const random = this.random;
    const n = 8 + Math.floor(random() * 23);
    const words = this.scratch;
    words.length = n;
    for (let i = 0; i < n; i++) words[i] = random() < 0.07 ? `${this.word(event)},` : this.word(event);
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    words[n - 1] = words[n - 1].replace(/,$/, '');
    const s = words.join(' ');
    return random() < 0.1 ? `"${s}," said ${pick(event.names, random)}.` : `${s}.`;
  }

  /** A fresh, independently worded report of `event`; `scale` shortens it (bundle parts). */
  private report(event: EventTopic, scale: number): Story {
    const random = this.random;
    const long = random() < 0.02;
    const target = Math.min(40_000, long ? 8000 * Math.pow(5, random()) : 3500 * Math.exp(0.4 * gaussian(random))) * scale;
    const day = event.day + Math.floor(random() * 3);
    const title = [pick(event.names, random), ...Array.from({ length: 3 + Math.floor(random() * 5) }, () => pick(event.words, random))]
      .map((w) => w[0].toUpperCase() + w.slice(1))
      .join(' ');
    const paragraphs: string[] = [];
    let first = this.sentence(event);
    if (random() < 0.6) first = `${event.place.toUpperCase()}, ${dayToDate(day).written} - ${first}`;
    let length = 0;
    const sentences = [first];
    while (length < target) {
      const count = 1 + Math.floor(random() * 4);
      while (sentences.length < count) sentences.push(this.sentence(event));
      const paragraph = sentences.join(' ');
      paragraphs.push(paragraph);
      length += paragraph.length + 2;
      sentences.length = 0;
    }
    return { title, day, paragraphs, event: event.id };
  }

  private remember(story: Story): void {
    if (this.recent.length < REPRINT_WINDOW) this.recent.push(story);
    else this.recent[Math.floor(this.random() * REPRINT_WINDOW)] = story;
  }

  /** A near-duplicate of `story`: edited, retitled, or cut short (another site adds its furniture in layout). */
  private reprint(story: Story): Story {
    const { title, paragraphs } = editedCopy(story, this.lex, this.random);
    return { title, day: story.day, paragraphs, event: story.event, doc: story.doc };
  }

  /** The file: headline, optional byline, paragraphs, and (sometimes) a site's furniture around them. */
  private layout(story: Story, forceFurniture: boolean): string {
    const random = this.random;
    const parts = [story.title];
    if (random() < 0.3) parts.push(`By ${pick(this.lex.names, random)} ${pick(this.lex.names, random)}`);
    parts.push(...story.paragraphs);
    if (forceFurniture ? random() < 0.7 : random() < FURNITURE_SHARE) {
      const site = pick(this.sites, random);
      return [...site.head, ...parts, ...site.foot].join('\n\n') + '\n';
    }
    return parts.join('\n\n') + '\n';
  }
}

/**
 * The archive's documents, one at a time; `stats` is called at the end,
 * `truth` after each document with what the generator knows of it.
 */
export function* newsArchive(
  docs: number,
  seed = 1,
  stats?: (s: ArchiveStats) => void,
  truth?: (t: ArchiveTruth) => void,
): Generator<ArchiveDoc> {
  const room = new Newsroom(mulberry32(seed));
  for (let i = 0; i < docs; i++) {
    const doc = room.next();
    truth?.(room.lastTruth);
    yield doc;
  }
  stats?.(room.stats);
}

/** The texts of the first `count` documents of an archive (a sample for kernel benchmarks). */
export function sampleTexts(count: number, seed = 1): string[] {
  return Array.from(newsArchive(count, seed), (d) => d.text);
}
