/**
 * Output formats: `table` for people, `json` for programs, `jsonl` for
 * streams and very large results (one record per line, tagged by `type`).
 */
import type { Result } from '../types.js';
import { formatTable } from './table.js';

export const FORMATS = ['table', 'json', 'jsonl'] as const;
export type OutputFormat = (typeof FORMATS)[number];

export function formatResult(result: Result, format: OutputFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify(result, null, 2) + '\n';
    case 'jsonl':
      return formatJsonl(result);
    case 'table':
      return formatTable(result);
  }
}

function formatJsonl(result: Result): string {
  const lines: string[] = [];
  const emit = (type: string, record: object) => lines.push(JSON.stringify({ type, ...record }));
  for (const d of result.documents) emit('document', d);
  for (const g of result.nearDuplicateGroups) emit('nearDuplicateGroup', g);
  for (const c of result.containments) emit('containment', c);
  for (const e of result.events) emit('event', e);
  for (const e of result.errors) emit('error', e);
  emit('summary', result.summary);
  return lines.join('\n') + '\n';
}
