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
 *   terms t
 *     termId[t], termCount[t]           the block's most frequent terms (capped), by ascending id
 *   surfaceIds[i] ↔ surfaces[i]         how some terms are written (labels)
 *   titles[d], headlines[b]             headlines, for event labels
 */

export const DOC_EMPTY = 1;
export const DOC_NO_STORY = 2;

export const BLOCK_BOILERPLATE = 1;
export const BLOCK_HEADLINE = 2;

export interface FeatureBatch {
  count: number;
  numPerm: number;
  signatures: Uint32Array;
  shingles: Uint32Array;
  tokens: Uint32Array;
  flags: Uint8Array;
  date: Float64Array;
  repeatedLines: Uint32Array;
  blockStart: Uint32Array;
  blockFrom: Int32Array;
  blockTo: Int32Array;
  blockKind: Uint8Array;
  blockDate: Float64Array;
  blockTokens: Uint32Array;
  termStart: Uint32Array;
  termId: Uint32Array;
  termCount: Uint16Array;
  surfaceIds: Uint32Array;
  surfaces: string[];
  /** Per document: its headline, if its story opens with one, else ''. */
  titles: string[];
  /** Per block: the headline it opens with, else ''. */
  headlines: string[];
}

/** The buffers to transfer with a batch (everything but `surfaces`). */
export function batchBuffers(batch: FeatureBatch): ArrayBuffer[] {
  const arrays = [
    batch.signatures, batch.shingles, batch.tokens, batch.flags, batch.date, batch.repeatedLines,
    batch.blockStart, batch.blockFrom, batch.blockTo, batch.blockKind, batch.blockDate, batch.blockTokens,
    batch.termStart, batch.termId, batch.termCount, batch.surfaceIds,
  ];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}

/** A block as the extractor produces it, before packing. */
export interface BlockFeatures {
  from: number;
  to: number;
  kind: number;
  date: number;
  tokens: number;
  /** The headline the block opens with, or ''. */
  headline: string;
  /** The most frequent terms (ties: smaller id) and their counts, by ascending id. */
  termIds: number[];
  termCounts: number[];
}

/** Collects documents' features and packs them into one FeatureBatch. */
export class BatchBuilder {
  private count = 0;
  private readonly signatures: Uint32Array;
  private readonly shingles: Uint32Array;
  private readonly tokens: Uint32Array;
  private readonly flags: Uint8Array;
  private readonly date: Float64Array;
  private readonly repeatedLines: Uint32Array;
  private readonly blockStart: Uint32Array;
  private readonly blocks: BlockFeatures[] = [];
  private readonly titles: string[] = [];
  private readonly surfaceOf = new Map<number, string>();

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
    this.blockStart = new Uint32Array(capacity + 1);
  }

  /** Where the next document's signature goes. */
  get signatureBuffer(): Uint32Array {
    return this.signatures;
  }

  get signatureOffset(): number {
    return this.count * this.numPerm;
  }

  add(
    doc: { shingles: number; tokens: number; flags: number; date: number; repeatedLines: number; title: string; blocks: BlockFeatures[] },
    surfaces: Map<number, string>,
    prefer: (a: string, b: string) => string,
  ): void {
    if (this.count >= this.capacity) throw new Error('BatchBuilder is full');
    const d = this.count++;
    this.shingles[d] = doc.shingles;
    this.tokens[d] = doc.tokens;
    this.flags[d] = doc.flags;
    this.date[d] = doc.date;
    this.repeatedLines[d] = doc.repeatedLines;
    this.titles.push(doc.title);
    for (const block of doc.blocks) this.blocks.push(block);
    this.blockStart[d + 1] = this.blocks.length;
    for (const [id, s] of surfaces) {
      const known = this.surfaceOf.get(id);
      this.surfaceOf.set(id, known === undefined ? s : prefer(known, s));
    }
  }

  finish(): FeatureBatch {
    const n = this.count;
    const b = this.blocks.length;
    let t = 0;
    for (const block of this.blocks) t += block.termIds.length;
    const batch: FeatureBatch = {
      count: n,
      numPerm: this.numPerm,
      signatures: this.signatures.slice(0, n * this.numPerm),
      shingles: this.shingles.slice(0, n),
      tokens: this.tokens.slice(0, n),
      flags: this.flags.slice(0, n),
      date: this.date.slice(0, n),
      repeatedLines: this.repeatedLines.slice(0, n),
      blockStart: this.blockStart.slice(0, n + 1),
      blockFrom: new Int32Array(b),
      blockTo: new Int32Array(b),
      blockKind: new Uint8Array(b),
      blockDate: new Float64Array(b),
      blockTokens: new Uint32Array(b),
      termStart: new Uint32Array(b + 1),
      termId: new Uint32Array(t),
      termCount: new Uint16Array(t),
      surfaceIds: new Uint32Array(this.surfaceOf.size),
      surfaces: [],
      titles: this.titles,
      headlines: this.blocks.map((block) => block.headline),
    };
    let at = 0;
    this.blocks.forEach((block, i) => {
      batch.blockFrom[i] = block.from;
      batch.blockTo[i] = block.to;
      batch.blockKind[i] = block.kind;
      batch.blockDate[i] = block.date;
      batch.blockTokens[i] = block.tokens;
      batch.termStart[i] = at;
      for (let j = 0; j < block.termIds.length; j++, at++) {
        batch.termId[at] = block.termIds[j];
        batch.termCount[at] = Math.min(65535, block.termCounts[j]);
      }
    });
    batch.termStart[b] = at;
    const ids = [...this.surfaceOf.keys()].sort((x, y) => x - y);
    ids.forEach((id, i) => {
      batch.surfaceIds[i] = id;
      batch.surfaces.push(this.surfaceOf.get(id)!);
    });
    return batch;
  }
}

/**
 * Drops arrays no later stage reads, so their memory can be reclaimed (at a
 * million documents, signatures are 0.5 GB and block terms 1.3 GB):
 * signatures after near-duplicates, block terms after segments.
 */
export function releaseSignatures(features: FeatureBatch): void {
  features.signatures = new Uint32Array(0);
}

export function releaseBlockTerms(features: FeatureBatch): void {
  features.termStart = new Uint32Array(0);
  features.termId = new Uint32Array(0);
  features.termCount = new Uint16Array(0);
}
