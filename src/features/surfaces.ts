/**
 * How terms are written (their surfaces, for event labels and term lists):
 * one form per term id, chosen by `preferSurface`, which never depends on
 * the order forms come in. So a document, a batch and the whole corpus each
 * keep the same choice, whichever thread or batch saw a form first.
 *
 * On a U32Map (id → slot in an array of forms), not a Map<number, string>:
 * term ids above 2^30 are heap numbers to a Map, allocated at every insert
 * and hashed as doubles at every look-up. On the main thread, the corpus's
 * Map took 1.6 s of the features stage at 200,000 documents.
 */
import { U32Map } from '../util/u32-map.js';

/**
 * Picks one surface form among several deterministically (the result never
 * depends on the order they were seen in): not all capitals, then shortest,
 * then first in code-unit order.
 */
export function preferSurface(a: string, b: string): string {
  const aShout = a.length > 1 && a === a.toUpperCase();
  const bShout = b.length > 1 && b === b.toUpperCase();
  if (aShout !== bShout) return aShout ? b : a;
  if (a.length !== b.length) return a.length < b.length ? a : b;
  return a <= b ? a : b;
}

export class Surfaces {
  private readonly slotOf: U32Map;
  private readonly forms: string[] = [];

  /** @param capacity terms held before the map grows */
  constructor(capacity = 16) {
    this.slotOf = new U32Map(capacity);
  }

  /** The forms of ids and forms given side by side (as a FeatureBatch holds them). */
  static of(ids: ArrayLike<number>, forms: readonly string[]): Surfaces {
    const surfaces = new Surfaces(ids.length);
    for (let i = 0; i < ids.length; i++) surfaces.offer(ids[i], forms[i]);
    return surfaces;
  }

  get size(): number {
    return this.forms.length;
  }

  get(id: number): string | undefined {
    const slot = this.slotOf.get(id, -1);
    return slot < 0 ? undefined : this.forms[slot];
  }

  /** Keeps `form` for term `id` if the term has none yet, or if `preferSurface` prefers it to the one kept. */
  offer(id: number, form: string): void {
    const slot = this.slotOf.get(id, -1);
    if (slot < 0) {
      this.slotOf.set(id, this.forms.length);
      this.forms.push(form);
      return;
    }
    const known = this.forms[slot];
    if (known !== form) this.forms[slot] = preferSurface(known, form);
  }

  /** Calls `f(id, form)` for every term, in the order terms were first offered. */
  forEach(f: (id: number, form: string) => void): void {
    for (let i = 0; i < this.forms.length; i++) f(this.slotOf.keyAt(i), this.forms[i]);
  }

  /** Every term id in increasing order, and its form beside it. */
  sorted(): { ids: Uint32Array; forms: string[] } {
    const ids = new Uint32Array(this.forms.length);
    for (let i = 0; i < ids.length; i++) ids[i] = this.slotOf.keyAt(i);
    ids.sort();
    return { ids, forms: Array.from(ids, (id) => this.forms[this.slotOf.get(id)]) };
  }

  clear(): void {
    this.slotOf.clear();
    this.forms.length = 0;
  }
}
