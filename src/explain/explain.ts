/**
 * `explain()`: why two documents of a corpus are or are not near-duplicates,
 * and why their story segments are or are not one event.
 *
 * The corpus is analysed by the pipeline itself (`analyzeForReport`, the
 * code of `analyze`), with an observer that keeps what the run measured
 * about the two documents before it is released: their MinHash signatures,
 * their segments, and the event clustering's candidate pairs, edges,
 * distance context and blocks. Every figure is then read from that run or
 * computed by the functions it called, on its data:
 * - near-duplicates: the pair judged by the stage's own `PairJudge`, the
 *   LSH bands by its `bandKey`; the exact Jaccard and containment from the
 *   two texts' shingle sets, whose MinHash signature is checked to equal the
 *   run's (the same set, counted instead of estimated);
 * - events: `distance()` and its terms on the run's context; the linkage
 *   height of a pair from average linkage over the run's block, checked to
 *   cut into the clusters the run found.
 * So the answer is the one `analyze` (and `storyline cluster`) gives.
 */
import { analyzeForReport } from '../analyze.js';
import { StorylineError } from '../errors.js';
import { DEFAULT_EVENT_CLUSTERING, type EventRunner } from '../events/cluster.js';
import { APART, contextOf, distance, sameDocumentPenaltyApplies, type DistanceContext, type SharedDistanceContext } from '../events/distance.js';
import type { Edges } from '../events/blocks.js';
import { averageLinkage, cutTree } from '../events/hclust.js';
import { ScaledItems, scaledWeight } from '../events/item-vectors.js';
import { leadNumbersDisagree } from '../events/lead-numbers.js';
import type { BlockTask } from '../events/tasks.js';
import type { CentroidJoin } from '../events/centroid-join.js';
import { DOC_EMPTY } from '../features/batch.js';
import { formatDay } from '../features/dates.js';
import { wordCappedCosine, type SparseVector } from '../features/tfidf.js';
import { WORD, termKind } from '../features/terms.js';
import { heaviest, type SharedTermIndex } from '../features/term-index.js';
import { CONTAINED, MIN_NAME_CONTAINMENT, MIN_NAMES, MIN_SHARE_OF_LARGER, NEAR, PairJudge, candidateThreshold } from '../neardup/groups.js';
import { NAME_SKETCH } from '../features/name-sketch.js';
import { bandKey } from '../neardup/lsh.js';
import { optimalLshParams } from '../neardup/params.js';
import { resolveOptions, type AnalyzeOptions } from '../options.js';
import type { SegmentedCorpus } from '../segments/corpus.js';
import type { Doc, Result } from '../types.js';
import { U32Table } from '../util/u32-table.js';
import { UnionFind } from '../util/union-find.js';
import { intersectionSize, textFeatures, type TextFeatures } from './text-features.js';
import type { PipelineWatch } from './watch.js';

/** One of the two documents. */
export interface ExplainedDocument {
  id: string;
  /** File path, or `file.jsonl:LINE`. */
  origin: string;
  title?: string;
  /** The publication date the input gave, `YYYY-MM-DD`. */
  date?: string;
  bundle: boolean;
  nearDuplicateOf: string | null;
  /** Its near-duplicate group (as in the result's `nearDuplicateGroups`), if any. */
  group: string | null;
  /** Its segments, as the result lists them. */
  segments: Array<{ index: number; start: number; end: number; kind: 'story' | 'boilerplate'; event: string | null }>;
}

export interface NearDuplicateExplanation {
  /** In one near-duplicate group of the result. */
  sameGroup: boolean;
  /** The group, when they are in one. */
  group: string | null;
  /** The result lists one as contained in the other. */
  contained: { inner: string; outer: string; containment: number } | null;
  /** The near-duplicate threshold (Jaccard, and containment of a copy). */
  threshold: number;
  /** A copy with extra furniture: the smaller text is at least this share of the larger. */
  minShareOfLarger: number;
  /** Exact, from the two texts: distinct shingles of each story, and those both hold. */
  shingles: { a: number; b: number; shared: number; size: number };
  /** Shingle occurrences of each story: the set sizes the engine's containment estimate uses. */
  occurrences: { a: number; b: number };
  /** Exact Jaccard of the two stories' shingle sets. */
  exactJaccard: number;
  /** Exact share of each story's shingles found in the other: a in b, b in a. */
  exactContainment: { aInB: number; bInA: number };
  /** MinHash estimate: equal values of the two signatures, of numPerm. */
  estimatedJaccard: number;
  equalValues: number;
  numPerm: number;
  /** The engine's estimate of the smaller story's share in the larger (from the estimated Jaccard and the occurrences). */
  estimatedContainment: { inner: string; outer: string; containment: number };
  /** What verifying this pair on the full signatures gives: `near-duplicates`, `contained` or `neither`; null when a document has no story signature (empty). */
  pairVerdict: 'near-duplicates' | 'contained' | 'neither' | null;
  lsh: { bands: number; rows: number; candidateThreshold: number; sharedBands: number[] };
  /** LSH proposed the pair (they share a band): it was a candidate. */
  candidate: boolean;
  /** When in one group without being a verified pair of it: the chain of verified pairs that joined them (ids). */
  chain: string[] | null;
  /** The signatures signed again from the texts equal the run's (so the exact sets are the ones the run estimated). */
  signaturesMatch: boolean;
  /**
   * Names (capitalised words inside sentences) of each story, and the share
   * of the smaller set found in the larger (estimated from the run's name
   * sketches; null when it was not needed: the pair is not alike in
   * wording, or a document has fewer than `minNames`). A pair alike in
   * wording whose share is below `minContainment` is two stories, not a copy.
   */
  names: { a: number; b: number; containment: number | null; minContainment: number; minNames: number };
  reason: string;
}

