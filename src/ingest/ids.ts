/**
 * Keeps ids unique across one ingest run. Everything downstream (results,
 * near-duplicate groups, events) refers to documents by id, so two inputs
 * sharing one would silently merge; instead the later one gets a suffix and
 * a warning that points back at the first.
 *
 * The registry is also where a run that keeps no object per document
 * (`dedup`) finds ids and origins again: every id handed out is kept as
 * UTF-16 code units in one typed array, and an origin `FILE:LINE` (a JSONL
 * line) as FILE, shared with the lines before it, and LINE as a number.
 * A million ids as a Map of strings with their origins were ~0.15 GiB.
 */
import { hashString } from '../features/hash.js';
import type { DocWarning } from '../types.js';
import { grown } from '../util/typed-array.js';

export interface ClaimedId {
  id: string;
  warning?: DocWarning;
}

/** A line number written after an origin's last `:` exactly as `String(n)` writes it. */
const LINE_NUMBER = /^(0|[1-9]\d{0,8})$/;

/** Characters per `String.fromCharCode` call when an id is read back (its arguments go on the stack). */
const CHARS_PER_CALL = 4096;

export class IdRegistry {
  /** Entry e's id is `units[idStart[e], idStart[e + 1])`. */
  private units = new Uint16Array(4096);
  private unitCount = 0;
  private idStart = new Int32Array(1024);
  private idHash = new Uint32Array(1024);
  /** Entry e's origin: `prefixes[originPrefix[e]]`, then `:` and `originLine[e]` when that is ≥ 0. */
  private originPrefix = new Int32Array(1024);
  private originLine = new Int32Array(1024);
  private readonly prefixes: string[] = [];
  /** Open addressing on the id hash: entry + 1, 0 when free; at most half full. */
  private slots = new Int32Array(2048);
  private count = 0;
  /** Where to resume the `~N` search for a base id, so n copies cost O(n), not O(n²). */
  private readonly nextSuffix = new Map<string, number>();

  /** Ids handed out so far (renamed ones included). */
  get size(): number {
    return this.count;
  }

  /**
   * The id `id` if it is free, else the first free `id~N` with a warning
   * naming the origin that holds `id`. Either way the id returned is taken
   * from now on, by `origin`, as entry `size - 1`.
   */
  claim(id: string, origin: string): ClaimedId {
    const first = this.find(id);
    if (first < 0) {
      this.add(id, origin);
      return { id };
    }
    let n = this.nextSuffix.get(id) ?? 2;
    while (this.find(`${id}~${n}`) >= 0) n++;
    const renamed = `${id}~${n}`;
    this.nextSuffix.set(id, n + 1);
    this.add(renamed, origin);
    return {
      id: renamed,
      warning: {
        code: 'duplicate-id',
        message: `id "${id}" is already used by ${this.origin(first)}; renamed to "${renamed}"`,
      },
    };
  }

  /** The id of entry `e` (the e-th id handed out). */
  id(e: number): string {
    const from = this.idStart[e];
    const to = this.idStart[e + 1];
    let s = '';
    for (let at = from; at < to; at += CHARS_PER_CALL) s += String.fromCharCode(...this.units.subarray(at, Math.min(to, at + CHARS_PER_CALL)));
    return s;
  }

  /** The origin that took entry `e`. */
  origin(e: number): string {
    const prefix = this.prefixes[this.originPrefix[e]];
    const line = this.originLine[e];
    return line < 0 ? prefix : `${prefix}:${line}`;
  }

  /** The order of the ids of entries `a` and `b` as strings compare (by UTF-16 code units): negative, 0 or positive. */
  compare(a: number, b: number): number {
    const { units, idStart } = this;
    const aEnd = idStart[a + 1];
    const bEnd = idStart[b + 1];
    for (let i = idStart[a], j = idStart[b]; i < aEnd && j < bEnd; i++, j++) if (units[i] !== units[j]) return units[i] - units[j];
    return aEnd - idStart[a] - (bEnd - idStart[b]);
  }

  /** Entry of `id`, or -1. */
  private find(id: string): number {
    const hash = hashString(id);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const e = this.slots[slot] - 1;
      if (e < 0) return -1;
      if (this.idHash[e] === hash && this.holds(e, id)) return e;
    }
  }

  private holds(e: number, id: string): boolean {
    const from = this.idStart[e];
    if (this.idStart[e + 1] - from !== id.length) return false;
    for (let i = 0; i < id.length; i++) if (this.units[from + i] !== id.charCodeAt(i)) return false;
    return true;
  }

  private add(id: string, origin: string): void {
    const e = this.count++;
    if (this.count + 1 > this.idStart.length) {
      const size = this.idStart.length * 2;
      this.idStart = grown(this.idStart, size);
      this.idHash = grown(this.idHash, size);
      this.originPrefix = grown(this.originPrefix, size);
      this.originLine = grown(this.originLine, size);
    }
    if (this.unitCount + id.length > this.units.length) this.units = grown(this.units, Math.max(this.unitCount + id.length, this.units.length * 2));
    for (let i = 0; i < id.length; i++) this.units[this.unitCount++] = id.charCodeAt(i);
    this.idStart[e + 1] = this.unitCount;
    this.idHash[e] = hashString(id);
    this.keepOrigin(e, origin);
    if (this.count * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(e);
  }

  private keepOrigin(e: number, origin: string): void {
    const colon = origin.lastIndexOf(':');
    const line = colon >= 0 && LINE_NUMBER.test(origin.slice(colon + 1)) ? Number(origin.slice(colon + 1)) : -1;
    const prefix = line >= 0 ? origin.slice(0, colon) : origin;
    const last = this.prefixes.length - 1;
    if (last < 0 || this.prefixes[last] !== prefix) this.prefixes.push(prefix);
    this.originPrefix[e] = this.prefixes.length - 1;
    this.originLine[e] = line;
  }

  private place(e: number): void {
    const mask = this.slots.length - 1;
    let slot = this.idHash[e] & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = e + 1;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size);
    for (let e = 0; e < this.count; e++) this.place(e);
  }
}

/**
 * Each document's position in id order (ids are unique): the tie-breaker of
 * every later choice, so that input order never decides one.
 */
export function rankById(docs: readonly { id: string }[]): Int32Array {
  const order = Array.from({ length: docs.length }, (_, d) => d).sort((a, b) => (docs[a].id < docs[b].id ? -1 : docs[a].id > docs[b].id ? 1 : 0));
  const rank = new Int32Array(docs.length);
  order.forEach((d, r) => (rank[d] = r));
  return rank;
}

/**
 * The documents of a run as entries of its registry: ids and origins
 * without an object or a string per document.
 */
export class RegisteredDocs {
  constructor(
    private readonly registry: IdRegistry,
    /** Registry entry of each document, in document order. */
    private readonly entries: Int32Array,
  ) {}

  get count(): number {
    return this.entries.length;
  }

  id(d: number): string {
    return this.registry.id(this.entries[d]);
  }

  origin(d: number): string {
    return this.registry.origin(this.entries[d]);
  }

  /** Each document's position in id order, as `rankById` gives it. */
  rank(): Int32Array {
    const { registry, entries } = this;
    const order = Int32Array.from({ length: entries.length }, (_, d) => d).sort((a, b) => registry.compare(entries[a], entries[b]));
    const rank = new Int32Array(entries.length);
    for (let r = 0; r < order.length; r++) rank[order[r]] = r;
    return rank;
  }
}
