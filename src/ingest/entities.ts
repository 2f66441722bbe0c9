/**
 * HTML character references. Not the full 2,000-name HTML5 table: news pages
 * use the Latin-1 names, typographic punctuation and numeric references, and
 * an unknown name is left as written rather than guessed at.
 */
import { CP1252_HIGH } from './decode.js';

/** HTML 4 Latin-1 names, in code point order from U+00A0. */
const LATIN1_NAMES =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute ' +
  'micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig ' +
  'Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash ' +
  'Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ' +
  'ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc ' +
  'uuml yacute thorn yuml';

const OTHER_NAMES: Record<string, number> = {
  amp: 0x26, lt: 0x3c, gt: 0x3e, quot: 0x22, apos: 0x27,
  OElig: 0x152, oelig: 0x153, Scaron: 0x160, scaron: 0x161, Yuml: 0x178, fnof: 0x192, circ: 0x2c6, tilde: 0x2dc,
  ensp: 0x2002, emsp: 0x2003, thinsp: 0x2009, zwnj: 0x200c, zwj: 0x200d, lrm: 0x200e, rlm: 0x200f,
  ndash: 0x2013, mdash: 0x2014, lsquo: 0x2018, rsquo: 0x2019, sbquo: 0x201a, ldquo: 0x201c, rdquo: 0x201d,
  bdquo: 0x201e, dagger: 0x2020, Dagger: 0x2021, bull: 0x2022, hellip: 0x2026, permil: 0x2030, prime: 0x2032,
  Prime: 0x2033, lsaquo: 0x2039, rsaquo: 0x203a, oline: 0x203e, frasl: 0x2044, euro: 0x20ac, trade: 0x2122,
  larr: 0x2190, uarr: 0x2191, rarr: 0x2192, darr: 0x2193, harr: 0x2194, minus: 0x2212, le: 0x2264, ge: 0x2265,
  ne: 0x2260, asymp: 0x2248, infin: 0x221e, deg: 0xb0,
};

const NAMED = new Map<string, string>();
LATIN1_NAMES.split(' ').forEach((name, i) => NAMED.set(name, String.fromCharCode(0xa0 + i)));
for (const [name, cp] of Object.entries(OTHER_NAMES)) NAMED.set(name, String.fromCodePoint(cp));

/** Names browsers still accept without the trailing semicolon, as old pages rely on it. */
const LEGACY_NO_SEMICOLON = new Set(['amp', 'lt', 'gt', 'quot', 'nbsp', 'copy', 'reg']);

const REFERENCE = /&(?:#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,8})|([A-Za-z][A-Za-z0-9]{1,31}))(;?)/g;

export function decodeEntities(s: string): string {
  if (s.indexOf('&') === -1) return s;
  return s.replace(REFERENCE, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined, semi: string) => {
    if (name !== undefined) {
      const ch = NAMED.get(name);
      if (ch !== undefined && (semi === ';' || LEGACY_NO_SEMICOLON.has(name))) return ch;
      if (semi === '') {
        // `&copy2020` reads as `©2020` in browsers: a legacy name may run straight into text.
        for (const legacy of LEGACY_NO_SEMICOLON) {
          if (name.startsWith(legacy)) return NAMED.get(legacy) + name.slice(legacy.length);
        }
      }
      return whole;
    }
    return fromCodePoint(dec !== undefined ? parseInt(dec, 10) : parseInt(hex ?? '', 16));
  });
}

/** Numeric references as browsers read them: 0x80–0x9F mean Windows-1252, invalid ones U+FFFD. */
function fromCodePoint(cp: number): string {
  if (cp >= 0x80 && cp <= 0x9f) return String.fromCharCode(CP1252_HIGH[cp - 0x80]);
  if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(cp);
}
