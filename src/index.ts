/**
 * storyline's public API. This file only re-exports: the code lives in the
 * stage folders (ingest, normalize, features, neardup, segments, events,
 * report).
 */
export { analyze } from './analyze.js';
export { dedup } from './dedup.js';
export { explain } from './explain/explain.js';
export type { Explanation, ExplainedDocument, ExplainedPart, NearDuplicateExplanation, EventExplanation, PartPairExplanation } from './explain/explain.js';
export { formatExplanation, EXPLAIN_FORMATS } from './explain/format.js';
export type { ExplainFormat } from './explain/format.js';
export type { DedupDocument, DedupGroup, DedupResult, DedupSummary } from './dedup.js';
export type { KeepRule } from './neardup/keep.js';
export { DEFAULT_OPTIONS } from './options.js';
export type { AnalyzeOptions, DedupOptions, Progress } from './options.js';
// The types that AnalyzeOptions' nested fields refer to.
export type { PerKind, TermWeights } from './features/tfidf.js';
export type { EventClusterOptions } from './events/cluster.js';
export type { SegmentationOptions } from './segments/resolve.js';
export type { CrossDocOptions } from './segments/crossdoc.js';
export type { TilingOptions } from './segments/tiling.js';
export type * from './types.js';
export { StorylineError } from './errors.js';
export type { ErrorCode } from './errors.js';

// Building blocks, for those who need one part.
export { ingest } from './ingest/index.js';
export type { FieldNames, IngestOptions, IngestRecord, SourceDoc } from './ingest/index.js';
export { tokenize, createTokens, foldToken } from './normalize/tokenize.js';
export type { Tokens } from './normalize/tokenize.js';
export { splitUnits } from './normalize/structure.js';
export type { TextUnit, TextStructure } from './normalize/structure.js';
export { MinHasher, MinHashSignature, DEFAULT_MINHASH } from './features/minhash.js';
export type { MinHashOptions } from './features/minhash.js';
export { minhash, jaccard } from './features/signature.js';
export { LshIndex } from './neardup/lsh.js';
export { optimalLshParams, candidateProbability } from './neardup/params.js';
export type { LshParams } from './neardup/params.js';
export { segment } from './segments/segment.js';
export type { TextSegment, SegmentOptions } from './segments/segment.js';
export { averageLinkage, cutTree } from './events/hclust.js';
export type { Dendrogram } from './events/hclust.js';
export { formatResult, formatChunks, writeResult, FORMATS } from './report/format.js';
export type { FormatOptions, OutputFormat } from './report/format.js';
