/**
 * What `analyzeForReport` (analyze.ts) lets an observer see of a run: the
 * stages' inner figures, at the moment they exist, before they are
 * released. `explain` reads them to say why two documents came out as they
 * did, from the run that decided it, not from a second computation.
 * Nothing here changes what the run does.
 */
import type { EventRunner } from '../events/cluster.js';
import type { FeatureBatch } from '../features/batch.js';
import type { DocRecord } from '../features/collect.js';
import type { NearDupResult } from '../neardup/groups.js';
import type { SegmentedCorpus } from '../segments/corpus.js';

export interface PipelineWatch {
  /** Near-duplicates found; the signatures are still there (released right after). */
  nearDuplicates?: (seen: { docs: DocRecord[]; features: FeatureBatch; rank: Int32Array; nearDup: NearDupResult }) => void;
  /** The segments, each story segment with its event vector, before events join neighbours. */
  segments?: (corpus: SegmentedCorpus, features: FeatureBatch) => void;
  /** The runner event clustering will use: the observer may wrap it (and must pass every task on unchanged). */
  eventRunner?: (runner: EventRunner) => EventRunner;
}
