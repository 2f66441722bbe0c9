/**
 * Labelled test cases made from real articles, deterministically (a seed,
 * no stored files): what scrapers really collect besides the original.
 *
 * - reprint: a fraction of the words replaced, sentences sometimes swapped
 *   or dropped, the headline sometimes rewritten, site furniture sometimes
 *   added. A near-duplicate of its original.
 * - page: the article inside a longer page (other text after it). The
 *   article is contained in the page.
 * - bundle: an article with one or two unrelated articles appended, with or
 *   without a footer (related news, donation appeal).
 */
import { mulberry32, pick } from '../util/random.js';

export const EDIT_LEVELS = [0.01, 0.02, 0.05, 0.1] as const;

const HEADERS = [
  'Home | World | Politics | Business | Sport',
  'Subscribe to our newsletter for the top stories every morning!',
  'Latest News » World » Americas',
];
const FOOTERS = [
  'Share this article\n\n© 2024 The Daily Globe. All rights reserved.',
  'Follow us on Twitter for more updates.\n\nCopyright 2019 Metro Wire Service. All rights reserved.',
  'Leave a comment\n\nRead more: Top stories of the day',
];
export const RELATED_FOOTER =
  'Related news:\n\nMarkets close higher as investors weigh rate outlook\n\nCity council approves new budget after long debate\n\nWeather service warns of storms this weekend';
export const DONATION_FOOTER =
  'Dear reader, we have a small favor to ask. Independent journalism takes time and money. ' +
  'If you value our reporting, please support our work with a donation today.\n\n' +
  'Make a contribution of any size: your support keeps us free for everyone.';

/** Paragraphs (blank-line separated) of a text. */
function paragraphs(text: string): string[] {
  return text.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p !== '');
}

/** Every word of the corpus, for realistic replacements. */
export function vocabularyOf(texts: readonly string[]): string[] {
  const words = new Set<string>();
  for (const t of texts) for (const w of t.split(/\s+/)) if (/^[a-z]{3,}$/.test(w)) words.add(w);
  return [...words].sort();
}

export interface ReprintOptions {
  /** Share of words replaced. */
  editRate: number;
  seed: number;
  vocabulary: readonly string[];
}

export function reprint(text: string, o: ReprintOptions): string {
  const random = mulberry32(o.seed);
  let parts = paragraphs(text);
  // Headline rewritten half the time (the first paragraph of an ECB+ text is its lead or title).
  if (random() < 0.5) parts.unshift(`${parts[0].split(' ').slice(0, 5).join(' ')} – latest`);
  // A sentence dropped half the time, two neighbours swapped a third of the time (never the first).
  if (parts.length > 4 && random() < 0.5) parts.splice(1 + pick(random, parts.length - 1), 1);
  if (parts.length > 4 && random() < 0.33) {
    const i = 1 + pick(random, parts.length - 2);
    [parts[i], parts[i + 1]] = [parts[i + 1], parts[i]];
  }
  parts = parts.map((p) =>
    p
      .split(' ')
      .map((w) => (random() < o.editRate ? o.vocabulary[pick(random, o.vocabulary.length)] : w))
      .join(' '),
  );
  if (random() < 0.5) parts.unshift(HEADERS[pick(random, HEADERS.length)]);
  if (random() < 0.5) parts.push(FOOTERS[pick(random, FOOTERS.length)]);
  return parts.join('\n\n') + '\n';
}

/**
 * The article inside a longer page: a header, the article, then a digest of
 * single sentences taken from many other texts (so no other text is
 * contained in the page), about `extraShare` times the article's length.
 */
export function page(article: string, donors: readonly string[], extraShare: number, seed: number): string {
  const random = mulberry32(seed);
  const sentences: string[] = [];
  let length = 0;
  for (let tries = 0; length < article.length * extraShare && tries < 10_000; tries++) {
    const donor = paragraphs(donors[pick(random, donors.length)]);
    const s = donor[pick(random, donor.length)];
    sentences.push(s);
    length += s.length;
  }
  return [HEADERS[0], article.trim(), 'More stories', ...sentences].join('\n\n') + '\n';
}

export interface BundleText {
  text: string;
  /** Offsets where each appended article starts. */
  partStarts: number[];
}

/** Articles joined as one scraped file, optionally with a footer; records where each part starts. */
export function bundle(articles: readonly string[], footer?: string): BundleText {
  let text = '';
  const partStarts: number[] = [];
  for (const a of articles) {
    if (text !== '') text += '\n\n';
    partStarts.push(text.length);
    text += a.trim();
  }
  if (footer !== undefined) text += '\n\n' + footer;
  return { text: text + '\n', partStarts };
}

/** A deterministic shuffle (Fisher–Yates) of a copy. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = mulberry32(seed);
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = pick(random, i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
