/**
 * The heavy loops of event clustering, as tasks a worker thread (or this
 * one) runs alike over shared memory: the candidate searches of a range of
 * items, cosines of a range of candidate pairs, distances of a range of pairs kept within the cut, and average
 * linkage inside a list of blocks. Each result depends only on its inputs,
 * never on which thread ran it or how the work was cut into tasks.
 */
import { TermIndex, type SharedTermIndex } from '../features/term-index.js';
import { VectorStore, type SharedVectors } from '../features/vector-store.js';
import type { Edges } from './blocks.js';
import { contextOf, distance, type DistanceContext, type SharedDistanceContext } from './distance.js';
import { dotProducts } from './hashed-dot.js';
import { denseOver, type SharedDenseVectors } from './item-vectors.js';
import { averageLinkage, cutTree } from './hclust.js';

export interface PairsTask {
  /** The candidate index over the items' heaviest terms, with its item lists. */
  index: SharedTermIndex;
  /** Items whose searches this task runs. */
  from: number;
  to: number;
}

/** Candidate pairs proposed by items [from, to): sorted keys i * items + j, without repeats. */
export function pairsRun(task: PairsTask): Float64Array {
  return TermIndex.fromShared(task.index).pairs(task.from, task.to);
}

export interface SimilarityTask {
  vectors: SharedVectors;
  /** See EventItems.kindScale and DistanceContext.dense. */
  kindScale: Float64Array;
  dense?: SharedDenseVectors;
  /** See EventClusterOptions.maxWordShare. */
  maxWordShare: number;
  /** Pair keys i * items + j, ascending. */
  pairs: Float64Array;
  /** Written here: out[x] = cosine of pair x, for x in [from, to) (shared, so no copy comes back). */
  out: Float64Array;
  from: number;
  to: number;
}

export function similarityRun(task: SimilarityTask): void {
  const vectors = VectorStore.over(task.vectors);
  const dots = dotProducts(vectors, task.kindScale, denseOver(task.dense), task.maxWordShare);
  const m = vectors.count;
  for (let x = task.from; x < task.to; x++) {
    const i = Math.floor(task.pairs[x] / m);
    task.out[x] = dots.dot(i, task.pairs[x] - i * m);
  }
}

export interface EdgeTask {
  context: SharedDistanceContext;
  /** Candidate pairs, sorted; this task weighs [from, to). */
  pairs: Float64Array;
  /** The pairs' cosines where already computed (same positions as `pairs`). */
  similarity?: Float64Array;
  from: number;
  to: number;
}

/** The task's pairs within the cut, in pair order. */
export function edgeRun(task: EdgeTask, context: DistanceContext = contextOf(task.context)): Edges {
  const { pairs, similarity } = task;
  const m = context.items.vectors.count;
  const i = new Int32Array(task.to - task.from);
  const j = new Int32Array(task.to - task.from);
  const d = new Float64Array(task.to - task.from);
  let count = 0;
  for (let x = task.from; x < task.to; x++) {
    const key = pairs[x];
    const a = Math.floor(key / m);
    const b = key - a * m;
    const dist = distance(context, a, b, similarity?.[x]);
    if (dist > context.o.threshold) continue;
    i[count] = a;
    j[count] = b;
    d[count++] = dist;
  }
  return { i: i.slice(0, count), j: j.slice(0, count), d: d.slice(0, count) };
}

export interface BlockTask {
  context: SharedDistanceContext;
  /** Block k is blockItems[blockStart[k] .. blockStart[k + 1]), items ascending. */
  blockStart: Int32Array;
  blockItems: Int32Array;
}

export interface BlockResult {
  /** Per item of blockItems, its cluster within its block (average linkage cut at the threshold). */
  cluster: Int32Array;
  /**
   * The merges within the cut, as triples (item, item, height): an item of
   * each of the two clusters joined (global indexes) and their distance; in
   * merge order, block after block.
   */
  merges: Float64Array;
}

export function blockRun(task: BlockTask, context: DistanceContext = contextOf(task.context)): BlockResult {
  const { blockStart, blockItems } = task;
  const cluster = new Int32Array(blockItems.length);
  const merges: number[] = [];
  for (let k = 0; k + 1 < blockStart.length; k++) {
    const block = blockItems.subarray(blockStart[k], blockStart[k + 1]);
    const n = block.length;
    if (n < 2) continue;
    const condensed = new Float64Array((n * (n - 1)) / 2);
    let at = 0;
    for (let x = 0; x < n; x++) for (let y = x + 1; y < n; y++) condensed[at++] = distance(context, block[x], block[y]);
    const tree = averageLinkage(n, condensed);
    const threshold = context.o.threshold;
    cluster.set(cutTree(tree, threshold), blockStart[k]);
    // A point of each cluster stands for it, as in cutTree.
    const rep = new Int32Array(2 * n - 1);
    for (let x = 0; x < n; x++) rep[x] = x;
    for (let m = 0; m < n - 1; m++) {
      rep[n + m] = rep[tree.left[m]];
      if (tree.height[m] <= threshold) merges.push(block[rep[tree.left[m]]], block[rep[tree.right[m]]], tree.height[m]);
    }
  }
  return { cluster, merges: Float64Array.from(merges) };
}
