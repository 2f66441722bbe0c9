/**
 * `dedup()`: the corpus without its copies. Only what near-duplicate
 * detection needs runs:
 *
 *   ingest → normalize → signatures (worker pool) → near-duplicates → one kept per group
 *
 * The groups are the ones `analyze` finds with the same options: the same
 * signatures (MinHash of each document's story), the same verification.
 */
import { releaseSignatures } from './features/batch.js';
import { collectFeatures, type CollectHow, type CollectedFeatures } from './features/collect.js';
import { findNearDuplicates } from './neardup/groups.js';
import { keepContainers, keptMembers } from './neardup/keep.js';
import { resolveDedupOptions, type DedupOptions, type TestHooks } from './options.js';
import type { Doc, InputError, SkippedSummary } from './types.js';
import { traceMemory } from './util/trace.js';

export interface DedupDocument {
  id: string;
  /** File path, or `file.jsonl:LINE`. */
  origin: string;
  /** The id of the member of its near-duplicate group kept in its place; null when it is kept. */
  duplicateOf: string | null;
}

export interface DedupGroup {
  /** The member kept (`options.keep`), or with `containment` the container kept. */
  kept: string;
  /** The documents removed for it, in id order. */
  removed: string[];
}

export interface DedupSummary {
  /** Inputs read: documents + errors. */
  inputs: number;
  documents: number;
  errors: number;
  kept: number;
  removed: number;
  /** Kept documents that others were removed for: near-duplicate groups, with `containment` merged with their contents. */
  groups: number;
  skipped: SkippedSummary;
}

export interface DedupResult {
  /** Every document, in input order. */
  documents: DedupDocument[];
  /** Each kept document that others were removed for, in id order. */
  groups: DedupGroup[];
  /** Inputs that did not become documents: they are neither kept nor removed. */
  errors: InputError[];
  summary: DedupSummary;
}

/**
 * Finds the near-duplicate groups of a corpus and keeps one member of each.
 *
 * @param source as for `analyze`: a folder, a JSONL file (`.gz` too), `-`
 *   for JSONL on standard input, one text file, or documents from code.
 * @throws StorylineError `INVALID_OPTION`, `INVALID_SOURCE`; the abort
 *   reason when `options.signal` aborts. Problems with single inputs never
 *   throw: they are in `errors`.
 */
export async function dedup(source: string | Iterable<Doc> | AsyncIterable<Doc>, options: DedupOptions = {}): Promise<DedupResult> {
  const run = await dedupCorpus(source, options);
  const { names, errors, inputs, skipped } = run.collected;
  const documents = Array.from({ length: names.count }, (_, d): DedupDocument => ({ id: names.id(d), origin: names.origin(d), duplicateOf: run.kept[d] === d ? null : names.id(run.kept[d]) }));
  const groups = run.groups.map((g): DedupGroup => ({ kept: names.id(g.kept), removed: g.removed.map((d) => names.id(d)) }));
  const removed = groups.reduce((sum, g) => sum + g.removed.length, 0);
  return {
    documents,
    groups,
    errors,
    summary: { inputs, documents: names.count, errors: errors.length, kept: names.count - removed, removed, groups: groups.length, skipped },
  };
}

/** A dedup run as arrays, for writers that stream (the CLI). */
export interface DedupRun {
  collected: CollectedFeatures;
  /** Per document: the document kept in its place (itself when kept). */
  kept: Int32Array;
  /** Each kept document that others were removed for, with them (in id order); in the id order of the kept one. */
  groups: Array<{ kept: number; removed: number[] }>;
}

/** The removed documents of each kept one, from `kept`. */
function removedBy(kept: Int32Array, rank: Int32Array): DedupRun['groups'] {
  const byKept = new Map<number, number[]>();
  for (let d = 0; d < kept.length; d++) {
    if (kept[d] === d) continue;
    const list = byKept.get(kept[d]);
    if (list) list.push(d);
    else byKept.set(kept[d], [d]);
  }
  const groups = [...byKept].map(([k, removed]) => ({ kept: k, removed: removed.sort((a, b) => rank[a] - rank[b]) }));
  return groups.sort((g, h) => rank[g.kept] - rank[h.kept]);
}

/**
 * The work of `dedup`, without an object per document.
 * @param onRecord told of every record as it is read (`CollectHow.onRecord`).
 */
export async function dedupCorpus(
  source: string | Iterable<Doc> | AsyncIterable<Doc>,
  options: DedupOptions & TestHooks,
  onRecord?: CollectHow['onRecord'],
): Promise<DedupRun> {
  const o = resolveDedupOptions(options);
  const collected = await collectFeatures(source, o, undefined, { signaturesOnly: true, onRecord });
  traceMemory('features: done');
  const { names, features, bytes } = collected;
  const rank = names.rank();
  o.onProgress?.({ phase: 'near-duplicates', done: 0, total: names.count, bytes });
  const nearDup = findNearDuplicates(features, rank, { threshold: o.threshold });
  // Half the run's memory at a million documents; the outputs are written without it.
  releaseSignatures(features);
  o.signal?.throwIfAborted();
  traceMemory('near-duplicates: done');
  const kept = keptMembers(names.count, nearDup.groups, features, rank, o.keep);
  if (o.containment) keepContainers(kept, nearDup.containments, rank);
  return { collected, kept, groups: removedBy(kept, rank) };
}
