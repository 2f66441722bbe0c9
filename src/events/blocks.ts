/**
 * Blocks for event clustering: connected components of the edge graph
 * (candidate pairs within the cut), each split until it has at most
 * `maxBlock` items, so that the dense clustering of a block costs at most
 * maxBlock² (see events/cluster.ts).
 */
import { UnionFind } from '../util/union-find.js';

/** Edge e joins items i[e] < j[e] at distance d[e]. */
export interface Edges {
  i: Int32Array;
  j: Int32Array;
  d: Float64Array;
}

export interface BlockStats {
  splitBlocks: number;
}

/** The blocks, each ascending, ordered by their first item. */
export function boundedComponents(m: number, edges: Edges, threshold: number, maxBlock: number, stats: BlockStats): number[][] {
  const out: number[][] = [];
  // Position of an item in the member list being split (valid for that list's members only).
  const local = new Int32Array(m);
  const split = (members: readonly number[], memberEdges: Int32Array | null, cut: number) => {
    members.forEach((item, x) => (local[item] = x));
    const uf = new UnionFind(members.length);
    const edgeCount = memberEdges === null ? edges.d.length : memberEdges.length;
    for (let k = 0; k < edgeCount; k++) {
      const e = memberEdges === null ? k : memberEdges[k];
      if (edges.d[e] <= cut) uf.union(local[edges.i[e]], local[edges.j[e]]);
    }
    // Groups in order of their first member, members ascending as in `members`.
    const groupOfRoot = new Map<number, number[]>();
    members.forEach((item, x) => {
      const r = uf.find(x);
      const g = groupOfRoot.get(r);
      if (g) g.push(item);
      else groupOfRoot.set(r, [item]);
    });
    for (const group of groupOfRoot.values()) {
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
      split(group, edgesOf(group, memberEdges, cut), cut - 0.05);
    }
  };

  /** The edges within the cut that start in `group` (a component: they end in it too). */
  const edgesOf = (group: readonly number[], memberEdges: Int32Array | null, cut: number): Int32Array => {
    const inGroup = new Uint8Array(m);
    for (const item of group) inGroup[item] = 1;
    const kept: number[] = [];
    const edgeCount = memberEdges === null ? edges.d.length : memberEdges.length;
    for (let k = 0; k < edgeCount; k++) {
      const e = memberEdges === null ? k : memberEdges[k];
      if (edges.d[e] <= cut && inGroup[edges.i[e]] === 1) kept.push(e);
    }
    return Int32Array.from(kept);
  };

  split(
    Array.from({ length: m }, (_, i) => i),
    null,
    threshold,
  );
  out.sort((a, b) => a[0] - b[0]);
  return out;
}
