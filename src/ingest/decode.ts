/**
 * Bytes → string for article files. Scraped archives mix UTF-8, UTF-16 from
 * Windows tools, legacy Windows-1252, UTF-8 with the odd stray byte and the
 * odd PDF saved as `.txt`; each file must either become text we can trust
 * offsets into (with a warning whenever it was not clean UTF-8), or a
 * precise error. Pure: no I/O here.
 */
import { isUtf8 } from 'node:buffer';
import type { DocWarning } from '../types.js';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export type Decoded =
  | {
      ok: true;
      text: string;
      encoding: Encoding;
      /** Bytes actually turned into text (BOM included); less than the input when a truncated tail held a partial character. */
      bytesUsed: number;
      warnings: DocWarning[];
    }
  | { ok: false; code: 'binary' | 'invalid-utf8'; message: string };

export interface DecodeOptions {
  /** The bytes are a prefix of a longer file, so a partial last character is expected and dropped rather than treated as invalid. */
  truncated?: boolean;
}

/** How far into the file we look for NUL bytes: enough to catch binaries, cheap on huge text. */
const SNIFF_BYTES = 8 * 1024;

interface Magic {
  bytes: readonly number[];
  what: string;
}

/** Formats that turn up in scraped corpora under a text extension. */
const MAGICS: readonly Magic[] = [
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF file' },
  { bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38, 0x37, 0x61], what: 'a GIF image' },
  { bytes: [0x47, 0x49, 0x46, 0x38, 0x39, 0x61], what: 'a GIF image' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (or a .docx/.xlsx/.odt document)' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], what: 'a ZIP archive (or a .docx/.xlsx/.odt document)' },
  { bytes: [0x1f, 0x8b], what: 'a gzip archive' },
];

/**
 * Windows-1252 code points for bytes 0x80–0x9F (the rest equals Latin-1).
 * Hand-rolled because Node 20's `TextDecoder('windows-1252')` silently
 * decodes as ISO-8859-1, turning curly quotes into C1 control characters.
 */
export const CP1252_HIGH: readonly number[] = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d,
  0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0x009d, 0x017e, 0x0178,
];

/** At most this share of control characters for a Windows-1252 reading to count as text. */
const MAX_CONTROL_SHARE = 0.01;

export function decodeBytes(bytes: Uint8Array, options: DecodeOptions = {}): Decoded {
  const truncated = options.truncated === true;

  const magic = sniffMagic(bytes);
  if (magic !== undefined) return { ok: false, code: 'binary', message: `looks like ${magic}, not text` };

  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(bytes, 'utf-16le', truncated);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(bytes, 'utf-16be', truncated);

  if (bytes.subarray(0, SNIFF_BYTES).indexOf(0) !== -1) {
    return { ok: false, code: 'binary', message: 'contains NUL bytes, looks like a binary file' };
  }

  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  // A truncated read may end inside a character; only that tail is forgiven.
  const end = truncated ? utf8CutPoint(bytes) : bytes.length;
  const body = bytes.subarray(bom, end);
  // Fast path: one native validation pass, one native decode.
  if (isUtf8(body)) {
    return { ok: true, text: toBuffer(body).toString('utf8'), encoding: 'utf-8', bytesUsed: end, warnings: [] };
  }

  // Not valid UTF-8: either UTF-8 with a few stray bytes, or a legacy
  // single-byte encoding. Pick the reading that garbles fewer characters: as
  // UTF-8 each invalid byte becomes one U+FFFD, as Windows-1252 every valid
  // multi-byte character turns into 2–4 characters of mojibake (é → Ã©).
  const scan = scanUtf8(body);
  if (scan.multibyte > scan.invalid) {
    const text = toBuffer(body).toString('utf8');
    if (looksLikeText(text)) {
      const first = bom + scan.firstInvalid;
      const bytesWord = scan.invalid === 1 ? 'byte' : 'bytes';
      return {
        ok: true,
        text,
        encoding: 'utf-8',
        bytesUsed: end,
        warnings: [
          {
            code: 'replaced-invalid-utf8',
            message: `${scan.invalid} invalid UTF-8 ${bytesWord} replaced with U+FFFD (the first at byte ${first})`,
          },
        ],
      };
    }
  }

  const text = decodeWindows1252(bytes.subarray(bom));
  if (looksLikeText(text)) {
    return {
      ok: true,
      text,
      encoding: 'windows-1252',
      bytesUsed: bytes.length,
      warnings: [{ code: 'decoded-windows-1252', message: 'not valid UTF-8; decoded as Windows-1252' }],
    };
  }
  return {
    ok: false,
    code: 'invalid-utf8',
    message: `invalid UTF-8 at byte ${bom + scan.firstInvalid}, and not plausible Windows-1252 text either`,
  };
}

