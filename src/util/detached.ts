/**
 * Strings kept past the document they come from.
 *
 * V8 makes a slice of 13 characters or more a view into its parent (a
 * "sliced string"), which keeps the whole parent alive. A headline kept in
 * a feature batch thus kept its document's text (kilobytes) alive until the
 * batch was sent, and each young-generation collection in between copied
 * that text: on 20,000 archive documents, one worker's scavenges took
 * 458–474 ms with the slices kept, 298–330 ms with copies (`node --trace-gc
 * dist/bench/pool-run.js …`).
 */

/** Below this length V8 copies a slice anyway (SlicedString::kMinLength). */
const SLICE_MIN_LENGTH = 13;

/**
 * `s`, as a string that holds on to nothing longer than itself. Concatenating
 * makes a pair (a "cons string"); slicing that pair first writes it out as
 * one new flat string, of `s`'s characters and one more.
 */
export function detached(s: string): string {
  return s.length < SLICE_MIN_LENGTH ? s : (' ' + s).slice(1);
}