/** A part of a document that event clustering saw: a story segment before neighbours of one event were joined. */
export interface ExplainedPart {
  doc: string;
  /** The segment of the result it is (part of). */
  segment: number;
  start: number;
  end: number;
  /** The event it ended in (the result's). */
  event: string | null;
  /** Clustered itself (an item of event clustering); false for a copy's segment that took its original's event. */
  clustered: boolean;
  /** For a copy's segment: the segment of the group's representative whose event it took, and their cosine. */
  inheritedFrom?: { doc: string; segment: number; cosine: number };
  /** Its lead numbers (the numbers of its first 75 tokens but its year of publication), as written. */
  leadNumbers: string[];
  /** The day it reports on (input date, else a dateline), `YYYY-MM-DD`. */
  date: string | null;
  /** Its document's publication date (input only). */
  published: string | null;
}

export interface PartPairExplanation {
  a: number;
  b: number;
  /** Both ended in one event (the result's). */
  sameEvent: boolean;
  /** Both are one clustered item (a copy's segment that took the other's event). */
  sameItem: boolean;
  /** Proposed as a candidate pair: `terms` (shared heavy terms), `neighbours` (a shared nearest neighbour), or null: never compared. */
  candidate: 'terms' | 'neighbours' | null;
  /** The cosine clustering counts: the plain cosine, its words capped (`wordCap`). */
  cosine: number;
  /** The plain cosine of the two, the part its words give, the cap (`events.maxWordShare`), and whether it lowered the cosine. */
  wordCap: { plainCosine: number; words: number; maxWordShare: number; capped: boolean };
  /** Shared-nearest-neighbour similarity, 0..1, and its weight in the blend. */
  sharedNeighbours: number;
  sharedNeighbourWeight: number;
  /** (1 − w)·cosine + w·shared neighbours. */
  similarity: number;
  leadNumbers: { shared: string[]; disagree: boolean; penalty: number };
  /** Days between the days they report on, and between their publication dates (null: one unknown); maxDaysApart is null in JSON when Infinity (no limit). */
  dates: { daysApart: number | null; publishedDaysApart: number | null; maxDaysApart: number; dateTerm: number; tooFarApart: boolean };
  sameDocumentPenalty: number;
  /** The pair's distance, as clustering computes it (events/distance.ts). */
  distance: number;
  /** The event cut. */
  cut: number;
  /** An edge of the clustering graph: a candidate pair within the cut. */
  edge: boolean;
  /** Their block (connected component of the edges): `same`, `different`, or `sparse` (a block too large for a dense matrix, clustered on its graph). */
  block: 'same' | 'different' | 'sparse';
  blockSize: number | null;
  /** Height of the merge that first joins them in their block's average-linkage tree; null when not in one dense block. */
  linkageHeight: number | null;
  /** One cluster of the clustering (before segments were consolidated); null in a sparse block, whose clusters are not observed pair by pair. */
  clusteredTogether: boolean | null;
  /**
   * Their clusters were apart after the linkage and joined because events'
   * centroids were close (`events.centroidJoin`): the cosine of the join
   * that put them together, and the option's value; null otherwise.
   */
  centroidJoin: { cosine: number; minCosine: number } | null;
  /** The terms that weigh most in their cosine, heaviest first, with their share of it. */
  sharedTerms: Array<{ term: string; weight: number }>;
  /** The candidate search's indexed terms both hold (when not a candidate pair): the term and how many segments hold it. */
  sharedIndexedTerms?: Array<{ term: string; holders: number }>;
  reason: string;
}

export interface EventExplanation {
  /** Some story segment of each ended in one event. */
  sameEvent: boolean;
  cut: number;
  parts: ExplainedPart[];
  pairs: PartPairExplanation[];
  /** Candidate search limits, for the reasons. */
  candidateTerms: number;
  maxPosting: number;
}

export interface Explanation {
  a: ExplainedDocument;
  b: ExplainedDocument;
  nearDuplicates: NearDuplicateExplanation;
  events: EventExplanation;
  corpus: { documents: number; errors: number };
  options: { threshold: number; eventThreshold: number; maxDaysApart: number; shingleSize: number; numPerm: number };
}

interface PreSegment {
  start: number;
  end: number;
  boilerplate: boolean;
  vector: SparseVector;
  /** Where its vector is in the corpus's store. */
  offset: number;
}

interface Capture {
  a?: { d: number; text?: TextFeatures; origin: string };
  b?: { d: number; text?: TextFeatures; origin: string };
  near?: {
    signatures: Uint32Array;
    shingles: Uint32Array;
    flags: Uint8Array;
    nameSketch: Uint16Array;
    nameCount: Uint32Array;
    numPerm: number;
    representative: [number, number];
    representativeId: [string, string];
  };
  segments: Map<number, PreSegment[]>;
  context?: SharedDistanceContext;
  index?: SharedTermIndex;
  termPairs: Float64Array[];
  neighbourPairs: Float64Array[];
  edges: Edges[];
  blocks: Array<{ task: BlockTask; cluster: Int32Array }>;
  /** The clusters before the centroid joins, and the joins. */
  joins?: { before: Int32Array; joins: readonly CentroidJoin[] };
}

/**
 * Explains two documents of a corpus, by id.
 *
 * @param source as for `analyze`: a folder, a JSONL file (`.gz` too), `-`,
 *   one text file, or documents from code.
 * @param options as for `analyze` (the answer is the one `analyze` gives with them).
 * @throws StorylineError `UNKNOWN_ID` naming each id that is no document of
 *   the corpus; `INVALID_OPTION` for the same id twice or a bad option;
 *   `INVALID_SOURCE` as `analyze`.
 */
