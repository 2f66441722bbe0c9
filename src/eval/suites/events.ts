/**
 * Events on ECB+: every article is one report of one gold event; each topic
 * holds two different events of the same kind. All articles of the chosen
 * split are analysed together as one corpus (topics mixed), so the
 * clustering must both keep topics apart and split each topic's two events.
 */
import { analyze } from '../../analyze.js';
import type { AnalyzeOptions } from '../../options.js';
import type { DocumentResult, Result } from '../../types.js';
import type { EcbArticle, EcbSplit } from '../data.js';
import { eventErrors, type EventErrors } from '../event-errors.js';
import { adjustedRand, bcubed, pairwise, type PRF } from '../metrics.js';

export interface EventsReport {
  split: EcbSplit | 'all';
  documents: number;
  goldEvents: number;
  predictedEvents: number;
  bcubed: PRF;
  pairwise: PRF;
  ari: number;
  /** Single-story articles wrongly flagged as bundles. */
  flaggedBundles: number;
  /** The cases behind the figures: merged events and documents put apart. */
  errors: EventErrors;
  seconds: number;
}

/** A document's event: the event of its longest story segment (its own label if it has none). */
export function documentEvent(doc: DocumentResult): string {
  let best: string | null = null;
  let longest = -1;
  for (const s of doc.segments) {
    if (s.kind === 'story' && s.event !== null && s.end - s.start > longest) {
      longest = s.end - s.start;
      best = s.event;
    }
  }
  return best ?? `none:${doc.id}`;
}

export function scoreEvents(articles: readonly EcbArticle[], result: Result, split: EventsReport['split'], seconds: number): EventsReport {
  const byId = new Map(result.documents.map((d) => [d.id, d]));
  const documents = articles.map((a) => byId.get(a.id)!);
  const predicted = documents.map(documentEvent);
  const gold = articles.map((a) => a.event);
  return {
    split,
    documents: articles.length,
    goldEvents: new Set(gold).size,
    predictedEvents: new Set(predicted).size,
    bcubed: bcubed(predicted, gold),
    pairwise: pairwise(predicted, gold),
    ari: adjustedRand(predicted, gold),
    flaggedBundles: documents.filter((d) => d.bundle).length,
    errors: eventErrors(documents, predicted, gold, result),
    seconds,
  };
}

export async function evaluateEvents(articles: readonly EcbArticle[], split: EventsReport['split'], options: AnalyzeOptions = {}): Promise<EventsReport> {
  const chosen = split === 'all' ? articles : articles.filter((a) => a.split === split);
  const started = performance.now();
  const result = await analyze(
    chosen.map((a) => ({ id: a.id, text: a.text })),
    options,
  );
  return scoreEvents(chosen, result, split, (performance.now() - started) / 1000);
}
