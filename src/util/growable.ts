/**
 * A typed array that grows as values are appended, for stores filled batch
 * by batch whose final size is unknown (a corpus streamed from disk).
 *
 * Growing doubles the buffer by copying. A store that may grow large can
 * name a larger capacity to jump to once it outgrows its first megabyte:
 * the operating system commits a large buffer's pages only when they are
 * first written (calloc'd memory is mapped lazily), so the untouched part
 * costs address space, not memory, and the store then never copies again
 * and never holds an old and a new buffer at once. (Reserving it up front
 * would cost every small run ~60 ms.) Plain buffers, not resizable ones:
 * Node 20's V8 reads typed arrays over resizable buffers 1.5–4× slower,
 * and the later stages read these arrays in their inner loops. */

import { typedArray, type TypedArray, type TypedArrayType } from './typed-array.js';

/** The first capacity (elements). */
const FIRST = 16 * 1024;

/** Bytes past which a growing array jumps to its reserve. */
const JUMP_BYTES = 1024 * 1024;

export class GrowableArray<T extends TypedArray> {
  /** The whole buffer, as elements. */
  private all: T;
  private used = 0;

  /**
   * @param reserve Elements to jump to once the array outgrows
   *   JUMP_BYTES. Where the system refuses that much address space, the
   *   array goes on doubling.
   * @param shared Keep the values in a SharedArrayBuffer, so that worker
   *   threads can read them without a copy (also committed lazily).
   */
  constructor(
    private readonly type: TypedArrayType<T>,
    private readonly reserve = 0,
    private readonly shared = false,
  ) {
    this.all = this.allocate(FIRST);
  }

  get length(): number {
    return this.used;
  }

  append(values: ArrayLike<number> & { length: number }): void {
    if (this.used + values.length > this.all.length) this.grow(this.used + values.length);
    this.all.set(values, this.used);
    this.used += values.length;
  }

  push(value: number): void {
    if (this.used === this.all.length) this.grow(this.used + 1);
    this.all[this.used++] = value;
  }

  /** The values so far, as a view of the store (no copy: appending later may overwrite past its end, never inside). */
  values(): T {
    return new this.type(this.all.buffer, 0, this.used);
  }

  private allocate(length: number): T {
    return typedArray(this.type, length, this.shared);
  }

  private grow(atLeast: number): void {
    const doubled = Math.max(atLeast, this.all.length * 2);
    let grown: T | undefined;
    if (doubled * this.type.BYTES_PER_ELEMENT > JUMP_BYTES && this.reserve > doubled) {
      try {
        grown = this.allocate(this.reserve);
      } catch {
        // no room for the reserve: go on doubling
      }
    }
    grown ??= this.allocate(doubled);
    grown.set(this.all.subarray(0, this.used));
    this.all = grown;
  }
}
