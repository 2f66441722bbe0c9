/** The flags `cluster`, `dedup` and `explain` share (main.ts, `withCorpusOptions`): how the corpus is read and analysed, and what stderr shows. */
import type { FieldNames } from '../ingest/types.js';
import type { AnalyzeOptions, DedupOptions } from '../options.js';
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
  /** `--options`: options as the API takes them (checked when parsed); the flags given on the command line win over them. */
  options?: AnalyzeOptions & DedupOptions;
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

/** Where `--options` holds the setting of each flag that has one. */
const SETTING_OF_FLAG: Record<string, readonly string[]> = {
  threshold: ['threshold'],
  eventThreshold: ['eventThreshold'],
  maxDaysApart: ['events', 'maxDaysApart'],
  workers: ['workers'],
  shingleSize: ['shingleSize'],
  followSymlinks: ['followSymlinks'],
  idField: ['fields', 'id'],
  textField: ['fields', 'text'],
  titleField: ['fields', 'title'],
  dateField: ['fields', 'date'],
  snippets: ['snippets'],
  keep: ['keep'],
  containment: ['containment'],
};

/**
 * The flags with `--options` applied: a flag left at its default takes the
 * setting `--options` gives; a flag given on the command line keeps its
 * value (`given`), so that `-e 0.8 --options FILE` means 0.8 whatever the
 * JSON says. Afterwards each flag holds the value the run uses (the HTML
 * report's settings line prints them).
 */
export function withOptionsJson<F extends CorpusFlags>(flags: F, given: (flag: string) => boolean): F {
  const json = flags.options;
  if (json === undefined) return flags;
  const settled = { ...flags } as Record<string, unknown>;
  for (const [flag, path] of Object.entries(SETTING_OF_FLAG)) {
    // A setting whose flag this command lacks (explain's snippets) is copied and never read; one its API refuses was refused when parsed.
    if (given(flag)) continue;
    let value: unknown = json;
    for (const key of path) value = value === undefined || value === null ? undefined : (value as Record<string, unknown>)[key];
    if (value !== undefined) settled[flag] = value;
  }
  return settled as F;
}

/** The analyze options the flags ask for, with progress shown and Ctrl-C watched. */
export function analyzeOptionsOf(flags: AnalysisFlags, progress: ProgressReporter, interrupt: Interrupt): AnalyzeOptions {
  const json = flags.options ?? {};
  return {
    ...json,
    threshold: flags.threshold,
    eventThreshold: flags.eventThreshold,
    events: { ...json.events, maxDaysApart: flags.maxDaysApart },
    workers: flags.workers,
    shingleSize: flags.shingleSize,
    followSymlinks: flags.followSymlinks,
    fields: { ...json.fields, ...fieldsOf(flags) },
    onProgress: (p) => {
      progress.update(p);
      // Past the features stage the signal is not watched and nothing is written yet: Ctrl-C ends the process, its worker threads with it.
      if (p.phase !== 'features') interrupt.pause();
    },
    signal: interrupt.signal,
  };
}
