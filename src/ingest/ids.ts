/**
 * Keeps ids unique across one ingest run. Everything downstream (results,
 * near-duplicate groups, events) refers to documents by id, so two inputs
 * sharing one would silently merge; instead the later one gets a suffix and
 * a warning that points back at the first.
 */
import type { DocWarning } from '../types.js';

export interface ClaimedId {
  id: string;
  warning?: DocWarning;
}

export class IdRegistry {
  /** Every id handed out, renamed ones included, with the origin that took it. */
  private readonly owners = new Map<string, string>();
  /** Where to resume the `~N` search for a base id, so n copies cost O(n), not O(n²). */
  private readonly nextSuffix = new Map<string, number>();

  claim(id: string, origin: string): ClaimedId {
    const first = this.owners.get(id);
    if (first === undefined) {
      this.owners.set(id, origin);
      return { id };
    }
    let n = this.nextSuffix.get(id) ?? 2;
    while (this.owners.has(`${id}~${n}`)) n++;
    const renamed = `${id}~${n}`;
    this.nextSuffix.set(id, n + 1);
    this.owners.set(renamed, origin);
    return {
      id: renamed,
      warning: {
        code: 'duplicate-id',
        message: `id "${id}" is already used by ${first}; renamed to "${renamed}"`,
      },
    };
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
