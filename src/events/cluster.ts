/**
 * Event clustering: average-linkage agglomerative clustering of story
 * segments on the distance
 *
 *   d(i, j) = 1 − [(1 − w)·cos(v_i, v_j) + w·shared(i, j)]
 *             + dateWeight · min(1, |day_i − day_j| / dateScaleDays)
 *             + leadNumberPenalty · [both leads give numbers, and share none]
 *
 * where cos counts the vectors' shared words up to `maxWordShare` of it when
 * both segments hold names (`wordCapped`), `shared` is shared-nearest-neighbour
 * similarity (events/neighbours.ts), the date term counts only when both dates
 * are known, and a lead is the
 * first tokens of a segment (events/lead-numbers.ts); cut at `threshold`.
 * Two reports published more than `maxDaysApart` days apart (dates the input
 * gave, not dates read in the text) are never one event.
 *
 * Never quadratic in the corpus. An average-linkage cluster cut at t always
 * lies inside one connected component of the graph whose edges are the
 * pairs with d ≤ t (a cluster's average distance can only be ≤ t if some
 * pair in it is). So we
 * 1. find candidate pairs through an inverted index over each segment's
 *    heaviest terms, skipping terms so common they join everything
 *    (posting lists over `maxPosting`): pairs with high cosine share heavy
 *    rare terms. Each segment's nearest neighbours are taken among these,
 *    and pairs that share a neighbour are added;
 * 2. keep candidate pairs with d ≤ t and take connected components;
 * 3. cluster each component by average linkage: up to `maxBlock` items
 *    exactly, with the NN-chain algorithm (events/hclust.ts) on its dense
 *    distance matrix; a larger one (one story told by thousands) on its
 *    sparse graph, the graph proposing which clusters to compare and summed
 *    per-cluster vectors and counts giving their exact average distance
 *    (events/graph-linkage.ts);
 * 4. join events whose centroids are close (events/centroid-join.ts): the
 *    spread inside two clusters of one story lowers their mean distance,
 *    not the direction of their summed vectors.
 */
import type { EventClusteringStats } from '../types.js';
import { TermIndex, type VectorSource } from '../features/term-index.js';
import { UnionFind } from '../util/union-find.js';
import { components, edgesOfBlocks, type Edges } from './blocks.js';
import { graphLinkage, type EdgeHolder } from './graph-linkage.js';
import { joinCloseCentroids, type CentroidJoin } from './centroid-join.js';
import { NearestNeighbours } from './neighbours.js';
import { differenceSorted, mergeSorted } from '../util/sorted-keys.js';
import { GrowableArray } from '../util/growable.js';
import { dotProducts } from './hashed-dot.js';
import { ScaledItems, denseScaledCopy, shareDense } from './item-vectors.js';
import { shareContext, type DistanceContext, type EventItems } from './distance.js';
import { blockRun, edgeRun, pairsRun, similarityRun, type BlockResult, type BlockTask, type EdgeTask, type PairsTask, type SimilarityTask } from './tasks.js';
import { sharedArray } from '../util/typed-array.js';
import { traceMemory } from '../util/trace.js';

