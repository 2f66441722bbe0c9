/**
 * All-caps copies: one ECB+ article in CAPS_EVERY is replaced by its text in
 * capital letters, as some wires and forums write. Names are read from
 * capitals, so a text all in capitals says nothing of which words are names;
 * the copy must still join its event as its mixed-case article does. The
 * join rate is the share of the capitalised articles whose mixed-case
 * article joins its event (run on the corpus as it was) that join it too.
 */
import { analyze } from '../../analyze.js';
import type { AnalyzeOptions } from '../../options.js';
import type { Doc } from '../../types.js';
import type { EcbArticle } from '../data.js';
import { joining } from './short.js';

/** One article in this many is written in capitals. */
const CAPS_EVERY = 3;

export interface CapsCase {
  /** The split's articles as they are (the baseline corpus). */
  mixed: Doc[];
  /** The same corpus with some articles in capitals (same ids). */
  caps: Doc[];
  capitalised: string[];
  eventOf: Map<string, string>;
}

export function buildCapsCase(articles: readonly EcbArticle[]): CapsCase {
  const capitalised: string[] = [];
  const caps = articles.map((a, i) => {
    if (i % CAPS_EVERY !== 1) return { id: a.id, text: a.text };
    capitalised.push(a.id);
    return { id: a.id, text: a.text.toUpperCase() };
  });
  return { mixed: articles.map((a) => ({ id: a.id, text: a.text })), caps, capitalised, eventOf: new Map(articles.map((a) => [a.id, a.event])) };
}

export interface CapsReport {
  articles: number;
  /** Capitalised articles whose mixed-case article joins its event. */
  joinable: number;
  /** Of those, capitalised ones that join it too. */
  joined: number;
  /** joined / joinable (1 when none is joinable). */
  joinRate: number;
}

export async function evaluateCaps(c: CapsCase, options: AnalyzeOptions = {}): Promise<CapsReport> {
  const joinedMixed = joining(await analyze(c.mixed, options), c.eventOf);
  const joinedCaps = joining(await analyze(c.caps, options), c.eventOf);
  const joinable = c.capitalised.filter((id) => joinedMixed.has(id));
  const joined = joinable.filter((id) => joinedCaps.has(id)).length;
  return { articles: c.capitalised.length, joinable: joinable.length, joined, joinRate: joinable.length === 0 ? 1 : joined / joinable.length };
}
