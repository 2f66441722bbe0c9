/**
 * An inverted index from a vector's heaviest terms to the items holding
 * them: the sparse candidate search that keeps event clustering and
 * cross-document segmentation from comparing every pair of the corpus.
 * Texts with a high cosine share heavy, rare terms; a term held by more
 * than `maxPosting` items is too common to say anything and proposes
 * nothing.
 *
 * Bounded work per item, whatever the corpus size. In a large archive many
 * terms are held by hundreds of items, and pairing every holder with every
 * other would make candidates grow with the corpus (at 50,000 documents,
 * over 16 million pairs; at a million, billions). So each posting list is
 * kept heaviest holder first, a search reads at most `holdersPerTerm`
 * holders of each of its terms, and it keeps the `candidates` items with
 * the highest partial dot product over the indexed terms (a lower bound of
 * their cosine; ties: lower item). When no list is longer than
 * `holdersPerTerm` and no item has more than `candidates` candidates (every
 * small corpus), this is exactly "all items sharing an indexed term".
 *
 * Storage is flat (compressed rows): the posting lists in one array, and
 * per item the lists it is in, with the term's weight in each.
 */
import { heaviestFirst, keepHeaviest } from '../util/heaviest.js';
import { U32Map } from '../util/u32-map.js';
import { U32Table } from '../util/u32-table.js';
import type { SparseVector } from './tfidf.js';
import { sortedUnique } from '../util/sorted-keys.js';
import { grown, typedArray } from '../util/typed-array.js';


export interface CandidateLimits {
  /** Holders read per posting list, heaviest first. @defaultValue 64 */
  holdersPerTerm?: number;
  /** Candidates kept per item (pairs) or per query. @defaultValue 32 */
  candidates?: number;
  /**
   * Per item, a group: a query for group g never proposes items of group g
   * (copies of the querying text), so they take no candidate's place.
   */
  groups?: ArrayLike<number>;
  /**
   * Per item, a day (NaN: unknown): `pairs()` never proposes two items more
   * than `maxDaysApart` days apart, so they take no candidate's place.
   */
  days?: ArrayLike<number>;
  /** @defaultValue Infinity */
  maxDaysApart?: number;
  /**
   * The index only answers `query()`: each item's own list of terms, which
   * only `pairs()` reads, is dropped once the posting lists are built (at a
   * million documents, ~150 MB for cross-document splits).
   */
  queriesOnly?: boolean;
  /**
   * The index is in shared memory: worker threads can then query the same
   * index, or search pairs for a range of its items (`share()`,
   * `TermIndex.fromShared`), without a copy.
   */
  shared?: boolean;
}

/** Vectors by item number (a VectorStore, or vectors kept elsewhere). */
export interface VectorSource {
  readonly count: number;
  vector(item: number): SparseVector;
}

/**
 * An index as worker threads receive it: the posting lists (shared, not
 * copied), the limits and, unless it is for queries only, each item's lists
 * and days, for `pairs()`.
 */
export interface SharedTermIndex {
  items: number;
  termsPerItem: number;
  maxPosting: number;
  holdersPerTerm: number;
  candidates: number;
  /** U32Table pairs: term id → list number. */
  lists: Float64Array;
  listStart: Uint32Array;
  listItems: Uint32Array;
  listWeights: Float32Array;
  groups?: Int32Array;
  itemLists?: { start: Uint32Array; lists: Uint32Array; weights: Float32Array; days?: Float64Array; maxDaysApart: number };
}

export const DEFAULT_CANDIDATE_LIMITS = { holdersPerTerm: 64, candidates: 32 };

/** Indices of the `count` heaviest entries of a vector, heaviest first (ties: smaller id). */
export function heaviest(v: SparseVector, count: number): number[] {
  const top = new Uint32Array(Math.min(count, v.ids.length));
  heaviestInto(v, count, top);
  return Array.from(top);
}

/** `heaviest` into `out` (at least min(count, length) long) without allocating; returns how many. */
function heaviestInto(v: SparseVector, count: number, out: Uint32Array): number {
  return heaviestFirst(v.weights, v.ids, v.ids.length, count, out);
}