function sniffMagic(bytes: Uint8Array): string | undefined {
  for (const { bytes: sig, what } of MAGICS) {
    if (bytes.length < sig.length) continue;
    let match = true;
    for (let i = 0; i < sig.length; i++) {
      if (bytes[i] !== sig[i]) {
        match = false;
        break;
      }
    }
    if (match) return what;
  }
  return undefined;
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be', truncated: boolean): Decoded {
  let end = bytes.length - ((bytes.length - 2) % 2);
  const littleEndian = encoding === 'utf-16le';
  if (truncated && end >= 4) {
    // Do not leave half a surrogate pair at the cut.
    const last = littleEndian ? bytes[end - 2] | (bytes[end - 1] << 8) : (bytes[end - 2] << 8) | bytes[end - 1];
    if (last >= 0xd800 && last <= 0xdbff) end -= 2;
  }
  const body = toBuffer(bytes.subarray(2, end));
  let text: string;
  if (littleEndian) {
    text = body.toString('utf16le');
  } else {
    const swapped = Buffer.from(body);
    swapped.swap16();
    text = swapped.toString('utf16le');
  }
  return {
    ok: true,
    text,
    encoding,
    bytesUsed: end,
    warnings: [{ code: 'decoded-utf16', message: `decoded as ${littleEndian ? 'UTF-16LE' : 'UTF-16BE'} (byte order mark found)` }],
  };
}

export function decodeWindows1252(bytes: Uint8Array): string {
  return toBuffer(bytes)
    .toString('latin1')
    .replace(/[\x80-\x9f]/g, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80]));
}

/** Binary data read as Windows-1252 is full of control characters; prose is not. */
function looksLikeText(text: string): boolean {
  if (text.length === 0) return true;
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) || (c >= 0x7f && c <= 0x9f)) controls++;
  }
  return controls <= text.length * MAX_CONTROL_SHARE;
}

/** Length of the UTF-8 sequence a lead byte starts, or 0 for a byte that cannot start one. */
function utf8SequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/**
 * The largest prefix length that does not end inside a multi-byte character,
 * so cutting a file at a byte budget never manufactures an invalid sequence.
 */
export function utf8CutPoint(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let i = n - 1; i >= 0 && i >= n - 4; i--) {
    const b = bytes[i];
    if ((b & 0xc0) === 0x80) continue;
    const len = utf8SequenceLength(b);
    return len > 0 && i + len > n ? i : n;
  }
  return n;
}

/**
 * Length of the well-formed UTF-8 sequence at `i` (per the Unicode rules: no
 * overlongs, surrogates or code points past U+10FFFF), or 0 if the byte
 * there does not start one.
 */
function validSequenceAt(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  if (b < 0x80) return 1;
  const len = utf8SequenceLength(b);
  if (len === 0 || i + len > bytes.length) return 0;
  const b1 = bytes[i + 1];
  let lo = 0x80;
  let hi = 0xbf;
  if (b === 0xe0) lo = 0xa0;
  else if (b === 0xed) hi = 0x9f;
  else if (b === 0xf0) lo = 0x90;
  else if (b === 0xf4) hi = 0x8f;
  if (b1 < lo || b1 > hi) return 0;
  for (let k = 2; k < len; k++) {
    if ((bytes[i + k] & 0xc0) !== 0x80) return 0;
  }
  return len;
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const len = validSequenceAt(bytes, i);
    if (len === 0) return i;
    i += len;
  }
  return -1;
}

export interface Utf8Scan {
  /** Well-formed characters of two or more bytes. */
  multibyte: number;
  /** Bytes that are not part of a well-formed character. */
  invalid: number;
  /** Offset of the first invalid byte, or -1. */
  firstInvalid: number;
}

/** Counts what a UTF-8 reading of `bytes` would keep and lose. Only used once native validation has failed. */
export function scanUtf8(bytes: Uint8Array): Utf8Scan {
  const scan: Utf8Scan = { multibyte: 0, invalid: 0, firstInvalid: -1 };
  for (let i = 0; i < bytes.length; ) {
    const len = validSequenceAt(bytes, i);
    if (len === 0) {
      if (scan.invalid++ === 0) scan.firstInvalid = i;
      i++;
    } else {
      if (len > 1) scan.multibyte++;
      i += len;
    }
  }
  return scan;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Bytes that should be UTF-8 (a file name) as a string that keeps them
 * apart: each byte that is not part of a well-formed character is written
 * `\xFF`, so names that differ only in such bytes stay different (U+FFFD
 * would make them one).
 */
export function escapeInvalidUtf8(bytes: Uint8Array): string {
  if (isUtf8(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  let out = '';
  let from = 0;
  for (let i = 0; i < bytes.length; ) {
    const len = validSequenceAt(bytes, i);
    if (len > 0) {
      i += len;
      continue;
    }
    out += Buffer.from(bytes.buffer, bytes.byteOffset + from, i - from).toString('utf8');
    out += `\\x${bytes[i].toString(16).toUpperCase().padStart(2, '0')}`;
    from = ++i;
  }
  return out + Buffer.from(bytes.buffer, bytes.byteOffset + from, bytes.length - from).toString('utf8');
}
