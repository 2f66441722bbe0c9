/**
 * The stderr line that says what a corpus folder held besides inputs, so a
 * folder of `.xml` files is not taken for an empty corpus.
 */
import type { SkippedSummary } from '../types.js';
import { printable } from '../util/printable.js';

/** `storyline: skipped 3 entries that are not inputs (2 hidden, 1 unknown-extension), such as ".git", "a.xml"`, or '' when none. */
export function skippedLine(skipped: SkippedSummary): string {
  if (skipped.count === 0) return '';
  const reasons = Object.entries(skipped.byReason).map(([reason, n]) => `${n} ${reason}`);
  const names = skipped.examples.map((e) => quoted(e.path));
  const more = skipped.count > names.length ? ', …' : '';
  const entries = skipped.count === 1 ? 'entry that is not an input' : 'entries that are not inputs';
  return `storyline: skipped ${skipped.count} ${entries} (${reasons.join(', ')}), such as ${names.join(', ')}${more}\n`;
}

/** A file name in quotes, shown as `printable` shows text to a person (a quote inside escaped). */
function quoted(name: string): string {
  return `"${printable(name).replace(/"/g, '\\"')}"`;
}