export class TermIndex {
  /** Term id → its posting list's number. */
  private readonly listOf: U32Table;
  /** Holders of list l: listItems[listStart[l] .. listStart[l + 1]), heaviest first (ties: lower item). */
  private readonly listStart: Uint32Array;
  private readonly listItems: Uint32Array;
  private readonly listWeights: Float32Array;
  /** Lists of item i, and i's weight in each: itemLists/itemWeights[itemStart[i] .. itemStart[i + 1]). */
  private itemStart: Uint32Array;
  private itemLists: Uint32Array;
  private itemWeights: Float32Array;
  /**
   * Per item, side by side (one cache line per look-up: the holders of a
   * search are scattered over the whole corpus): [2·item] the stamp of the
   * last search that found it, [2·item + 1] its position in `found` then.
   */
  private readonly entry: Float64Array;
  private stamp = 0;
  /** Items found by the current search, and their partial dot products with it. */
  private readonly found: Int32Array;
  private readonly foundScore: Float64Array;
  private foundCount = 0;
  private readonly positions: Int32Array;
  /** A query's heaviest terms (scratch). */
  private readonly top: Uint32Array;
  private readonly holdersPerTerm: number;
  private readonly candidates: number;
  private readonly groups: ArrayLike<number> | undefined;
  private readonly days: ArrayLike<number> | undefined;
  private readonly maxDaysApart: number;
  private readonly queriesOnly: boolean;

  /** The index `share()` gave, in another thread (it answers `pairs()` too if it had its item lists). */
  static fromShared(shared: SharedTermIndex): TermIndex {
    const items = shared.itemLists;
    const limits: CandidateLimits = { ...shared, days: items?.days, maxDaysApart: items?.maxDaysApart, queriesOnly: items === undefined };
    return new TermIndex(shared, shared.termsPerItem, shared.maxPosting, limits);
  }

  constructor(
    source: readonly SparseVector[] | VectorSource | SharedTermIndex,
    private readonly termsPerItem: number,
    private readonly maxPosting: number,
    limits: CandidateLimits = {},
  ) {
    this.holdersPerTerm = limits.holdersPerTerm ?? DEFAULT_CANDIDATE_LIMITS.holdersPerTerm;
    this.candidates = limits.candidates ?? DEFAULT_CANDIDATE_LIMITS.candidates;
    this.groups = limits.groups;
    this.maxDaysApart = limits.maxDaysApart ?? Infinity;
    this.days = this.maxDaysApart < Infinity ? limits.days : undefined;
    this.queriesOnly = limits.queriesOnly === true;
    this.top = new Uint32Array(termsPerItem);
    let n: number;
    if ('listItems' in source) {
      n = source.items;
      this.listOf = U32Table.over(source.lists);
      this.listStart = source.listStart;
      this.listItems = source.listItems;
      this.listWeights = source.listWeights;
      this.itemStart = source.itemLists?.start ?? new Uint32Array(1);
      this.itemLists = source.itemLists?.lists ?? new Uint32Array(0);
      this.itemWeights = source.itemLists?.weights ?? new Float32Array(0);
    } else {
      n = 'count' in source ? source.count : source.length;
      const vectors = source;
      const vectorAt = 'vector' in vectors ? (i: number) => vectors.vector(i) : (i: number) => vectors[i];
      const shared = limits.shared === true;
      // Items' lists first (each item has at most termsPerItem), then the lists' holders by counting.
      // (Shared pages past the end are never touched, so never committed.)
      this.itemStart = typedArray(Uint32Array, n + 1, shared && !this.queriesOnly);
      const itemLists = typedArray(Uint32Array, n * termsPerItem, shared && !this.queriesOnly);
      const itemWeights = typedArray(Float32Array, n * termsPerItem, shared && !this.queriesOnly);
      const listOf = new U32Map(1 << 12);
      let sizes = new Uint32Array(1024);
      let lists = 0;
      let at = 0;
      const top = this.top;
      for (let item = 0; item < n; item++) {
        const v = vectorAt(item);
        const kept = heaviestInto(v, termsPerItem, top);
        for (let x = 0; x < kept; x++) {
          const k = top[x];
          let list = listOf.get(v.ids[k], -1);
          if (list < 0) {
            list = lists++;
            listOf.set(v.ids[k], list);
            if (list === sizes.length) sizes = grown(sizes, 2 * sizes.length);
          }
          sizes[list]++;
          itemLists[at] = list;
          itemWeights[at++] = v.weights[k];
        }
        this.itemStart[item + 1] = at;
      }
      this.itemLists = itemLists.subarray(0, at);
      this.itemWeights = itemWeights.subarray(0, at);
      this.listOf = U32Table.from(listOf, (l) => l, shared);
      this.listStart = typedArray(Uint32Array, lists + 1, shared);
      for (let l = 0; l < lists; l++) this.listStart[l + 1] = this.listStart[l] + sizes[l];
      this.listItems = typedArray(Uint32Array, at, shared);
      this.listWeights = typedArray(Float32Array, at, shared);
      const fill = this.listStart.slice(0, lists);
      for (let item = 0; item < n; item++) {
        for (let x = this.itemStart[item]; x < this.itemStart[item + 1]; x++) {
          const p = fill[this.itemLists[x]]++;
          this.listItems[p] = item;
          this.listWeights[p] = this.itemWeights[x];
        }
      }
      for (let l = 0; l < lists; l++) this.sortList(l);
      if (this.queriesOnly) {
        this.itemStart = new Uint32Array(1);
        this.itemLists = new Uint32Array(0);
        this.itemWeights = new Float32Array(0);
      }
    }
    this.entry = new Float64Array(2 * n);
    // A search reads at most holdersPerTerm holders of each of its terms.
    const most = termsPerItem * this.holdersPerTerm;
    this.found = new Int32Array(most);
    this.foundScore = new Float64Array(most);
    this.positions = new Int32Array(most);
  }

