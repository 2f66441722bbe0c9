/**
 * Output formats: `table` for people, `json` for programs, `jsonl` for
 * streams and very large results (one record per line, tagged by `type`).
 */
import type { Result } from '../types.js';
import { formatTable } from './table.js';

export const FORMATS = ['table', 'json', 'jsonl'] as const;
export type OutputFormat = (typeof FORMATS)[number];

/**
 * The result as text in one string. For very large results (a JSON text
 * over ~500 MB exceeds the longest string V8 can make) write the pieces of
 * `formatChunks` one by one instead.
 */
export function formatResult(result: Result, format: OutputFormat): string {
  return [...formatChunks(result, format)].join('');
}

/**
 * The result as text, in pieces of about one record each; joined, they are
 * exactly `formatResult`'s text (for json, `JSON.stringify(result, null, 2)`).
 */
export function* formatChunks(result: Result, format: OutputFormat): Generator<string> {
  switch (format) {
    case 'json':
      yield* jsonChunks(result);
      return;
    case 'jsonl':
      yield* jsonlChunks(result);
      return;
    case 'table':
      yield formatTable(result);
  }
}

/** JSON.stringify(result, null, 2) + newline, one array element at a time. */
function* jsonChunks(result: Result): Generator<string> {
  const indent = (json: string, spaces: string) => json.replace(/\n/g, `\n${spaces}`);
  const entries = Object.entries(result);
  yield '{';
  for (const [i, [key, value]] of entries.entries()) {
    const comma = i + 1 < entries.length ? ',' : '';
    if (Array.isArray(value) && value.length > 0) {
      yield `\n  ${JSON.stringify(key)}: [`;
      for (let k = 0; k < value.length; k++) yield `\n    ${indent(JSON.stringify(value[k], null, 2), '    ')}${k + 1 < value.length ? ',' : ''}`;
      yield `\n  ]${comma}`;
    } else {
      yield `\n  ${JSON.stringify(key)}: ${indent(JSON.stringify(value, null, 2), '  ')}${comma}`;
    }
  }
  yield '\n}\n';
}

function* jsonlChunks(result: Result): Generator<string> {
  const line = (type: string, record: object) => JSON.stringify({ type, ...record }) + '\n';
  for (const d of result.documents) yield line('document', d);
  for (const g of result.nearDuplicateGroups) yield line('nearDuplicateGroup', g);
  for (const c of result.containments) yield line('containment', c);
  for (const e of result.events) yield line('event', e);
  for (const e of result.errors) yield line('error', e);
  yield line('summary', result.summary);
}
