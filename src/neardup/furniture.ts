/**
 * Site furniture, told by its repetition across the corpus, so that it
 * does not decide a copy.
 *
 * A site puts the same blurb, newsletter box or list of other headlines on
 * every page it serves. The boilerplate rules (segments/boilerplate.ts)
 * know furniture by its cue phrases and its place; a blurb in plain prose
 * ("The Harbour Ledger has covered the towns of the north shore since
 * 1921 …") has no cue, stays in the signed text, and two short articles of
 * one site that end with it share most of their shingles. What gives it
 * away is the corpus: the same paragraph at the edge of many pages.
 *
 * Each document brings the hashes of its edge paragraphs (the first and
 * last paragraphs of the text its signature was made of; features/
 * extract.ts). Counting them is a radix sort of the paragraph hashes:
 * linear in the corpus, and the same for any input order. Which of a
 * document's repeated paragraphs are its furniture: `findFurniture`.
 *
 * Furniture takes nothing out of a signature (the signatures were made
 * before the corpus was seen): the pair judge (groups.ts, PairJudge)
 * estimates what two documents share besides it. And as LSH finds pairs by
 * whole signatures, two copies of an article in heavy furniture of two
 * sites may never be proposed: documents that share a paragraph of their
 * story exactly, one of them in furniture, are proposed too (the buckets of
 * `Furniture`, joined as LSH buckets are).
 *
 * Memory: a document's edge paragraphs are at most 14 records of 6 bytes
 * (a hash and 16-bit tokens), dropped with the signatures; counting them
 * takes about 14 bytes a record more, for the stage.
 */
import { sortIndexesByKey } from '../util/sort.js';

/** What the count reads of the features: each document's edge paragraphs (batch.ts) and shingle count. */
export interface EdgeFeatures {
  count: number;
  shingles: Uint32Array;
  edgeStart: Uint32Array;
  edgeHash: Uint32Array;
  edgeTokens: Uint16Array;
}

/** A paragraph at the edge of this many documents or more may be furniture: more than a pair, one document and its copy. */
export const FURNITURE_DOCUMENTS = 3;

/**
 * Furniture is repeated in at least this many times as many documents as
 * the most repeated paragraph of the story it surrounds: a site's blurb is
 * on all its pages, each with a story of its own; the paragraphs of a wire
 * story's copies, or of an article, its reprint and a page quoting it, are
 * repeated about as often as one another.
 */
export const RATIO_TO_STORY = 2;

/**
 * A paragraph is furniture only if it is furniture (by count) of at least
 * this share of the documents that hold it: documents that otherwise
 * differ, each with a story of its own besides it. A wire story's lead,
 * repeated in its short copies (all of which it is) and at the head of its
 * long ones, is no furniture of the long ones either.
 */
export const FURNISHED_SHARE = 0.75;

/**
 * Shingles a document must have besides its furniture: with fewer, it has
 * none (a page of repeated paragraphs and a headline is a copy of
 * something, or furniture itself; neither is set aside).
 */
export const MIN_STORY_SHINGLES = 12;

/**
 * Each document's furniture: its edge paragraphs (the features' own arrays,
 * `edgeHash[edgeStart[d] .. edgeStart[d + 1])`), whether each is furniture
 * of it, the tokens of its furniture, and whether it is all furniture.
 */
export interface Furniture {
  edgeStart: Uint32Array;
  edgeHash: Uint32Array;
  edgeTokens: Uint16Array;
  /** Per edge paragraph: 1 when it is furniture of its document. */
  furniture: Uint8Array;
  /** Per document: tokens of its furniture paragraphs. */
  total: Uint32Array;
  /** Per document: 1 when its signed text is all furniture; it says nothing of its own. */
  bare: Uint8Array;
  /**
   * Documents that share a story paragraph (at the edge, not furniture)
   * with a document that has furniture: `bucketDocs[bucketStart[i] ..
   * bucketStart[i + 1])`, in document order, buckets in hash order. At most
   * PARAGRAPH_BUCKET documents a bucket.
   */
  bucketStart: Uint32Array;
  bucketDocs: Uint32Array;
}

/** A paragraph shared by more documents than this proposes no pairs (the LSH buckets resolved exactly hold as many). */
export const PARAGRAPH_BUCKET = 64;

