/**
 * Short articles: wire briefs of 30–120 words made from ECB+ articles (the
 * article's first line as the headline, then its first sentences as one
 * paragraph), each in one of three forms: alone, under a site's menu line,
 * or inside a simple HTML page (its text as a folder's `.html` file gives
 * it). One article in SHORT_EVERY is replaced by its brief in a corpus of
 * the split's articles.
 *
 * A brief is news however short: it must never be flagged `no-story`, and
 * it must join its event as its full-length article does. An article
 * "joins its event" when the event of its longest story segment holds
 * another document of its gold event. The join rate is the share of the
 * briefs whose full-length article joins (run on the corpus of full
 * articles) that join too.
 */
import { analyze } from '../../analyze.js';
import { htmlToText } from '../../ingest/html.js';
import type { AnalyzeOptions } from '../../options.js';
import type { Doc, Result } from '../../types.js';
import type { EcbArticle } from '../data.js';
import { documentEvent } from './events.js';

/** One article in this many becomes a brief. */
const SHORT_EVERY = 3;
const MIN_WORDS = 30;
const MAX_WORDS = 120;

export const SHORT_FORMS = ['alone', 'menu', 'html'] as const;
export type ShortForm = (typeof SHORT_FORMS)[number];

const MENUS = ['Home | World | Business | Sport', 'News » World » Europe', 'Home | Politics | Economy | Opinion | Video'];

export interface ShortCase {
  /** The split's articles, full length (the baseline corpus). */
  full: Doc[];
  /** The same corpus with some articles replaced by their briefs (same ids). */
  short: Doc[];
  briefs: Array<{ id: string; form: ShortForm; words: number }>;
  /** Gold event of each document. */
  eventOf: Map<string, string>;
}

const wordsIn = (s: string) => s.split(/\s+/).filter(Boolean).length;

/** The article as a brief of `minWords`–MAX_WORDS words (headline and body), or undefined when it is too short for one. */
export function briefOf(text: string, minWords = MIN_WORDS): { headline: string; body: string; words: number } | undefined {
  const [headline, ...sentences] = text.split(/\n+/).map((s) => s.trim()).filter(Boolean);
  if (headline === undefined) return undefined;
  const body: string[] = [];
  let words = wordsIn(headline);
  for (const s of sentences) {
    if (words >= minWords || words + wordsIn(s) > MAX_WORDS) break;
    body.push(s);
    words += wordsIn(s);
  }
  if (words < minWords || body.length === 0) return undefined;
  return { headline, body: body.join(' '), words };
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function inForm(headline: string, body: string, form: ShortForm, k: number): string {
  const menu = MENUS[k % MENUS.length];
  if (form === 'alone') return `${headline}\n\n${body}\n`;
  if (form === 'menu') return `${menu}\n\n${headline}\n\n${body}\n`;
  const links = menu
    .split(/ [|»] /)
    .map((m) => `<a href="/${m.toLowerCase()}">${escapeHtml(m)}</a>`)
    .join(' | ');
  const html =
    `<!doctype html><html><head><title>${escapeHtml(headline)} | Daily Wire</title></head><body>` +
    `<nav>${links}</nav><article><h1>${escapeHtml(headline)}</h1><p>${escapeHtml(body)}</p></article>` +
    `<footer>© 2024 Daily Wire. All rights reserved.</footer></body></html>`;
  return htmlToText(html).text;
}

export function buildShortCase(articles: readonly EcbArticle[]): ShortCase {
  const full = articles.map((a) => ({ id: a.id, text: a.text }));
  const short: Doc[] = [];
  const briefs: ShortCase['briefs'] = [];
  articles.forEach((a, i) => {
    const brief = i % SHORT_EVERY === 0 ? briefOf(a.text) : undefined;
    if (brief === undefined) {
      short.push({ id: a.id, text: a.text });
      return;
    }
    const form = SHORT_FORMS[briefs.length % SHORT_FORMS.length];
    short.push({ id: a.id, text: inForm(brief.headline, brief.body, form, briefs.length) });
    briefs.push({ id: a.id, form, words: brief.words });
  });
  return { full, short, briefs, eventOf: new Map(articles.map((a) => [a.id, a.event])) };
}

export interface ShortFigures {
  briefs: number;
  /** Briefs flagged `no-story` (target 0). */
  noStory: number;
  /** Briefs whose full-length article joins its event. */
  joinable: number;
  /** Of those, briefs that join it too. */
  joined: number;
  /** joined / joinable (1 when none is joinable). */
  joinRate: number;
}

export interface ShortReport extends ShortFigures {
  byForm: Record<ShortForm, ShortFigures>;
  /** Mean words of a brief. */
  meanWords: number;
}

/** Which documents join their event: the event of their longest story segment holds another document of their gold event. */
export function joining(result: Result, eventOf: Map<string, string>): Set<string> {
  const members = new Map<string, string[]>();
  for (const d of result.documents) {
    const e = documentEvent(d);
    const list = members.get(e);
    if (list) list.push(d.id);
    else members.set(e, [d.id]);
  }
  const out = new Set<string>();
  for (const d of result.documents) {
    const gold = eventOf.get(d.id);
    if (members.get(documentEvent(d))!.some((o) => o !== d.id && eventOf.get(o) === gold)) out.add(d.id);
  }
  return out;
}

function figures(ids: readonly string[], noStory: Set<string>, joinedFull: Set<string>, joinedShort: Set<string>): ShortFigures {
  const joinable = ids.filter((id) => joinedFull.has(id));
  const joined = joinable.filter((id) => joinedShort.has(id)).length;
  return {
    briefs: ids.length,
    noStory: ids.filter((id) => noStory.has(id)).length,
    joinable: joinable.length,
    joined,
    joinRate: joinable.length === 0 ? 1 : joined / joinable.length,
  };
}

export async function evaluateShort(c: ShortCase, options: AnalyzeOptions = {}): Promise<ShortReport> {
  const [full, short] = [await analyze(c.full, options), await analyze(c.short, options)];
  const joinedFull = joining(full, c.eventOf);
  const joinedShort = joining(short, c.eventOf);
  const noStory = new Set(short.documents.filter((d) => d.warnings.some((w) => w.code === 'no-story')).map((d) => d.id));
  const ids = c.briefs.map((b) => b.id);
  const byForm = Object.fromEntries(
    SHORT_FORMS.map((form) => [form, figures(c.briefs.filter((b) => b.form === form).map((b) => b.id), noStory, joinedFull, joinedShort)]),
  ) as Record<ShortForm, ShortFigures>;
  const meanWords = c.briefs.reduce((s, b) => s + b.words, 0) / Math.max(1, c.briefs.length);
  return { ...figures(ids, noStory, joinedFull, joinedShort), byForm, meanWords };
}
