/**
 * The distance between two event items (story segments), as events/cluster.ts
 * defines it, and the context it needs: in one thread, or shared with the
 * worker threads that compute distances for the clustering.
 */
import { VectorStore, type SharedVectors } from '../features/vector-store.js';
import type { EventClusterOptions } from './cluster.js';
import { dotProducts, type DotProducts } from './hashed-dot.js';
import { denseOver, shareDense, type DenseVectors, type SharedDenseVectors } from './item-vectors.js';
import { NearestNeighbours } from './neighbours.js';
import { leadNumbersDisagree, type LeadSets } from './lead-numbers.js';

/**
 * Added to the distance of two segments of one document that are both long
 * enough to stand as stories (at least SAME_DOCUMENT_MIN_TOKENS).
 * Segmentation cut them apart as different stories; in a small corpus,
 * names they share ("Lavrov", "Russia") would otherwise put them back into
 * one event (sample corpus, 001). A short part (a standfirst under a new
 * headline) is more likely a piece of its neighbour's story, and may still
 * join its event and be merged back (segments/consolidate.ts).
 */
export const SAME_DOCUMENT_PENALTY = 1;
const SAME_DOCUMENT_MIN_TOKENS = 150;

/** Is the item long enough that another long part of its document is kept apart from it (SAME_DOCUMENT_PENALTY)? */
export function sameDocumentPenaltyApplies(items: EventItems, i: number): boolean {
  return items.doc[i] >= 0 && items.tokens[i] >= SAME_DOCUMENT_MIN_TOKENS;
}

/** The distance of two reports published too far apart to be one event: beyond any cut. */
export const APART = 2;

/** The segments to cluster, in flat arrays (item i in each). */
export interface EventItems {
  /** The segments' event vectors, as they are. */
  vectors: VectorStore;
  /** Per item, the multiplier of each kind of term in its vector: [4i + kind] (events/item-vectors.ts). */
  kindScale: Float64Array;
  /** Days since epoch, NaN if unknown. */
  date: Float64Array;
  /** Publication day (days since epoch) of the item's document, as the input gave it; NaN if it gave none. */
  published: Float64Array;
  /** The document the segment is part of (-1: none): parts of one document were cut apart as different stories. */
  doc: Int32Array;
  /** Tokens in the segment. */
  tokens: Int32Array;
  /** The numbers of each segment's lead (events/lead-numbers.ts). */
  leads: LeadSets;
}

/** What the distance between two items depends on besides their cosine. */
export interface DistanceContext {
  items: EventItems;
  near: NearestNeighbours;
  o: Required<EventClusterOptions>;
  dots: DotProducts;
  /** A scaled copy with dense term ids, for spread dot products (small stores only: `dotProducts`). */
  dense?: DenseVectors;
}

/** A distance context as another thread receives it: arrays in shared memory, not copied. */
export interface SharedDistanceContext {
  vectors: SharedVectors;
  kindScale: Float64Array;
  date: Float64Array;
  published: Float64Array;
  doc: Int32Array;
  tokens: Int32Array;
  leads: LeadSets;
  neighbours: Int32Array;
  o: Required<EventClusterOptions>;
  dense?: SharedDenseVectors;
}

export function shareContext(c: DistanceContext): SharedDistanceContext {
  const { vectors, kindScale, date, published, doc, tokens, leads } = c.items;
  return { vectors: vectors.share(), kindScale, date, published, doc, tokens, leads, neighbours: c.near.neighbours, o: c.o, dense: shareDense(c.dense) };
}

/** The context `shareContext` gave, in this thread (with its own dot-product scratch). */
export function contextOf(shared: SharedDistanceContext): DistanceContext {
  const { kindScale, date, published, doc, tokens, leads, o } = shared;
  const items: EventItems = { vectors: VectorStore.over(shared.vectors), kindScale, date, published, doc, tokens, leads };
  const dense = denseOver(shared.dense);
  return { items, near: NearestNeighbours.over(shared.neighbours, o.neighbours), o, dots: dotProducts(items.vectors, kindScale, dense, o.maxWordShare), dense };
}

/**
 * The distance of items i and j (see events/cluster.ts), given their
 * vectors' cosine when already known. Items published too far apart are
 * APART before any dot product (a block can span months: its links chain
 * day to day).
 */
export function distance(c: DistanceContext, i: number, j: number, knownCos?: number): number {
  const { items, near, o } = c;
  if (Math.abs(items.published[i] - items.published[j]) > o.maxDaysApart) return APART;
  const cos = knownCos ?? c.dots.dot(i, j);
  const w = o.sharedNeighbourWeight;
  let d = 1 - (w > 0 ? (1 - w) * cos + w * near.shared(i, j) : cos);
  const a = items.date[i];
  const b = items.date[j];
  if (!Number.isNaN(a) && !Number.isNaN(b)) d += o.dateWeight * Math.min(1, Math.abs(a - b) / o.dateScaleDays);
  if (o.leadNumberPenalty > 0 && leadNumbersDisagree(items.leads, i, j)) d += o.leadNumberPenalty;
  if (items.doc[i] === items.doc[j] && sameDocumentPenaltyApplies(items, i) && sameDocumentPenaltyApplies(items, j)) d += SAME_DOCUMENT_PENALTY;
  return Math.max(0, d);
}

