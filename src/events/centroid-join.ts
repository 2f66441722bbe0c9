/**
 * After average linkage: events whose centroids are close are one event.
 *
 * Average linkage measures two clusters by their mean pairwise distance,
 * which the spread inside each lowers: a cluster of short briefs of a story
 * and the cluster of its full reports (a brief's vector holds few of a full
 * report's terms) stay apart although each is the same story told
 * (docs/events-scale.md). Their summed vectors, the centroids, point the
 * same way. So two clusters whose centroids have a cosine of at least
 * `minCosine` are joined, in order of that cosine (highest first), as long
 * as the joined event stays within `maxDaysApart` of publication dates and
 * no document has a long part on each side (the same-document rule of the
 * distance). The cosine is word-capped as the distance's is
 * (`maxWordShare`), so a shared formula alone joins nothing.
 *
 * Never quadratic: clusters propose partners through an index of their
 * centroids' heaviest terms (features/term-index.ts, bounded per cluster),
 * and each proposed pair's exact cosine is the larger cluster's summed
 * vector against the smaller's members' terms, each larger cluster summed
 * once. Two single items are never joined here: their mean distance is
 * their distance, which the linkage has already weighed.
 */
import { TermIndex, type VectorSource } from '../features/term-index.js';
import { WORD } from '../features/terms.js';
import { wordCapped, type SparseVector } from '../features/tfidf.js';
import { heaviestFirst } from '../util/heaviest.js';
import { groupByKey } from '../util/sort.js';
import { U32Map } from '../util/u32-map.js';
import { UnionFind } from '../util/union-find.js';
import { sameDocumentPenaltyApplies, type EventItems } from './distance.js';
import { holdsNames } from './hashed-dot.js';
import { scaledWeight } from './item-vectors.js';

export interface CentroidJoinOptions {
  /** Centroids with at least this cosine are joined; 0 joins nothing. */
  minCosine: number;
  maxDaysApart: number;
  maxWordShare: number;
}

/** A join: a member item of each side, and the centroids' cosine. */
export interface CentroidJoin {
  a: number;
  b: number;
  cosine: number;
}

/** Heaviest centroid terms by which a cluster finds partners. */
const INDEXED_TERMS = 8;
/** A term in more centroids than this proposes nothing (features/term-index.ts). */
const MAX_POSTING = 1000;

/**
 * The joins of clusters of `uf` (over the items) whose centroids are close;
 * each is made in `uf` as well. Deterministic: clusters are numbered by
 * their smallest item, sums run in item order, and ties of cosine go to
 * the lower pair of cluster numbers.
 */
export function joinCloseCentroids(items: EventItems, uf: UnionFind, o: CentroidJoinOptions): CentroidJoin[] {
  if (!(o.minCosine > 0)) return [];
  const clusters = Clusters.of(uf);
  const k = clusters.count;
  if (k < 2) return [];
  const centroids = new Centroids(items, clusters);
  const index = new TermIndex(centroids.source(), INDEXED_TERMS, MAX_POSTING);
  const pairs = index.pairs();
  const close = centroids.closePairs(pairs, o);
  // Highest cosine first (ties: lower pair), each join keeping the dates within reach.
  close.sort((x, y) => y.cosine - x.cosine || x.a - y.a || x.b - y.b);
  const joined = new UnionFind(k);
  const first = Float64Array.from(centroids.firstDay);
  const last = Float64Array.from(centroids.lastDay);
  const out: CentroidJoin[] = [];
  for (const { a, b, cosine } of close) {
    const ra = joined.find(a);
    const rb = joined.find(b);
    if (ra === rb) continue;
    const from = Math.min(first[ra], first[rb]);
    const to = Math.max(last[ra], last[rb]);
    if (to - from > o.maxDaysApart) continue;
    joined.union(ra, rb);
    const r = joined.find(ra);
    first[r] = from;
    last[r] = to;
    const itemA = clusters.firstItem(a);
    const itemB = clusters.firstItem(b);
    uf.union(itemA, itemB);
    out.push({ a: itemA, b: itemB, cosine });
  }
  return out;
}