export interface EventClusterOptions {
  /**
   * Cut height of the average-linkage tree, in the distance `distance()`
   * computes (events/distance.ts: cosine blended with shared neighbours,
   * plus the lead-number and date penalties): lower makes tighter events.
   * @defaultValue 0.875
   */
  threshold?: number;
  /**
   * Distance added for reports a `dateScaleDays` or more apart. 0 by
   * default: dates found in text (the first full date of a segment) are
   * often of something else (a past event, an update stamp), and on ECB+
   * any weight lowered B-cubed F1 (train: 0 → 0.912, 0.15 → 0.907,
   * 0.3 → 0.896). @defaultValue 0
   */
  dateWeight?: number;
  /** @defaultValue 30 */
  dateScaleDays?: number;
  /**
   * Reports whose publication dates (from the input's `date`, never from
   * the text) lie more than this many days apart are not one event. An
   * archive of years holds the same kind of story about the same people
   * many times ("Lavrov meets ..."): on the bench archive (500 documents a
   * day, events reported over three days) at a million documents, without
   * it, B-cubed precision fell to 0.82. Documents without a date are not
   * held apart. `Infinity` turns it off. @defaultValue 30
   */
  maxDaysApart?: number;
  /** Heaviest terms per segment used to find candidate pairs. @defaultValue 16 */
  candidateTerms?: number;
  /** Terms held by more segments than this do not propose pairs. @defaultValue 1000 */
  maxPosting?: number;
  /** Largest block clustered on its dense distance matrix; larger ones are clustered on their sparse graph. @defaultValue 3000 */
  maxBlock?: number;
  /** Share of names and numbers together in the event vectors (see `kindShareScale`); words get the rest. @defaultValue 0.7 */
  entityShare?: number;
  /** Of `entityShare`, the share of numbers; names get the rest. @defaultValue 0.2 */
  numberShare?: number;
  /**
   * Distinct numbers a segment needs for numbers to get their whole
   * `numberShare`; with fewer they get that part of it (one of three: a
   * third), and words and names the rest. 0: any number gets it all.
   * @defaultValue 3
   */
  numberShareTerms?: number;
  /** Nearest neighbours kept per segment for shared-neighbour similarity. @defaultValue 5 */
  neighbours?: number;
  /**
   * Weight of shared-neighbour similarity against cosine:
   * `sim = (1 − w)·cos + w·shared`. 0 turns it off. @defaultValue 0.5
   */
  sharedNeighbourWeight?: number;
  /**
   * Distance added when both segments' leads (their first 75 tokens) give
   * numbers and share none: two events of one kind, told in the same words
   * and names, mostly differ there (a toll, a magnitude, a date, a year).
   * 0 turns it off. @defaultValue 0.15
   */
  leadNumberPenalty?: number;
  /**
   * The most of a pair's cosine its words (not names, not numbers) may
   * carry when both segments hold names: beyond it the words count only up
   * to this share, so the cosine is at most what names and numbers give
   * divided by (1 − maxWordShare). Two reports alike in their words but not
   * their names (one wire formula about two companies) are not one event.
   * Segments without names (a script without capitals) are not capped. It
   * also caps the cosine by which a copy takes its original's event. On the
   * sparse graph it is taken on two clusters' mean cosines. 1 turns it off.
   * @defaultValue 0.35
   */
  maxWordShare?: number;
  /**
   * After the linkage, two events whose centroids (summed vectors) have at
   * least this word-capped cosine are joined, highest first, within
   * `maxDaysApart` (events/centroid-join.ts): the briefs of a story and its
   * full reports, whose mean pairwise cosine the spread inside each lowers.
   * 0 turns it off. @defaultValue 0.7
   */
  centroidJoin?: number;
}

export const DEFAULT_EVENT_CLUSTERING: Required<EventClusterOptions> = {
  threshold: 0.875,
  dateWeight: 0,
  dateScaleDays: 30,
  maxDaysApart: 30,
  candidateTerms: 16,
  maxPosting: 1000,
  maxBlock: 3000,
  entityShare: 0.7,
  numberShare: 0.2,
  numberShareTerms: 3,
  neighbours: 5,
  sharedNeighbourWeight: 0.5,
  leadNumberPenalty: 0.15,
  maxWordShare: 0.35,
  centroidJoin: 0.7,
};

/**
 * Segments less similar than this are nobody's neighbours: in a small corpus
 * (the five sample articles) every segment would otherwise be every other's
 * neighbour, and shared neighbours would join them all.
 */
const MIN_NEIGHBOUR_SIMILARITY = 0.2;


/** A segment that is a neighbour of more than this many others proposes no pairs through them. */
const MAX_REVERSE_NEIGHBOURS = 64;

export interface EventClustering {
  /** Event label per item, 0..k-1 in order of each event's first item. */
  labels: Int32Array;
  /**
   * The merges within the cut, as triples (item, item, height): an item of
   * each of the two clusters joined and their average-linkage distance. A
   * block's merges are in its merge order; blocks in no particular order.
   */
  merges: Float64Array;
  stats: EventClusteringStats;
}

