/**
 * Average linkage on a sparse graph, for blocks too large for a dense
 * distance matrix (one story reported by thousands of outlets).
 *
 * The graph proposes which clusters to compare: two clusters are compared
 * only when some edge (a candidate pair within the cut) joins them. What
 * they are compared on is their exact average distance over all pairs of
 * members, edges or not. A missing edge is not taken as similarity 0: on a
 * sparse nearest-neighbour graph that would pull a growing cluster's
 * average below any cut, and one big story would shatter again. Every term
 * of the distance (events/distance.ts) is a sum over pairs that summed
 * per-cluster counts give exactly:
 *
 *   cosine          Σ_{a∈A,b∈B} cos(a, b) = ΣA · ΣB (sums of the unit vectors)
 *   shared nbrs     Σ has(a,b) + Σ has(b,a) + Σ |N(a) ∩ N(b)|
 *                   = nA[B] + nB[A] + nA · nB, with nX[y] the members of X
 *                   that list y among their nearest neighbours
 *   lead numbers    pairs whose leads both give numbers and share none
 *                   = lA·lB − Σ_{S ≠ ∅} (−1)^{|S|+1} cA[S]·cB[S], with cX[S]
 *                   the members whose lead holds every number of S
 *                   (inclusion–exclusion; leads hold at most
 *                   MAX_LEAD_NUMBERS numbers; subsets of two or more
 *                   are keyed by a 32-bit hash)
 *   same document   Σ_doc longA[doc] · longB[doc]
 *
 * so the average of a union is the size-weighted average of the parts'
 * averages, and the linkage is reducible. Two terms are taken per cluster,
 * not per pair: reports published more than `maxDaysApart` days apart keep
 * their clusters apart (the span of a cluster's known publication days, so
 * no event spans more), and the date term (off by default) compares the
 * clusters' mean dates.
 *
 * Merges are greedy, the closest compared pair first, from a heap whose
 * keys are lower bounds: when a cluster grows, its old keys stay in the
 * heap, and reducibility (d(k, A∪B) ≥ min(d(k, A), d(k, B))) makes each a
 * lower bound of the new distance; a stale key is measured again when it
 * reaches the top, unless the pair of clusters it joins now was measured
 * after the key was made, with both of the key's members already inside:
 * that measure covers all the key bounded, and its own key (or the pair
 * set aside) stands for it. A pair measured beyond the cut is set aside, and
 * measured again each time one of its clusters has grown by RECHECK_GROWTH
 * since it was last measured: the only approximation, besides the graph
 * itself (see docs/events-scale.md).
 */
import { PairMap } from '../util/pair-map.js';
import { U32Map } from '../util/u32-map.js';
import { PairHeap } from './pair-heap.js';
import { APART, distance, sameDocumentPenaltyApplies, SAME_DOCUMENT_PENALTY, type DistanceContext } from './distance.js';
import { scaledWeight } from './item-vectors.js';
import { holdsNames } from './hashed-dot.js';
import { wordCapped } from '../features/tfidf.js';
import { WORD } from '../features/terms.js';
import type { Edges } from './blocks.js';
import { MAX_LEAD_NUMBERS } from './lead-numbers.js';

/** A set-aside pair is measured again once one of its clusters has grown by this factor. */
const RECHECK_GROWTH = 1.25;

/**
 * The pairs remembered as measured are pruned of those that can no longer
 * answer (a side of the pair is no longer a root) once they are this many,
 * and then each time they are twice what the last pruning left: at the end
 * of a block nearly all are such, and unpruned they grew with every measure.
 */
const MIN_REMEMBERED = 1024;

/** How the clusters' sums maps are made (`sumsMap`). */
const SUMS_MAP = { maxLoad: 0.75 };

/** What graph linkage did, for the statistics. */
export interface GraphLinkageStats {
  merges: number;
  /** Cluster distances measured from the summed counts (not the edges' own distances). */
  measured: number;
  /** The most pairs of roots remembered as measured at once (`measuredAt`, pruned as it grows). */
  remembered?: number;
}