/**
 * Each document's furniture, or undefined when no document has any.
 *
 * A document's furniture is the run of repeated paragraphs at the head of
 * its edge paragraphs and the run at their tail: from the edge of the text
 * up to the first paragraph that is not repeated. A paragraph is repeated
 * when it is at the edge of FURNITURE_DOCUMENTS documents or more, and of
 * RATIO_TO_STORY times as many as the most repeated paragraph left
 * between the runs (the story). A document whose runs leave fewer than
 * MIN_STORY_SHINGLES has none: it is a copy of something, or furniture
 * itself.
 *
 * Then a paragraph that is furniture of fewer than FURNISHED_SHARE of the
 * documents holding it is furniture of none (a wire story's lead: all of
 * its short copies, the head of its long ones), and the runs are found
 * again without it. A document that is then all furniture is `bare`: its
 * story was taken for boilerplate, and its signature holds nothing of its
 * own.
 *
 * A paragraph repeated inside a story, between paragraphs that are not
 * (a sentence that digests of other pages quote), is at no run's edge.
 */
export function findFurniture(f: EdgeFeatures, minDocuments = FURNITURE_DOCUMENTS): Furniture | undefined {
  const m = f.edgeHash.length;
  if (m === 0 || f.edgeStart.length !== f.count + 1) return undefined;
  // A document lists each hash once, so a run of one hash in sorted order is the number of documents it is in.
  const order = sortIndexesByKey(f.edgeHash, m, new Uint32Array(m), new Uint32Array(m));
  const documents = new Uint32Array(m);
  forEachRun(f, order, (i, j, holders) => {
    for (let x = i; x < j; x++) documents[order[x]] = f.edgeTokens[order[x]] > 0 ? holders : 0;
  });
  // Runs by count, then again without the paragraphs that are furniture of too few of their documents.
  const furniture = new Uint8Array(m);
  const total = new Uint32Array(f.count);
  markRuns(f, minDocuments, documents, undefined, furniture, total);
  const allowed = new Uint8Array(m).fill(1);
  forEachRun(f, order, (i, j, holders) => {
    let furnished = 0;
    for (let x = i; x < j; x++) furnished += furniture[order[x]];
    if (furnished < FURNISHED_SHARE * holders) for (let x = i; x < j; x++) allowed[order[x]] = 0;
  });
  furniture.fill(0);
  total.fill(0);
  const bare = new Uint8Array(f.count);
  const any = markRuns(f, minDocuments, documents, allowed, furniture, total, bare);
  if (!any) return undefined;
  const out: Furniture = {
    edgeStart: f.edgeStart,
    edgeHash: f.edgeHash,
    edgeTokens: f.edgeTokens,
    furniture,
    total,
    bare,
    bucketStart: new Uint32Array(0),
    bucketDocs: new Uint32Array(0),
  };
  // Buckets: the documents of a story paragraph (furniture of none of them), when one of them has furniture.
  const starts: number[] = [0];
  const members: number[] = [];
  forEachRun(f, order, (i, j, size) => {
    if (size >= 2 && size <= PARAGRAPH_BUCKET) {
      let story = true;
      let furnished = false;
      for (let x = i; x < j; x++) {
        const e = order[x];
        if (f.edgeTokens[e] === 0) continue;
        story = story && furniture[e] === 0;
        furnished = furnished || total[documentOf(f.edgeStart, e)] > 0;
      }
      if (story && furnished) {
        for (let x = i; x < j; x++) if (f.edgeTokens[order[x]] > 0) members.push(documentOf(f.edgeStart, order[x]));
        starts.push(members.length);
      }
    }
  });
  out.bucketStart = Uint32Array.from(starts);
  out.bucketDocs = Uint32Array.from(members);
  return out;
}

/** Calls `visit(i, j, holders)` for each run [i, j) of `order` (edge records sorted by hash) sharing one hash; `holders`: its records that are paragraphs (not gap records). */
function forEachRun(f: EdgeFeatures, order: Uint32Array, visit: (i: number, j: number, holders: number) => void): void {
  const m = f.edgeHash.length;
  for (let i = 0; i < m; ) {
    let j = i + 1;
    while (j < m && f.edgeHash[order[j]] === f.edgeHash[order[i]]) j++;
    let holders = 0;
    for (let x = i; x < j; x++) if (f.edgeTokens[order[x]] > 0) holders++;
    visit(i, j, holders);
    i = j;
  }
}

/**
 * Marks each document's furniture (`furniture`, `total`): the runs at the
 * head and tail of its edge paragraphs that are in at least `least`
 * documents each (and `allowed`), where `least` is at least `minDocuments`
 * and RATIO_TO_STORY times the count of the most repeated paragraph left
 * between the runs; none when the runs hold all of it or leave fewer than
 * MIN_STORY_SHINGLES; with `bare`, a document that is all furniture (of
 * `allowed` paragraphs) is marked bare, all of it furniture. Whether any
 * document has furniture.
 */
