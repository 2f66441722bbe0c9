/**
 * Quality at scale: the generator knows every document's event, which
 * article a reprint copies and which files are bundles, so each benchmark
 * run can also say how right the pipeline was on its archive.
 *
 * This is what the ECB+ evaluation (`npm run eval`, under 1,000 documents)
 * cannot show: whether the bounds that keep the pipeline linear (candidate
 * search capped per term and per segment, event blocks capped at 3,000)
 * cost accuracy when the corpus grows. The synthetic events are easier to
 * tell apart than real ones, so the figures matter as a trend across sizes,
 * not as absolute quality.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { bcubed, prfFromCounts, type PRF } from '../src/eval/metrics.js';
import { documentEvent } from '../src/eval/suites/events.js';
import type { Result } from '../src/types.js';
import type { ArchiveDocKind, ArchiveTruth } from './corpus.js';
import { archiveDocs, type ArchiveShape } from './shapes.js';

/** The answer key of an archive, one entry per document, in archive order (ids are `a` + the index). */
export interface ArchiveKey {
  /** One letter per document: a(rticle), r(eprint), b(undle), s (a brief), h(uge page). */
  kinds: string;
  /** The event of each document's first story; -1 for a huge page (it reports none). */
  events: number[];
  /** For a reprint, the index of the document it copies; -1 otherwise. */
  copyOf: number[];
}

export interface ArchiveQuality {
  /** B-cubed of each article's, brief's and reprint's event (the event of its longest story segment) against the generator's. */
  events: PRF;
  /**
   * Pairs of documents that carry one article's text (the article and its
   * reprints), against the pairs the result puts in one near-duplicate group
   * or in a containment.
   */
  copyPairs: PRF;
  /** The gold event with the most documents (scored as in `events`): into how many predicted events its documents fall, and the largest of those pieces. */
  largestEvent: { docs: number; pieces: number; largestPiece: number };
  /** Reprints put in their source's near-duplicate group, or found contained in it (or it in them), of all reprints. */
  reprintRecall: number;
  /** Pairs of documents grouped as near-duplicates although neither copies the other (nor both the same article). */
  falseCopyPairs: number;
  /** Bundle flags against the files the generator bundled (huge pages left out: a thread of a thousand replies is no one story). */
  bundles: PRF;
}

const KIND_LETTER: Record<ArchiveDocKind, string> = { article: 'a', reprint: 'r', bundle: 'b', brief: 's', huge: 'h' };

/** Gathers an archive's key document by document, as the generator reports it. */
export class KeyBuilder {
  private readonly kinds: string[] = [];
  private readonly events: number[] = [];
  private readonly copyOf: number[] = [];

  readonly add = (t: ArchiveTruth): void => {
    this.kinds.push(KIND_LETTER[t.kind]);
    this.events.push(t.events[0] ?? -1);
    this.copyOf.push(t.copyOf ?? -1);
  };

  /** Writes the key to `path` (whole or not at all) and returns it. */
  save(path: string): ArchiveKey {
    const key: ArchiveKey = { kinds: this.kinds.join(''), events: this.events, copyOf: this.copyOf };
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(key));
    renameSync(temp, path);
    return key;
  }
}

/** The key of the archive of (shape, docs, seed), read from `path` or generated there (text is generated and dropped). */
export function archiveKey(docs: number, seed: number, path: string, shape: ArchiveShape = 'friendly'): ArchiveKey {
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as ArchiveKey;
  const builder = new KeyBuilder();
  for (const _ of archiveDocs(shape, docs, seed, undefined, builder.add));
  return builder.save(path);
}

function indexOf(id: string): number {
  return Number(id.slice(1));
}

function largestEventPieces(predicted: readonly string[], gold: readonly string[]): ArchiveQuality['largestEvent'] {
  const size = new Map<string, number>();
  for (const g of gold) size.set(g, (size.get(g) ?? 0) + 1);
  let largest = '';
  let docs = 0;
  for (const [g, n] of size) if (n > docs || (n === docs && g < largest)) [largest, docs] = [g, n];
  const pieces = new Map<string, number>();
  for (let i = 0; i < gold.length; i++) if (gold[i] === largest) pieces.set(predicted[i], (pieces.get(predicted[i]) ?? 0) + 1);
  let largestPiece = 0;
  for (const n of pieces.values()) largestPiece = Math.max(largestPiece, n);
  return { docs, pieces: pieces.size, largestPiece };
}

