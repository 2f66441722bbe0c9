/**
 * The features of a batch of documents, as flat typed arrays: the form in
 * which they cross from a worker to the main thread (transferred, not
 * copied) and in which the main thread stores them (no object per
 * document, so a million documents stay a few hundred MB).
 *
 *   documents d = 0..n-1
 *     signatures[d*k .. d*k+k)          MinHash values
 *     shingles[d], tokens[d], flags[d], date[d] (days since epoch, NaN if none)
 *     blockStart[d] .. blockStart[d+1)  this document's blocks
 *   blocks b
 *     from[b], to[b]                    character offsets into the text
 *     kind[b]                           BLOCK_BOILERPLATE | BLOCK_HEADLINE bits
 *     blockDate[b], blockTokens[b]
 *     termStart[b] .. termStart[b+1)    the block's terms
 *     leadStart[b] .. leadStart[b+1)    the numbers in its first LEAD_TOKENS tokens
 *   terms t
 *     termId[t], termCount[t]           the block's most frequent terms (capped), by ascending id
 *   lead numbers l
 *     leadId[l], leadAt[l]              a number's term id, and the token it first appears at (from the block's start)
 *     edgeStart[d] .. edgeStart[d+1)    its edge paragraphs (EdgeParagraphs)
 *   edge paragraphs e
 *     edgeHash[e], edgeTokens[e]        a paragraph's hash and its number of tokens
 *     nameSketch[d*s .. d*s+s), nameCount[d]  its names (NameSketch, s = NAME_SKETCH)
 *   surfaceIds[i] ↔ surfaces[i]         how some terms are written (labels)
 *   titles[d], headlines[b]             headlines, for event labels
 */

import { GrowableArray } from '../util/growable.js';
import { detached } from '../util/detached.js';
import { Surfaces } from './surfaces.js';
import { NAME_SKETCH, type NameSketcher } from './name-sketch.js';

export const DOC_EMPTY = 1;
export const DOC_NO_STORY = 2;
/** date[d] is the publication date the input gave (metadata), not a date read in the text. */
export const DOC_PUBLISHED = 4;
/** Written in capitals: every word was read as a name too (features/terms.ts `namesInText`). */
export const DOC_CAPITALS = 8;

export const BLOCK_BOILERPLATE = 1;
export const BLOCK_HEADLINE = 2;
/** Paragraphs at the end of the story, cut off only to give the corpus a say (segments/tiling.ts `tailStarts`): segments/resolve.ts merges them back. */
export const BLOCK_TAIL = 4;
/** The block's first unit opens a paragraph that could open a story appended to the text (features/extract.ts `mayOpenStory`; segments/crossdoc.ts). */
export const BLOCK_MAY_OPEN_STORY = 8;

export interface FeatureBatch {
  count: number;
  numPerm: number;
  signatures: Uint32Array;
  shingles: Uint32Array;
  tokens: Uint32Array;
  flags: Uint8Array;
  date: Float64Array;
  repeatedLines: Uint32Array;
  /** Per document, where its edge paragraphs start in edgeHash and edgeTokens (count + 1 entries). */
  edgeStart: Uint32Array;
  edgeHash: Uint32Array;
  edgeTokens: Uint16Array;
  /** Per document, NAME_SKETCH values: its names' sketch (features/name-sketch.ts). */
  nameSketch: Uint16Array;
  /** Per document, its distinct names. */
  nameCount: Uint32Array;
  blockStart: Uint32Array;
  blockFrom: Int32Array;
  blockTo: Int32Array;
  blockKind: Uint8Array;
  blockDate: Float64Array;
  blockTokens: Uint32Array;
  termStart: Uint32Array;
  termId: Uint32Array;
  termCount: Uint16Array;
  leadStart: Uint32Array;
  leadId: Uint32Array;
  leadAt: Uint8Array;
  surfaceIds: Uint32Array;
  surfaces: string[];
  /** Per document: its headline, if its story opens with one, else ''. */
  titles: string[];
  /** Per block: the headline it opens with, else ''. */
  headlines: string[];
}

/**
 * What segmentation reads of the features: the blocks and their terms. In
 * the main thread's store these arrays are in shared memory, so worker
 * threads segment documents without a copy of the corpus.
 */
export type SegmentFeatures = Pick<FeatureBatch, 'count' | 'blockStart' | 'blockFrom' | 'blockTo' | 'blockKind' | 'blockTokens' | 'termStart' | 'termId' | 'termCount'>;

/** The segmentation features of `features`: the same arrays, not copies. */
export function segmentFeatures(f: SegmentFeatures): SegmentFeatures {
  const { count, blockStart, blockFrom, blockTo, blockKind, blockTokens, termStart, termId, termCount } = f;
  return { count, blockStart, blockFrom, blockTo, blockKind, blockTokens, termStart, termId, termCount };
}