export async function explain(source: string | Iterable<Doc> | AsyncIterable<Doc>, idA: string, idB: string, options: AnalyzeOptions = {}): Promise<Explanation> {
  for (const [name, id] of [['idA', idA], ['idB', idB]] as const) {
    if (typeof id !== 'string' || id === '') throw new StorylineError('INVALID_OPTION', `explain: ${name} must be a document id (a non-empty string), got ${JSON.stringify(id) ?? String(id)}`);
  }
  if (idA === idB) throw new StorylineError('INVALID_OPTION', `explain needs two different documents; got ${JSON.stringify(idA)} twice`);
  const o = resolveOptions(options);
  const minhash = { numPerm: o.numPerm, shingleSize: o.shingleSize, seed: o.seed };
  const capture: Capture = { segments: new Map(), termPairs: [], neighbourPairs: [], edges: [], blocks: [] };

  const watch: PipelineWatch = {
    nearDuplicates: ({ docs, features, nearDup }) => {
      const at = new Map<string, number>();
      docs.forEach((doc, d) => {
        if (doc.id === idA || doc.id === idB) at.set(doc.id, d);
      });
      const missing = [idA, idB].filter((id) => !at.has(id));
      if (missing.length > 0) throw unknownIds(missing, docs);
      const [dA, dB] = [at.get(idA)!, at.get(idB)!];
      const k = features.numPerm;
      const signatures = new Uint32Array(2 * k);
      signatures.set(features.signatures.subarray(dA * k, dA * k + k), 0);
      signatures.set(features.signatures.subarray(dB * k, dB * k + k), k);
      const nameSketch = new Uint16Array(2 * NAME_SKETCH);
      nameSketch.set(features.nameSketch.subarray(dA * NAME_SKETCH, dA * NAME_SKETCH + NAME_SKETCH), 0);
      nameSketch.set(features.nameSketch.subarray(dB * NAME_SKETCH, dB * NAME_SKETCH + NAME_SKETCH), NAME_SKETCH);
      capture.a = { d: dA, origin: docs[dA].origin };
      capture.b = { d: dB, origin: docs[dB].origin };
      capture.near = {
        signatures,
        shingles: Uint32Array.of(features.shingles[dA], features.shingles[dB]),
        flags: Uint8Array.of(features.flags[dA], features.flags[dB]),
        nameSketch,
        nameCount: Uint32Array.of(features.nameCount[dA], features.nameCount[dB]),
        numPerm: k,
        representative: [nearDup.representative[dA], nearDup.representative[dB]],
        representativeId: [docs[nearDup.representative[dA]].id, docs[nearDup.representative[dB]].id],
      };
    },
    segments: (corpus: SegmentedCorpus) => {
      const { a, b, near } = capture;
      for (const d of new Set([a!.d, b!.d, ...near!.representative])) {
        capture.segments.set(
          d,
          corpus.segments[d].map((seg) => ({
            start: seg.start,
            end: seg.end,
            boilerplate: seg.boilerplate,
            vector: { ids: seg.vector.ids.slice(), weights: seg.vector.weights.slice() },
            offset: seg.vector.ids.length === 0 ? -1 : (seg.vector.ids.byteOffset - corpus.vectors.ids.byteOffset) / Uint32Array.BYTES_PER_ELEMENT,
          })),
        );
      }
    },
    eventRunner: (runner) => observedRunner(runner, capture),
  };

  // The two texts are read again from the source once the run is done (report/read-back.ts), as a report's are.
  const { result, texts } = await analyzeForReport(source, options, () => ({ texts: (doc) => doc.id === idA || doc.id === idB }), watch);
  const a = capture.a!;
  const b = capture.b!;
  a.text = textFeatures(texts.get(idA)!, minhash);
  b.text = textFeatures(texts.get(idB)!, minhash);

  const docA = explainedDocument(result, idA, a);
  const docB = explainedDocument(result, idB, b);
  const nearDuplicates = explainNearDuplicates(result, capture, idA, idB, o.threshold, o.shingleSize);
  const events = explainEvents(result, capture, idA, idB, o.eventThreshold);
  return {
    a: docA,
    b: docB,
    nearDuplicates,
    events,
    corpus: { documents: result.summary.documents, errors: result.summary.errors },
    options: {
      threshold: o.threshold,
      eventThreshold: o.eventThreshold,
      maxDaysApart: capture.context?.o.maxDaysApart ?? o.events.maxDaysApart ?? DEFAULT_EVENT_CLUSTERING.maxDaysApart,
      shingleSize: o.shingleSize,
      numPerm: o.numPerm,
    },
  };
}

function unknownIds(missing: string[], docs: ReadonlyArray<{ id: string }>): StorylineError {
  const hints = missing.map((id) => {
    const like = docs.filter((doc) => doc.id.startsWith(id)).slice(0, 3);
    return like.length > 0 ? ` (ids starting so: ${like.map((doc) => JSON.stringify(doc.id)).join(', ')})` : '';
  });
  const named = missing.map((id, x) => `${JSON.stringify(id)}${hints[x]}`).join(' and ');
  return new StorylineError('UNKNOWN_ID', `no document with id ${named} among the corpus's ${docs.length} documents`);
}