/** The article whose text document `i` carries: itself, or the one it reprints. */
const originIn = (key: ArchiveKey, i: number) => (key.copyOf[i] >= 0 ? key.copyOf[i] : i);

/** Pairs within the groups (of ids), and how many of them carry one article's text. */
function groupPairs(groups: readonly (readonly string[])[], key: ArchiveKey): { predicted: number; sameOrigin: number } {
  let predicted = 0;
  let sameOrigin = 0;
  for (const members of groups) {
    const byOrigin = new Map<number, number>();
    for (const m of members) byOrigin.set(originIn(key, indexOf(m)), (byOrigin.get(originIn(key, indexOf(m))) ?? 0) + 1);
    const n = members.length;
    for (const c of byOrigin.values()) sameOrigin += (c * (c - 1)) / 2;
    predicted += (n * (n - 1)) / 2;
  }
  return { predicted, sameOrigin };
}

/** Pairs of documents that carry one article's text. */
function goldCopyPairs(key: ArchiveKey): number {
  const copies = new Int32Array(key.kinds.length);
  for (let i = 0; i < key.kinds.length; i++) copies[originIn(key, i)]++;
  let pairs = 0;
  for (const c of copies) pairs += (c * (c - 1)) / 2;
  return pairs;
}

/** Near-duplicate groups (member ids) scored as copy pairs against the key: what a dedup tool is judged by. */
export function scoreCopyGroups(groups: readonly (readonly string[])[], key: ArchiveKey): { copyPairs: PRF; falseCopyPairs: number } {
  const { predicted, sameOrigin } = groupPairs(groups, key);
  return { copyPairs: prfFromCounts(sameOrigin, predicted, goldCopyPairs(key)), falseCopyPairs: predicted - sameOrigin };
}

export function scoreArchive(result: Result, key: ArchiveKey): ArchiveQuality {
  const docs = result.documents;
  const groupOf = new Map<string, string>();
  for (const g of result.nearDuplicateGroups) for (const m of g.members) groupOf.set(m, g.id);
  const contained = new Set(docs.flatMap((d) => d.containedIn.map((outer) => `${d.id} ${outer}`)));
  const origin = (i: number) => originIn(key, i);

  const predicted: string[] = [];
  const gold: string[] = [];
  let reprints = 0;
  let reprintsFound = 0;
  let truePositives = 0;
  let flagged = 0;
  let bundles = 0;
  for (const d of docs) {
    const i = indexOf(d.id);
    const kind = key.kinds[i];
    if (kind === 'h') continue;
    if (d.bundle) flagged++;
    if (kind === 'b') {
      bundles++;
      if (d.bundle) truePositives++;
      continue;
    }
    predicted.push(documentEvent(d));
    gold.push(String(key.events[i]));
    if (kind === 'r') {
      reprints++;
      const source = `a${String(key.copyOf[i]).padStart(8, '0')}`;
      const group = groupOf.get(d.id);
      if ((group !== undefined && group === groupOf.get(source)) || contained.has(`${d.id} ${source}`) || contained.has(`${source} ${d.id}`)) reprintsFound++;
    }
  }

  const grouped = groupPairs(result.nearDuplicateGroups.map((g) => g.members), key);
  const falseCopyPairs = grouped.predicted - grouped.sameOrigin;
  let predictedPairs = grouped.predicted;
  let sameOriginPairs = grouped.sameOrigin;
  // Containments join documents outside one group (else they would not be listed); each pair once.
  const containedPairs = new Set<string>();
  for (const c of result.containments) {
    const [a, b] = [indexOf(c.inner), indexOf(c.outer)].sort((x, y) => x - y);
    const pair = `${a} ${b}`;
    if (containedPairs.has(pair) || (groupOf.get(c.inner) !== undefined && groupOf.get(c.inner) === groupOf.get(c.outer))) continue;
    containedPairs.add(pair);
    predictedPairs++;
    if (origin(a) === origin(b)) sameOriginPairs++;
  }
  const goldPairs = goldCopyPairs(key);
  return {
    events: bcubed(predicted, gold),
    largestEvent: largestEventPieces(predicted, gold),
    copyPairs: prfFromCounts(sameOriginPairs, predictedPairs, goldPairs),
    reprintRecall: reprints === 0 ? 1 : reprintsFound / reprints,
    falseCopyPairs,
    bundles: prfFromCounts(truePositives, flagged, bundles),
  };
}
