/** The flags `cluster` and `dedup` share (main.ts, `withCorpusOptions`): how the corpus is read and analysed, and what stderr shows. */
import type { FieldNames } from '../ingest/types.js';

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