/** The runner the pipeline gave, passing every task on unchanged, keeping what the tasks carry and give back. */
function observedRunner(runner: EventRunner, capture: Capture): EventRunner {
  return {
    threads: runner.threads,
    pairs: async (task) => {
      capture.index ??= task.index;
      const pairs = await runner.pairs(task);
      capture.termPairs.push(pairs);
      return pairs;
    },
    similarities: (task) => runner.similarities(task),
    edges: async (task) => {
      capture.context ??= task.context;
      // Term pairs come with their cosines; pairs through shared neighbours without.
      const lists = task.similarity === undefined ? capture.neighbourPairs : capture.termPairs;
      if (!lists.includes(task.pairs)) lists.push(task.pairs);
      const edges = await runner.edges(task);
      capture.edges.push(edges);
      return edges;
    },
    blocks: async (task) => {
      capture.context ??= task.context;
      const result = await runner.blocks(task);
      capture.blocks.push({ task, cluster: result.cluster });
      return result;
    },
    centroidsJoined: (before, joins) => {
      capture.joins = { before, joins };
      runner.centroidsJoined?.(before, joins);
    },
  };
}

function explainedDocument(result: Result, id: string, seen: NonNullable<Capture['a']>): ExplainedDocument {
  const doc = result.documents.find((x) => x.id === id)!;
  const group = result.nearDuplicateGroups.find((g) => g.members.includes(id));
  return {
    id,
    origin: seen.origin,
    ...(doc.title !== undefined && doc.title !== '' ? { title: doc.title } : {}),
    ...(doc.date !== undefined ? { date: doc.date } : {}),
    bundle: doc.bundle,
    nearDuplicateOf: doc.nearDuplicateOf,
    group: group?.id ?? null,
    segments: doc.segments.map((s, index) => ({ index, start: s.start, end: s.end, kind: s.kind, event: s.event })),
  };
}

// ---------------------------------------------------------------- near-duplicates

function explainNearDuplicates(result: Result, capture: Capture, idA: string, idB: string, threshold: number, shingleSize: number): NearDuplicateExplanation {
  const near = capture.near!;
  const ta = capture.a!.text!;
  const tb = capture.b!.text!;
  const k = near.numPerm;
  const signaturesMatch = sameValues(ta.signature, near.signatures.subarray(0, k)) && sameValues(tb.signature, near.signatures.subarray(k));
  const shared = intersectionSize(ta.shingles, tb.shingles);
  const union = ta.shingles.size + tb.shingles.size - shared;
  const exactJaccard = union === 0 ? 0 : shared / union;

  // The pair verified as the stage verifies its candidates, on the run's signatures.
  const judge = new PairJudge({ count: 2, numPerm: k, flags: near.flags, shingles: near.shingles, signatures: near.signatures, nameSketch: near.nameSketch, nameCount: near.nameCount }, threshold);
  const hasSignature = (x: number) => (near.flags[x] & DOC_EMPTY) === 0 && near.shingles[x] > 0;
  const verdict = judge.judge(0, 1);
  const pairVerdict = !hasSignature(0) || !hasSignature(1) ? null : verdict === NEAR ? 'near-duplicates' : verdict === CONTAINED ? 'contained' : 'neither';
  const equalValues = Math.round(judge.jaccard * k);
  const params = optimalLshParams(candidateThreshold(threshold), k);
  const sharedBands: number[] = [];
  if (pairVerdict !== null) {
    for (let band = 0; band < params.bands; band++) if (bandKey(near.signatures, 0, band, params.rows) === bandKey(near.signatures, k, band, params.rows)) sharedBands.push(band);
  }
  const group = result.nearDuplicateGroups.find((g) => g.members.includes(idA) && g.members.includes(idB)) ?? null;
  const listed = result.containments.find((c) => (c.inner === idA && c.outer === idB) || (c.inner === idB && c.outer === idA)) ?? null;
  const direct = group?.pairs.some((p) => (p.a === idA && p.b === idB) || (p.a === idB && p.b === idA)) ?? false;
  const chain = group && !direct ? chainThrough(group.pairs, idA, idB) : null;
  const [small, large] = judge.small === 0 ? [idA, idB] : [idB, idA];
  const explanation: NearDuplicateExplanation = {
    sameGroup: group !== null,
    group: group?.id ?? null,
    contained: listed,
    threshold,
    minShareOfLarger: MIN_SHARE_OF_LARGER,
    shingles: { a: ta.shingles.size, b: tb.shingles.size, shared, size: shingleSize },
    occurrences: { a: near.shingles[0], b: near.shingles[1] },
    exactJaccard,
    exactContainment: { aInB: ta.shingles.size === 0 ? 0 : shared / ta.shingles.size, bInA: tb.shingles.size === 0 ? 0 : shared / tb.shingles.size },
    estimatedJaccard: judge.jaccard,
    equalValues,
    numPerm: k,
    estimatedContainment: { inner: small, outer: large, containment: judge.containment },
    pairVerdict,
    lsh: { bands: params.bands, rows: params.rows, candidateThreshold: candidateThreshold(threshold), sharedBands },
    candidate: sharedBands.length > 0,
    chain,
    signaturesMatch,
    names: { a: near.nameCount[0], b: near.nameCount[1], containment: Number.isNaN(judge.names) ? null : judge.names, minContainment: MIN_NAME_CONTAINMENT, minNames: MIN_NAMES },
    reason: '',
  };
  explanation.reason = nearDuplicateReason(explanation, idA, idB, near.shingles[judge.small] / near.shingles[judge.large]);
  return explanation;
}

