/**
 * Joins the documents of LSH buckets into near-duplicate components, one
 * bucket at a time, without listing a bucket's pairs.
 *
 * A pair is verified only when its two documents are not yet in one
 * component (union-find): a pair inside a component cannot change the
 * components, so skipping it is exact. A family of copies then costs one
 * verification per copy, whatever the number of bands it shares.
 *
 * - A bucket of at most EXACT_BUCKET documents is resolved exactly: its
 *   members, met in order, are kept in groups by component, and a member is
 *   tried against each group it is not yet joined to, member by member until
 *   one verifies. Every pair of the bucket is thus verified or already
 *   joined, as if all its pairs had been listed.
 * - A larger bucket (thousands of wire copies, a template) is resolved
 *   within a bound: each member is tried against the first member of each
 *   of the first ANCHORS components met in the bucket and against the
 *   member before it. At most ANCHORS + 1 verifications a member.
 *
 * The caller gives buckets with members in a fixed order (rank, i.e. id
 * order): the choices then depend on the corpus, never on input order.
 */
import { UnionFind } from '../util/union-find.js';

/** Buckets up to this size are resolved exactly (every pair verified or already joined). */
export const EXACT_BUCKET = 64;

/** In a larger bucket, members are tried against the first member of this many components. */
export const ANCHORS = 8;

/** The Jaccard of a and b when they are near-duplicates, else a negative number. */
export type NearDupTest = (a: number, b: number) => number;

export class BucketJoiner {
  readonly components: UnionFind;
  /** The verified pairs that joined two components (a before b in bucket order), at most n − 1. */
  readonly edgeA: Int32Array;
  readonly edgeB: Int32Array;
  readonly edgeJaccard: Float64Array;
  edges = 0;

  // Exact buckets: groups of bucket positions as linked lists (head, tail, next), alive until merged.
  private readonly head = new Int32Array(EXACT_BUCKET);
  private readonly tail = new Int32Array(EXACT_BUCKET);
  private readonly next = new Int32Array(EXACT_BUCKET);
  private readonly alive = new Uint8Array(EXACT_BUCKET);
  private readonly anchor = new Int32Array(ANCHORS);

  constructor(
    n: number,
    private readonly nearDuplicates: NearDupTest,
  ) {
    this.components = new UnionFind(n);
    const edges = Math.max(0, n - 1);
    this.edgeA = new Int32Array(edges);
    this.edgeB = new Int32Array(edges);
    this.edgeJaccard = new Float64Array(edges);
  }

  join(bucket: Uint32Array, size: number): void {
    if (size <= EXACT_BUCKET) this.joinExact(bucket, size);
    else this.joinBounded(bucket, size);
  }

  private joinExact(bucket: Uint32Array, size: number): void {
    const { head, tail, next, alive, components } = this;
    let groups = 0;
    for (let i = 0; i < size; i++) {
      const d = bucket[i];
      let placed = -1;
      for (let g = 0; g < groups; g++) {
        if (alive[g] === 0) continue;
        if (components.find(bucket[head[g]]) !== components.find(d)) {
          let at = head[g];
          while (at >= 0 && !this.tryJoin(bucket[at], d)) at = next[at];
          if (at < 0) continue;
        }
        // d and group g are one component: one group for both.
        if (placed < 0) placed = g;
        else {
          next[tail[placed]] = head[g];
          tail[placed] = tail[g];
          alive[g] = 0;
        }
      }
      next[i] = -1;
      if (placed < 0) {
        head[groups] = tail[groups] = i;
        alive[groups++] = 1;
      } else {
        next[tail[placed]] = i;
        tail[placed] = i;
      }
    }
  }

  private joinBounded(bucket: Uint32Array, size: number): void {
    const { anchor, components } = this;
    let anchors = 0;
    anchor[anchors++] = bucket[0];
    for (let i = 1; i < size; i++) {
      const d = bucket[i];
      for (let x = 0; x < anchors; x++) if (components.find(anchor[x]) !== components.find(d)) this.tryJoin(anchor[x], d);
      if (components.find(bucket[i - 1]) !== components.find(d)) this.tryJoin(bucket[i - 1], d);
      if (anchors < ANCHORS && !this.joinedToAnchor(d, anchors)) anchor[anchors++] = d;
    }
  }

  private joinedToAnchor(d: number, anchors: number): boolean {
    const root = this.components.find(d);
    for (let x = 0; x < anchors; x++) if (this.components.find(this.anchor[x]) === root) return true;
    return false;
  }

  private tryJoin(a: number, b: number): boolean {
    const jaccard = this.nearDuplicates(a, b);
    if (jaccard < 0) return false;
    if (this.components.union(a, b)) {
      this.edgeA[this.edges] = a;
      this.edgeB[this.edges] = b;
      this.edgeJaccard[this.edges++] = jaccard;
    }
    return true;
  }
}
