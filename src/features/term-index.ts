/**
 * An inverted index from a vector's heaviest terms to the items holding
 * them: the sparse candidate search that keeps event clustering and
 * cross-document segmentation from comparing every pair of the corpus.
 * Texts with a high cosine share heavy, rare terms; a term held by more
 * than `maxPosting` items is too common to say anything and proposes
 * nothing, which also bounds the pairs any one term can create.
 *
 * Storage is flat (compressed rows): one array of posting lists, each list
 * in ascending item order, and per item the lists it is in. A million
 * items cost a few tens of MB, and pairs are produced item by item, already
 * in order, with no set of pair keys.
 */
import { U32Map } from '../util/u32-map.js';
import type { SparseVector } from './tfidf.js';

/** Indices of the `count` heaviest entries of a vector (ties: smaller id). */
export function heaviest(v: SparseVector, count: number): number[] {
  return [...v.ids.keys()].sort((x, y) => v.weights[y] - v.weights[x] || v.ids[x] - v.ids[y]).slice(0, count);
}

export class TermIndex {
  /** Term id → its posting list's number. */
  private readonly listOf = new U32Map(1 << 12);
  /** Items of list l: listItems[listStart[l] .. listStart[l + 1]), ascending. */
  private readonly listStart: Uint32Array;
  private readonly listItems: Uint32Array;
  /** Lists of item i: itemLists[itemStart[i] .. itemStart[i + 1]). */
  private readonly itemStart: Uint32Array;
  private readonly itemLists: Uint32Array;
  /** seen[item] === stamp: the item was already found in this query (reset in O(1) by a new stamp). */
  private readonly seen: Uint32Array;
  private stamp = 0;

  constructor(
    vectors: readonly SparseVector[],
    private readonly termsPerItem: number,
    private readonly maxPosting: number,
  ) {
    const n = vectors.length;
    this.itemStart = new Uint32Array(n + 1);
    const lists: number[] = [];
    const sizes: number[] = [];
    vectors.forEach((v, item) => {
      for (const k of heaviest(v, termsPerItem)) {
        let list = this.listOf.get(v.ids[k], -1);
        if (list < 0) {
          list = sizes.length;
          this.listOf.set(v.ids[k], list);
          sizes.push(0);
        }
        sizes[list]++;
        lists.push(list);
      }
      this.itemStart[item + 1] = lists.length;
    });
    this.itemLists = Uint32Array.from(lists);
    this.listStart = new Uint32Array(sizes.length + 1);
    for (let l = 0; l < sizes.length; l++) this.listStart[l + 1] = this.listStart[l] + sizes[l];
    this.listItems = new Uint32Array(lists.length);
    const fill = this.listStart.slice(0, sizes.length);
    for (let item = 0; item < n; item++) {
      for (let x = this.itemStart[item]; x < this.itemStart[item + 1]; x++) this.listItems[fill[this.itemLists[x]]++] = item;
    }
    this.seen = new Uint32Array(n);
  }

  /** All pairs of items (i < j) that share an indexed term, as i * n + j, ascending. */
  pairs(n: number): Float64Array {
    let out = new Float64Array(1024);
    let count = 0;
    const found: number[] = [];
    for (let i = 0; i + 1 < this.itemStart.length; i++) {
      this.nextStamp();
      found.length = 0;
      for (let x = this.itemStart[i]; x < this.itemStart[i + 1]; x++) {
        const l = this.itemLists[x];
        const start = this.listStart[l];
        const end = this.listStart[l + 1];
        if (end - start < 2 || end - start > this.maxPosting) continue;
        for (let p = end - 1; p >= start && this.listItems[p] > i; p--) {
          const j = this.listItems[p];
          if (this.seen[j] !== this.stamp) {
            this.seen[j] = this.stamp;
            found.push(j);
          }
        }
      }
      found.sort((a, b) => a - b);
      if (count + found.length > out.length) {
        const bigger = new Float64Array(Math.max(count + found.length, out.length * 2));
        bigger.set(out);
        out = bigger;
      }
      for (const j of found) out[count++] = i * n + j;
    }
    return out.slice(0, count);
  }

  /** Items sharing one of `v`'s heaviest terms, ascending. */
  query(v: SparseVector): number[] {
    this.nextStamp();
    const found: number[] = [];
    for (const k of heaviest(v, this.termsPerItem)) {
      const l = this.listOf.get(v.ids[k], -1);
      if (l < 0) continue;
      const start = this.listStart[l];
      const end = this.listStart[l + 1];
      if (end - start > this.maxPosting) continue;
      for (let p = start; p < end; p++) {
        const item = this.listItems[p];
        if (this.seen[item] !== this.stamp) {
          this.seen[item] = this.stamp;
          found.push(item);
        }
      }
    }
    return found.sort((a, b) => a - b);
  }

  private nextStamp(): void {
    if (++this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
  }
}
