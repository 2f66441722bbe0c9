/**
 * HTML → plain text for saved news pages. Storyline reports offsets into the
 * text, so the output has to be stable and readable: block elements become
 * blank-line paragraph breaks (segmentation keys on them), inline markup
 * vanishes, and code, styles and templates never leak in.
 *
 * A small single-pass scanner over tags rather than a parser: every step
 * moves forward, so the cost is linear in the input even on broken markup,
 * which scraped pages often are. Pure: no I/O here.
 */
import { decodeEntities } from './entities.js';

export interface HtmlText {
  text: string;
  title?: string;
  /** From `article:published_time`, else the first `<time datetime>`; as written. */
  date?: string;
}

/** Elements whose content is never article text; skipped up to their end tag. */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'select']);

/** Elements that start and end a paragraph. */
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog', 'dir', 'div',
  'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'head',
  'header', 'hgroup', 'hr', 'html', 'legend', 'li', 'listing', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section',
  'summary', 'table', 'tbody', 'tfoot', 'thead', 'tr', 'ul', 'xmp',
]);

/** Table cells sit side by side: a space between them, not a paragraph. */
const CELLS = new Set(['td', 'th']);

/** Whitespace HTML collapses; no-break spaces too, as pages use `&nbsp;` for layout. */
const SPACE_RUN = /[ \t\n\r\f\u00a0]+/g;
const INLINE_SPACE_RUN = /[ \t\f\u00a0]+/g;

interface Tag {
  name: string;
  /** Index just past the tag's `>`. */
  end: number;
  selfClosing: boolean;
  attrs?: Map<string, string>;
}

/** Only these tags' attributes are ever read, so only they pay for collecting them. */
const ATTRS_WANTED = new Set(['meta', 'time']);

export function htmlToText(html: string): HtmlText {
  const out = new TextBuilder();
  const n = html.length;
  let title: string | undefined;
  let metaDate: string | undefined;
  let timeDate: string | undefined;
  let preDepth = 0;
  let i = 0;

  const text = (from: number, to: number): void => {
    if (to > from) out.text(decodeEntities(html.slice(from, to)), preDepth > 0);
  };

  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt === -1) {
      text(i, n);
      break;
    }
    text(i, lt);
    i = lt;
    const next = html.charCodeAt(i + 1);

    if (html.startsWith('<!--', i)) {
      const close = html.indexOf('-->', i + 4);
      i = close === -1 ? n : close + 3;
      continue;
    }
    if (next === 0x21 /* ! */ || next === 0x3f /* ? */) {
      // Doctype, CDATA, processing instruction: markup, never text.
      const close = html.indexOf('>', i + 2);
      i = close === -1 ? n : close + 1;
      continue;
    }
    if (next === 0x2f /* / */ && isAsciiLetter(html.charCodeAt(i + 2))) {
      const tag = scanTag(html, i + 2);
      i = tag.end;
      if (tag.name === 'pre' && preDepth > 0) preDepth--;
      layout(out, tag.name);
      continue;
    }
    if (!isAsciiLetter(next)) {
      out.text('<', preDepth > 0);
      i++;
      continue;
    }

    const tag = scanTag(html, i + 1);
    i = tag.end;
    const name = tag.name;
    if (SKIPPED.has(name)) {
      // Self-closing only means something for SVG/MathML; elsewhere the content still follows.
      if (!(tag.selfClosing && (name === 'svg' || name === 'math'))) i = findEndTag(html, i, name);
      continue;
    }
    if (name === 'title') {
      const close = findEndTag(html, i, 'title');
      if (title === undefined) {
        const t = decodeEntities(html.slice(i, close)).replace(SPACE_RUN, ' ').trim();
        if (t !== '') title = t;
      }
      i = close;
      continue;
    }
    if (name === 'meta' && metaDate === undefined && tag.attrs !== undefined) {
      const prop = (tag.attrs.get('property') ?? tag.attrs.get('name') ?? '').toLowerCase();
      const content = tag.attrs.get('content')?.trim();
      if (prop === 'article:published_time' && content) metaDate = content;
    } else if (name === 'time' && timeDate === undefined && tag.attrs !== undefined) {
      const datetime = tag.attrs.get('datetime')?.trim();
      if (datetime) timeDate = datetime;
    } else if (name === 'pre') {
      preDepth++;
    }
    layout(out, name);
  }

  const result: HtmlText = { text: out.toString() };
  if (title !== undefined) result.title = title;
  const date = metaDate ?? timeDate;
  if (date !== undefined) result.date = date;
  return result;
}

/** Start and end tags alike break the flow, as in a browser's rendering. */
function layout(out: TextBuilder, name: string): void {
  if (BLOCKS.has(name)) out.paragraph();
  else if (name === 'br') out.lineBreak();
  else if (CELLS.has(name)) out.space();
}

