/**
 * Shared site furniture (issue 21, failure class 2): short articles of one
 * site that end (or open) with the same furniture must not be taken for
 * copies of each other, and an article reprinted on another site, in that
 * site's furniture, must still be found as a copy.
 *
 * Built deterministically from the split's ECB+ articles: each article is
 * cut to a brief of 40–120 words (`briefOf`: its first line as the
 * headline, then its first sentences as one paragraph), and the briefs are
 * dealt in turn to SITES, seven made-up news sites. A site puts the same
 * furniture on every page it holds, of the kinds and sizes real sites use:
 * a menu line; a "Related coverage" heading over 4–8 headlines of other
 * articles (lines without a final period; one site's heading has no cue
 * word); a newsletter box; a copyright line; and the hard case, a blurb
 * about the site in plain prose of 40–90 words with no cue word, under the
 * story or (one site) above it. Which furniture a site uses varies; one
 * uses all of it.
 *
 * One brief in REPRINT_EVERY is also reprinted on another site: edited as
 * the near-duplicate suite edits its reprints (`reprint`, 1–10% of words,
 * the headline sometimes rewritten), in that site's furniture. The brief
 * and its reprint are a gold copy pair. ECB+ wire copies among the briefs
 * are gold copies too, as in the near-duplicate suite (exact Jaccard of the
 * briefs' texts ≥ WIRE_COPY_JACCARD; pairs between AMBIGUOUS_JACCARD and it
 * are not scored).
 *
 * Scores: false pairs (two pages of different articles in one group; the
 * target is none), pair precision / recall / F1 over the gold copy pairs,
 * and by site: its false pairs between its own pages, and how many of the
 * reprints onto it were found.
 */
import { analyze } from '../../analyze.js';
import type { AnalyzeOptions } from '../../options.js';
import type { Doc, Result } from '../../types.js';
import { UnionFind } from '../../util/union-find.js';
import type { EcbArticle } from '../data.js';
import { similarTexts } from '../exact.js';
import { prfFromCounts, type PRF } from '../metrics.js';
import { EDIT_LEVELS, reprint, vocabularyOf } from '../synth.js';
import { AMBIGUOUS_JACCARD, WIRE_COPY_JACCARD, groupsOf, pairKey, pairsWithin } from './neardup.js';
import { briefOf } from './short.js';

/** Briefs of at least this many words (briefOf caps them at 120). */
const MIN_BRIEF_WORDS = 40;
/** One brief in this many is also reprinted on another site. */
const REPRINT_EVERY = 3;

/** The furniture a site may put on its pages, in the order it puts them. */
type Part =
  | { kind: 'menu'; text: string }
  | { kind: 'blurb'; text: string }
  | { kind: 'article' }
  | { kind: 'related'; heading: string; items: number; separator: '\n' | '\n\n' }
  | { kind: 'newsletter'; text: string }
  | { kind: 'copyright'; text: string };

export interface Site {
  key: string;
  name: string;
  parts: readonly Part[];
}

/**
 * The sites. Blurbs are plain prose about the site, with no phrase the
 * boilerplate cues know (no "subscribe", "support us", "follow us", "all
 * rights reserved"): only their repetition across the site's pages tells
 * them from a story.
 */