/**
 * The block's edges, handed over: graph linkage takes them out of the
 * holder, and once they are in its heap nothing holds them (at a million
 * documents, a few hundred MB the heap would otherwise sit beside).
 */
export interface EdgeHolder {
  edges?: Edges;
}

/**
 * Flat clusters of `items` (global item indexes, ascending) at the cut:
 * cluster[x] for items[x], numbered by first member. `edges.edges` are the
 * block's edges (global indexes, d ≤ cut), taken from the holder. Each
 * merge is pushed to `merges` as (item, item, height): an item of each
 * cluster joined (global indexes) and their distance.
 */
export function graphLinkage(c: DistanceContext, items: Int32Array, edges: EdgeHolder, stats?: GraphLinkageStats, merges?: { push(value: number): void }): Int32Array {
  const linkage = new GraphLinkage(c, items);
  linkage.run(edges, merges);
  if (stats) {
    stats.merges += linkage.merges;
    stats.measured += linkage.measured;
    stats.remembered = Math.max(stats.remembered ?? 0, linkage.remembered);
  }
  return linkage.labels();
}

/** Sums over one cluster's members, from which distances to other clusters follow. */
interface ClusterSums {
  /** Σ of the members' scaled vectors, by term id. */
  vector: U32Map;
  /** Members listing each item (global index) among their nearest neighbours. */
  listedBy: U32Map;
  /** Members whose lead holds each number (by id). */
  leadNumbers: U32Map;
  /** Members whose lead holds each subset of two or more numbers (keys: `forEachLeadSubset`). */
  leadSubsets: U32Map;
  /** Long members (SAME_DOCUMENT_MIN_TOKENS) per document. */
  longByDoc: U32Map;
}

class GraphLinkage {
  private readonly n: number;
  /** Position of each item (global index) in `items`, -1 outside the block. */
  private readonly local: Int32Array;
  private readonly parent: Int32Array;
  private readonly size: Int32Array;
  /** Members as linked lists: next[x], -1 at the end; tail[root] the last. */
  private readonly next: Int32Array;
  private readonly tail: Int32Array;
  /** Clock of the root's last change. */
  private readonly version: Int32Array;
  /** The root x was merged into (-1 while x is a root), never compressed: a member's path to its root, at most log2(n) long. */
  private readonly absorbedBy: Int32Array;
  /** Clock of the merge that took root x into absorbedBy[x]. */
  private readonly absorbedAt: Int32Array;
  private clock = 0;
  private readonly sums: Array<ClusterSums | undefined>;
  private readonly firstDay: Float64Array;
  private readonly lastDay: Float64Array;
  private readonly leadCount: Int32Array;
  /** Members whose vectors hold names (`holdsNames`): the word cap applies between two clusters that both have some. */
  private readonly named: Int32Array;
  /** The words' part of the last `cosineSum`. */
  private wordSum = 0;
  private readonly dateSum: Float64Array;
  private readonly dateCount: Int32Array;
  /** Pairs set aside beyond the cut, per root: [partner (any member), this side's size when measured] …. */
  private readonly aside: Array<number[] | undefined>;
  /** The size at which the root's first set-aside pair is due again (RECHECK_GROWTH × its size when measured). */
  private readonly asideDue: Float64Array;
  /** The clock at which each pair of roots (lo, hi) was last measured. */
  private readonly measuredAt = new PairMap();
  private pruneAt = MIN_REMEMBERED;
  remembered = 0;
  private heap = new PairHeap(0);
  private readonly cut: number;
  merges = 0;
  measured = 0;