function sameValues(x: Uint32Array, y: Uint32Array): boolean {
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/** The ids on a path of verified pairs from a to b (breadth first). */
function chainThrough(pairs: ReadonlyArray<{ a: string; b: string }>, from: string, to: string): string[] | null {
  const previous = new Map<string, string>([[from, from]]);
  const queue = [from];
  while (queue.length > 0) {
    const x = queue.shift()!;
    if (x === to) break;
    for (const p of pairs) {
      const y = p.a === x ? p.b : p.b === x ? p.a : undefined;
      if (y !== undefined && !previous.has(y)) {
        previous.set(y, x);
        queue.push(y);
      }
    }
  }
  if (!previous.has(to)) return null;
  const path = [to];
  while (path[0] !== from) path.unshift(previous.get(path[0])!);
  return path;
}

const fixed = (x: number, digits = 3) => x.toFixed(digits);

function nearDuplicateReason(e: NearDuplicateExplanation, idA: string, idB: string, share: number): string {
  const est = `estimated Jaccard ${fixed(e.estimatedJaccard)}`;
  const t = fixed(e.threshold, 2);
  if (e.pairVerdict === null) return 'never compared: a document without words has no signature, and takes part in no near-duplicate pair';
  if (e.sameGroup) {
    if (e.chain !== null && !(e.candidate && e.pairVerdict === 'near-duplicates')) return `one near-duplicate group (${e.group}) through ${e.chain.join(' ~ ')}: each link a verified pair, groups are transitive`;
    if (e.estimatedJaccard >= e.threshold) return `near-duplicates: ${est} ≥ threshold ${t}`;
    return `near-duplicates: a copy with extra furniture, estimated containment ${fixed(e.estimatedContainment.containment)} ≥ ${t} and the smaller is ${fixed(share, 2)} of the larger (≥ ${e.minShareOfLarger})`;
  }
  if (e.contained !== null) {
    return `not near-duplicates, but ${e.contained.inner} is contained in ${e.contained.outer}: estimated containment ${fixed(e.contained.containment)} ≥ ${t}, in a page that holds much else (it is ${fixed(share, 2)} of its size, < ${e.minShareOfLarger})`;
  }
  if (!e.candidate) {
    return `never compared: their signatures share none of the ${e.lsh.bands} LSH bands (${e.lsh.rows} values each), so LSH never proposed the pair (${est}; pairs are proposed from Jaccard ≈ ${fixed(e.lsh.candidateThreshold, 2)})`;
  }
  if (e.pairVerdict === 'neither' && e.names.containment !== null && e.names.containment < e.names.minContainment) {
    return `compared (LSH candidate) and rejected: alike in wording (${est}), but not in names: ${fixed(e.names.containment)} of the smaller name set is in the larger, < ${fixed(e.names.minContainment, 2)} (a copy keeps its names; two stories written from one formula do not)`;
  }
  if (e.pairVerdict === 'neither') {
    return `compared (LSH candidate) and rejected: ${est} < ${t}, estimated containment of ${e.estimatedContainment.inner} in ${e.estimatedContainment.outer} ${fixed(e.estimatedContainment.containment)} < ${t}`;
  }
  // A verified verdict the result does not show: a candidate met only in an LSH bucket of more than 64 documents, where pairs are verified within a bound.
  return `the pair verifies as ${e.pairVerdict} (${est}), but the run never verified it: the bands they share fell in LSH buckets of more than 64 documents, where pairs are verified within a bound (docs/neardup-scale.md)`;
}

// ---------------------------------------------------------------- events

interface Part extends ExplainedPart {
  /** Item of event clustering it is (or, for a copy's segment, whose event it took); -1 if none. */
  item: number;
  docIndex: number;
}

function explainEvents(result: Result, capture: Capture, idA: string, idB: string, cut: number): EventExplanation {
  const shared = capture.context;
  const empty = { sameEvent: false, cut, parts: [], pairs: [], candidateTerms: 0, maxPosting: 0 };
  const finalA = result.documents.find((x) => x.id === idA)!;
  const finalB = result.documents.find((x) => x.id === idB)!;
  const eventsA = new Set(finalA.segments.map((s) => s.event).filter((x) => x !== null));
  const sameEvent = finalB.segments.some((s) => s.event !== null && eventsA.has(s.event));
  if (shared === undefined) return { ...empty, sameEvent };
  const c = contextOf(shared);
  const nameOf = termNamer(capture);
  const maxWordShare = c.o.maxWordShare;

  const parts: Part[] = [];
  for (const [seen, final, id] of [[capture.a!, finalA, idA], [capture.b!, finalB, idB]] as const) {
    const d = seen.d;
    const segments = capture.segments.get(d)!;
    const used = new Set<number>();
    segments.forEach((seg) => {
      if (seg.boilerplate) return;
      const segment = final.segments.findIndex((s) => s.start <= seg.start && seg.end <= s.end);
      let item = itemOf(c, d, seg, used);
      let inheritedFrom: ExplainedPart['inheritedFrom'];
      const which = d === capture.a!.d ? 0 : 1;
      const rep = capture.near!.representative[which];
      if (item < 0 && rep !== d) {
        // A copy's segment takes the event of its original's most similar story segment (events/assign.ts).
        const repSegments = capture.segments.get(rep)!;
        let best = -1;
        let bestCos = -1;
        repSegments.forEach((r, x) => {
          if (r.boilerplate) return;
          const cos = wordCappedCosine(seg.vector, r.vector, maxWordShare);
          if (cos > bestCos) {
            bestCos = cos;
            best = x;
          }
        });
        if (best >= 0) {
          item = itemOf(c, rep, repSegments[best], new Set());
          const repId = capture.near!.representativeId[which];
          const repFinal = result.documents.find((x) => x.id === repId)!;
          const repSegment = repFinal.segments.findIndex((s) => s.start <= repSegments[best].start && repSegments[best].end <= s.end);
          inheritedFrom = { doc: repId, segment: repSegment, cosine: bestCos };
        }
      }
      const leads = item >= 0 ? leadNumbersOf(c, item, nameOf) : [];
      parts.push({
        doc: id,
        docIndex: d,
        segment,
        start: seg.start,
        end: seg.end,
        event: segment >= 0 ? final.segments[segment].event : null,
        clustered: inheritedFrom === undefined && item >= 0,
        ...(inheritedFrom ? { inheritedFrom } : {}),
        leadNumbers: leads,
        date: item >= 0 && !Number.isNaN(c.items.date[item]) ? formatDay(c.items.date[item]) : null,
        published: item >= 0 && !Number.isNaN(c.items.published[item]) ? formatDay(c.items.published[item]) : null,
        item,
      });
    });
  }

  const pairs: PartPairExplanation[] = [];
  parts.forEach((pa, x) => {
    if (pa.doc !== idA) return;
    parts.forEach((pb, y) => {
      if (pb.doc !== idB) return;
      pairs.push(explainPair(c, capture, parts, x, y, cut, nameOf));
    });
  });
  return {
    sameEvent,
    cut,
    parts: parts.map(({ item: _item, docIndex: _docIndex, ...part }) => part),
    pairs,
    candidateTerms: c.o.candidateTerms,
    maxPosting: c.o.maxPosting,
  };
}

/** The item of event clustering whose vector is this segment's (the items view the corpus's vectors where they are). */
function itemOf(c: DistanceContext, doc: number, seg: PreSegment, used: Set<number>): number {
  const { start, end, count } = c.items.vectors;
  const length = seg.vector.ids.length;
  for (let i = 0; i < count; i++) {
    if (c.items.doc[i] !== doc || used.has(i) || end[i] - start[i] !== length) continue;
    if (length > 0 && start[i] !== seg.offset) continue;
    used.add(i);
    return i;
  }
  return -1;
}

function termNamer(capture: Capture): (id: number) => string {
  const a = capture.a!.text!.surfaces;
  const b = capture.b!.text!.surfaces;
  return (id) => a.get(id) ?? b.get(id) ?? `#${(id >>> 0).toString(16)}`;
}

function leadNumbersOf(c: DistanceContext, item: number, nameOf: (id: number) => string): string[] {
  const { start, ids } = c.items.leads;
  return Array.from(ids.subarray(start[item], start[item + 1]), nameOf);
}

/** A sorted list of pair keys holds `key`. */
function holds(keys: Float64Array, key: number): boolean {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid] === key) return true;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