/** Where the heavy loops of clustering run (events/tasks.ts): the worker pool's threads, or this one (`IN_THIS_THREAD`). */
export interface EventRunner {
  pairs(task: PairsTask): Promise<Float64Array>;
  similarities(task: SimilarityTask): Promise<void>;
  edges(task: EdgeTask): Promise<Edges>;
  blocks(task: BlockTask): Promise<BlockResult>;
  /** Threads the tasks are spread over. */
  threads: number;
  /** Told of the centroid joins, with the clusters' labels before them (the explanation of a pair reads them). */
  centroidsJoined?(before: Int32Array, joins: readonly CentroidJoin[]): void;
}

export const IN_THIS_THREAD: EventRunner = {
  pairs: async (task) => pairsRun(task),
  similarities: async (task) => similarityRun(task),
  edges: async (task) => edgeRun(task),
  blocks: async (task) => blockRun(task),
  threads: 1,
};

export async function clusterEvents(items: EventItems, options: EventClusterOptions = {}, runner: EventRunner = IN_THIS_THREAD): Promise<EventClustering> {
  const o = { ...DEFAULT_EVENT_CLUSTERING, ...options };
  // 1–2. Candidate pairs, neighbours, and the edges within the cut (the pair lists die here).
  const candidates: { context: DistanceContext; edges?: Edges; candidatePairs: number } = await candidateEdges(items, o, runner);
  const { context, candidatePairs } = candidates;
  let edges: Edges | undefined = candidates.edges!;
  const stats = { candidatePairs, edges: edges.d.length, blocks: 0, largestBlock: 0, sparseBlocks: 0, blockPairs: 0, centroidJoins: 0 };
  const blocks = components(items.vectors.count, edges);
  traceMemory('events: blocks');
  // 3. Average linkage inside each block: dense blocks on the pool, sparse ones here meanwhile.
  const dense = blocks.filter((block) => block.length <= o.maxBlock);
  const sparse = blocks.filter((block) => block.length > o.maxBlock).map((block) => Int32Array.from(block));
  const uf = new UnionFind(items.vectors.count);
  const merges = new GrowableArray(Float64Array);
  const denseDone = clusterBlocks(context, dense, stats, runner, uf, merges);
  // Each sparse block's edges are handed over to its linkage, and the list of all edges let go: neither sits beside the heaps.
  const sparseEdges = edgesOfBlocks(items.vectors.count, edges, sparse).map((blockEdges): EdgeHolder => ({ edges: blockEdges }));
  candidates.edges = edges = undefined;
  sparse.forEach((block, b) => {
    stats.blocks++;
    stats.sparseBlocks++;
    stats.largestBlock = Math.max(stats.largestBlock, block.length);
    const linkage = { merges: 0, measured: 0, remembered: 0 };
    joinClusters(uf, block, graphLinkage(context, block, sparseEdges[b], linkage, merges));
    traceMemory(`events: sparse block of ${block.length} (${linkage.measured} measured, at most ${linkage.remembered} remembered)`);
  });
  await denseDone;
  const before = runner.centroidsJoined === undefined ? undefined : uf.labels();
  const joins = joinCloseCentroids(items, uf, { minCosine: o.centroidJoin, maxDaysApart: o.maxDaysApart, maxWordShare: o.maxWordShare });
  if (before !== undefined) runner.centroidsJoined!(before, joins);
  for (const { a, b, cosine } of joins) {
    merges.push(a);
    merges.push(b);
    merges.push(1 - cosine);
  }
  stats.centroidJoins = joins.length;
  traceMemory('events: centroids joined');
  return { labels: uf.labels(), merges: merges.values().slice(), stats };
}

/** Joins the items of each cluster (cluster[x] for block[x]) in `uf`. */
function joinClusters(uf: UnionFind, block: ArrayLike<number>, cluster: Int32Array): void {
  const leaderOf = new Map<number, number>();
  for (let x = 0; x < block.length; x++) {
    const leader = leaderOf.get(cluster[x]);
    if (leader === undefined) leaderOf.set(cluster[x], block[x]);
    else uf.union(leader, block[x]);
  }
}

