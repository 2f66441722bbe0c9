/**
 * Near-duplicates on reprints made from ECB+ (eval/synth.ts): every
 * article, one reprint of most articles at an edit level (1–10% of words),
 * and some articles inside a longer page. The ECB+ articles themselves are
 * the hard negatives: independent reports of one event, same names and
 * facts, different wording; they must not be near-duplicates.
 */
import { analyze } from '../../analyze.js';
import type { AnalyzeOptions } from '../../options.js';
import type { Doc, Result } from '../../types.js';
import type { EcbArticle } from '../data.js';
import { prf, prfFromCounts, type PRF } from '../metrics.js';
import { UnionFind } from '../../util/union-find.js';
import { similarTexts } from '../exact.js';
import { EDIT_LEVELS, page, reprint, vocabularyOf } from '../synth.js';

/** Articles shorter than this (in words) get no reprint: a 10-word text has no meaningful "5% edit". */
const MIN_REPRINT_WORDS = 50;
/** One article in this many is also put inside a longer page. */
const PAGE_EVERY = 6;

/**
 * ECB+ holds wire copies too (one AP story on two sites, exact Jaccard up to
 * 0.95). Pairs of articles at least this similar (exact 5-word-shingle
 * Jaccard, computed on sets, not estimated) are gold near-duplicates...
 */
export const WIRE_COPY_JACCARD = 0.5;
/** ...and pairs in between this and that are ambiguous (partial reuse): left out of the scores. */
export const AMBIGUOUS_JACCARD = 0.2;

export interface NearDupCase {
  docs: Doc[];
  /** Gold group of each document: its article's wire-copy group (articles and their reprints), or the doc's own id (pages). */
  groupOf: Map<string, string>;
  /** Article pairs (`a|b`, a < b) whose similarity is ambiguous, with their reprints: not scored. */
  ambiguous: Set<string>;
  /** Edit level of each reprint, by id. */
  levelOf: Map<string, number>;
  /** Pages, with the article each contains. */
  pages: Array<{ page: string; inner: string }>;
}

export function buildNearDupCase(articles: readonly EcbArticle[], seed = 1): NearDupCase {
  const vocabulary = vocabularyOf(articles.map((a) => a.text));
  const docs: Doc[] = [];
  const groupOf = new Map<string, string>();
  const ambiguous = new Set<string>();
  const copies = new UnionFind(articles.length);
  for (const p of similarTexts(articles.map((a) => a.text), AMBIGUOUS_JACCARD)) {
    if (p.jaccard >= WIRE_COPY_JACCARD) copies.union(p.a, p.b);
    else ambiguous.add(pairKey(articles[p.a].id, articles[p.b].id));
  }
  const groupOfArticle = (i: number) => articles[copies.find(i)].id;
  const levelOf = new Map<string, number>();
  const pages: NearDupCase['pages'] = [];
  const donors = articles;
  articles.forEach((a, i) => {
    docs.push({ id: a.id, text: a.text });
    groupOf.set(a.id, groupOfArticle(i));
    if (a.text.split(/\s+/).length < MIN_REPRINT_WORDS) return;
    const level = EDIT_LEVELS[i % EDIT_LEVELS.length];
    const id = `${a.id}~reprint${Math.round(level * 100)}`;
    docs.push({ id, text: reprint(a.text, { editRate: level, seed: seed * 7919 + i, vocabulary }) });
    groupOf.set(id, groupOfArticle(i));
    levelOf.set(id, level);
    if (i % PAGE_EVERY === 0) {
      // Sentences of other topics after it: the article is 1/2 or 1/3 of the page.
      const pageId = `${a.id}~page`;
      docs.push({ id: pageId, text: page(a.text, donors.filter((o) => o.topic !== a.topic).map((o) => o.text), 1 + ((i / PAGE_EVERY) % 2), seed + i) });
      groupOf.set(pageId, pageId);
      pages.push({ page: pageId, inner: a.id });
    }
  });
  return { docs, groupOf, ambiguous, levelOf, pages };
}

