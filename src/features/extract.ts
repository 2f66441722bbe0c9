/**
 * Everything storyline computes from one document on its own, in one pass:
 * structure → tokens → boilerplate → terms → proposed blocks → MinHash.
 * Pure given its inputs (the caches only save work), so a document's
 * features are the same on any thread, in any batch, in any order.
 */
import { isDateStamp } from '../normalize/date-stamp.js';
import { splitUnits, type TextUnit } from '../normalize/structure.js';
import { CAPITALIZED, NUMERIC, createTokens, tokenize, type Tokens } from '../normalize/tokenize.js';
import { markBoilerplate } from '../segments/boilerplate.js';
import { proposeBlocks, type TilingOptions } from '../segments/tiling.js';
import { BLOCK_BOILERPLATE, BLOCK_HEADLINE, BLOCK_MAY_OPEN_STORY, BLOCK_TAIL, DOC_CAPITALS, DOC_EMPTY, DOC_NO_STORY, DOC_PUBLISHED, LEAD_TOKENS, type BatchBuilder, type BlockFeatures, type EdgeParagraphs, type LeadNumbers } from './batch.js';
import { combine } from './hash.js';
import { firstDateIn, parseDate, writesYear, yearOfDay } from './dates.js';
import { MinHasher, type MinHashOptions } from './minhash.js';
import { NameSketcher } from './name-sketch.js';
import { Surfaces } from './surfaces.js';
import { NUMBER, TermExtractor, TermList, namesInText, surfaceOf, termKind } from './terms.js';
import { TopTerms, type CountedTerms } from './top-terms.js';
import { U32Map } from '../util/u32-map.js';

export interface ExtractOptions {
  minhash?: MinHashOptions;
  tiling?: TilingOptions;
  /**
   * Only what near-duplicate detection reads (`dedup`): the story's MinHash
   * signature, its shingle count, the flags and the input's date; no
   * blocks, terms, surfaces or title.
   * @defaultValue false
   */
  signaturesOnly?: boolean;
  /**
   * Terms kept per block, most frequent first. Bounds memory per document
   * (a block is a few sentences, so few blocks reach it).
   * @defaultValue 64
   */
  maxTermsPerBlock?: number;
}

/**
 * Tokens the per-document scratch arrays hold before they grow: more than
 * all but the longest pages have. Growing is rare, and a rare branch taken
 * late in a run throws away the compiled code of the function it is
 * inlined into (this one, the largest of the kernel) for a recompile.
 */
const SCRATCH_TOKENS = 1 << 16;

/**
 * A block's date is a dateline or a date stamp: a full date within the
 * first DATELINE_CHARS characters of one of its first DATELINE_UNITS
 * paragraphs (its headline and lead), as in "WASHINGTON, March 2, 1987 -"
 * or "Published 2 March 1987"; not a date the story mentions ("profit for
 * the year to Dec 31, 1986").
 */
const DATELINE_CHARS = 48;
const DATELINE_UNITS = 2;

function datelineOf(text: string, units: readonly { start: number; end: number }[], from: number, to: number): number {
  for (let u = from; u < Math.min(to, from + DATELINE_UNITS); u++) {
    const day = firstDateIn(text.slice(units[u].start, Math.min(units[u].end, units[u].start + DATELINE_CHARS)));
    if (!Number.isNaN(day)) return day;
  }
  return NaN;
}

/**
 * Edge paragraphs (batch.ts, EdgeParagraphs): the first HEAD_PARAGRAPHS and
 * the last TAIL_PARAGRAPHS of the signed text. A site's furniture sits
 * there: a blurb over or under the story, a list of other headlines (one
 * paragraph a line), a newsletter box. Ten at the tail holds a list of
 * eight headlines under its heading. Paragraphs of fewer than
 * MIN_EDGE_TOKENS tokens hold too few shingles to matter, and are not
 * recorded.
 */
export const HEAD_PARAGRAPHS = 3;
export const TAIL_PARAGRAPHS = 10;
export const MIN_EDGE_TOKENS = 4;
const PARAGRAPH_SEED = 0x3c6ef372;

/** A document's surfaces when none are collected. */
const NO_SURFACES = new Surfaces();

/** Terms per document whose written form is sent along, for event labels. */
const SURFACE_TERMS = 12;

