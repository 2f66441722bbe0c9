/**
 * Blocks for event clustering: the connected components of the edge graph
 * (candidate pairs within the cut). An average-linkage cluster at the cut
 * always lies inside one of them (see events/cluster.ts).
 */
import { UnionFind } from '../util/union-find.js';

/** Edge e joins items i[e] < j[e] at distance d[e]. */
export interface Edges {
  i: Int32Array;
  j: Int32Array;
  d: Float64Array;
}

/** The components (single items too), each ascending, ordered by their first item. */
export function components(m: number, edges: Edges): number[][] {
  const uf = new UnionFind(m);
  for (let e = 0; e < edges.d.length; e++) uf.union(edges.i[e], edges.j[e]);
  const blockOfRoot = new Map<number, number[]>();
  const out: number[][] = [];
  for (let item = 0; item < m; item++) {
    const root = uf.find(item);
    let block = blockOfRoot.get(root);
    if (block === undefined) {
      block = [];
      blockOfRoot.set(root, block);
      out.push(block);
    }
    block.push(item);
  }
  return out;
}

/** The edges of each of `blocks` (by position), in edge order. */
export function edgesOfBlocks(m: number, edges: Edges, blocks: readonly Int32Array[]): Edges[] {
  const blockOf = new Int32Array(m).fill(-1);
  blocks.forEach((block, b) => block.forEach((item) => (blockOf[item] = b)));
  const counts = new Int32Array(blocks.length);
  for (let e = 0; e < edges.d.length; e++) if (blockOf[edges.i[e]] >= 0) counts[blockOf[edges.i[e]]]++;
  const out = Array.from(counts, (count) => ({ i: new Int32Array(count), j: new Int32Array(count), d: new Float64Array(count) }));
  const fill = new Int32Array(blocks.length);
  for (let e = 0; e < edges.d.length; e++) {
    const b = blockOf[edges.i[e]];
    if (b < 0) continue;
    const at = fill[b]++;
    out[b].i[at] = edges.i[e];
    out[b].j[at] = edges.j[e];
    out[b].d[at] = edges.d[e];
  }
  return out;
}