function explainPair(c: DistanceContext, capture: Capture, parts: Part[], x: number, y: number, cut: number, nameOf: (id: number) => string): PartPairExplanation {
  const pa = parts[x];
  const pb = parts[y];
  const sameEvent = pa.event !== null && pa.event === pb.event;
  const base = { a: x, b: y, sameEvent, cut };
  const noFigures = {
    candidate: null,
    cosine: 0,
    wordCap: { plainCosine: 0, words: 0, maxWordShare: c.o.maxWordShare, capped: false },
    sharedNeighbours: 0,
    sharedNeighbourWeight: c.o.sharedNeighbourWeight,
    similarity: 0,
    leadNumbers: { shared: [], disagree: false, penalty: 0 },
    dates: { daysApart: null, publishedDaysApart: null, maxDaysApart: c.o.maxDaysApart, dateTerm: 0, tooFarApart: false },
    sameDocumentPenalty: 0,
    distance: 0,
    edge: false,
    block: 'same' as const,
    blockSize: null,
    linkageHeight: null,
    clusteredTogether: true,
    centroidJoin: null,
    sharedTerms: [],
  };
  if (pa.item < 0 || pb.item < 0) {
    return { ...base, ...noFigures, sameItem: false, block: 'different', clusteredTogether: false, reason: 'a part was not clustered (no event vector): nothing to compare' };
  }
  if (pa.item === pb.item) {
    const copy = pa.inheritedFrom ? pa : pb;
    const from = copy.inheritedFrom!;
    return {
      ...base,
      ...noFigures,
      sameItem: true,
      reason: `${copy.doc}#${copy.segment} is not clustered itself: of a near-duplicate group only the representative (the fullest copy, ${from.doc}) is clustered, and this segment took the event of ${from.doc}#${from.segment} (cosine ${fixed(from.cosine)} ≥ 0.5)`,
    };
  }
  const m = c.items.vectors.count;
  const [i, j] = pa.item < pb.item ? [pa.item, pb.item] : [pb.item, pa.item];
  const key = i * m + j;
  const candidate = capture.termPairs.some((list) => holds(list, key)) ? 'terms' : capture.neighbourPairs.some((list) => holds(list, key)) ? 'neighbours' : null;
  const cos = c.dots.dot(i, j);
  const products = sharedProducts(c, i, j);
  const plainCosine = products.reduce((sum, p) => sum + p.weight, 0);
  const words = products.reduce((sum, p) => sum + (termKind(p.id) === WORD ? p.weight : 0), 0);
  const w = c.o.sharedNeighbourWeight;
  const snn = c.near.shared(i, j);
  const similarity = w > 0 ? (1 - w) * cos + w * snn : cos;
  const { leads } = c.items;
  const leadA = new Set(leads.ids.subarray(leads.start[i], leads.start[i + 1]));
  const sharedLeads = Array.from(leads.ids.subarray(leads.start[j], leads.start[j + 1])).filter((id) => leadA.has(id)).map(nameOf);
  const disagree = c.o.leadNumberPenalty > 0 && leadNumbersDisagree(leads, i, j);
  const dayA = c.items.date[i];
  const dayB = c.items.date[j];
  const daysApart = Number.isNaN(dayA) || Number.isNaN(dayB) ? null : Math.abs(dayA - dayB);
  const pubApart = Math.abs(c.items.published[i] - c.items.published[j]);
  const tooFarApart = pubApart > c.o.maxDaysApart;
  const dateTerm = daysApart === null ? 0 : c.o.dateWeight * Math.min(1, daysApart / c.o.dateScaleDays);
  const sameDoc = c.items.doc[i] === c.items.doc[j] && sameDocumentPenaltyApplies(c.items, i) && sameDocumentPenaltyApplies(c.items, j);
  const dist = distance(c, i, j);
  const edge = capture.edges.some((e) => {
    for (let k = 0; k < e.d.length; k++) if (e.i[k] === i && e.j[k] === j) return true;
    return false;
  });
  const linkage = blockLinkage(c, capture, i, j, cut);
  const explained: PartPairExplanation = {
    ...base,
    sameItem: false,
    candidate,
    cosine: cos,
    wordCap: { plainCosine, words, maxWordShare: c.o.maxWordShare, capped: cos < plainCosine - 1e-12 },
    sharedNeighbours: snn,
    sharedNeighbourWeight: w,
    similarity,
    leadNumbers: { shared: sharedLeads, disagree, penalty: disagree ? c.o.leadNumberPenalty : 0 },
    dates: { daysApart, publishedDaysApart: Number.isNaN(pubApart) ? null : pubApart, maxDaysApart: c.o.maxDaysApart, dateTerm, tooFarApart },
    sameDocumentPenalty: sameDoc ? 1 : 0,
    distance: dist,
    edge,
    ...linkage,
    centroidJoin: centroidJoinOf(capture, i, j, c.o.centroidJoin),
    sharedTerms: heaviestShared(c, i, j, nameOf),
    reason: '',
  };
  if (candidate === null) explained.sharedIndexedTerms = sharedIndexedTerms(c, capture, i, j, nameOf);
  explained.reason = pairReason(explained, pa, pb);
  // A copy's segment is compared through the representative's segment whose event it took.
  for (const p of [pa, pb]) {
    if (p.inheritedFrom) explained.reason = `${p.doc}#${p.segment} takes the event of ${p.inheritedFrom.doc}#${p.inheritedFrom.segment} (near-duplicate representative, cosine ${fixed(p.inheritedFrom.cosine)}), whose figures these are; ${explained.reason}`;
  }
  return explained;
}

