/**
 * Typed arrays that may live in shared memory. Worker threads read a
 * SharedArrayBuffer in place (structured clone shares it, never copies),
 * so the stores later stages hand to the pool are allocated here.
 */

export type TypedArray = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float32Array | Float64Array;

export interface TypedArrayType<T extends TypedArray> {
  new (length: number): T;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

/** A zeroed array of `length` elements, over a SharedArrayBuffer when `shared`. */
export function typedArray<T extends TypedArray>(type: TypedArrayType<T>, length: number, shared: boolean): T {
  return shared ? new type(new SharedArrayBuffer(length * type.BYTES_PER_ELEMENT), 0, length) : new type(length);
}

/** A zeroed array of `length` elements over a SharedArrayBuffer. */
export function sharedArray<T extends TypedArray>(type: TypedArrayType<T>, length: number): T {
  return typedArray(type, length, true);
}

/** A copy of `array` with room for `length` elements (zeros past its end), in ordinary memory: how a scratch or store array grows. */
export function grown<T extends TypedArray>(array: T, length: number): T {
  return resized(array, length, array.length);
}

/** The first `length` elements of `array` in a new array of `size` (≥ length) in ordinary memory: how an array shrinks, or grows keeping only its used part. */
export function resized<T extends TypedArray>(array: T, size: number, length: number): T {
  const copy = new (array.constructor as TypedArrayType<T>)(size);
  copy.set(array.subarray(0, length));
  return copy;
}