/**
 * Candidate pairs from shared heavy terms, each item's nearest neighbours
 * among them, pairs through shared neighbours, and of all these the edges
 * within the cut.
 */
async function candidateEdges(items: EventItems, o: Required<EventClusterOptions>, runner: EventRunner): Promise<{ context: DistanceContext; edges: Edges; candidatePairs: number }> {
  const m = items.vectors.count;
  // A small store gets a scaled copy with dense term ids, for the spread dot product (see dotProducts).
  const dense = m <= SPREAD_MAX_ITEMS ? denseScaledCopy(items.vectors, items.kindScale) : undefined;
  const scaled = dense?.store ?? new ScaledItems(items.vectors, items.kindScale);
  const termPairs = await termCandidates(scaled, items.published, o, runner);
  traceMemory('events: candidate pairs merged');
  const termSimilarity = sharedArray(Float64Array, termPairs.length);
  const task = { vectors: items.vectors.share(), kindScale: items.kindScale, dense: shareDense(dense), maxWordShare: o.maxWordShare, pairs: termPairs, out: termSimilarity };
  await Promise.all(ranges(termPairs.length, runner.threads, MIN_PAIRS).map(([from, to]) => runner.similarities({ ...task, from, to })));
  traceMemory('events: candidate cosines');
  const near = new NearestNeighbours(m, o.neighbours);
  for (let x = 0; x < termPairs.length; x++) {
    const sim = termSimilarity[x];
    if (sim < MIN_NEIGHBOUR_SIMILARITY) continue;
    const i = Math.floor(termPairs[x] / m);
    const j = termPairs[x] - i * m;
    near.offer(i, j, sim);
    near.offer(j, i, sim);
  }
  // Pairs only shared neighbours propose, apart from the term pairs: the two lists are weighed side by side,
  // never joined (at a million documents their union was ~0.2 GB more at the stage's peak).
  const neighbourPairs = o.sharedNeighbourWeight > 0 ? differenceSorted(near.pairsThroughNeighbours(MAX_REVERSE_NEIGHBOURS), termPairs) : EMPTY_KEYS;
  traceMemory('events: pairs through neighbours');
  const context: DistanceContext = { items, near, o, dots: dotProducts(items.vectors, items.kindScale, dense, o.maxWordShare), dense };
  const shared = shareContext(context);
  const weigh = (pairs: Float64Array, similarity?: Float64Array) =>
    Promise.all(ranges(pairs.length, runner.threads, MIN_PAIRS).map(([from, to]) => runner.edges({ context: shared, pairs, similarity, from, to })));
  const [termParts, neighbourParts] = await Promise.all([weigh(termPairs, termSimilarity), weigh(neighbourPairs)]);
  traceMemory('events: edges within the cut');
  const edges = mergeEdges(concatEdges(termParts), concatEdges(neighbourParts), m);
  return { context, edges, candidatePairs: termPairs.length + neighbourPairs.length };
}

const EMPTY_KEYS = new Float64Array(0);

/**
 * Pairs of items sharing heavy terms: sorted keys i * items + j, without
 * repeats, in shared memory. A function of its own so that the index (at a
 * million documents ~0.25 GB) is garbage before the pairs are weighed.
 */
async function termCandidates(vectors: VectorSource, published: Float64Array, o: Required<EventClusterOptions>, runner: EventRunner): Promise<Float64Array> {
  const index = new TermIndex(vectors, o.candidateTerms, o.maxPosting, { days: published, maxDaysApart: o.maxDaysApart, shared: true }).share();
  traceMemory('events: candidate index built');
  // Each range's pairs come back sorted; merged, they are sorted without repeats.
  const parts = await Promise.all(ranges(vectors.count, runner.threads, MIN_SEARCHES).map(([from, to]) => runner.pairs({ index, from, to })));
  return mergeSorted(parts);
}