  /** What worker threads need to use this index (shared when built with `shared`, else copied). */
  share(): SharedTermIndex {
    // (Groups and days given as plain arrays are copied: shared ones, as callers give, are not.)
    const groups = this.groups === undefined || this.groups instanceof Int32Array ? this.groups : Int32Array.from(this.groups);
    const days = this.days === undefined || this.days instanceof Float64Array ? this.days : Float64Array.from(this.days);
    const itemLists = this.queriesOnly
      ? undefined
      : { start: this.itemStart, lists: this.itemLists, weights: this.itemWeights, days, maxDaysApart: this.maxDaysApart };
    return {
      items: this.entry.length / 2,
      termsPerItem: this.termsPerItem,
      maxPosting: this.maxPosting,
      holdersPerTerm: this.holdersPerTerm,
      candidates: this.candidates,
      lists: this.listOf.pairs,
      listStart: this.listStart,
      listItems: this.listItems,
      listWeights: this.listWeights,
      groups,
      itemLists,
    };
  }

  /**
   * Pairs of items (i < j) proposed by the searches of items [from, to), as
   * i * n + j (n: the items), ascending, without repeats. The union over
   * ranges that cover the items is every pair either item proposes.
   */
  pairs(from = 0, to = this.itemStart.length - 1): Float64Array {
    if (this.queriesOnly) throw new Error('TermIndex: pairs() on an index built for queries only');
    const n = this.itemStart.length - 1;
    // Each item proposes at most `candidates` pairs: one array of that size, sorted, duplicates dropped.
    const out = new Float64Array((to - from) * this.candidates);
    let count = 0;
    for (let i = from; i < to; i++) {
      this.begin();
      let common = 0;
      for (let x = this.itemStart[i]; x < this.itemStart[i + 1]; x++) {
        const l = this.itemLists[x];
        const size = this.listStart[l + 1] - this.listStart[l];
        if (size > this.maxPosting) common++;
        else if (size >= 2) this.scan(l, this.itemWeights[x], i, -1);
      }
      // Too few candidates from telling terms: the item is one of thousands telling one story (see `sample`).
      if (common > 0 && this.foundCount < this.candidates) {
        for (let x = this.itemStart[i]; x < this.itemStart[i + 1]; x++) {
          const l = this.itemLists[x];
          if (this.listStart[l + 1] - this.listStart[l] > this.maxPosting) this.sample(l, this.itemWeights[x], i);
        }
      }
      for (const j of this.best()) out[count++] = i < j ? i * n + j : j * n + i;
    }
    // A view of a buffer of its own (sent to another thread whole, not copied): pages past the end are never written.
    return sortedUnique(out.subarray(0, count));
  }

  /** Items proposed for `v` (sharing one of its heaviest terms), outside group `exclude`, ascending. */
  query(v: SparseVector, exclude = -1): number[] {
    this.begin();
    const kept = heaviestInto(v, this.termsPerItem, this.top);
    for (let x = 0; x < kept; x++) {
      const k = this.top[x];
      const l = this.listOf.get(v.ids[k], -1);
      if (l >= 0) this.scan(l, v.weights[k], -1, exclude);
    }
    return Array.from(this.best());
  }

