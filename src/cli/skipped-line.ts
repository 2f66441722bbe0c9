/**
 * The stderr line that says what a corpus folder held besides inputs, so a
 * folder of `.xml` files is not taken for an empty corpus.
 */
import type { SkippedSummary } from '../types.js';

/** `storyline: skipped 3 entries that are not inputs (2 hidden, 1 unknown-extension), such as ".git", "a.xml"`, or '' when none. */
export function skippedLine(skipped: SkippedSummary): string {
  if (skipped.count === 0) return '';
  const reasons = Object.entries(skipped.byReason).map(([reason, n]) => `${n} ${reason}`);
  const names = skipped.examples.map((e) => quoted(e.path));
  const more = skipped.count > names.length ? ', …' : '';
  const entries = skipped.count === 1 ? 'entry that is not an input' : 'entries that are not inputs';
  return `storyline: skipped ${skipped.count} ${entries} (${reasons.join(', ')}), such as ${names.join(', ')}${more}\n`;
}

/**
 * A file name in quotes, with anything a terminal would act on escaped:
 * JSON escapes C0 controls, quotes and backslashes; DEL, C1 controls and the
 * bidirectional overrides (which reorder what is shown) are escaped here.
 */
function quoted(name: string): string {
  return JSON.stringify(name).replace(/[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