export class FeatureExtractor {
  private readonly hasher: MinHasher;
  private readonly terms = new TermExtractor();
  private readonly tokens: Tokens = createTokens(SCRATCH_TOKENS);
  private storyHashes = new Uint32Array(SCRATCH_TOKENS);
  /**
   * The current document's edge paragraphs as they are read (scratch): the
   * first HEAD_PARAGRAPHS long enough, and the last TAIL_PARAGRAPHS after
   * them in a ring; `middle` when a paragraph fell out of the ring. A page
   * of a million paragraphs holds no more.
   */
  private readonly head = new EdgeRun(HEAD_PARAGRAPHS);
  private readonly tail = new EdgeRun(TAIL_PARAGRAPHS);
  private middle = false;
  private readonly edges: EdgeParagraphs = { hashes: new Uint32Array(HEAD_PARAGRAPHS + TAIL_PARAGRAPHS + 1), tokens: new Uint16Array(HEAD_PARAGRAPHS + TAIL_PARAGRAPHS + 1), length: 0 };
  private readonly topTerms = new TopTerms();
  private readonly termList = new TermList(SCRATCH_TOKENS);
  /** The current block's lead numbers (scratch: at most one per lead token). */
  private readonly leadNumbers: LeadNumbers = { ids: new Uint32Array(LEAD_TOKENS), at: new Uint8Array(LEAD_TOKENS), length: 0 };
  /** The document's heaviest story terms, each with where its written form was last read (scratch). */
  private readonly surfaceTerms = new U32Map(SURFACE_TERMS);
  /** The terms a tail block and the block before it keep (scratch), and one block's counts of them. */
  private readonly tailKeep = new U32Map(64);
  /** The current document's names (scratch: `namesInText`), for texts of at most SCRATCH_TOKENS tokens. */
  private readonly names = new U32Map(64);
  /** The names of the signed text (scratch), sketched for near-duplicates. */
  private readonly nameSketcher = new NameSketcher();
  private tailTerms = new Uint32Array(1024);
  /** The current document's surfaces (`surfacesOfTopTerms`), valid until the next document. */
  private readonly documentSurfaces = new Surfaces(SURFACE_TERMS);
  private readonly maxTermsPerBlock: number;

  constructor(private readonly options: ExtractOptions = {}) {
    this.hasher = new MinHasher(options.minhash);
    this.maxTermsPerBlock = options.maxTermsPerBlock ?? 64;
  }

  get numPerm(): number {
    return this.hasher.numPerm;
  }

