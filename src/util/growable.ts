/**
 * A typed array that grows in place, for stores appended to batch by batch
 * whose final size is unknown (a corpus streamed from disk).
 *
 * Backed by a resizable ArrayBuffer: V8 reserves the address space up front
 * and commits pages only as they are written, so growing never copies and
 * never holds an old and a new buffer at once (growing by copying doubled a
 * million documents' block terms, ~1 GB, at the worst moment). Where a
 * reservation is refused, or the contents outgrow it (4 GiB), it falls back
 * to growing by copying.
 */

export type TypedArray = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;

export interface TypedArrayType<T extends TypedArray> {
  new (length: number): T;
  new (buffer: ArrayBuffer, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

/** ES2024's resizable ArrayBuffer, which this project's TypeScript lib (ES2022) does not describe. */
interface ResizableBuffer extends ArrayBuffer {
  readonly resizable: boolean;
  readonly maxByteLength: number;
  resize(byteLength: number): void;
}
const ResizableArrayBuffer = ArrayBuffer as unknown as new (byteLength: number, options: { maxByteLength: number }) => ResizableBuffer;

/** The largest reservation V8 grants (bytes). */
const MAX_RESERVATION = 2 ** 32;

export class GrowableArray<T extends TypedArray> {
  private buffer: ArrayBuffer;
  /** The whole buffer, as elements; replaced when the buffer grows. */
  private all: T;
  private used = 0;

  constructor(private readonly type: TypedArrayType<T>) {
    try {
      this.buffer = new ResizableArrayBuffer(64 * 1024, { maxByteLength: MAX_RESERVATION });
    } catch {
      this.buffer = new ArrayBuffer(64 * 1024);
    }
    this.all = this.view(this.buffer.byteLength / type.BYTES_PER_ELEMENT);
  }

  get length(): number {
    return this.used;
  }

  append(values: ArrayLike<number> & { length: number }): void {
    this.reserve(this.used + values.length);
    this.all.set(values, this.used);
    this.used += values.length;
  }

  push(value: number): void {
    this.reserve(this.used + 1);
    this.all[this.used++] = value;
  }

  /** The values so far, as a view of the store (no copy: appending later may overwrite past its end, never inside). */
  values(): T {
    return this.view(this.used);
  }

  private view(length: number): T {
    return new this.type(this.buffer, 0, length);
  }

  private reserve(length: number): void {
    const bytes = length * this.type.BYTES_PER_ELEMENT;
    if (bytes <= this.buffer.byteLength) return;
    const wanted = Math.max(bytes, this.buffer.byteLength * 2);
    const buffer = this.buffer as ResizableBuffer;
    if (buffer.resizable === true && bytes <= buffer.maxByteLength) {
      buffer.resize(Math.min(wanted, buffer.maxByteLength));
    } else {
      const grown = new ArrayBuffer(wanted);
      new Uint8Array(grown).set(new Uint8Array(this.buffer, 0, this.used * this.type.BYTES_PER_ELEMENT));
      this.buffer = grown;
    }
    this.all = this.view(this.buffer.byteLength / this.type.BYTES_PER_ELEMENT);
  }
}
