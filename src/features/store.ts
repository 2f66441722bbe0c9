/**
 * The corpus's features on the main thread, appended batch by batch as
 * the workers return them, in input order. A batch can be dropped as soon
 * as it is appended: the features are never held twice, neither while
 * batches wait for the end of the stream nor while they are joined (which,
 * at a million documents, doubled ~2 GB of features at the stage's peak).
 */
import { GrowableArray } from '../util/growable.js';
import type { TypedArray, TypedArrayType } from '../util/typed-array.js';
import type { FeatureBatch } from './batch.js';
import { Surfaces } from './surfaces.js';

/**
 * Address space reserved per field, so that a field never grows by copying
 * below this size (a million documents' block term ids are ~0.9 GB). Pages
 * are committed only as they are written (util/growable.ts).
 */
const RESERVED_BYTES = 2 ** 31;

/** A field of the store; `shared` for those segmentation reads (batch.ts, SegmentFeatures), which worker threads read in place. */
function field<T extends TypedArray>(type: TypedArrayType<T>, shared = false): GrowableArray<T> {
  return new GrowableArray(type, RESERVED_BYTES / type.BYTES_PER_ELEMENT, shared);
}

export class FeatureStore {
  private count = 0;
  private readonly signatures = field(Uint32Array);
  private readonly shingles = field(Uint32Array);
  private readonly tokens = field(Uint32Array);
  private readonly flags = field(Uint8Array);
  private readonly date = field(Float64Array);
  private readonly repeatedLines = field(Uint32Array);
  private readonly edgeStart = field(Uint32Array);
  private readonly edgeHash = field(Uint32Array);
  private readonly edgeTokens = field(Uint16Array);
  private readonly nameSketch = field(Uint16Array);
  private readonly nameCount = field(Uint32Array);
  private readonly blockStart = field(Uint32Array, true);
  private readonly blockFrom = field(Int32Array, true);
  private readonly blockTo = field(Int32Array, true);
  private readonly blockKind = field(Uint8Array, true);
  private readonly blockDate = field(Float64Array);
  private readonly blockTokens = field(Uint32Array, true);
  private readonly termStart = field(Uint32Array, true);
  private readonly termId = field(Uint32Array, true);
  private readonly termCount = field(Uint16Array, true);
  private readonly leadStart = field(Uint32Array);
  private readonly leadId = field(Uint32Array);
  private readonly leadAt = field(Uint8Array);
  private readonly titles: string[] = [];
  private readonly headlines: string[] = [];
  /** One written form per term, the same whatever the order batches arrive in (features/surfaces.ts). */
  private readonly surfaces = new Surfaces(1 << 16);

  constructor(private readonly numPerm: number) {
    this.edgeStart.push(0);
    this.blockStart.push(0);
    this.termStart.push(0);
    this.leadStart.push(0);
  }

  /** Appends a batch's documents after those already stored. */
  append(batch: FeatureBatch): void {
    const blockBase = this.blockFrom.length;
    const termBase = this.termId.length;
    const leadBase = this.leadId.length;
    const edgeBase = this.edgeHash.length;
    this.count += batch.count;
    this.signatures.append(batch.signatures);
    this.shingles.append(batch.shingles);
    this.tokens.append(batch.tokens);
    this.flags.append(batch.flags);
    this.date.append(batch.date);
    this.repeatedLines.append(batch.repeatedLines);
    for (let d = 1; d <= batch.count; d++) this.edgeStart.push(batch.edgeStart[d] + edgeBase);
    this.edgeHash.append(batch.edgeHash);
    this.edgeTokens.append(batch.edgeTokens);
    this.nameSketch.append(batch.nameSketch);
    this.nameCount.append(batch.nameCount);
    for (let d = 1; d <= batch.count; d++) this.blockStart.push(batch.blockStart[d] + blockBase);
    this.blockFrom.append(batch.blockFrom);
    this.blockTo.append(batch.blockTo);
    this.blockKind.append(batch.blockKind);
    this.blockDate.append(batch.blockDate);
    this.blockTokens.append(batch.blockTokens);
    for (let b = 1; b < batch.termStart.length; b++) this.termStart.push(batch.termStart[b] + termBase);
    this.termId.append(batch.termId);
    this.termCount.append(batch.termCount);
    for (let b = 1; b < batch.leadStart.length; b++) this.leadStart.push(batch.leadStart[b] + leadBase);
    this.leadId.append(batch.leadId);
    this.leadAt.append(batch.leadAt);
    for (const title of batch.titles) this.titles.push(title);
    for (const headline of batch.headlines) this.headlines.push(headline);
    for (let i = 0; i < batch.surfaceIds.length; i++) this.surfaces.offer(batch.surfaceIds[i], batch.surfaces[i]);
  }

  /** Everything appended, as one FeatureBatch indexed by global document and block numbers (views, not copies). */
  finish(): FeatureBatch {
    const { ids: surfaceIds, forms: surfaces } = this.surfaces.sorted();
    return {
      count: this.count,
      numPerm: this.numPerm,
      signatures: this.signatures.values(),
      shingles: this.shingles.values(),
      tokens: this.tokens.values(),
      flags: this.flags.values(),
      date: this.date.values(),
      repeatedLines: this.repeatedLines.values(),
      edgeStart: this.edgeStart.values(),
      edgeHash: this.edgeHash.values(),
      edgeTokens: this.edgeTokens.values(),
      nameSketch: this.nameSketch.values(),
      nameCount: this.nameCount.values(),
      blockStart: this.blockStart.values(),
      blockFrom: this.blockFrom.values(),
      blockTo: this.blockTo.values(),
      blockKind: this.blockKind.values(),
      blockDate: this.blockDate.values(),
      blockTokens: this.blockTokens.values(),
      termStart: this.termStart.values(),
      termId: this.termId.values(),
      termCount: this.termCount.values(),
      leadStart: this.leadStart.values(),
      leadId: this.leadId.values(),
      leadAt: this.leadAt.values(),
      surfaceIds,
      surfaces,
      titles: this.titles,
      headlines: this.headlines,
    };
  }
}
