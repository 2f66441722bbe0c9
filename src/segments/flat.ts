/**
 * A run of documents' segments in flat typed arrays: the form in which
 * segments cross between the main thread and the workers (transferred, not
 * copied), and back into ResolvedSegment objects.
 *
 * A segment is a run of consecutive blocks (merges join neighbours, splits
 * cut a run in two), so a first block and a count describe it.
 */
import type { SegmentFeatures } from '../features/batch.js';
import type { VectorArrays } from '../features/vector-store.js';
import { spanOf, type ResolvedSegment, type SegmentOpening } from './resolve.js';
import { StoredSegment } from './stored-segment.js';
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
  /** Segment s's vector is ids/weights[vectorStart[s] .. vectorStart[s + 1]) (absent: no vectors sent; the arrays may be shared with other runs, which use other parts). */
  vectorStart?: Uint32Array;
  ids?: Uint32Array;
  weights?: Float32Array;
}

const OPENINGS: readonly SegmentOpening[] = ['edge', 'headline', 'cohesion', 'corpus'];
const BOILERPLATE = 1;

/** Where `flatten` writes the vectors: new arrays (in shared memory when `shared`, so other threads can read them where they are), or a region of arrays that other runs write other regions of. */
export type VectorOutput = { shared: boolean } | VectorRegion;

/** Terms [from, to) of `ids` and `weights` (shared). */
export interface VectorRegion extends VectorArrays {
  from: number;
  to: number;
}

/**
 * Flattens the segments of documents firstDoc, firstDoc + 1, ...; with
 * their vectors when told where to put them (`vectorStart` is then an
 * offset into the arrays written, whichever they are).
 */
export function flatten(segments: readonly ResolvedSegment[][], firstDoc: number, vectors?: VectorOutput): FlatSegments {
  let count = 0;
  let terms = 0;
  for (const segs of segments) {
    count += segs.length;
    if (vectors !== undefined) for (const seg of segs) terms += seg.vector.ids.length;
  }
  const flat: FlatSegments = {
    firstDoc,
    segmentStart: new Uint32Array(segments.length + 1),
    firstBlock: new Uint32Array(count),
    blockCount: new Uint32Array(count),
    kind: new Uint8Array(count),
  };
  const out = vectors === undefined ? undefined : vectorArrays(vectors, terms, firstDoc);
  const vectorStart = new Uint32Array(out === undefined ? 0 : count + 1);
  if (out !== undefined) vectorStart[0] = out.from;
  let s = 0;
  segments.forEach((segs, k) => {
    for (const seg of segs) {
      const first = seg.blocks[0];
      if (seg.blocks.some((b, x) => b !== first + x)) throw new Error(`segment of document ${firstDoc + k} is not a run of blocks`);
      flat.firstBlock[s] = first;
      flat.blockCount[s] = seg.blocks.length;
      flat.kind[s] = (seg.boilerplate ? BOILERPLATE : 0) | (OPENINGS.indexOf(seg.openedBy) << 1);
      if (out !== undefined) {
        out.ids.set(seg.vector.ids, vectorStart[s]);
        out.weights.set(seg.vector.weights, vectorStart[s]);
        vectorStart[s + 1] = vectorStart[s] + seg.vector.ids.length;
      }
      s++;
    }
    flat.segmentStart[k + 1] = s;
  });
  if (out !== undefined) Object.assign(flat, { vectorStart, ids: out.ids, weights: out.weights });
  return flat;
}

function vectorArrays(vectors: VectorOutput, terms: number, firstDoc: number): VectorRegion {
  if (!('ids' in vectors)) {
    return { ids: typedArray(Uint32Array, terms, vectors.shared), weights: typedArray(Float32Array, terms, vectors.shared), from: 0, to: terms };
  }
  if (vectors.from + terms > vectors.to) {
    throw new Error(`the segment vectors of the run from document ${firstDoc} hold ${terms} terms, more than their region's ${vectors.to - vectors.from}`);
  }
  return vectors;
}

/** The segments back as objects, per document of the run; their vectors are read from the flat arrays (empty when none were sent). */
export function unflatten(features: SegmentFeatures, flat: FlatSegments): ResolvedSegment[][] {
  const { vectorStart, ids, weights } = flat;
  // One object for the run's segments to view their vectors through.
  const vectors = vectorStart !== undefined && ids !== undefined && weights !== undefined ? { ids, weights, start: vectorStart } : undefined;
  const out: ResolvedSegment[][] = [];
  for (let k = 0; k + 1 < flat.segmentStart.length; k++) {
    const segs: ResolvedSegment[] = [];
    for (let s = flat.segmentStart[k]; s < flat.segmentStart[k + 1]; s++) {
      const blocks = Array.from({ length: flat.blockCount[s] }, (_, x) => flat.firstBlock[s] + x);
      const { start, end, tokens } = spanOf(features, blocks);
      const boilerplate = isBoilerplate(flat, s);
      const opening = OPENINGS[flat.kind[s] >> 1];
      const [from, to] = vectors === undefined ? [0, 0] : [vectors.start[s], vectors.start[s + 1]];
      segs.push(new StoredSegment(blocks, boilerplate, opening, start, end, tokens, boilerplate ? undefined : vectors, from, to));
    }
    out.push(segs);
  }
  return out;
}

export function isBoilerplate(flat: FlatSegments, s: number): boolean {
  return (flat.kind[s] & BOILERPLATE) !== 0;
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