  constructor(
    private readonly c: DistanceContext,
    private readonly items: Int32Array,
  ) {
    const n = items.length;
    this.n = n;
    this.cut = c.o.threshold;
    this.local = new Int32Array(c.items.vectors.count).fill(-1);
    items.forEach((item, x) => (this.local[item] = x));
    this.parent = Int32Array.from({ length: n }, (_, x) => x);
    this.size = new Int32Array(n).fill(1);
    this.next = new Int32Array(n).fill(-1);
    this.tail = Int32Array.from({ length: n }, (_, x) => x);
    this.version = new Int32Array(n);
    this.absorbedBy = new Int32Array(n).fill(-1);
    this.absorbedAt = new Int32Array(n);
    this.sums = new Array(n);
    this.aside = new Array(n);
    this.asideDue = new Float64Array(n).fill(Infinity);
    const { published, date, leads } = c.items;
    this.firstDay = new Float64Array(n);
    this.lastDay = new Float64Array(n);
    this.leadCount = new Int32Array(n);
    this.named = new Int32Array(n);
    this.dateSum = new Float64Array(n);
    this.dateCount = new Int32Array(n);
    items.forEach((item, x) => {
      const day = published[item];
      this.firstDay[x] = Number.isNaN(day) ? Infinity : day;
      this.lastDay[x] = Number.isNaN(day) ? -Infinity : day;
      this.leadCount[x] = leads.start[item + 1] > leads.start[item] ? 1 : 0;
      this.named[x] = holdsNames(c.items.vectors, c.items.kindScale, item) ? 1 : 0;
      if (!Number.isNaN(date[item])) {
        this.dateSum[x] = date[item];
        this.dateCount[x] = 1;
      }
    });
  }

  run(holder: EdgeHolder, merges?: { push(value: number): void }): void {
    this.heap = this.heapOf(holder);
    const { heap, cut } = this;
    while (heap.length > 0 && heap.topKey() <= cut) {
      const height = heap.topKey();
      const { a, b, at } = heap.pop();
      const ra = this.find(a);
      const rb = this.find(b);
      if (ra === rb) continue;
      if (ra === a && rb === b && this.version[ra] <= at && this.version[rb] <= at) {
        if (merges !== undefined) {
          merges.push(this.items[ra]);
          merges.push(this.items[rb]);
          merges.push(height);
        }
        this.merge(ra, rb);
        continue;
      }
      // A stale key: measure the pair as it is now, unless that was done since both last changed.
      const lo = Math.min(ra, rb);
      const hi = Math.max(ra, rb);
      // -1 for a pair never measured, before every version and every entry's clock.
      const last = this.measuredAt.get(lo, hi);
      if (this.version[lo] <= last && this.version[hi] <= last) continue;
      if (at < last && this.joinedAt(a, ra) <= last && this.joinedAt(b, rb) <= last) continue;
      this.weigh(lo, hi);
    }
  }

  /** The block's edges as a heap of exactly their number (taken from the holder, which is left empty). */
  private heapOf(holder: EdgeHolder): PairHeap {
    const edges = holder.edges ?? { i: new Int32Array(0), j: new Int32Array(0), d: new Float64Array(0) };
    holder.edges = undefined;
    let inBlock = 0;
    for (let e = 0; e < edges.d.length; e++) if (this.local[edges.i[e]] >= 0 && this.local[edges.j[e]] >= 0) inBlock++;
    const heap = new PairHeap(inBlock);
    for (let e = 0; e < edges.d.length; e++) {
      const a = this.local[edges.i[e]];
      const b = this.local[edges.j[e]];
      if (a >= 0 && b >= 0) heap.append(edges.d[e], a, b, 0);
    }
    heap.heapify();
    return heap;
  }

  /** Measures roots lo < hi: into the heap within the cut, set aside beyond it. */
  private weigh(lo: number, hi: number): void {
    this.remember(lo, hi);
    const d = this.distance(lo, hi);
    if (d <= this.cut) {
      this.heap.push(d, lo, hi, this.clock);
      return;
    }
    this.setAside(lo, hi, this.size[lo]);
    this.setAside(hi, lo, this.size[hi]);
  }

  /** The clock at which x (a root when it was keyed) became part of its root r now; -1 when x is r. */
  private joinedAt(x: number, r: number): number {
    let at = -1;
    for (; x !== r; x = this.absorbedBy[x]) at = this.absorbedAt[x];
    return at;
  }