export const SITES: readonly Site[] = [
  {
    key: 'ledger',
    name: 'The Harbour Ledger',
    parts: [
      { kind: 'menu', text: 'Home | Local | Harbour | Business | Sport | Opinion' },
      { kind: 'article' },
      { kind: 'related', heading: 'Related coverage', items: 6, separator: '\n\n' },
      {
        kind: 'newsletter',
        text: "Sign up for our daily newsletter\n\nThe morning's top stories from the Harbour Ledger, delivered to your inbox before seven. It is free, and you can leave at any time.",
      },
      {
        kind: 'blurb',
        text:
          'The Harbour Ledger has covered the towns of the north shore since 1921. Our reporters live where they write, from the fishing harbours of the east ' +
          'to the ferry towns of the west, and every story is checked by a second pair of eyes before it goes out. We are owned by a trust, not a chain, ' +
          'and we answer to the people who read us and to no one else. Letters to the paper are printed every Saturday.',
      },
      { kind: 'copyright', text: '© 2024 The Harbour Ledger. All rights reserved.' },
    ],
  },
  {
    key: 'courier',
    name: 'Valley Courier',
    parts: [
      { kind: 'article' },
      {
        kind: 'blurb',
        text:
          'Valley Courier is an independent paper serving the farms and market towns of the upper valley. Founded by a group of teachers and grain ' +
          'merchants, it has been printed in the same brick building on Mill Street for more than ninety years. Its newsroom of eleven people publishes ' +
          'every weekday morning and keeps an archive of every edition in the town library.',
      },
      { kind: 'copyright', text: 'Copyright 2023 Valley Courier Ltd.' },
    ],
  },
  {
    key: 'post',
    name: 'The Northgate Post',
    parts: [
      { kind: 'article' },
      {
        kind: 'blurb',
        text:
          'The Northgate Post began as a single sheet pinned to the door of the old post office. Today it reaches readers in forty countries, but it ' +
          'still runs on the same idea: tell people plainly what happened, who it happened to, and why it matters to the place they live. Corrections ' +
          'are printed on page two, every day, in the same size of type as the stories they correct.',
      },
    ],
  },
  {
    key: 'sentinel',
    name: 'Prairie Sentinel',
    parts: [
      { kind: 'menu', text: 'News » Region » Farm & Weather' },
      {
        kind: 'blurb',
        text:
          "Prairie Sentinel brings you the news of the plains every morning. Our staff of farmers' sons and daughters has watched over these counties " +
          'for four generations, and we print what we see without fear or favour, in plain words for plain readers.',
      },
      { kind: 'article' },
      { kind: 'copyright', text: '© 2022 Prairie Sentinel Media' },
    ],
  },
  {
    key: 'signal',
    name: 'Metro Signal',
    parts: [
      { kind: 'article' },
      { kind: 'related', heading: 'Related coverage', items: 4, separator: '\n' },
      { kind: 'newsletter', text: 'Sign up for our daily newsletter: the Metro Signal morning briefing, in your inbox every weekday.' },
    ],
  },
  {
    key: 'coastline',
    name: 'Coastline Daily',
    parts: [
      { kind: 'menu', text: 'Home | World | Politics | Coastline | Video' },
      { kind: 'article' },
      { kind: 'related', heading: 'Elsewhere on Coastline Daily', items: 8, separator: '\n\n' },
      { kind: 'copyright', text: '© 2024 Coastline Daily' },
    ],
  },
  {
    key: 'gazette',
    name: 'Ridge Gazette',
    parts: [
      { kind: 'article' },
      {
        kind: 'blurb',
        text:
          'The Ridge Gazette is owned by the people who read it. More than six thousand households in the hill country hold a share in the paper, ' +
          'elect its board each spring and meet its journalists at the open newsroom on the first Thursday of the month. We have no owner to please ' +
          'and no party to serve, only the readers who keep the lights on.',
      },
      { kind: 'newsletter', text: "Get the Ridge Gazette in your inbox\n\nSign up for our weekly newsletter: the week's hill-country news, every Friday morning." },
      { kind: 'copyright', text: '© 2021 Ridge Gazette Cooperative. All rights reserved.' },
    ],
  },
];

/** A site's furniture in a few words, in page order: "menu, blurb, article, ©". */
export function furnitureOf(site: Site): string {
  return site.parts
    .map((p) => (p.kind === 'related' ? `related ${p.items}` : p.kind === 'copyright' ? '©' : p.kind))
    .join(', ');
}

const wordsIn = (s: string) => s.split(/\s+/).filter(Boolean).length;

/** An article's first line as a related-coverage headline: at most 12 words, no final punctuation; undefined under 4 words. */
function headlineOf(text: string): string | undefined {
  const first = text.split(/\n+/)[0]?.trim() ?? '';
  const words = first.split(/\s+/).filter(Boolean).slice(0, 12);
  if (words.length < 4) return undefined;
  return words.join(' ').replace(/[\s.,;:!?]+$/, '');
}

export interface FurnitureCase {
  docs: Doc[];
  /** The site of each document. */
  siteOf: Map<string, string>;
  /** The gold copy group of each document: its article's wire-copy group. */
  groupOf: Map<string, string>;
  /** Pairs of ECB+ articles (`a|b`, a < b) whose briefs are partly alike: not scored. */
  ambiguous: Set<string>;
  /** Each reprint, with the page of its original. */
  reprints: Array<{ id: string; original: string; site: string; editRate: number }>;
  articles: number;
}

/** The page of `site` that holds `story` (a brief: headline, blank line, body). */
function onSite(site: Site, story: string, related: readonly string[]): string {
  const parts = site.parts.map((p) => {
    if (p.kind === 'article') return story.trim();
    if (p.kind === 'related') return [p.heading, ...related.slice(0, p.items)].join(p.separator);
    return p.text;
  });
  return parts.join('\n\n') + '\n';
}