/** The clusters of a union-find as lists of items (compressed rows), numbered by their smallest item. */
class Clusters {
  private constructor(
    readonly count: number,
    /** Members of cluster c: members[start[c] .. start[c + 1]), ascending. */
    readonly start: Int32Array,
    readonly members: Int32Array,
  ) {}

  static of(uf: UnionFind): Clusters {
    const labels = uf.labels();
    let count = 0;
    for (const label of labels) count = Math.max(count, label + 1);
    const { start, members } = groupByKey(labels, count);
    return new Clusters(count, start, members);
  }

  size(c: number): number {
    return this.start[c + 1] - this.start[c];
  }

  firstItem(c: number): number {
    return this.members[this.start[c]];
  }
}

/** The clusters' summed vectors: norms, date spans, heaviest terms, and exact cosines of pairs. */
class Centroids {
  readonly firstDay: Float64Array;
  readonly lastDay: Float64Array;
  private readonly norm: Float64Array;
  private readonly named: Uint8Array;
  private readonly topIds: Uint32Array;
  private readonly topWeights: Float32Array;
  private readonly topCount: Uint8Array;
  private readonly sum = new U32Map(1 << 12);
  /** Per document, 1 + the cluster whose long members were last marked in it. */
  private readonly docMark: Int32Array;

  constructor(
    private readonly items: EventItems,
    private readonly clusters: Clusters,
  ) {
    const k = clusters.count;
    this.firstDay = new Float64Array(k);
    this.lastDay = new Float64Array(k);
    this.norm = new Float64Array(k);
    this.named = new Uint8Array(k);
    this.topIds = new Uint32Array(k * INDEXED_TERMS);
    this.topWeights = new Float32Array(k * INDEXED_TERMS);
    this.topCount = new Uint8Array(k);
    let docs = 0;
    for (const d of items.doc) docs = Math.max(docs, d + 1);
    this.docMark = new Int32Array(docs);
    let ids = new Uint32Array(1 << 12);
    let weights = new Float64Array(1 << 12);
    const top = new Uint32Array(INDEXED_TERMS);
    for (let c = 0; c < k; c++) {
      this.sumOf(c);
      const n = this.sum.size;
      if (ids.length < n) {
        ids = new Uint32Array(2 * n);
        weights = new Float64Array(2 * n);
      }
      let norm2 = 0;
      for (let x = 0; x < n; x++) {
        ids[x] = this.sum.keyAt(x);
        weights[x] = this.sum.valueAt(x);
        norm2 += weights[x] * weights[x];
      }
      const norm = Math.sqrt(norm2);
      this.norm[c] = norm;
      const kept = heaviestFirst(weights, ids, n, INDEXED_TERMS, top);
      for (let x = 0; x < kept; x++) {
        this.topIds[c * INDEXED_TERMS + x] = ids[top[x]];
        this.topWeights[c * INDEXED_TERMS + x] = norm > 0 ? weights[top[x]] / norm : 0;
      }
      this.topCount[c] = kept;
      let first = Infinity;
      let last = -Infinity;
      for (let m = clusters.start[c]; m < clusters.start[c + 1]; m++) {
        const item = clusters.members[m];
        const day = items.published[item];
        if (!Number.isNaN(day)) {
          first = Math.min(first, day);
          last = Math.max(last, day);
        }
        if (this.named[c] === 0 && holdsNames(items.vectors, items.kindScale, item)) this.named[c] = 1;
      }
      this.firstDay[c] = first;
      this.lastDay[c] = last;
    }
  }

