/**
 * Event clustering: average-linkage agglomerative clustering of story
 * segments on the distance
 *
 *   d(i, j) = 1 − [(1 − w)·cos(v_i, v_j) + w·shared(i, j)]
 *             + dateWeight · min(1, |day_i − day_j| / dateScaleDays)
 *
 * where `shared` is shared-nearest-neighbour similarity (events/neighbours.ts)
 * and the date term counts only when both dates are known; cut at `threshold`.
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
import { cosine, type SparseVector } from '../features/tfidf.js';
import { TermIndex } from '../features/term-index.js';
import { UnionFind } from '../util/union-find.js';
import { averageLinkage, cutTree } from './hclust.js';
import { NearestNeighbours, unionSorted } from './neighbours.js';

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
  /** Heaviest terms per segment used to find candidate pairs. @defaultValue 16 */
  candidateTerms?: number;
  /** Terms held by more segments than this do not propose pairs. @defaultValue 1000 */
  maxPosting?: number;
  /** Largest block clustered exactly. @defaultValue 3000 */
  maxBlock?: number;
  /** Share of names and numbers together in the event vectors (see `withKindShares`); words get the rest. @defaultValue 0.7 */
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

/** A segment that is a neighbour of more than this many others proposes no pairs through them. */
const MAX_REVERSE_NEIGHBOURS = 64;

export interface EventItem {
  vector: SparseVector;
  /** Days since epoch, NaN if unknown. */
  date: number;
  /** The document the segment is part of: parts of one document were cut apart as different stories. */
  doc?: number;
  /** Tokens in the segment. */
  tokens?: number;
}

export interface EventClustering {
  /** Event label per item, 0..k-1 in order of each event's first item. */
  labels: Int32Array;
  stats: { candidatePairs: number; edges: number; blocks: number; largestBlock: number; splitBlocks: number };
}

export function clusterEvents(items: readonly EventItem[], options: EventClusterOptions = {}): EventClustering {
  const o = { ...DEFAULT_EVENT_CLUSTERING, ...options };
  const m = items.length;
  // 1. Candidate pairs from shared heavy terms, and each item's nearest neighbours among them.
  // (TermIndex.pairs is sorted and without repeats.)
  const termPairs = new TermIndex(items.map((x) => x.vector), o.candidateTerms, o.maxPosting).pairs(m);
  const termSimilarity = new Float64Array(termPairs.length);
  const near = new NearestNeighbours(m, o.neighbours);
  termPairs.forEach((key, x) => {
    const i = Math.floor(key / m);
    const j = key - i * m;
    const sim = (termSimilarity[x] = cosine(items[i].vector, items[j].vector));
    if (sim < MIN_NEIGHBOUR_SIMILARITY) return;
    near.offer(i, j, sim);
    near.offer(j, i, sim);
  });
  const pairs = o.sharedNeighbourWeight > 0 ? unionSorted(termPairs, near.pairsThroughNeighbours(MAX_REVERSE_NEIGHBOURS)) : termPairs;

  const w = o.sharedNeighbourWeight;
  const distance = (i: number, j: number, cos = cosine(items[i].vector, items[j].vector)): number => {
    let d = 1 - (w > 0 ? (1 - w) * cos + w * near.shared(i, j) : cos);
    const a = items[i].date;
    const b = items[j].date;
    if (!Number.isNaN(a) && !Number.isNaN(b)) d += o.dateWeight * Math.min(1, Math.abs(a - b) / o.dateScaleDays);
    if (items[i].doc !== undefined && items[i].doc === items[j].doc && Math.min(items[i].tokens ?? 0, items[j].tokens ?? 0) >= SAME_DOCUMENT_MIN_TOKENS) {
      d += SAME_DOCUMENT_PENALTY;
    }
    return Math.max(0, d);
  };

  // 2. Edges within the cut, and their components.
  // `pairs` is sorted and holds `termPairs`: one forward pointer finds each cached cosine.
  const edges: Array<{ i: number; j: number; d: number }> = [];
  let cached = 0;
  for (const key of pairs) {
    const i = Math.floor(key / m);
    const j = key - i * m;
    while (cached < termPairs.length && termPairs[cached] < key) cached++;
    const d = cached < termPairs.length && termPairs[cached] === key ? distance(i, j, termSimilarity[cached]) : distance(i, j);
    if (d <= o.threshold) edges.push({ i, j, d });
  }
  const stats = { candidatePairs: pairs.length, edges: edges.length, blocks: 0, largestBlock: 0, splitBlocks: 0 };
  const blocks = boundedComponents(m, edges, o.threshold, o.maxBlock, stats);

  // 3. Exact average linkage inside each block.
  const labels = new Int32Array(m).fill(-1);
  const uf = new UnionFind(m);
  for (const block of blocks) {
    stats.blocks++;
    stats.largestBlock = Math.max(stats.largestBlock, block.length);
    if (block.length < 2) continue;
    const n = block.length;
    const condensed = new Float64Array((n * (n - 1)) / 2);
    let at = 0;
    for (let x = 0; x < n; x++) for (let y = x + 1; y < n; y++) condensed[at++] = distance(block[x], block[y]);
    const cut = cutTree(averageLinkage(n, condensed), o.threshold);
    const first = new Map<number, number>();
    for (let x = 0; x < n; x++) {
      const leader = first.get(cut[x]);
      if (leader === undefined) first.set(cut[x], block[x]);
      else uf.union(leader, block[x]);
    }
  }
  labels.set(uf.labels());
  return { labels, stats };
}

/** Connected components of the edge graph, each split until it has at most maxBlock items. */
function boundedComponents(
  m: number,
  edges: Array<{ i: number; j: number; d: number }>,
  threshold: number,
  maxBlock: number,
  stats: EventClustering['stats'],
): number[][] {
  const out: number[][] = [];
  const split = (members: number[], memberEdges: typeof edges, cut: number) => {
    const local = new Map<number, number>();
    members.forEach((item, i) => local.set(item, i));
    const uf = new UnionFind(members.length);
    for (const e of memberEdges) if (e.d <= cut) uf.union(local.get(e.i)!, local.get(e.j)!);
    const groups = new Map<number, number[]>();
    members.forEach((item, i) => {
      const r = uf.find(i);
      const g = groups.get(r);
      if (g) g.push(item);
      else groups.set(r, [item]);
    });
    for (const group of groups.values()) {
      if (group.length <= maxBlock) {
        out.push(group);
        continue;
      }
      stats.splitBlocks++;
      if (cut <= 0) {
        // Identical items: no cut separates them, so cut by position.
        for (let x = 0; x < group.length; x += maxBlock) out.push(group.slice(x, x + maxBlock));
        continue;
      }
      const inGroup = new Set(group);
      const groupEdges = memberEdges.filter((e) => e.d <= cut && inGroup.has(e.i));
      split(group, groupEdges, cut - 0.05);
    }
  };
  split(Array.from({ length: m }, (_, i) => i), edges, threshold);
  out.sort((a, b) => a[0] - b[0]);
  return out;
}
