/**
 * Event clustering: average-linkage agglomerative clustering of story
 * segments on the distance
 *
 *   d(i, j) = 1 − [(1 − w)·cos(v_i, v_j) + w·shared(i, j)]
 *             + dateWeight · min(1, |day_i − day_j| / dateScaleDays)
 *
 * where `shared` is shared-nearest-neighbour similarity (events/neighbours.ts)
 * and the date term counts only when both dates are known; cut at `threshold`.
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
 * 3. cluster each component exactly with the NN-chain algorithm
 *    (events/hclust.ts) on its dense distance matrix. A component larger
 *    than `maxBlock` is split first by raising the edge cut until every piece
 *    fits: an approximation, counted in the statistics, that bounds time and
 *    memory at maxBlock² per block.
 */
import type { EventClusteringStats } from '../types.js';
import { TermIndex } from '../features/term-index.js';
import type { VectorStore } from '../features/vector-store.js';
import { UnionFind } from '../util/union-find.js';
import { boundedComponents, type Edges } from './blocks.js';
import { averageLinkage, cutTree } from './hclust.js';
import { NearestNeighbours, unionSorted } from './neighbours.js';
import { HashedDot } from './hashed-dot.js';

export interface EventClusterOptions {
  /**
   * Cut height of the average-linkage tree, in cosine distance (plus the
   * date penalty): lower makes tighter events. @defaultValue 0.85
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
  /** Largest block clustered exactly. @defaultValue 3000 */
  maxBlock?: number;
  /** Share of names and numbers together in the event vectors (see `kindShareScale`); words get the rest. @defaultValue 0.7 */
  entityShare?: number;
  /** Of `entityShare`, the share of numbers; names get the rest. @defaultValue 0.2 */
  numberShare?: number;
  /** Nearest neighbours kept per segment for shared-neighbour similarity. @defaultValue 5 */
  neighbours?: number;
  /**
   * Weight of shared-neighbour similarity against cosine:
   * `sim = (1 − w)·cos + w·shared`. 0 turns it off. @defaultValue 0.5
   */
  sharedNeighbourWeight?: number;
}

export const DEFAULT_EVENT_CLUSTERING: Required<EventClusterOptions> = {
  threshold: 0.85,
  dateWeight: 0,
  dateScaleDays: 30,
  maxDaysApart: 30,
  candidateTerms: 16,
  maxPosting: 1000,
  maxBlock: 3000,
  entityShare: 0.7,
  numberShare: 0.2,
  neighbours: 5,
  sharedNeighbourWeight: 0.5,
};

/**
 * Segments less similar than this are nobody's neighbours: in a small corpus
 * (the five sample articles) every segment would otherwise be every other's
 * neighbour, and shared neighbours would join them all.
 */
const MIN_NEIGHBOUR_SIMILARITY = 0.2;

/**
 * Added to the distance of two segments of one document that are both long
 * enough to stand as stories (at least SAME_DOCUMENT_MIN_TOKENS).
 * Segmentation cut them apart as different stories; in a small corpus,
 * names they share ("Lavrov", "Russia") would otherwise put them back into
 * one event (sample corpus, 001). A short part (a standfirst under a new
 * headline) is more likely a piece of its neighbour's story, and may still
 * join its event and be merged back (segments/consolidate.ts).
 */
const SAME_DOCUMENT_PENALTY = 1;
const SAME_DOCUMENT_MIN_TOKENS = 150;

/** The distance of two reports published too far apart to be one event: beyond any cut. */
const APART = 2;

/** A segment that is a neighbour of more than this many others proposes no pairs through them. */
const MAX_REVERSE_NEIGHBOURS = 64;

/** The segments to cluster, in flat arrays (item i in each). */
export interface EventItems {
  vectors: VectorStore;
  /** Days since epoch, NaN if unknown. */
  date: Float64Array;
  /** Publication day (days since epoch) of the item's document, as the input gave it; NaN if it gave none. */
  published: Float64Array;
  /** The document the segment is part of (-1: none): parts of one document were cut apart as different stories. */
  doc: Int32Array;
  /** Tokens in the segment. */
  tokens: Int32Array;
}

/** What the distance between two items depends on besides their cosine. */
interface DistanceContext {
  items: EventItems;
  near: NearestNeighbours;
  o: Required<EventClusterOptions>;
  dots: HashedDot;
}

/**
 * The distance of items i and j (see the top of this file), given their
 * vectors' cosine when already known. Items published too far apart are
 * APART before any dot product (a block can span months: its links chain
 * day to day).
 */
function distance(c: DistanceContext, i: number, j: number, knownCos?: number): number {
  const { items, near, o } = c;
  if (Math.abs(items.published[i] - items.published[j]) > o.maxDaysApart) return APART;
  const cos = knownCos ?? c.dots.dot(i, j);
  const w = o.sharedNeighbourWeight;
  let d = 1 - (w > 0 ? (1 - w) * cos + w * near.shared(i, j) : cos);
  const a = items.date[i];
  const b = items.date[j];
  if (!Number.isNaN(a) && !Number.isNaN(b)) d += o.dateWeight * Math.min(1, Math.abs(a - b) / o.dateScaleDays);
  if (items.doc[i] >= 0 && items.doc[i] === items.doc[j] && Math.min(items.tokens[i], items.tokens[j]) >= SAME_DOCUMENT_MIN_TOKENS) {
    d += SAME_DOCUMENT_PENALTY;
  }
  return Math.max(0, d);
}