export function buildFurnitureCase(articles: readonly EcbArticle[], seed = 1): FurnitureCase {
  const briefs: Array<{ article: EcbArticle; text: string; site: number }> = [];
  for (const a of articles) {
    const brief = briefOf(a.text, MIN_BRIEF_WORDS);
    if (brief !== undefined) briefs.push({ article: a, text: `${brief.headline}\n\n${brief.body}\n`, site: briefs.length % SITES.length });
  }
  const reprintSite = (b: number) => (briefs[b].site + 1 + (b % (SITES.length - 1))) % SITES.length;
  const reprinted = (b: number) => b % REPRINT_EVERY === 0;

  // Related coverage: headlines of articles with no page on the site.
  const onSiteArticles = SITES.map(() => new Set<string>());
  briefs.forEach((b, i) => {
    onSiteArticles[b.site].add(b.article.id);
    if (reprinted(i)) onSiteArticles[reprintSite(i)].add(b.article.id);
  });
  const related = SITES.map((_, s) => {
    const out: string[] = [];
    for (let k = 0; k < articles.length && out.length < 8; k++) {
      const a = articles[(k + 13 * s) % articles.length];
      const h = onSiteArticles[s].has(a.id) ? undefined : headlineOf(a.text);
      if (h !== undefined && !out.includes(h)) out.push(h);
    }
    return out;
  });

  // Gold copies: wire copies among the briefs, as the near-duplicate suite labels them.
  const copies = new UnionFind(briefs.length);
  const ambiguous = new Set<string>();
  for (const p of similarTexts(briefs.map((b) => b.text), AMBIGUOUS_JACCARD)) {
    if (p.jaccard >= WIRE_COPY_JACCARD) copies.union(p.a, p.b);
    else ambiguous.add(pairKey(briefs[p.a].article.id, briefs[p.b].article.id));
  }

  const vocabulary = vocabularyOf(articles.map((a) => a.text));
  const docs: Doc[] = [];
  const siteOf = new Map<string, string>();
  const groupOf = new Map<string, string>();
  const reprints: FurnitureCase['reprints'] = [];
  briefs.forEach((b, i) => {
    const group = briefs[copies.find(i)].article.id;
    const site = SITES[b.site];
    const id = `${b.article.id}~${site.key}`;
    docs.push({ id, text: onSite(site, b.text, related[b.site]) });
    siteOf.set(id, site.key);
    groupOf.set(id, group);
    if (!reprinted(i)) return;
    const other = SITES[reprintSite(i)];
    const editRate = EDIT_LEVELS[(i / REPRINT_EVERY) % EDIT_LEVELS.length];
    const copyId = `${b.article.id}~${other.key}-reprint`;
    docs.push({ id: copyId, text: onSite(other, reprint(b.text, { editRate, seed: seed * 7919 + i, vocabulary }), related[reprintSite(i)]) });
    siteOf.set(copyId, other.key);
    groupOf.set(copyId, group);
    reprints.push({ id: copyId, original: id, site: other.key, editRate });
  });
  return { docs, siteOf, groupOf, ambiguous, reprints, articles: briefs.length };
}

/** The ECB+ article a page was made from. */
const articleOf = (id: string) => id.slice(0, id.indexOf('~'));

export interface FurnitureSiteFigures {
  /** Pages on the site (its own briefs and the reprints onto it). */
  pages: number;
  /** Predicted pairs of two of its pages that are not copies. */
  falsePairs: number;
  /** Reprints onto the site, and how many were grouped with their original. */
  reprints: number;
  reprintsFound: number;
}

export interface FurnitureReport {
  documents: number;
  /** Briefs (one page each on their own site). */
  articles: number;
  reprints: number;
  goldPairs: number;
  predictedPairs: number;
  /** Predicted pairs of pages of two different articles (not gold, not ambiguous): the target is 0. */
  falsePairs: number;
  pairwise: PRF;
  bySite: Record<string, FurnitureSiteFigures>;
}

export function scoreFurniture(c: FurnitureCase, result: Result): FurnitureReport {
  const predicted = new Map(result.documents.map((d) => [d.id, d.id]));
  for (const g of result.nearDuplicateGroups) for (const m of g.members) predicted.set(m, g.id);
  const goldPairs = pairsWithin(groupsOf(c.groupOf), c.ambiguous, articleOf);
  const predictedPairs = pairsWithin(groupsOf(predicted), c.ambiguous, articleOf);
  const falsePairs = [...predictedPairs].filter((p) => !goldPairs.has(p));
  const bySite: Record<string, FurnitureSiteFigures> = {};
  for (const site of SITES) {
    const onIt = (id: string) => c.siteOf.get(id) === site.key;
    const reprints = c.reprints.filter((r) => r.site === site.key);
    bySite[site.key] = {
      pages: c.docs.filter((d) => onIt(d.id)).length,
      falsePairs: falsePairs.filter((p) => p.split('|').every(onIt)).length,
      reprints: reprints.length,
      reprintsFound: reprints.filter((r) => predicted.get(r.id) === predicted.get(r.original)).length,
    };
  }
  return {
    documents: c.docs.length,
    articles: c.articles,
    reprints: c.reprints.length,
    goldPairs: goldPairs.size,
    predictedPairs: predictedPairs.size,
    falsePairs: falsePairs.length,
    pairwise: prfFromCounts(predictedPairs.size - falsePairs.length, predictedPairs.size, goldPairs.size),
    bySite,
  };
}

export async function evaluateFurniture(c: FurnitureCase, options: AnalyzeOptions = {}): Promise<FurnitureReport> {
  return scoreFurniture(c, await analyze(c.docs, options));
}

/** Words of a site's blurb (the suite's doc says 40–90). */
export function blurbWords(site: Site): number {
  const blurb = site.parts.find((p) => p.kind === 'blurb');
  return blurb === undefined ? 0 : wordsIn(blurb.text);
}
