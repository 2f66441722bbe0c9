/**
 * Text for a person's terminal. Ids, file names, titles and messages come
 * from the corpus, and a raw ESC, BEL or newline in them could clear the
 * screen, set the window title or forge a line of our own output; a bidi
 * override could make one name read as another. Each such character is
 * shown as an escape instead (`\x1b`, `\u202e`), so it is visible and inert.
 * Data formats (json, jsonl) escape by JSON's own rules and do not use this.
 */

/** C0 controls (newline and tab included), DEL, C1 controls, line and paragraph separators, bidi marks, embeddings, overrides and isolates. */
const UNPRINTABLE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeOne(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every control, separator and bidi control character written as a visible escape. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escapeOne);
}