function markRuns(
  f: EdgeFeatures,
  minDocuments: number,
  documents: Uint32Array,
  allowed: Uint8Array | undefined,
  furniture: Uint8Array,
  total: Uint32Array,
  bare?: Uint8Array,
): boolean {
  let any = false;
  const repeated = (e: number, least: number) => documents[e] >= least && (allowed === undefined || allowed[e] === 1);
  for (let d = 0; d < f.count; d++) {
    const from = f.edgeStart[d];
    const to = f.edgeStart[d + 1];
    let least = minDocuments;
    let head = from;
    let tail = to;
    // A gap record stands for the middle paragraphs, which were not counted: taken to be as repeated as the
    // least repeated paragraph that was (a copied article's middle is copied with its edges).
    let leastCounted = Infinity;
    for (let e = from; e < to; e++) if (f.edgeTokens[e] > 0) leastCounted = Math.min(leastCounted, documents[e]);
    for (;;) {
      head = from;
      while (head < to && repeated(head, least)) head++;
      tail = to;
      while (tail > head && repeated(tail - 1, least)) tail--;
      let story = 1;
      for (let e = head; e < tail; e++) story = Math.max(story, f.edgeTokens[e] > 0 ? documents[e] : leastCounted);
      if (least >= RATIO_TO_STORY * story) break;
      least = RATIO_TO_STORY * story;
    }
    let run = 0;
    for (let e = from; e < head; e++) run += f.edgeTokens[e];
    for (let e = tail; e < to; e++) run += f.edgeTokens[e];
    // All of it furniture that the site's other pages confirm: a page of nothing else (its story taken for boilerplate).
    if (head === to && bare !== undefined && to > from) {
      for (let e = from; e < to; e++) furniture[e] = f.edgeTokens[e] > 0 ? 1 : 0;
      total[d] = run;
      bare[d] = 1;
      any = true;
      continue;
    }
    // All repeated (a gap record is in no document), or too little else: no furniture.
    if (head === to || f.shingles[d] < run + MIN_STORY_SHINGLES) continue;
    for (let e = from; e < head; e++) furniture[e] = 1;
    for (let e = tail; e < to; e++) furniture[e] = 1;
    total[d] = run;
    any = any || run > 0;
  }
  return any;
}

/** What two documents' furniture takes from each (`aside`) and from what they share (`shared`), in tokens: `furnitureOfPair`'s answer. */
export interface PairFurniture {
  /** Tokens of a's paragraphs that are furniture of a, or of b and in b. */
  asideA: number;
  asideB: number;
  /** Tokens of the paragraphs both hold that are furniture of either. */
  shared: number;
}

/**
 * What furniture takes from documents a and b: a paragraph is set aside
 * in both when it is furniture of either and both hold it (a page that is
 * nothing but a site's furniture has none of its own, but the site's other
 * pages tell it), and in one when it is that one's furniture alone.
 */
export function furnitureOfPair(fu: Furniture, a: number, b: number, out: PairFurniture): PairFurniture {
  out.shared = 0;
  out.asideA = aside(fu, a, b, out);
  out.asideB = aside(fu, b, a);
  return out;
}

/** Tokens of a's edge paragraphs that are furniture of a, or of b and in b; with `out`, the shared ones' tokens added to out.shared. */
function aside(fu: Furniture, a: number, b: number, out?: PairFurniture): number {
  const { edgeStart, edgeHash, edgeTokens, furniture } = fu;
  let tokens = 0;
  for (let x = edgeStart[a]; x < edgeStart[a + 1]; x++) {
    if (edgeTokens[x] === 0) continue;
    const y = recordOf(fu, b, edgeHash[x]);
    if (y >= 0 ? furniture[x] === 0 && furniture[y] === 0 : furniture[x] === 0) continue;
    tokens += edgeTokens[x];
    if (y >= 0 && out !== undefined) out.shared += Math.min(edgeTokens[x], edgeTokens[y]);
  }
  return tokens;
}

/** The edge paragraph of document d with this hash (a dozen at most, each hash once), or -1. */
function recordOf(fu: Furniture, d: number, hash: number): number {
  for (let y = fu.edgeStart[d]; y < fu.edgeStart[d + 1]; y++) if (fu.edgeHash[y] === hash && fu.edgeTokens[y] > 0) return y;
  return -1;
}

/** Whether documents a and b share an edge paragraph that is furniture of neither (what puts two documents in one paragraph bucket). */
export function shareStoryParagraph(fu: Furniture, a: number, b: number): boolean {
  for (let x = fu.edgeStart[a]; x < fu.edgeStart[a + 1]; x++) {
    if (fu.edgeTokens[x] === 0 || fu.furniture[x] === 1) continue;
    const y = recordOf(fu, b, fu.edgeHash[x]);
    if (y >= 0 && fu.furniture[y] === 0) return true;
  }
  return false;
}

/** The document edge paragraph e belongs to: the last d with edgeStart[d] ≤ e (binary search). */
function documentOf(edgeStart: Uint32Array, e: number): number {
  let lo = 0;
  let hi = edgeStart.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (edgeStart[mid] <= e) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

