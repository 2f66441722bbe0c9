/**
 * The public data model: what goes into `analyze()` and what comes out.
 * Every field of the JSON output is defined here.
 */

/** One input article. Only `id` and `text` are required. */
export interface Doc {
  /** Stable identifier: the file name without extension, or the JSONL `id`. */
  id: string;
  /** The article text, as scraped. Offsets in the output index into it. */
  text: string;
  title?: string;
  /**
   * Publication date: `2023-01-31` (a time and zone after it are ignored),
   * `2023/01/31`, `1/31/2023`, `31.01.2023`, or a day, month name and year
   * (`31 January 2023`, `Jan 31, 2023`, `Tue, 31 Jan 2023 10:00 GMT`). The
   * calendar day as written, whatever the machine's time zone; anything
   * else is ignored with an `invalid-date` warning.
   */
  date?: string;
  url?: string;
  source?: string;
}

/** A problem with one document that did not stop it from being analysed. */
export interface DocWarning {
  /** Machine-readable reason, e.g. `empty`, `no-story`, `truncated`, `duplicate-id`. */
  code: string;
  message: string;
}

/** An input that could not be turned into a document at all. */
export interface InputError {
  /** File path, or `file.jsonl:LINE` for a JSONL line. */
  source: string;
  /** Machine-readable reason, e.g. `binary`, `invalid-utf8`, `malformed-json`. */
  code: string;
  message: string;
}

export type SegmentKind = 'story' | 'boilerplate';

/** A contiguous part of a document's original text. */
export interface Segment {
  /** Character offset (UTF-16 code units) of the first character, inclusive. */
  start: number;
  /** Character offset one past the last character. */
  end: number;
  kind: SegmentKind;
  /** The event this part reports, or null for boilerplate. */
  event: string | null;
  /**
   * The part's first words (about 160 characters, white space collapsed,
   * `…` when cut), present when snippets were asked for (`snippets`).
   */
  snippet?: string;
}

export interface DocumentResult {
  id: string;
  /** The input's `title`, or an HTML page's `<title>`. */
  title?: string;
  /** The publication day read from the input's `date`, `YYYY-MM-DD` (absent when there is none or it could not be read: see `warnings`). */
  date?: string;
  /** The input's `url`, as given. */
  url?: string;
  /** The input's `source` (an outlet's name, say), as given. */
  source?: string;
  /** True when the document holds two or more stories on different topics. */
  bundle: boolean;
  /**
   * The original of this document's near-duplicate group, or null if it is
   * the original or has no near-duplicates. The original is the member
   * published first (the input's `date`; undated members after dated ones),
   * then one that is not a bundle (among bundles, the one whose story parts
   * report the fewest events), then the one with the least boilerplate, then
   * the smallest id.
   */
  nearDuplicateOf: string | null;
  /** Documents that wholly contain this one (containment ≥ the threshold) without being near-duplicates of it. */
  containedIn: string[];
  segments: Segment[];
  warnings: DocWarning[];
}

export interface SimilarPair {
  a: string;
  b: string;
  /** Estimated Jaccard similarity of the two documents' shingle sets. */
  jaccard: number;
}

export interface NearDuplicateGroup {
  id: string;
  /**
   * Member ids, in id order. The group's original (see
   * `DocumentResult.nearDuplicateOf`) is the member whose `nearDuplicateOf`
   * is null; every other member's names it.
   */
  members: string[];
  /**
   * Verified near-duplicate pairs, in id order: every pair LSH proposed
   * among the members when the group has at most 16 of them; in a larger
   * group, the members − 1 pairs that joined it (see `spanning`).
   */
  pairs: SimilarPair[];
  /** Present when `pairs` is a spanning tree of the group (more than 16 members), not every verified pair. */
  spanning?: true;
}

export interface Containment {
  /** The smaller document. */
  inner: string;
  /** The larger document that contains it. */
  outer: string;
  /** Estimated share of `inner`'s shingles found in `outer`. */
  containment: number;
}

export interface EventMember {
  doc: string;
  /** Index into that document's `segments`. */
  segment: number;
  /** Why it is in: the cosine of its TF-IDF vector and the event's centroid (the sum of the members'), 3 decimals. */
  similarity?: number;
  /** Why it is in: which of the event's `terms` it holds, in their order. */
  terms?: string[];
}

export interface Event {
  id: string;
  /** A headline-like label taken from the most central member. */
  label: string;
  members: EventMember[];
  /** The event's most characteristic terms, highest weight first. */
  terms: string[];
  /** Earliest and latest date found among the members, ISO `YYYY-MM-DD`, if any. */
  dates?: { first: string; last: string };
  /**
   * How the members joined (the event's dendrogram, below the cut): one
   * `[a, b, height]` per merge, in merge order, where `a` and `b` are
   * members (indexes into `members`) of the two clusters merged and `height`
   * their average-linkage distance (4 decimals). Members that took the event
   * of the original they copy, or were folded in as the tail of a report,
   * join no merge. Absent for an event of one clustered member.
   */
  tree?: Array<[number, number, number]>;
}

/**
 * How event clustering went. Candidate pairs come from shared heavy terms;
 * edges are the pairs within the cut; blocks are the connected components
 * of the edges. A block of up to `events.maxBlock` items is clustered
 * exactly on its dense distance matrix; a larger one on its sparse graph
 * (`sparseBlocks` counts those; see docs/design.md for what is exact there).
 */
export interface EventClusteringStats {
  candidatePairs: number;
  edges: number;
  blocks: number;
  largestBlock: number;
  sparseBlocks: number;
  /** Distances computed inside dense blocks (n·(n−1)/2 each). */
  blockPairs: number;
  /** Events joined after the linkage because their centroids are close (`events.centroidJoin`). */
  centroidJoins: number;
}

/**
 * Entries of a corpus folder that are not inputs, so they are neither
 * documents nor errors: hidden entries (`.name`, counted once for a hidden
 * folder) and files whose names are not of an input kind. Zero for a JSONL
 * file, standard input or documents from code.
 */
export interface SkippedSummary {
  count: number;
  /** Counts by reason (`hidden`, `no-extension`, `unknown-extension`), reasons in that order. */
  byReason: { [reason: string]: number };
  /** The first five skipped, in walk order (sorted by name bytes). */
  examples: Array<{ path: string; reason: string }>;
}

export interface ResultSummary {
  /** Inputs seen = documents + errors. */
  inputs: number;
  documents: number;
  errors: number;
  bundles: number;
  nearDuplicateGroups: number;
  events: number;
  eventClustering: EventClusteringStats;
  skipped: SkippedSummary;
}

export interface Result {
  documents: DocumentResult[];
  nearDuplicateGroups: NearDuplicateGroup[];
  containments: Containment[];
  events: Event[];
  errors: InputError[];
  summary: ResultSummary;
}