  /** Extracts one document's features and appends them to `batch`. */
  extract(text: string, metadataDate: string | undefined, batch: BatchBuilder): void {
    const { units, repeatedLines } = splitUnits(text);
    const tokens = this.tokens;
    tokens.count = 0;
    const unitTokenStart = new Int32Array(units.length + 1);
    for (let u = 0; u < units.length; u++) {
      tokenize(text, tokens, units[u].start, units[u].end);
      unitTokenStart[u + 1] = tokens.count;
    }
    const boilerplate = markBoilerplate(text, units);
    const story = this.signStory(units, unitTokenStart, boilerplate, batch);
    const date = parseDate(metadataDate);
    const flags = story.flags | (Number.isNaN(date) ? 0 : DOC_PUBLISHED);
    if (this.options.signaturesOnly === true) {
      batch.add({ shingles: story.shingles, tokens: tokens.count, flags, date, repeatedLines, title: '', edges: this.edges, names: this.nameSketcher }, NO_SURFACES);
      return;
    }

    const sentenceInitial = new Uint8Array(tokens.count);
    for (let u = 0; u < units.length; u++) if (unitTokenStart[u] < unitTokenStart[u + 1]) sentenceInitial[unitTokenStart[u]] = 1;
    // A huge page's names get a map of their own, dropped with the page, not kept for every page after it.
    const names = namesInText(tokens, sentenceInitial, text, tokens.count <= SCRATCH_TOKENS ? this.names : undefined);

    const termList = this.termList;
    termList.count = 0;
    const unitTermStart = new Int32Array(units.length + 1);
    for (let u = 0; u < units.length; u++) {
      this.terms.termsOf(text, tokens, unitTokenStart[u], unitTokenStart[u + 1], sentenceInitial, names, termList);
      unitTermStart[u + 1] = termList.count;
    }
    const termIds = termList.ids.subarray(0, termList.count);
    const unitBlocks = proposeBlocks(units, unitTermStart, termIds, boilerplate, this.options.tiling, (u) => mayOpenStory(text, units, u));

    // Blocks go to the batch as they are made; the title is the first story block's headline.
    // The date is the input's only (a date in the text dates its segment: events/assign.ts).
    let title: string | undefined;
    const publishedYear = yearOfDay(date);
    // A tail block and the block before it keep the terms the two would keep as one block, so that
    // merged back (segments/resolve.ts) they weigh exactly what that one block did.
    let shared = false;
    for (let k = 0; k < unitBlocks.length; k++) {
      const b = unitBlocks[k];
      const next = unitBlocks[k + 1];
      if (b.tail !== true && next?.tail === true) {
        let end = k + 1;
        while (unitBlocks[end + 1]?.tail === true) end++;
        const top = this.topTerms.byId(termIds, unitTermStart[b.from], unitTermStart[unitBlocks[end].to], this.maxTermsPerBlock);
        this.tailKeep.clear();
        for (let i = 0; i < top.length; i++) this.tailKeep.set(top.ids[i], 1);
        shared = true;
      }
      const from = units[b.from].start;
      const to = units[b.to - 1].end;
      let kind = b.boilerplate ? BLOCK_BOILERPLATE : 0;
      if (units[b.from].headline) kind |= BLOCK_HEADLINE;
      if (b.tail === true) kind |= BLOCK_TAIL;
      if (units[b.from].paragraphStart && mayOpenStory(text, units, b.from)) kind |= BLOCK_MAY_OPEN_STORY;
      const block: BlockFeatures = {
        from,
        to,
        kind,
        headline: blockHeadline(text, units, b.from, b.to),
        date: datelineOf(text, units, b.from, b.to),
        tokens: unitTokenStart[b.to] - unitTokenStart[b.from],
      };
      const terms =
        shared
          ? this.countedAmong(termIds, unitTermStart[b.from], unitTermStart[b.to], this.tailKeep)
          : this.topTerms.byId(termIds, unitTermStart[b.from], unitTermStart[b.to], this.maxTermsPerBlock);
      if (next?.tail !== true) shared = false;
      batch.addBlock(block, terms, this.leadNumbersOf(text, unitTermStart[b.from], unitTermStart[b.to], unitTokenStart[b.from], publishedYear));
      if (b.boilerplate) continue;
      // A block that opens with nothing but a date stamp does not decide the title.
      if (title === undefined && (block.headline !== '' || (kind & BLOCK_HEADLINE) === 0)) title = block.headline;
    }

    batch.add(
      { shingles: story.shingles, tokens: tokens.count, flags: flags | (names === null ? DOC_CAPITALS : 0), date, repeatedLines, title: title ?? '', edges: this.edges, names: this.nameSketcher },
      this.surfacesOfTopTerms(text, termIds, termList.at, unitTermStart, boilerplate),
    );
  }