  /** Notes that a pair of roots was measured now; past `pruneAt`, forgets the pairs that can no longer answer. */
  private remember(lo: number, hi: number): void {
    const { measuredAt, parent } = this;
    measuredAt.set(lo, hi, this.clock);
    this.remembered = Math.max(this.remembered, measuredAt.size);
    if (measuredAt.size < this.pruneAt) return;
    // run() asks only of pairs of roots, and a cluster merged away is never a root again.
    measuredAt.retain((l, h) => parent[l] === l && parent[h] === h);
    this.pruneAt = Math.max(MIN_REMEMBERED, 2 * measuredAt.size);
  }

  private find(x: number): number {
    const parent = this.parent;
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  labels(): Int32Array {
    const out = new Int32Array(this.n);
    const labelOf = new Int32Array(this.n).fill(-1);
    let next = 0;
    for (let x = 0; x < this.n; x++) {
      const r = this.find(x);
      if (labelOf[r] < 0) labelOf[r] = next++;
      out[x] = labelOf[r];
    }
    return out;
  }

  /** The average distance between the members of roots a and b (events/distance.ts, summed over all pairs). */
  private distance(a: number, b: number): number {
    this.measured++;
    const { c, size } = this;
    const o = c.o;
    const first = Math.min(this.firstDay[a], this.firstDay[b]);
    const last = Math.max(this.lastDay[a], this.lastDay[b]);
    if (last - first > o.maxDaysApart) return APART;
    if (size[a] === 1 && size[b] === 1) return distance(c, this.items[a], this.items[b]);
    // Probe the smaller cluster's terms against the larger's sums.
    const [small, large] = size[a] <= size[b] ? [a, b] : [b, a];
    const pairs = size[a] * size[b];
    const w = o.sharedNeighbourWeight;
    const cosines = wordCapped(this.cosineSum(small, large), this.wordSum, o.maxWordShare, this.named[a] > 0 && this.named[b] > 0);
    let total = pairs - (w > 0 ? (1 - w) * cosines + (w * this.sharedSum(small, large)) / (o.neighbours + 2) : cosines);
    if (o.leadNumberPenalty > 0) total += o.leadNumberPenalty * this.leadDisagreements(small, large);
    total += SAME_DOCUMENT_PENALTY * this.sameDocumentPairs(small, large);
    let d = total / pairs;
    if (o.dateWeight > 0 && this.dateCount[a] > 0 && this.dateCount[b] > 0) {
      const gap = Math.abs(this.dateSum[a] / this.dateCount[a] - this.dateSum[b] / this.dateCount[b]);
      d += o.dateWeight * Math.min(1, gap / o.dateScaleDays);
    }
    return Math.max(0, d);
  }

  /** Σ of cosines over all member pairs: the larger's summed vector against the smaller's terms. */
  private cosineSum(small: number, large: number): number {
    const { vectors, kindScale } = this.c.items;
    // (The larger has sums: two single items are measured by `distance` itself.)
    const sum = this.sums[large]!;
    const smallSums = this.sums[small];
    let total = 0;
    let words = 0;
    if (smallSums !== undefined) {
      const v = smallSums.vector;
      for (let k = 0; k < v.size; k++) {
        const product = v.valueAt(k) * sum.vector.get(v.keyAt(k));
        total += product;
        if ((v.keyAt(k) & 3) === WORD) words += product;
      }
    } else {
      const item = this.items[small];
      for (let t = vectors.start[item]; t < vectors.end[item]; t++) {
        const product = scaledWeight(vectors, kindScale, item, t) * sum.vector.get(vectors.ids[t]);
        total += product;
        if ((vectors.ids[t] & 3) === WORD) words += product;
      }
    }
    this.wordSum = words;
    return total;
  }

  /** Σ over member pairs (a, b) of has(a, b) + has(b, a) + |N(a) ∩ N(b)| (events/neighbours.ts). */
  private sharedSum(small: number, large: number): number {
    const sum = this.sums[large]!;
    const { neighbours } = this.c.near;
    const k = this.c.o.neighbours;
    let total = 0;
    // Members of the smaller cluster: whom they list, and who in the larger lists them.
    for (let x = small; x >= 0; x = this.next[x]) {
      const item = this.items[x];
      total += sum.listedBy.get(item);
      for (let s = item * k; s < (item + 1) * k; s++) {
        const n = neighbours[s];
        if (n < 0) continue;
        total += sum.listedBy.get(n);
        const at = this.local[n];
        if (at >= 0 && this.find(at) === large) total++;
      }
    }
    return total;
  }

  /** Member pairs whose leads both give numbers and share none. */
  private leadDisagreements(small: number, large: number): number {
    const both = this.leadCount[small] * this.leadCount[large];
    if (both === 0) return 0;
    const { leadNumbers, leadSubsets } = this.sums[large]!;
    // Pairs sharing a number, by inclusion–exclusion over the subsets they share.
    let sharing = 0;
    const smallSums = this.sums[small];
    if (smallSums !== undefined) {
      const numbers = smallSums.leadNumbers;
      for (let k = 0; k < numbers.size; k++) sharing += numbers.valueAt(k) * leadNumbers.get(numbers.keyAt(k));
      const subsets = smallSums.leadSubsets;
      for (let k = 0; k < subsets.size; k++) sharing += subsetSign(subsets.keyAt(k)) * subsets.valueAt(k) * leadSubsets.get(subsets.keyAt(k));
    } else {
      const { start, ids } = this.c.items.leads;
      const item = this.items[small];
      for (let x = start[item]; x < start[item + 1]; x++) sharing += leadNumbers.get(ids[x]);
      forEachLeadSubset(this.c, item, (key) => (sharing += subsetSign(key) * leadSubsets.get(key)));
    }
    return both - sharing;
  }

  private sameDocumentPairs(small: number, large: number): number {
    const byDoc = this.sums[large]!.longByDoc;
    if (byDoc.size === 0) return 0;
    let total = 0;
    for (let x = small; x >= 0; x = this.next[x]) {
      const item = this.items[x];
      if (sameDocumentPenaltyApplies(this.c.items, item)) total += byDoc.get(this.c.items.doc[item]);
    }
    return total;
  }

  private merge(a: number, b: number): void {
    this.merges++;
    // The larger cluster keeps its sums and takes the smaller's (ties: the lower index).
    const [keep, gone] = this.size[a] > this.size[b] || (this.size[a] === this.size[b] && a < b) ? [a, b] : [b, a];
    const sums = (this.sums[keep] ??= this.sumsOf(keep));
    const goneSums = this.sums[gone];
    if (goneSums !== undefined) {
      addAll(sums.vector, goneSums.vector);
      addAll(sums.listedBy, goneSums.listedBy);
      addAll(sums.longByDoc, goneSums.longByDoc);
      addAll(sums.leadNumbers, goneSums.leadNumbers);
      addAll(sums.leadSubsets, goneSums.leadSubsets);
      this.sums[gone] = undefined;
    } else {
      this.addItem(sums, this.items[gone]);
    }
    this.parent[gone] = keep;
    this.absorbedBy[gone] = keep;
    this.size[keep] += this.size[gone];
    this.next[this.tail[keep]] = gone;
    this.tail[keep] = this.tail[gone];
    this.firstDay[keep] = Math.min(this.firstDay[keep], this.firstDay[gone]);
    this.lastDay[keep] = Math.max(this.lastDay[keep], this.lastDay[gone]);
    this.leadCount[keep] += this.leadCount[gone];
    this.named[keep] += this.named[gone];
    this.dateSum[keep] += this.dateSum[gone];
    this.dateCount[keep] += this.dateCount[gone];
    this.version[keep] = ++this.clock;
    this.absorbedAt[gone] = this.clock;
    const goneAside = this.aside[gone];
    if (goneAside !== undefined) {
      const keepAside = (this.aside[keep] ??= []);
      for (const value of goneAside) keepAside.push(value);
      this.aside[gone] = undefined;
    }
    this.asideDue[keep] = Math.min(this.asideDue[keep], this.asideDue[gone]);
    if (this.size[keep] >= this.asideDue[keep]) this.recheck(keep);
  }

  /** Measures again the pairs set aside with root r whose side r has grown by RECHECK_GROWTH since they were measured. */
  private recheck(r: number): void {
    const entries = this.aside[r];
    this.aside[r] = undefined;
    this.asideDue[r] = Infinity;
    if (entries === undefined) return;
    const due: number[] = [];
    for (let e = 0; e < entries.length; e += 2) {
      if (this.size[r] >= RECHECK_GROWTH * entries[e + 1]) due.push(entries[e]);
      else this.setAside(r, entries[e], entries[e + 1]);
    }
    const seen = new Set<number>();
    for (const partner of due) {
      const p = this.find(partner);
      if (p === r || seen.has(p)) continue;
      seen.add(p);
      this.weigh(Math.min(r, p), Math.max(r, p));
    }
  }

  /** Sets aside the pair of root r and `partner`, measured beyond the cut when r's side had `size` members. */
  private setAside(r: number, partner: number, size: number): void {
    (this.aside[r] ??= []).push(partner, size);
    this.asideDue[r] = Math.min(this.asideDue[r], RECHECK_GROWTH * size);
  }

  /** The sums of the single item at x. */
  private sumsOf(x: number): ClusterSums {
    const sums: ClusterSums = { vector: sumsMap(), listedBy: sumsMap(), leadNumbers: sumsMap(), leadSubsets: sumsMap(), longByDoc: sumsMap() };
    this.addItem(sums, this.items[x]);
    return sums;
  }

  private addItem(sums: ClusterSums, item: number): void {
    const { vectors, kindScale, doc } = this.c.items;
    for (let t = vectors.start[item]; t < vectors.end[item]; t++) sums.vector.add(vectors.ids[t], scaledWeight(vectors, kindScale, item, t));
    const { neighbours } = this.c.near;
    const k = this.c.o.neighbours;
    for (let s = item * k; s < (item + 1) * k; s++) if (neighbours[s] >= 0) sums.listedBy.add(neighbours[s], 1);
    const { start, ids } = this.c.items.leads;
    for (let x = start[item]; x < start[item + 1]; x++) sums.leadNumbers.add(ids[x], 1);
    forEachLeadSubset(this.c, item, (key) => sums.leadSubsets.add(key, 1));
    if (sameDocumentPenaltyApplies(this.c.items, item)) sums.longByDoc.add(doc[item], 1);
  }
}

/**
 * A map of a cluster's sums: no arrays until its first key (a cluster's
 * lead numbers, lead subsets or long members per document may stay empty),
 * and up to 3/4 full, not 1/2: at 100,000 heavy documents the summed
 * vectors took 29 bytes an entry instead of 52 (docs/events-scale.md,
 * "Leaner sums").
 */
function sumsMap(): U32Map {
  return new U32Map(0, SUMS_MAP);
}

function addAll(into: U32Map, from: U32Map): void {
  for (let k = 0; k < from.size; k++) into.add(from.keyAt(k), from.valueAt(k));
}

/**
 * Calls f with the key of every subset of two or more of the item's lead
 * numbers: a 32-bit hash of its ids, whose lowest bit is the subset's size
 * parity (`subsetSign`).
 */
function forEachLeadSubset(c: DistanceContext, item: number, f: (key: number) => void): void {
  const { start, ids } = c.items.leads;
  const from = start[item];
  const count = Math.min(start[item + 1] - from, MAX_LEAD_NUMBERS);
  for (let mask = 3; mask < 1 << count; mask++) {
    if ((mask & (mask - 1)) === 0) continue;
    let h = 0x811c9dc5;
    let size = 0;
    for (let x = 0; x < count; x++) {
      if ((mask & (1 << x)) === 0) continue;
      size++;
      h = Math.imul(h ^ ids[from + x], 0x01000193);
      h ^= h >>> 15;
    }
    f(((h & ~1) | (size & 1)) >>> 0);
  }
}

/** +1 for subsets of odd size, −1 for even (inclusion–exclusion). */
function subsetSign(key: number): number {
  return key % 2 === 1 ? 1 : -1;
}