/** The buffers to transfer with a batch (everything but `surfaces`). */
export function batchBuffers(batch: FeatureBatch): ArrayBuffer[] {
  const arrays = [
    batch.signatures, batch.shingles, batch.tokens, batch.flags, batch.date, batch.repeatedLines,
    batch.edgeStart, batch.edgeHash, batch.edgeTokens, batch.nameSketch, batch.nameCount, batch.blockStart, batch.blockFrom, batch.blockTo, batch.blockKind, batch.blockDate, batch.blockTokens,
    batch.termStart, batch.termId, batch.termCount, batch.leadStart, batch.leadId, batch.leadAt, batch.surfaceIds,
  ];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}

/** A block as the extractor produces it; its terms are passed beside it. */
export interface BlockFeatures {
  from: number;
  to: number;
  kind: number;
  date: number;
  tokens: number;
  /** The headline the block opens with, or ''. */
  headline: string;
}

/**
 * Tokens from a block's start within which its numbers are kept as lead
 * numbers: a story's first tokens (its headline and first sentences) state
 * its facts (a magnitude, a toll, a date, a sum). Events read them
 * (events/lead-numbers.ts). Below 256, so a position fits a byte.
 */
export const LEAD_TOKENS = 75;

/** The numbers of a block's first LEAD_TOKENS tokens: term ids, each with the token it first appears at (from the block's start): `[0, length)` of each. */
export interface LeadNumbers {
  ids: Uint32Array;
  at: Uint8Array;
  length: number;
}

/**
 * The paragraphs a document's signature was made of that lie at its edges
 * (features/extract.ts: the first HEAD_PARAGRAPHS and the last
 * TAIL_PARAGRAPHS of at least MIN_EDGE_TOKENS tokens, each once, in text
 * order): where a site's furniture sits. Each is a hash of its tokens and
 * its number of tokens; a record of 0 tokens stands for the paragraphs
 * between head and tail, when there are any. `[0, length)` of each.
 * Near-duplicate detection counts them across the corpus
 * (neardup/furniture.ts).
 */
export interface EdgeParagraphs {
  hashes: Uint32Array;
  /** At most 65,535 (a paragraph longer than that counts as that long). */
  tokens: Uint16Array;
  length: number;
}

/** A block's most frequent terms (ties: smaller id) and their counts, by ascending id: `[0, length)` of each. */
export interface BlockTerms {
  ids: Uint32Array;
  counts: Uint32Array;
  length: number;
}

/**
 * An empty array that starts as an array of objects: an empty `[]` starts
 * as an array of small integers and changes kind at its first string, and
 * the compiled code of the kernel (into which `addBlock` is inlined) is
 * thrown away and recompiled when it meets the other kind.
 */
function stringArray(): string[] {
  const array = [''];
  array.length = 0;
  return array;
}

/** Counts are stored in 16 bits: a term repeated more often in one block (only in pathological texts) counts this much. */
const MAX_COUNT = 65535;

/**
 * Collects documents' features and packs them into one FeatureBatch. A
 * document's blocks are added first (`addBlock`), then the document
 * (`add`). Blocks go straight into typed arrays: kept as objects until the
 * batch was packed, they outlived the young generation and were most of
 * what the workers' garbage collector copied.
 */
export class BatchBuilder {
  private count = 0;
  private readonly signatures: Uint32Array;
  private readonly shingles: Uint32Array;
  private readonly tokens: Uint32Array;
  private readonly flags: Uint8Array;
  private readonly date: Float64Array;
  private readonly repeatedLines: Uint32Array;
  private readonly edgeStart: Uint32Array;
  private readonly edgeHash = new GrowableArray(Uint32Array);
  private readonly edgeTokens = new GrowableArray(Uint16Array);
  private readonly nameSketch: Uint16Array;
  private readonly nameCount: Uint32Array;
  private readonly blockStart: Uint32Array;
  private readonly blockFrom = new GrowableArray(Int32Array);
  private readonly blockTo = new GrowableArray(Int32Array);
  private readonly blockKind = new GrowableArray(Uint8Array);
  private readonly blockDate = new GrowableArray(Float64Array);
  private readonly blockTokens = new GrowableArray(Uint32Array);
  private readonly termStart = new GrowableArray(Uint32Array);
  private readonly termId = new GrowableArray(Uint32Array);
  private readonly termCount = new GrowableArray(Uint16Array);
  private readonly leadStart = new GrowableArray(Uint32Array);
  private readonly leadId = new GrowableArray(Uint32Array);
  private readonly leadAt = new GrowableArray(Uint8Array);
  private readonly headlines = stringArray();
  private readonly titles = stringArray();
  private readonly surfaces = new Surfaces(1024);

  constructor(
    private readonly capacity: number,
    readonly numPerm: number,
  ) {
    this.signatures = new Uint32Array(capacity * numPerm);
    this.shingles = new Uint32Array(capacity);
    this.tokens = new Uint32Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.date = new Float64Array(capacity);
    this.repeatedLines = new Uint32Array(capacity);
    this.edgeStart = new Uint32Array(capacity + 1);
    this.nameSketch = new Uint16Array(capacity * NAME_SKETCH);
    this.nameCount = new Uint32Array(capacity);
    this.blockStart = new Uint32Array(capacity + 1);
    this.termStart.push(0);
    this.leadStart.push(0);
  }

  /** Where the next document's signature goes. */
  get signatureBuffer(): Uint32Array {
    return this.signatures;
  }