export interface EventClustering {
  /** Event label per item, 0..k-1 in order of each event's first item. */
  labels: Int32Array;
  stats: EventClusteringStats;
}

export function clusterEvents(items: EventItems, options: EventClusterOptions = {}): EventClustering {
  const o = { ...DEFAULT_EVENT_CLUSTERING, ...options };
  const dots = new HashedDot(items.vectors);
  // 1–2. Candidate pairs, neighbours, and the edges within the cut (the pair lists die here).
  const { context, edges, candidatePairs } = candidateEdges(items, o, dots);
  const stats = { candidatePairs, edges: edges.d.length, blocks: 0, largestBlock: 0, splitBlocks: 0, blockPairs: 0 };
  const blocks = boundedComponents(items.vectors.count, edges, o.threshold, o.maxBlock, stats);
  // 3. Exact average linkage inside each block.
  return { labels: clusterBlocks(context, blocks, stats), stats };
}

/**
 * Candidate pairs from shared heavy terms, each item's nearest neighbours
 * among them, pairs through shared neighbours, and of all these the edges
 * within the cut.
 */
function candidateEdges(items: EventItems, o: Required<EventClusterOptions>, dots: HashedDot): { context: DistanceContext; edges: Edges; candidatePairs: number } {
  const m = items.vectors.count;
  // (TermIndex.pairs is sorted and without repeats.)
  const termPairs = new TermIndex(items.vectors, o.candidateTerms, o.maxPosting, { days: items.published, maxDaysApart: o.maxDaysApart }).pairs(m);
  const termSimilarity = new Float64Array(termPairs.length);
  const near = new NearestNeighbours(m, o.neighbours);
  for (let x = 0; x < termPairs.length; x++) {
    const i = Math.floor(termPairs[x] / m);
    const j = termPairs[x] - i * m;
    const sim = (termSimilarity[x] = dots.dot(i, j));
    if (sim < MIN_NEIGHBOUR_SIMILARITY) continue;
    near.offer(i, j, sim);
    near.offer(j, i, sim);
  }
  const pairs = o.sharedNeighbourWeight > 0 ? unionSorted(termPairs, near.pairsThroughNeighbours(MAX_REVERSE_NEIGHBOURS)) : termPairs;
  const context: DistanceContext = { items, near, o, dots };
  return { context, edges: edgesWithin(context, pairs, termPairs, termSimilarity), candidatePairs: pairs.length };
}

/** Average linkage on each block's dense distance matrix, cut at the threshold: labels per item. */
function clusterBlocks(c: DistanceContext, blocks: number[][], stats: EventClustering['stats']): Int32Array {
  const uf = new UnionFind(c.items.vectors.count);
  for (const block of blocks) {
    stats.blocks++;
    stats.largestBlock = Math.max(stats.largestBlock, block.length);
    if (block.length < 2) continue;
    const n = block.length;
    stats.blockPairs += (n * (n - 1)) / 2;
    const condensed = new Float64Array((n * (n - 1)) / 2);
    let at = 0;
    for (let x = 0; x < n; x++) for (let y = x + 1; y < n; y++) condensed[at++] = distance(c, block[x], block[y]);
    const cut = cutTree(averageLinkage(n, condensed), c.o.threshold);
    const first = new Map<number, number>();
    for (let x = 0; x < n; x++) {
      const leader = first.get(cut[x]);
      if (leader === undefined) first.set(cut[x], block[x]);
      else uf.union(leader, block[x]);
    }
  }
  return uf.labels();
}

/**
 * The candidate pairs within the cut, as flat arrays. `pairs` is sorted and
 * holds `termPairs`: one forward pointer finds each cosine already computed.
 */
function edgesWithin(c: DistanceContext, pairs: Float64Array, termPairs: Float64Array, termSimilarity: Float64Array): Edges {
  const m = c.items.vectors.count;
  let i: Int32Array = new Int32Array(1024);
  let j: Int32Array = new Int32Array(1024);
  let d: Float64Array = new Float64Array(1024);
  let count = 0;
  let cached = 0;
  for (const key of pairs) {
    const a = Math.floor(key / m);
    const b = key - a * m;
    while (cached < termPairs.length && termPairs[cached] < key) cached++;
    const dist = distance(c, a, b, cached < termPairs.length && termPairs[cached] === key ? termSimilarity[cached] : undefined);
    if (dist > c.o.threshold) continue;
    if (count === d.length) {
      i = grownInt(i);
      j = grownInt(j);
      const nd = new Float64Array(count * 2);
      nd.set(d);
      d = nd;
    }
    i[count] = a;
    j[count] = b;
    d[count++] = dist;
  }
  return { i: i.slice(0, count), j: j.slice(0, count), d: d.slice(0, count) };
}

function grownInt(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