/**
 * Reads a tag name and its attributes from `start` (just past `<` or `</`)
 * to the closing `>`, honouring quotes so a `>` inside a value does not end
 * the tag.
 */
function scanTag(html: string, start: number): Tag {
  const n = html.length;
  let j = start;
  while (j < n && !isTagNameEnd(html.charCodeAt(j))) j++;
  const name = html.slice(start, j).toLowerCase();
  const attrs = ATTRS_WANTED.has(name) ? new Map<string, string>() : undefined;
  let selfClosing = false;
  while (j < n) {
    const c = html.charCodeAt(j);
    if (c === 0x3e /* > */) return { name, end: j + 1, selfClosing, attrs };
    if (isSpace(c) || c === 0x2f /* / */) {
      selfClosing = c === 0x2f;
      j++;
      continue;
    }
    selfClosing = false;
    const nameStart = j;
    j++; // a stray '=' or quote still makes progress
    while (j < n) {
      const d = html.charCodeAt(j);
      if (isSpace(d) || d === 0x2f || d === 0x3e || d === 0x3d /* = */) break;
      j++;
    }
    const attrName = html.slice(nameStart, j).toLowerCase();
    let k = j;
    while (k < n && isSpace(html.charCodeAt(k))) k++;
    let value = '';
    if (html.charCodeAt(k) === 0x3d) {
      k++;
      while (k < n && isSpace(html.charCodeAt(k))) k++;
      const q = html.charCodeAt(k);
      if (q === 0x22 || q === 0x27) {
        const close = html.indexOf(q === 0x22 ? '"' : "'", k + 1);
        const stop = close === -1 ? n : close;
        value = html.slice(k + 1, stop);
        j = close === -1 ? n : close + 1;
      } else {
        const valueStart = k;
        while (k < n && !isSpace(html.charCodeAt(k)) && html.charCodeAt(k) !== 0x3e) k++;
        value = html.slice(valueStart, k);
        j = k;
      }
    }
    if (attrs !== undefined && !attrs.has(attrName)) attrs.set(attrName, decodeEntities(value));
  }
  return { name, end: n, selfClosing, attrs };
}

/** Index of the `<` of `</name`, or the end of input when the element is never closed. */
function findEndTag(html: string, from: number, name: string): number {
  let j = from;
  for (;;) {
    j = html.indexOf('</', j);
    if (j === -1) return html.length;
    const after = j + 2 + name.length;
    if (html.slice(j + 2, after).toLowerCase() === name && (after >= html.length || isTagNameEnd(html.charCodeAt(after)))) {
      return j;
    }
    j += 2;
  }
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
}

function isTagNameEnd(c: number): boolean {
  return isSpace(c) || c === 0x2f || c === 0x3e;
}

/**
 * Accumulates text with HTML's whitespace rules: spaces collapse, nothing
 * leads or trails a line, and breaks only appear between pieces of text, so
 * the result never starts or ends with blank lines.
 */
class TextBuilder {
  private readonly parts: string[] = [];
  private hasText = false;
  /** Newlines owed before the next text: 1 after `<br>`, 2 for a paragraph. */
  private newlines = 0;
  private pendingSpace = false;

  paragraph(): void {
    if (!this.hasText) return;
    this.newlines = 2;
    this.pendingSpace = false;
  }

  lineBreak(): void {
    if (!this.hasText) return;
    this.newlines = Math.min(this.newlines + 1, 2);
    this.pendingSpace = false;
  }

  space(): void {
    if (this.hasText && this.newlines === 0) this.pendingSpace = true;
  }

  text(raw: string, pre: boolean): void {
    if (!pre) {
      this.inline(raw.replace(SPACE_RUN, ' '));
      return;
    }
    // Preformatted text keeps its line structure; only runs of spaces within lines collapse.
    const lines = raw.replace(/\r\n?/g, '\n').split('\n');
    for (let k = 0; k < lines.length; k++) {
      if (k > 0) this.lineBreak();
      this.inline(lines[k].replace(INLINE_SPACE_RUN, ' '));
    }
  }

  /** `s` has its whitespace already collapsed to single spaces. */
  private inline(s: string): void {
    if (s === '') return;
    const lead = s.charCodeAt(0) === 0x20;
    const trail = s.length > 1 && s.charCodeAt(s.length - 1) === 0x20;
    const core = s.slice(lead ? 1 : 0, trail ? s.length - 1 : s.length);
    if (lead) this.space();
    if (core === '') return;
    if (this.newlines > 0) {
      this.parts.push(this.newlines === 2 ? '\n\n' : '\n');
    } else if (this.pendingSpace) {
      this.parts.push(' ');
    }
    this.newlines = 0;
    this.pendingSpace = false;
    this.parts.push(core);
    this.hasText = true;
    if (trail) this.pendingSpace = true;
  }

  toString(): string {
    return this.parts.join('');
  }
}