  /**
   * Writes the MinHash signature of the document's story (its units that are
   * not boilerplate; of all of them when every unit is) into `batch`'s next
   * slot: boilerplate differs between sites that reprint the same article and
   * would hide the copy. Its edge paragraphs go to `this.edges`.
   */
  private signStory(units: readonly TextUnit[], unitTokenStart: Int32Array, boilerplate: Uint8Array, batch: BatchBuilder): { shingles: number; flags: number } {
    const tokens = this.tokens;
    let storyTokens = 0;
    for (let u = 0; u < units.length; u++) if (boilerplate[u] === 0) storyTokens += unitTokenStart[u + 1] - unitTokenStart[u];
    // One expression, not a branch per flag: a branch first taken late in a run (the first page
    // with no story) made the kernel's compiled code be thrown away and recompiled.
    const flags = tokens.count === 0 ? DOC_EMPTY : storyTokens === 0 ? DOC_NO_STORY : 0;
    const hashStory = storyTokens > 0;
    const n = hashStory ? storyTokens : tokens.count;
    if (this.storyHashes.length < n) this.storyHashes = new Uint32Array(Math.max(n, this.storyHashes.length * 2));
    let at = 0;
    // Paragraphs of the signed text: runs of signed units, each from a paragraph's start or the first after a skipped unit.
    this.head.length = this.tail.length = 0;
    this.middle = false;
    this.nameSketcher.reset();
    let open = false;
    let paragraphHash = 0;
    let paragraphTokens = 0;
    for (let u = 0; u < units.length; u++) {
      if (hashStory && boilerplate[u] === 1) {
        open = false;
        continue;
      }
      if (!open || units[u].paragraphStart) {
        if (open) this.closeParagraph(paragraphHash, paragraphTokens);
        paragraphHash = PARAGRAPH_SEED;
        paragraphTokens = 0;
        open = true;
      }
      for (let k = unitTokenStart[u]; k < unitTokenStart[u + 1]; k++) {
        this.storyHashes[at++] = tokens.hash[k];
        paragraphHash = combine(paragraphHash, tokens.hash[k]);
        // A name: capitalised inside its sentence (a unit's first word is capitalised anyway).
        if (k > unitTokenStart[u] && (tokens.flags[k] & (CAPITALIZED | NUMERIC)) === CAPITALIZED && tokens.end[k] - tokens.start[k] > 1) this.nameSketcher.offer(tokens.hash[k]);
      }
      paragraphTokens += unitTokenStart[u + 1] - unitTokenStart[u];
      // A paragraph closes at the next one's start, or at a skipped unit (below, via `open`).
      if (u + 1 === units.length || (hashStory && boilerplate[u + 1] === 1)) {
        this.closeParagraph(paragraphHash, paragraphTokens);
        open = false;
      }
    }
    this.keepEdgeParagraphs();
    return { shingles: this.hasher.sign(this.storyHashes, n, batch.signatureBuffer, batch.signatureOffset), flags };
  }

  /** A paragraph of the signed text, read: to the head while it has room, else to the tail's ring. */
  private closeParagraph(hash: number, tokens: number): void {
    if (tokens < MIN_EDGE_TOKENS) return;
    if (this.head.length < HEAD_PARAGRAPHS) this.head.push(hash, tokens);
    else if (this.tail.push(hash, tokens)) this.middle = true;
  }

  /**
   * The head's paragraphs, then a record of 0 tokens (hash 0) when
   * paragraphs fell between head and tail, then the tail's, in text order,
   * each hash once, into `this.edges`.
   */
  private keepEdgeParagraphs(): void {
    const edges = this.edges;
    edges.length = 0;
    const keep = (h: number, tokens: number) => {
      for (let e = 0; e < edges.length; e++) if (edges.hashes[e] === h && edges.tokens[e] > 0) return;
      edges.hashes[edges.length] = h;
      edges.tokens[edges.length++] = Math.min(0xffff, tokens);
    };
    for (let i = 0; i < this.head.length; i++) keep(this.head.hashAt(i), this.head.tokensAt(i));
    if (this.middle) {
      edges.hashes[edges.length] = 0;
      edges.tokens[edges.length++] = 0;
    }
    for (let i = 0; i < this.tail.length; i++) keep(this.tail.hashAt(i), this.tail.tokensAt(i));
  }

  /**
   * The numbers among the term occurrences [from, to) that fall in the first LEAD_TOKENS tokens
   * after `firstToken`, each once. The year of publication is left out: every report of that
   * year may date its lead with it, so it tells no event from another (the days do that).
   */
  private leadNumbersOf(text: string, from: number, to: number, firstToken: number, publishedYear: number): LeadNumbers {
    const lead = this.leadNumbers;
    const { ids, at } = this.termList;
    const tokens = this.tokens;
    lead.length = 0;
    for (let t = from; t < to && at[t] - firstToken < LEAD_TOKENS; t++) {
      if (termKind(ids[t]) !== NUMBER) continue;
      if (writesYear(text, tokens.start[at[t]], tokens.end[at[t]], publishedYear)) continue;
      let seen = false;
      for (let x = 0; x < lead.length && !seen; x++) seen = lead.ids[x] === ids[t];
      if (seen) continue;
      lead.ids[lead.length] = ids[t];
      lead.at[lead.length++] = at[t] - firstToken;
    }
    return lead;
  }