/** The centroid join that put the clusters of items i and j together, if they were apart before the joins. */
function centroidJoinOf(capture: Capture, i: number, j: number, minCosine: number): PartPairExplanation['centroidJoin'] {
  if (capture.joins === undefined) return null;
  const { before, joins } = capture.joins;
  if (before[i] === before[j]) return null;
  // The joins in the order they were made, over the clusters before them, until one holds both.
  const clusters = new UnionFind(before.length);
  for (const { a, b, cosine } of joins) {
    clusters.union(before[a], before[b]);
    if (clusters.find(before[i]) === clusters.find(before[j])) return { cosine, minCosine };
  }
  return null;
}

/** Where items i and j are in the blocks of the run, and the height at which average linkage over their block first joins them. */
function blockLinkage(c: DistanceContext, capture: Capture, i: number, j: number, cut: number): Pick<PartPairExplanation, 'block' | 'blockSize' | 'linkageHeight' | 'clusteredTogether'> {
  const find = (item: number) => {
    for (const run of capture.blocks) {
      const { blockStart, blockItems } = run.task;
      const at = blockItems.indexOf(item);
      if (at < 0) continue;
      let k = 0;
      while (blockStart[k + 1] <= at) k++;
      return { run, k, at };
    }
    return undefined;
  };
  const fi = find(i);
  const fj = find(j);
  // Items in no dense block were clustered on a sparse graph (a block larger than maxBlock). Blocks are the edges' components.
  if (fi === undefined || fj === undefined) {
    const components = new UnionFind(c.items.vectors.count);
    for (const e of capture.edges) for (let k = 0; k < e.d.length; k++) components.union(e.i[k], e.j[k]);
    const together = fi === undefined && fj === undefined && components.find(i) === components.find(j);
    return { block: together ? 'sparse' : 'different', blockSize: null, linkageHeight: null, clusteredTogether: null };
  }
  if (fi.run !== fj.run || fi.k !== fj.k) return { block: 'different', blockSize: null, linkageHeight: null, clusteredTogether: false };
  const { blockStart, blockItems } = fi.run.task;
  const block = blockItems.subarray(blockStart[fi.k], blockStart[fi.k + 1]);
  const labels = fi.run.cluster.subarray(blockStart[fi.k], blockStart[fi.k + 1]);
  const n = block.length;
  // The block's tree, from the distances the run's block task computed (events/tasks.ts, blockRun).
  const condensed = new Float64Array((n * (n - 1)) / 2);
  let at = 0;
  for (let x = 0; x < n; x++) for (let y = x + 1; y < n; y++) condensed[at++] = distance(c, block[x], block[y]);
  const tree = averageLinkage(n, condensed);
  const cutLabels = cutTree(tree, cut);
  for (let x = 0; x < n; x++) {
    for (let y = x + 1; y < n; y++) {
      if ((cutLabels[x] === cutLabels[y]) !== (labels[x] === labels[y])) throw new Error('explain: the block tree does not cut into the clusters the run found');
    }
  }
  const x = fi.at - blockStart[fi.k];
  const y = fj.at - blockStart[fj.k];
  // Follow the merges until one holds both.
  const members: number[][] = [];
  const clusterOf = new Int32Array(n).map((_, p) => p);
  let height: number | null = null;
  for (let k = 0; k < tree.height.length; k++) {
    const left = tree.left[k];
    const right = tree.right[k];
    members[k] = [...(left < n ? [left] : members[left - n]), ...(right < n ? [right] : members[right - n])];
    for (const p of members[k]) clusterOf[p] = n + k;
    if (clusterOf[x] === clusterOf[y]) {
      height = tree.height[k];
      break;
    }
  }
  return { block: 'same', blockSize: n, linkageHeight: height, clusteredTogether: labels[x] === labels[y] };
}

