/**
 * Segmenting one text on its own, for API users: the same steps as the
 * pipeline, with document frequencies from this text alone (so no corpus
 * evidence: expect more conservative boundaries than in `analyze`).
 */
import { BLOCK_BOILERPLATE, BatchBuilder } from '../features/batch.js';
import { FeatureExtractor, type ExtractOptions } from '../features/extract.js';
import { DEFAULT_TERM_WEIGHTS, DocumentFrequencies } from '../features/tfidf.js';
import type { SegmentKind } from '../types.js';
import { resolveSegments, type SegmentationOptions } from './resolve.js';

export interface TextSegment {
  start: number;
  end: number;
  kind: SegmentKind;
}

export interface SegmentOptions extends ExtractOptions {
  segmentation?: SegmentationOptions;
}

export function segment(text: string, options: SegmentOptions = {}): TextSegment[] {
  const extractor = new FeatureExtractor(options);
  const batch = new BatchBuilder(1, extractor.numPerm);
  extractor.extract(text, undefined, batch);
  const features = batch.finish();
  const df = new DocumentFrequencies(features, () => true, (b) => (features.blockKind[b] & BLOCK_BOILERPLATE) === 0);
  return resolveSegments(features, 0, df, DEFAULT_TERM_WEIGHTS, 100, options.segmentation).map((s) => ({
    start: s.start,
    end: s.end,
    kind: s.boilerplate ? 'boilerplate' : 'story',
  }));
}
