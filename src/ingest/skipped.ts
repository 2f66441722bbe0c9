/**
 * What a corpus folder held that is not an input (hidden entries, files of
 * other kinds): counted by reason, with the first few named, so a folder of
 * `.xml` files does not pass for an empty corpus. Small whatever the folder:
 * counts and a fixed number of examples, in walk order (sorted, so the same
 * folder gives the same summary).
 */
import type { SkippedSummary } from '../types.js';
import type { SkipReason } from './folder.js';

const EXAMPLES = 5;
const REASONS: readonly SkipReason[] = ['hidden', 'no-extension', 'unknown-extension'];

export class SkippedTally {
  private readonly counts = new Map<SkipReason, number>();
  private readonly examples: SkippedSummary['examples'] = [];

  readonly add = (path: string, reason: SkipReason): void => {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
    if (this.examples.length < EXAMPLES) this.examples.push({ path, reason });
  };

  summary(): SkippedSummary {
    const byReason: SkippedSummary['byReason'] = {};
    let count = 0;
    for (const reason of REASONS) {
      const n = this.counts.get(reason);
      if (n === undefined) continue;
      byReason[reason] = n;
      count += n;
    }
    return { count, byReason, examples: [...this.examples] };
  }
}