  /** The clusters' heaviest centroid terms, weighed as a share of the centroid's norm. */
  source(): VectorSource {
    const { topIds, topWeights, topCount } = this;
    return {
      count: this.clusters.count,
      vector: (c: number): SparseVector => {
        const from = c * INDEXED_TERMS;
        return { ids: topIds.subarray(from, from + topCount[c]), weights: topWeights.subarray(from, from + topCount[c]) };
      },
    };
  }

  /**
   * Of the pairs (keys a · count + b), those whose centroids' word-capped
   * cosine is at least `minCosine`, within the days, with no document on
   * both sides. Each pair is measured from its larger cluster's sum, and
   * pairs are taken grouped by it, so each cluster is summed at most once.
   */
  closePairs(pairs: Float64Array, o: CentroidJoinOptions): CentroidJoin[] {
    const { clusters } = this;
    const k = clusters.count;
    // Pairs by their larger side (ties: the lower number is the larger).
    const larger = new Int32Array(pairs.length);
    for (let x = 0; x < pairs.length; x++) {
      const a = Math.floor(pairs[x] / k);
      const b = pairs[x] - a * k;
      larger[x] = clusters.size(b) > clusters.size(a) ? b : a;
    }
    const { start, members: byLarger } = groupByKey(larger, k);
    const out: CentroidJoin[] = [];
    for (let big = 0; big < k; big++) {
      if (start[big] === start[big + 1]) continue;
      if (clusters.size(big) < 2) continue; // then so is the smaller: two single items
      this.sumOf(big);
      this.markLongDocuments(big);
      for (let p = start[big]; p < start[big + 1]; p++) {
        const x = byLarger[p];
        const a = Math.floor(pairs[x] / k);
        const small = a === big ? pairs[x] - a * k : a;
        if (Math.max(this.lastDay[big], this.lastDay[small]) - Math.min(this.firstDay[big], this.firstDay[small]) > o.maxDaysApart) continue;
        const cosine = this.cosineWithSum(big, small, o.maxWordShare);
        if (cosine >= o.minCosine) out.push({ a: Math.min(big, small), b: Math.max(big, small), cosine });
      }
    }
    return out;
  }

  /** The cosine of the summed cluster `big` (in `sum`) and cluster `small`; -1 when a document has a long part on each side. */
  private cosineWithSum(big: number, small: number, maxWordShare: number): number {
    const { items, clusters, sum } = this;
    const { vectors, kindScale } = items;
    let dot = 0;
    let words = 0;
    for (let m = clusters.start[small]; m < clusters.start[small + 1]; m++) {
      const item = clusters.members[m];
      if (sameDocumentPenaltyApplies(items, item) && this.docMark[items.doc[item]] === big + 1) return -1;
      for (let t = vectors.start[item]; t < vectors.end[item]; t++) {
        const product = scaledWeight(vectors, kindScale, item, t) * sum.get(vectors.ids[t]);
        dot += product;
        if ((vectors.ids[t] & 3) === WORD) words += product;
      }
    }
    const norms = this.norm[big] * this.norm[small];
    if (norms === 0) return 0;
    return wordCapped(dot, words, maxWordShare, this.named[big] > 0 && this.named[small] > 0) / norms;
  }

  /** Sums cluster c's members' scaled vectors into `sum`, in member order. */
  private sumOf(c: number): void {
    const { items, clusters, sum } = this;
    const { vectors, kindScale } = items;
    sum.clear();
    for (let m = clusters.start[c]; m < clusters.start[c + 1]; m++) {
      const item = clusters.members[m];
      for (let t = vectors.start[item]; t < vectors.end[item]; t++) sum.add(vectors.ids[t], scaledWeight(vectors, kindScale, item, t));
    }
  }

  private markLongDocuments(c: number): void {
    const { items, clusters } = this;
    for (let m = clusters.start[c]; m < clusters.start[c + 1]; m++) {
      const item = clusters.members[m];
      if (sameDocumentPenaltyApplies(items, item)) this.docMark[items.doc[item]] = c + 1;
    }
  }
}
