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
import { newsArchive, type ArchiveDocKind, type ArchiveTruth } from './corpus.js';

/** The answer key of an archive, one entry per document, in archive order (ids are `a` + the index). */
export interface ArchiveKey {
  /** One letter per document: a(rticle), r(eprint), b(undle). */
  kinds: string;
  /** The event of each document's first story. */
  events: number[];
  /** For a reprint, the index of the document it copies; -1 otherwise. */
  copyOf: number[];
}

export interface ArchiveQuality {
  /** B-cubed of each article's and reprint's event (the event of its longest story segment) against the generator's. */
  events: PRF;
  /** Reprints put in their source's near-duplicate group, or found contained in it (or it in them), of all reprints. */
  reprintRecall: number;
  /** Pairs of documents grouped as near-duplicates although neither copies the other (nor both the same article). */
  falseCopyPairs: number;
  /** Bundle flags against the files the generator bundled. */
  bundles: PRF;
}

const KIND_LETTER: Record<ArchiveDocKind, string> = { article: 'a', reprint: 'r', bundle: 'b' };

/** Gathers an archive's key document by document, as the generator reports it. */
export class KeyBuilder {
  private readonly kinds: string[] = [];
  private readonly events: number[] = [];
  private readonly copyOf: number[] = [];

  readonly add = (t: ArchiveTruth): void => {
    this.kinds.push(KIND_LETTER[t.kind]);
    this.events.push(t.events[0]);
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

/** The key of the archive of (docs, seed), read from `path` or generated there (text is generated and dropped). */
export function archiveKey(docs: number, seed: number, path: string): ArchiveKey {
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as ArchiveKey;
  const builder = new KeyBuilder();
  for (const _ of newsArchive(docs, seed, undefined, builder.add));
  return builder.save(path);
}

function indexOf(id: string): number {
  return Number(id.slice(1));
}

export function scoreArchive(result: Result, key: ArchiveKey): ArchiveQuality {
  const docs = result.documents;
  const groupOf = new Map<string, string>();
  for (const g of result.nearDuplicateGroups) for (const m of g.members) groupOf.set(m, g.id);
  const contained = new Set(docs.flatMap((d) => d.containedIn.map((outer) => `${d.id} ${outer}`)));
  /** The article whose text a document carries: itself, or the one it reprints. */
  const origin = (i: number) => (key.copyOf[i] >= 0 ? key.copyOf[i] : i);

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

  let falseCopyPairs = 0;
  for (const g of result.nearDuplicateGroups) {
    const byOrigin = new Map<number, number>();
    for (const m of g.members) byOrigin.set(origin(indexOf(m)), (byOrigin.get(origin(indexOf(m))) ?? 0) + 1);
    const n = g.members.length;
    let sameOrigin = 0;
    for (const c of byOrigin.values()) sameOrigin += (c * (c - 1)) / 2;
    falseCopyPairs += (n * (n - 1)) / 2 - sameOrigin;
  }

  return {
    events: bcubed(predicted, gold),
    reprintRecall: reprints === 0 ? 1 : reprintsFound / reprints,
    falseCopyPairs,
    bundles: prfFromCounts(truePositives, flagged, bundles),
  };
}