/** Average linkage on each block's dense distance matrix, cut at the threshold: its clusters joined in `uf`. */
async function clusterBlocks(
  c: DistanceContext,
  blocks: number[][],
  stats: EventClustering['stats'],
  runner: EventRunner,
  uf: UnionFind,
  merges: GrowableArray<Float64Array>,
): Promise<void> {
  let work = 0;
  for (const block of blocks) {
    stats.blocks++;
    stats.largestBlock = Math.max(stats.largestBlock, block.length);
    stats.blockPairs += (block.length * (block.length - 1)) / 2;
    work += block.length * block.length;
  }
  // Blocks in consecutive lists of about equal work (n² a block), a few per thread.
  const shared = shareContext(c);
  const tasks: Array<Promise<void>> = [];
  const perTask = work / (4 * runner.threads);
  for (let first = 0; first < blocks.length; ) {
    let last = first;
    let taskWork = 0;
    while (last < blocks.length && (last === first || taskWork < perTask)) {
      taskWork += blocks[last].length ** 2;
      last++;
    }
    const list = blocks.slice(first, last);
    const blockStart = new Int32Array(list.length + 1);
    list.forEach((block, k) => (blockStart[k + 1] = blockStart[k] + block.length));
    const blockItems = Int32Array.from(list.flat());
    tasks.push(
      runner.blocks({ context: shared, blockStart, blockItems }).then(({ cluster, merges: made }) => {
        for (const x of made) merges.push(x);
        // Items of one cluster of one block are one event.
        for (let k = 0; k < list.length; k++) {
          joinClusters(uf, blockItems.subarray(blockStart[k], blockStart[k + 1]), cluster.subarray(blockStart[k], blockStart[k + 1]));
        }
      }),
    );
    first = last;
  }
  await Promise.all(tasks);
}

/** [from, to) ranges cutting `count` into a few per thread, each at least `least` long. */
function ranges(count: number, threads: number, least: number): Array<[number, number]> {
  const size = Math.max(least, Math.ceil(count / (4 * threads)));
  const out: Array<[number, number]> = [];
  for (let from = 0; from < count; from += size) out.push([from, Math.min(count, from + size)]);
  return out;
}

/**
 * Stores of at most this many items use the spread dot product: at 5,000
 * documents (~5,000 items) it made the events stage ~0.4 s faster than the
 * hashed one; at 200,000 documents the hashed one was 4% faster. Same sums.
 */
const SPREAD_MAX_ITEMS = 20_000;

/** Fewest pairs, or items searched, in a task: below this its messaging costs more than its work. */
const MIN_PAIRS = 50_000;
const MIN_SEARCHES = 5_000;

/**
 * Two edge lists, each in pair order (i · items + j) and with no pair in
 * both, as one in pair order: the order one sorted list of all pairs gave.
 */
function mergeEdges(a: Edges, b: Edges, items: number): Edges {
  const n = a.d.length + b.d.length;
  if (b.d.length === 0) return a;
  const edges: Edges = { i: new Int32Array(n), j: new Int32Array(n), d: new Float64Array(n) };
  let x = 0;
  let y = 0;
  for (let at = 0; at < n; at++) {
    const fromA = y >= b.d.length || (x < a.d.length && a.i[x] * items + a.j[x] < b.i[y] * items + b.j[y]);
    const from = fromA ? a : b;
    const k = fromA ? x++ : y++;
    edges.i[at] = from.i[k];
    edges.j[at] = from.j[k];
    edges.d[at] = from.d[k];
  }
  return edges;
}

function concatEdges(parts: Edges[]): Edges {
  let n = 0;
  for (const p of parts) n += p.d.length;
  const edges: Edges = { i: new Int32Array(n), j: new Int32Array(n), d: new Float64Array(n) };
  let at = 0;
  for (const p of parts) {
    edges.i.set(p.i, at);
    edges.j.set(p.j, at);
    edges.d.set(p.d, at);
    at += p.d.length;
  }
  return edges;
}

export type { EventItems } from './distance.js';
