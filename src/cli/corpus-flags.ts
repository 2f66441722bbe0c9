/** The flags `cluster`, `dedup` and `explain` share (main.ts, `withCorpusOptions`): how the corpus is read and analysed, and what stderr shows. */
import type { FieldNames } from '../ingest/types.js';
import type { AnalyzeOptions } from '../options.js';
import type { Interrupt } from './interrupt.js';
import type { ProgressReporter } from './progress.js';

export interface CorpusFlags {
  threshold: number;
  workers?: number;
  shingleSize: number;
  out?: string;
  progress: boolean;
  followSymlinks: boolean;
  idField?: string;
  textField?: string;
  titleField?: string;
  dateField?: string;
  quiet: boolean;
}

/** The JSONL field names the flags give (unset ones keep their defaults). */
export function fieldsOf(flags: CorpusFlags): Partial<FieldNames> {
  return { id: flags.idField, text: flags.textField, title: flags.titleField, date: flags.dateField };
}

/** The flags of the commands that run the whole analysis (`cluster`, `explain`). */
export interface AnalysisFlags extends CorpusFlags {
  eventThreshold: number;
  maxDaysApart: number;
}

/** The analyze options the flags ask for, with progress shown and Ctrl-C watched. */
export function analyzeOptionsOf(flags: AnalysisFlags, progress: ProgressReporter, interrupt: Interrupt): AnalyzeOptions {
  return {
    threshold: flags.threshold,
    eventThreshold: flags.eventThreshold,
    events: { maxDaysApart: flags.maxDaysApart },
    workers: flags.workers,
    shingleSize: flags.shingleSize,
    followSymlinks: flags.followSymlinks,
    fields: fieldsOf(flags),
    onProgress: (p) => {
      progress.update(p);
      // Past the features stage the signal is not watched and nothing is written yet: Ctrl-C ends the process, its worker threads with it.
      if (p.phase !== 'features') interrupt.pause();
    },
    signal: interrupt.signal,
  };
}