  /** The counts of the terms of `termIds[from, to)` that are in `keep`, by ascending id (scratch, as `TopTerms.byId` gives it). */
  private countedAmong(termIds: Uint32Array, from: number, to: number, keep: U32Map): CountedTerms {
    if (this.tailTerms.length < to - from) this.tailTerms = new Uint32Array(to - from);
    const kept = this.tailTerms;
    let n = 0;
    for (let t = from; t < to; t++) if (keep.has(termIds[t])) kept[n++] = termIds[t];
    return this.topTerms.byId(kept, 0, n, n);
  }

  /** How the document writes its most frequent story terms. */
  private surfacesOfTopTerms(
    text: string,
    termIds: Uint32Array,
    termAt: Int32Array,
    unitTermStart: Int32Array,
    boilerplate: Uint8Array,
  ): Surfaces {
    const top = this.topTerms.heaviest(termIds, unitTermStart, boilerplate, SURFACE_TERMS, this.surfaceTerms);
    const surfaces = this.documentSurfaces;
    surfaces.clear();
    for (let t = 0; t < termIds.length; t++) {
      const id = termIds[t];
      if (!top.has(id)) continue;
      // A term is mostly written the same way each time: the same characters give the same surface, so skip building it.
      const last = top.get(id) - 1;
      if (last >= 0 && sameToken(text, this.tokens, last, termAt[t])) continue;
      top.set(id, termAt[t] + 1);
      surfaces.offer(id, surfaceOf(text, this.tokens, termAt[t], id));
    }
    return surfaces;
  }
}

/**
 * The headline a block opens with, or '': its first unit if that looks like
 * one, or, where that is only a date stamp ("Posted Nov 27, 2005 8:20 AM
 * ET"), the headline-like unit right after it. A stamp names no story, so it
 * never labels an event.
 */
function blockHeadline(text: string, units: readonly TextUnit[], from: number, to: number): string {
  for (let u = from; u < to && units[u].headline; u++) {
    const line = text.slice(units[u].start, units[u].end);
    if (!isDateStamp(line)) return line;
  }
  return '';
}

/** Whether tokens `a` and `b` are the same characters. */
function sameToken(text: string, tokens: Tokens, a: number, b: number): boolean {
  const length = tokens.end[a] - tokens.start[a];
  if (tokens.end[b] - tokens.start[b] !== length) return false;
  for (let i = 0; i < length; i++) if (text.charCodeAt(tokens.start[a] + i) !== text.charCodeAt(tokens.start[b] + i)) return false;
  return true;
}

/** The last `size` paragraphs pushed (hash and tokens), oldest first: a ring. */
class EdgeRun {
  length = 0;
  private first = 0;
  private readonly hashes: Uint32Array;
  private readonly tokens: Uint32Array;

  constructor(private readonly size: number) {
    this.hashes = new Uint32Array(size);
    this.tokens = new Uint32Array(size);
  }

  /** Appends a paragraph; whether the oldest one fell out to make room. */
  push(hash: number, tokens: number): boolean {
    if (this.length === 0) this.first = 0;
    const full = this.length === this.size;
    const at = (this.first + this.length) % this.size;
    this.hashes[at] = hash;
    this.tokens[at] = tokens;
    if (full) this.first = (this.first + 1) % this.size;
    else this.length++;
    return full;
  }

  hashAt(i: number): number {
    return this.hashes[(this.first + i) % this.size];
  }

  tokensAt(i: number): number {
    return this.tokens[(this.first + i) % this.size];
  }
}

/**
 * An appended story opens with its headline or its lead, never with a
 * quote that the paragraph before introduces ("he replied:"), an opening
 * quotation mark, or a pronoun or conjunction that refers back ("She
 * received...", "But ..."): such a paragraph continues the story before it.
 */
function mayOpenStory(text: string, units: readonly TextUnit[], u: number): boolean {
  const start = units[u].start;
  if (CONTINUES.test(text.slice(start, start + 12))) return false;
  return u === 0 || !/:\s*$/.test(text.slice(units[u - 1].start, units[u - 1].end));
}

const CONTINUES = /^(["“‘'«]|(He|She|It|They|His|Her|Its|Their|Him|Them|We|Our|This|These|Those|Both|Such|But|And|Also|However|Yet|Then|So|Still|Instead|Meanwhile|Moreover|Thus|Therefore)\b)/iu;
