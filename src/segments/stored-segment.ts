/**
 * A segment unflattened from a run (segments/flat.ts). Its vector stays in
 * the run's arrays and is viewed only when read: two views held per
 * segment cost ~230 bytes of heap each, ~0.4 GB at a million documents on
 * the main thread through the whole events stage.
 *
 * Assigning `vector` replaces the stored one and lets go of the arrays.
 * A copy by spread (`{ ...segment }`) has no `vector`: name it.
 */
import { EMPTY_VECTOR, type SparseVector } from '../features/tfidf.js';
import type { VectorArrays } from '../features/vector-store.js';
import type { ResolvedSegment, SegmentOpening } from './resolve.js';

export class StoredSegment implements ResolvedSegment {
  // (Private by #: a spread copies none of them.)
  #assigned: SparseVector | undefined = undefined;
  #arrays: VectorArrays | undefined;
  readonly #from: number;
  readonly #to: number;

  /** The vector is arrays.ids/weights[from, to) (one arrays object for a run's segments); no arrays: empty. */
  constructor(
    public blocks: number[],
    public boilerplate: boolean,
    public openedBy: SegmentOpening,
    public start: number,
    public end: number,
    public tokens: number,
    arrays: VectorArrays | undefined,
    from: number,
    to: number,
  ) {
    this.#arrays = arrays;
    this.#from = from;
    this.#to = to;
  }

  get vector(): SparseVector {
    if (this.#assigned !== undefined) return this.#assigned;
    if (this.#arrays === undefined) return EMPTY_VECTOR;
    return { ids: this.#arrays.ids.subarray(this.#from, this.#to), weights: this.#arrays.weights.subarray(this.#from, this.#to) };
  }

  set vector(v: SparseVector) {
    this.#assigned = v;
    this.#arrays = undefined;
  }
}
