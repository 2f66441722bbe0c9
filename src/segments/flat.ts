/**
 * A run of documents' segments in flat typed arrays: the form in which
 * segments cross between the main thread and the workers (transferred, not
 * copied), and back into ResolvedSegment objects.
 *
 * A segment is a run of consecutive blocks (merges join neighbours, splits
 * cut a run in two), so a first block and a count describe it.
 */
import type { SegmentFeatures } from '../features/batch.js';
import { EMPTY_VECTOR, type SparseVector } from '../features/tfidf.js';
import { segmentOf, type ResolvedSegment, type SegmentOpening } from './resolve.js';
import { typedArray } from '../util/typed-array.js';

export interface FlatSegments {
  /** The first document of the run. */
  firstDoc: number;
  /** Segments of document firstDoc + k: [segmentStart[k], segmentStart[k + 1]). */
  segmentStart: Uint32Array;
  firstBlock: Uint32Array;
  blockCount: Uint32Array;
  /** Bit 0: boilerplate; bits 1–2: what opened it (OPENINGS). */
  kind: Uint8Array;
  /** Segment s's vector is ids/weights[vectorStart[s] .. vectorStart[s + 1]) (absent: no vectors sent). */
  vectorStart?: Uint32Array;
  ids?: Uint32Array;
  weights?: Float32Array;
}

const OPENINGS: readonly SegmentOpening[] = ['edge', 'headline', 'cohesion', 'corpus'];
const BOILERPLATE = 1;

/**
 * Flattens the segments of documents firstDoc, firstDoc + 1, ...; with
 * their vectors when `withVectors`, in shared memory when `sharedVectors`
 * (so that other threads can read them where they are).
 */
export function flatten(segments: readonly ResolvedSegment[][], firstDoc: number, withVectors: boolean, sharedVectors = false): FlatSegments {
  let count = 0;
  let terms = 0;
  for (const segs of segments) {
    count += segs.length;
    if (withVectors) for (const seg of segs) terms += seg.vector.ids.length;
  }
  const flat: FlatSegments = {
    firstDoc,
    segmentStart: new Uint32Array(segments.length + 1),
    firstBlock: new Uint32Array(count),
    blockCount: new Uint32Array(count),
    kind: new Uint8Array(count),
  };
  const vectorStart = typedArray(Uint32Array, withVectors ? count + 1 : 0, sharedVectors);
  const ids = typedArray(Uint32Array, terms, sharedVectors);
  const weights = typedArray(Float32Array, terms, sharedVectors);
  let s = 0;
  segments.forEach((segs, k) => {
    for (const seg of segs) {
      const first = seg.blocks[0];
      if (seg.blocks.some((b, x) => b !== first + x)) throw new Error(`segment of document ${firstDoc + k} is not a run of blocks`);
      flat.firstBlock[s] = first;
      flat.blockCount[s] = seg.blocks.length;
      flat.kind[s] = (seg.boilerplate ? BOILERPLATE : 0) | (OPENINGS.indexOf(seg.openedBy) << 1);
      if (withVectors) {
        ids.set(seg.vector.ids, vectorStart[s]);
        weights.set(seg.vector.weights, vectorStart[s]);
        vectorStart[s + 1] = vectorStart[s] + seg.vector.ids.length;
      }
      s++;
    }
    flat.segmentStart[k + 1] = s;
  });
  if (withVectors) Object.assign(flat, { vectorStart, ids, weights });
  return flat;
}

/** The segments back as objects, per document of the run; vectors are views into the flat arrays (or empty when none were sent). */
export function unflatten(features: SegmentFeatures, flat: FlatSegments): ResolvedSegment[][] {
  const out: ResolvedSegment[][] = [];
  for (let k = 0; k + 1 < flat.segmentStart.length; k++) {
    const segs: ResolvedSegment[] = [];
    for (let s = flat.segmentStart[k]; s < flat.segmentStart[k + 1]; s++) {
      const blocks = Array.from({ length: flat.blockCount[s] }, (_, x) => flat.firstBlock[s] + x);
      const boilerplate = isBoilerplate(flat, s);
      segs.push(segmentOf(features, blocks, boilerplate, boilerplate ? EMPTY_VECTOR : vectorOf(flat, s), OPENINGS[flat.kind[s] >> 1]));
    }
    out.push(segs);
  }
  return out;
}

export function isBoilerplate(flat: FlatSegments, s: number): boolean {
  return (flat.kind[s] & BOILERPLATE) !== 0;
}

/** Segment s's vector (views), or the empty vector when the run carries none. */
export function vectorOf(flat: FlatSegments, s: number): SparseVector {
  const { vectorStart, ids, weights } = flat;
  if (vectorStart === undefined || ids === undefined || weights === undefined) return EMPTY_VECTOR;
  return { ids: ids.subarray(vectorStart[s], vectorStart[s + 1]), weights: weights.subarray(vectorStart[s], vectorStart[s + 1]) };
}

/** The run without its vectors. */
export function withoutVectors(flat: FlatSegments): FlatSegments {
  const { firstDoc, segmentStart, firstBlock, blockCount, kind } = flat;
  return { firstDoc, segmentStart, firstBlock, blockCount, kind };
}

/** The buffers to transfer with `flat` (shared ones are not transferred: they are shared). */
export function flatBuffers(flat: FlatSegments): ArrayBuffer[] {
  const arrays = [flat.segmentStart, flat.firstBlock, flat.blockCount, flat.kind, flat.vectorStart, flat.ids, flat.weights];
  return arrays.flatMap((a) => (a !== undefined && a.buffer instanceof ArrayBuffer ? [a.buffer] : []));
}