  get signatureOffset(): number {
    return this.count * this.numPerm;
  }

  /** Appends a block of the document being built (the next `add` closes it). */
  addBlock(block: BlockFeatures, terms: BlockTerms, lead: LeadNumbers): void {
    this.blockFrom.push(block.from);
    this.blockTo.push(block.to);
    this.blockKind.push(block.kind);
    this.blockDate.push(block.date);
    this.blockTokens.push(block.tokens);
    this.headlines.push(detached(block.headline));
    // Copied whole (one typed-array set each), not term by term: a store per
    // element through one GrowableArray class that holds five array types was slow.
    const counts = terms.counts.subarray(0, terms.length);
    this.termId.append(terms.ids.subarray(0, terms.length));
    this.termCount.append(counts.some((c) => c > MAX_COUNT) ? counts.map((c) => Math.min(MAX_COUNT, c)) : counts);
    this.termStart.push(this.termId.length);
    this.leadId.append(lead.ids.subarray(0, lead.length));
    this.leadAt.append(lead.at.subarray(0, lead.length));
    this.leadStart.push(this.leadId.length);
  }

  /** Closes a document: its own features, after its blocks (no edge paragraphs when `edges` is not given, no names without `names`). */
  add(doc: { shingles: number; tokens: number; flags: number; date: number; repeatedLines: number; title: string; edges?: EdgeParagraphs; names?: NameSketcher }, surfaces: Surfaces): void {
    if (this.count >= this.capacity) throw new Error('BatchBuilder is full');
    const d = this.count++;
    this.shingles[d] = doc.shingles;
    this.tokens[d] = doc.tokens;
    this.flags[d] = doc.flags;
    this.date[d] = doc.date;
    this.repeatedLines[d] = doc.repeatedLines;
    if (doc.edges !== undefined && doc.edges.length > 0) {
      this.edgeHash.append(doc.edges.hashes.subarray(0, doc.edges.length));
      this.edgeTokens.append(doc.edges.tokens.subarray(0, doc.edges.length));
    }
    this.edgeStart[d + 1] = this.edgeHash.length;
    if (doc.names !== undefined) this.nameCount[d] = doc.names.write(this.nameSketch, d * NAME_SKETCH);
    this.titles.push(detached(doc.title));
    this.blockStart[d + 1] = this.blockFrom.length;
    surfaces.forEach((id, form) => this.surfaces.offer(id, detached(form)));
  }

  /** The batch, in arrays of their own (transferable, exact size). */
  finish(): FeatureBatch {
    const n = this.count;
    const { ids: surfaceIds, forms: surfaces } = this.surfaces.sorted();
    return {
      count: n,
      numPerm: this.numPerm,
      signatures: this.signatures.slice(0, n * this.numPerm),
      shingles: this.shingles.slice(0, n),
      tokens: this.tokens.slice(0, n),
      flags: this.flags.slice(0, n),
      date: this.date.slice(0, n),
      repeatedLines: this.repeatedLines.slice(0, n),
      edgeStart: this.edgeStart.slice(0, n + 1),
      edgeHash: this.edgeHash.values().slice(),
      edgeTokens: this.edgeTokens.values().slice(),
      nameSketch: this.nameSketch.slice(0, n * NAME_SKETCH),
      nameCount: this.nameCount.slice(0, n),
      blockStart: this.blockStart.slice(0, n + 1),
      blockFrom: this.blockFrom.values().slice(),
      blockTo: this.blockTo.values().slice(),
      blockKind: this.blockKind.values().slice(),
      blockDate: this.blockDate.values().slice(),
      blockTokens: this.blockTokens.values().slice(),
      termStart: this.termStart.values().slice(),
      termId: this.termId.values().slice(),
      termCount: this.termCount.values().slice(),
      leadStart: this.leadStart.values().slice(),
      leadId: this.leadId.values().slice(),
      leadAt: this.leadAt.values().slice(),
      surfaceIds,
      surfaces,
      titles: this.titles,
      headlines: this.headlines,
    };
  }
}

/**
 * Drops arrays no later stage reads, so their memory can be reclaimed (at a
 * million documents, signatures are 0.5 GB and block terms 1.3 GB):
 * signatures, edge paragraphs and names after near-duplicates, block terms after
 * segments.
 */
export function releaseSignatures(features: FeatureBatch): void {
  features.signatures = new Uint32Array(0);
  features.edgeStart = new Uint32Array(0);
  features.edgeHash = new Uint32Array(0);
  features.edgeTokens = new Uint16Array(0);
  features.nameSketch = new Uint16Array(0);
  features.nameCount = new Uint32Array(0);
}

export function releaseBlockTerms(features: FeatureBatch): void {
  features.termStart = new Uint32Array(0);
  features.termId = new Uint32Array(0);
  features.termCount = new Uint16Array(0);
}

/** Lead numbers are read once, when event items are made (analyze drops them after the events stage). */
export function releaseLeadNumbers(features: FeatureBatch): void {
  features.leadStart = new Uint32Array(0);
  features.leadId = new Uint32Array(0);
  features.leadAt = new Uint8Array(0);
}