  private begin(): void {
    this.foundCount = 0;
    this.stamp++;
  }

  /**
   * Adds weight × holder weight to the scores of list l's heaviest holders
   * (except `self` and group `exclude`). A list over `maxPosting` is a term
   * too common to say anything, and proposes nothing here.
   */
  private scan(l: number, weight: number, self: number, exclude: number): void {
    const start = this.listStart[l];
    const size = this.listStart[l + 1] - start;
    if (size > this.maxPosting) return;
    this.score(start, start + Math.min(size, this.holdersPerTerm), weight, self, exclude);
  }

  /**
   * A list over `maxPosting` read for an item that found too few candidates
   * otherwise: one story told by thousands (an election night), every one
   * of its terms too common. Its reports must still find each other, so
   * each reads a window of holders of its own: the thousands are linked in
   * a web, not through the same few hubs.
   */
  private sample(l: number, weight: number, self: number): void {
    const size = this.listStart[l + 1] - this.listStart[l];
    // A list over maxPosting may still be shorter than the window (maxPosting is an option): then the window is the list.
    const window = Math.min(this.holdersPerTerm, size);
    const start = this.listStart[l] + ((Math.imul(self + 1, 0x9e3779b1) >>> 0) % (size - window + 1));
    this.score(start, start + window, weight, self, -1);
  }

  private score(start: number, end: number, weight: number, self: number, exclude: number): void {
    const { entry, found, foundScore, stamp, days } = this;
    const day = self >= 0 && days !== undefined ? days[self] : NaN;
    for (let p = start; p < end; p++) {
      const item = this.listItems[p];
      if (item === self || (exclude >= 0 && this.groups !== undefined && this.groups[item] === exclude)) continue;
      // (A NaN day on either side compares false: unknown dates never exclude.)
      if (days !== undefined && Math.abs(day - days[item]) > this.maxDaysApart) continue;
      let at: number;
      if (entry[2 * item] !== stamp) {
        at = this.foundCount++;
        entry[2 * item] = stamp;
        entry[2 * item + 1] = at;
        found[at] = item;
        foundScore[at] = 0;
      } else {
        at = entry[2 * item + 1];
      }
      foundScore[at] += weight * this.listWeights[p];
    }
  }

  /** The found items with the highest scores (at most `candidates`; ties: lower item), ascending. */
  private best(): Int32Array {
    const positions = this.positions.subarray(0, this.foundCount);
    for (let x = 0; x < positions.length; x++) positions[x] = x;
    const kept = keepHeaviest(positions, this.candidates, this.foundScore, this.found);
    const items = positions.subarray(0, kept);
    for (let x = 0; x < kept; x++) items[x] = this.found[items[x]];
    return items.sort();
  }

  /** Orders list l heaviest holder first (ties: lower item). */
  private sortList(l: number): void {
    const start = this.listStart[l];
    const end = this.listStart[l + 1];
    if (end - start < 2) return;
    if (end - start <= SHORT_LIST) {
      sortShortList(this.listItems, this.listWeights, start, end);
      return;
    }
    const items = this.listItems.slice(start, end);
    const weights = this.listWeights.slice(start, end);
    const order = new Uint32Array(end - start);
    for (let i = 0; i < order.length; i++) order[i] = i;
    order.sort((a, b) => weights[b] - weights[a] || items[a] - items[b]);
    for (let i = 0; i < order.length; i++) {
      this.listItems[start + i] = items[order[i]];
      this.listWeights[start + i] = weights[order[i]];
    }
  }
}

/** Posting lists up to this long are sorted by insertion, in place (most lists are this short). */
const SHORT_LIST = 32;

/**
 * Holders [start, end) heaviest first, ties by lower item, in place. The
 * holders come in item order, and insertion keeps equal weights in it.
 */
function sortShortList(items: Uint32Array, weights: Float32Array, start: number, end: number): void {
  for (let x = start + 1; x < end; x++) {
    const item = items[x];
    const weight = weights[x];
    let y = x - 1;
    while (y >= start && weights[y] < weight) {
      items[y + 1] = items[y];
      weights[y + 1] = weights[y];
      y--;
    }
    items[y + 1] = item;
    weights[y + 1] = weight;
  }
}