/** A pair of ids as one key, in either order. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** The ECB+ article a test document was made from (a reprint's original), or the document itself. */
function articleOf(id: string): string {
  const cut = id.indexOf('~reprint');
  return cut < 0 ? id : id.slice(0, cut);
}

/** All pairs inside each group, minus those whose articles (`articleOfId`) make an ambiguous pair. */
export function pairsWithin(groups: Iterable<readonly string[]>, ambiguous: Set<string>, articleOfId: (id: string) => string = articleOf): Set<string> {
  const out = new Set<string>();
  for (const members of groups) {
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) {
        if (!ambiguous.has(pairKey(articleOfId(members[x]), articleOfId(members[y])))) out.add(pairKey(members[x], members[y]));
      }
    }
  }
  return out;
}

/** The ids of each label, as groups. */
export function groupsOf(labels: Map<string, string>): string[][] {
  const out = new Map<string, string[]>();
  for (const [id, label] of labels) {
    const g = out.get(label);
    if (g) g.push(id);
    else out.set(label, [id]);
  }
  return [...out.values()];
}

export interface NearDupLevel {
  editRate: number;
  reprints: number;
  found: number;
  recall: number;
}

export interface NearDupReport {
  threshold: number;
  documents: number;
  pairwise: PRF;
  /** Predicted pairs between two different ECB+ articles (same-event rewrites taken for copies). */
  falsePairsBetweenArticles: number;
  byLevel: NearDupLevel[];
  containment: PRF & { pages: number };
  seconds: number;
}

/** Predicted group of each document: its group's id, or its own id. */
function predictedGroups(result: Result): Map<string, string> {
  const out = new Map(result.documents.map((d) => [d.id, d.id]));
  for (const g of result.nearDuplicateGroups) for (const m of g.members) out.set(m, g.id);
  return out;
}

export function scoreNearDup(c: NearDupCase, result: Result, threshold: number, seconds: number): NearDupReport {
  const predicted = predictedGroups(result);
  const goldPairs = pairsWithin(groupsOf(c.groupOf), c.ambiguous);
  const predictedPairs = pairsWithin(groupsOf(predicted), c.ambiguous);
  const truePairs = [...predictedPairs].filter((p) => goldPairs.has(p)).length;
  const isArticle = (id: string) => !id.includes('~');
  const falsePairsBetweenArticles = [...predictedPairs].filter((p) => !goldPairs.has(p) && p.split('|').every(isArticle)).length;
  const byLevel = EDIT_LEVELS.map((editRate) => {
    const reprints = [...c.levelOf].filter(([, l]) => l === editRate).map(([id]) => id);
    const found = reprints.filter((id) => predicted.get(id) === predicted.get(c.groupOf.get(id)!)).length;
    return { editRate, reprints: reprints.length, found, recall: reprints.length === 0 ? 1 : found / reprints.length };
  });
  const pageOf = new Map(c.pages.map((p) => [p.page, p.inner]));
  // Precision over the containments that involve a page: containments between
  // two ECB+ articles are real (one wire story inside a longer one) but unlabelled.
  const listed = result.containments.filter((x) => pageOf.has(x.outer) || pageOf.has(x.inner));
  const correct = listed.filter((x) => pageOf.has(x.outer) && c.groupOf.get(x.inner) === c.groupOf.get(pageOf.get(x.outer)!));
  const pagesFound = new Set(correct.map((x) => x.outer)).size;
  const containment = prf(listed.length === 0 ? 1 : correct.length / listed.length, c.pages.length === 0 ? 1 : pagesFound / c.pages.length);
  return {
    threshold,
    documents: c.docs.length,
    pairwise: prfFromCounts(truePairs, predictedPairs.size, goldPairs.size),
    falsePairsBetweenArticles,
    byLevel,
    containment: { ...containment, pages: c.pages.length },
    seconds,
  };
}

export async function evaluateNearDup(c: NearDupCase, threshold: number, options: AnalyzeOptions = {}): Promise<NearDupReport> {
  const started = performance.now();
  const result = await analyze(c.docs, { ...options, threshold });
  return scoreNearDup(c, result, threshold, (performance.now() - started) / 1000);
}
