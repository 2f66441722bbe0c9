/**
 * Messages between the main thread and the feature workers. Texts go in as
 * strings (structured clone copies them once); features come back as typed
 * arrays whose buffers are transferred, not copied.
 */
import type { ExtractOptions } from '../features/extract.js';
import type { FeatureBatch } from '../features/batch.js';

export interface FeatureTask {
  texts: string[];
  /** Metadata dates, aligned with `texts`. */
  dates: Array<string | undefined>;
  options: ExtractOptions;
  /**
   * Test hook for fault handling: the worker throws (`throw`) or exits its
   * thread (`exit`) when it sees this exact text. Never set in production.
   */
  faultOn?: { text: string; mode: 'throw' | 'exit' };
}

export type FeatureResult = FeatureBatch;