/** The terms that weigh most in the cosine of items i and j (their products of scaled weights), heaviest first. */
function heaviestShared(c: DistanceContext, i: number, j: number, nameOf: (id: number) => string): Array<{ term: string; weight: number }> {
  const out = sharedProducts(c, i, j);
  out.sort((u, v) => v.weight - u.weight || u.id - v.id);
  return out.slice(0, SHARED_TERMS).map(({ id, weight }) => ({ term: nameOf(id), weight }));
}

/** The products of scaled weights of the terms items i and j share, in id order (their sum is the plain cosine). */
function sharedProducts(c: DistanceContext, i: number, j: number): Array<{ id: number; weight: number }> {
  const { vectors, kindScale } = c.items;
  const out: Array<{ id: number; weight: number }> = [];
  let p = vectors.start[i];
  let q = vectors.start[j];
  while (p < vectors.end[i] && q < vectors.end[j]) {
    const a = vectors.ids[p];
    const b = vectors.ids[q];
    if (a === b) {
      out.push({ id: a, weight: scaledWeight(vectors, kindScale, i, p) * scaledWeight(vectors, kindScale, j, q) });
      p++;
      q++;
    } else if (a < b) p++;
    else q++;
  }
  return out;
}

const SHARED_TERMS = 8;

/** Terms both items were indexed by in the candidate search (their heaviest `candidateTerms`), with their posting list sizes. */
function sharedIndexedTerms(c: DistanceContext, capture: Capture, i: number, j: number, nameOf: (id: number) => string): Array<{ term: string; holders: number }> {
  const scaled = new ScaledItems(c.items.vectors, c.items.kindScale);
  const indexed = (item: number) => {
    const v = scaled.vector(item);
    return new Set(heaviest(v, c.o.candidateTerms).map((k) => v.ids[k]));
  };
  const ti = indexed(i);
  const tj = indexed(j);
  const index = capture.index;
  const lists = index ? U32Table.over(index.lists) : undefined;
  const out: Array<{ term: string; holders: number }> = [];
  for (const id of ti) {
    if (!tj.has(id)) continue;
    const l = lists?.get(id, -1) ?? -1;
    out.push({ term: nameOf(id), holders: l < 0 || !index ? 0 : index.listStart[l + 1] - index.listStart[l] });
  }
  return out;
}

function pairReason(e: PartPairExplanation, pa: ExplainedPart, pb: ExplainedPart): string {
  const cut = fixed(e.cut);
  const d = fixed(e.distance);
  let why: string;
  if (e.dates.tooFarApart) {
    why = `published ${e.dates.publishedDaysApart} days apart, more than max-days-apart ${e.dates.maxDaysApart}: never one event (distance ${fixed(APART, 0)}, beyond any cut)`;
  } else if (e.candidate === null) {
    const shared = e.sharedIndexedTerms ?? [];
    const detail =
      shared.length === 0
        ? 'they share none of the heaviest terms each segment is indexed by, and no nearest neighbour'
        : `they share indexed terms (${shared.map((t) => t.term).join(', ')}), but neither was among the other's best candidates and no nearest neighbour links them`;
    why = `never compared: not a candidate pair (${detail}); their distance would be ${d}${e.distance > e.cut ? ` > cut ${cut}` : ''}`;
  } else if (e.block === 'sparse') {
    why = `distance ${d}; in one block too large for a dense matrix (over events.maxBlock segments), clustered on its sparse graph, which keeps no linkage height per pair; they ended in ${e.sameEvent ? 'one event' : 'different events'}`;
  } else if (e.block === 'different') {
    why = `distance ${d} ${e.distance > e.cut ? `> cut ${cut}` : `≤ cut ${cut}`}, and no chain of pairs within the cut links them: different blocks, so average linkage never joins them below the cut`;
  } else if (e.clusteredTogether) {
    why = `one cluster: in their block of ${e.blockSize}, average linkage joins them at height ${fixed(e.linkageHeight ?? NaN)} ≤ cut ${cut} (their own distance ${d})`;
  } else {
    why = `two clusters: in their block of ${e.blockSize}, average linkage joins them only at height ${fixed(e.linkageHeight ?? NaN)} > cut ${cut} (their own distance ${d})`;
  }
  const clusteredSame = e.clusteredTogether;
  if (e.centroidJoin !== null) {
    why += `; after the linkage their clusters were joined, as events whose centroids are close: cosine ${fixed(e.centroidJoin.cosine)} ≥ events.centroidJoin ${e.centroidJoin.minCosine}`;
    if (!e.sameEvent) why += `, though segments were consolidated after clustering (${pa.event}, ${pb.event})`;
  } else if (clusteredSame !== null && clusteredSame !== e.sameEvent && !e.sameItem) {
    why += e.sameEvent
      ? `; they still ended in one event (${pa.event}): after clustering, parts were folded into the story they belong to (background of the story before them, or a facet of a story told by very many reports)`
      : `; they still ended in different events (${pa.event}, ${pb.event}): segments were consolidated after clustering`;
  }
  return why;
}
