/** JSON text made safe for places beyond a JSON parser: terminals, line splitters, HTML. */

/**
 * JSON text with the characters JSON leaves raw in strings but that do harm
 * outside a JSON parser written as `\\uXXXX` escapes, which every parser
 * reads back as the same characters: U+0085, U+2028 and U+2029, where
 * readers that split lines by Unicode's rules (Python's `str.splitlines`)
 * cut a record; DEL, the C1 controls (U+009B is a terminal's CSI) and the
 * bidi controls, which act on a terminal that shows the text (`cat
 * out.jsonl`). They occur only inside strings.
 */
export function inertJson(json: string): string {
  return UNSAFE.test(json) ? json.replace(UNSAFE_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
}
const UNSAFE = /[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');

