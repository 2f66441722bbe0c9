/**
 * The archives the bench can generate, by shape: `friendly` (bench/corpus.ts:
 * small events and reprint groups), `heavy` (bench/heavy-corpus.ts: Zipf
 * events and groups, huge pages, briefs) and `single-event` (N reports of
 * one event, worded as the heavy archive words them).
 */
import { GENERATOR_VERSION, newsArchive, type ArchiveStats, type ArchiveTruth } from './corpus.js';
import { HEAVY_GENERATOR_VERSION, heavyArchive, type HeavyArchiveOptions, type HeavyDoc, type HeavyStats } from './heavy-corpus.js';

export const SHAPES = ['friendly', 'heavy', 'single-event'] as const;
export type ArchiveShape = (typeof SHAPES)[number];

/** The file name of an archive, without extension: the generator's version is in it, so a changed generator never reads an old cache. */
export function archiveStem(shape: ArchiveShape, docs: number, seed: number): string {
  return shape === 'friendly' ? `archive-v${GENERATOR_VERSION}-${docs}-${seed}` : `archive-${shape}-v${HEAVY_GENERATOR_VERSION}-${docs}-${seed}`;
}

/** The documents of an archive of `shape`; `stats` at the end, `truth` after each document. */
export function archiveDocs(
  shape: ArchiveShape,
  docs: number,
  seed: number,
  stats?: (s: ArchiveStats | HeavyStats) => void,
  truth?: (t: ArchiveTruth) => void,
  options: HeavyArchiveOptions = {},
): Iterable<HeavyDoc> {
  if (shape === 'friendly') return newsArchive(docs, seed, stats, truth);
  return heavyArchive(docs, seed, { ...options, singleEvent: shape === 'single-event' }, stats, truth);
}
