/**
 * Packs raw inputs (ingest/inputs.ts) into a task for the feature workers:
 * their bytes copied back to back into shared memory (one copy on the main
 * thread, a memcpy; parsing them is the workers' job), and back again.
 */
import type { RawInput } from '../ingest/inputs.js';
import type { TaskInput } from './protocol.js';

/** The arena's first size; it doubles when an input does not fit, and the next arena starts at that size. */
const FIRST_ARENA_BYTES = 1024 * 1024;

/** Spare arenas kept at most: a few tasks' worth (more only after a backlog, which need not stay in memory). */
const MAX_SPARE = 8;

export class TaskPacker {
  /**
   * Arenas whose tasks are done, for reuse: memory written for the first
   * time costs a page fault per 4 KB, which made fresh arenas a good part
   * of the main thread's work.
   */
  private readonly spare: SharedArrayBuffer[] = [];
  private arena = new Uint8Array(new SharedArrayBuffer(FIRST_ARENA_BYTES));
  private used = 0;
  private inputs: TaskInput[] = [];
  /** Bytes, or characters for documents from code: what bounds a batch's memory. */
  private held = 0;

  get count(): number {
    return this.inputs.length;
  }

  get size(): number {
    return this.held;
  }

  /** Copies the input's bytes in (the reader may reuse its buffer) and returns its index in the task. */
  add(input: RawInput): number {
    if (input.kind === 'doc') {
      this.inputs.push({ kind: 'doc', doc: input.doc });
      this.held += input.doc.text.length;
      return this.inputs.length - 1;
    }
    const from = this.used;
    const to = from + input.bytes.length;
    if (to > this.arena.length) this.grow(to);
    this.arena.set(input.bytes, from);
    this.used = to;
    this.held += input.bytes.length;
    this.inputs.push(input.kind === 'line' ? { kind: 'line', name: input.name, n: input.n, from, to } : { kind: 'file', origin: input.origin, size: input.size, from, to });
    return this.inputs.length - 1;
  }

  /** The inputs added since the last call, and their bytes (a view of shared memory no one else writes to). */
  take(): { inputs: TaskInput[]; bytes: Uint8Array } {
    const taken = { inputs: this.inputs, bytes: this.arena.subarray(0, this.used) };
    const reused = this.spare.pop();
    this.arena = new Uint8Array(reused !== undefined && reused.byteLength >= this.arena.length ? reused : new SharedArrayBuffer(this.arena.length));
    this.used = 0;
    this.inputs = [];
    this.held = 0;
    return taken;
  }

  /** Hands back the bytes of a task no worker will read again (all its attempts are over). */
  recycle(bytes: Uint8Array): void {
    const buffer = bytes.buffer;
    if (buffer instanceof SharedArrayBuffer && buffer.byteLength >= this.arena.length && this.spare.length < MAX_SPARE) this.spare.push(buffer);
  }

  private grow(atLeast: number): void {
    let length = this.arena.length * 2;
    while (length < atLeast) length *= 2;
    const grown = new Uint8Array(new SharedArrayBuffer(length));
    grown.set(this.arena.subarray(0, this.used));
    this.arena = grown;
  }
}

/**
 * A task input as the raw input it was, with a private copy of its bytes:
 * the decoders expect ordinary (not shared) memory.
 */
export function rawInputOf(input: TaskInput, bytes: Uint8Array): RawInput {
  if (input.kind === 'doc') return input;
  const own = bytes.slice(input.from, input.to);
  return input.kind === 'line'
    ? { kind: 'line', name: input.name, n: input.n, bytes: own }
    : { kind: 'file', origin: input.origin, size: input.size, bytes: own };
}
