/**
 * Checks one record from a JSONL line or an API iterable. Both come from
 * code we do not control, so a bad record is reported with a precise reason
 * instead of failing the run or being coerced into something misleading.
 * Pure: no I/O here.
 */
import type { Doc, DocWarning } from '../types.js';
import { DEFAULT_FIELDS, type FieldNames } from './types.js';

export type Validated =
  | { ok: true; doc: Doc; warnings: DocWarning[] }
  | { ok: false; code: 'not-an-object' | 'missing-text' | 'invalid-text' | 'missing-id'; message: string };

/**
 * @param fields Where the record keeps its id, text, title and date
 *   (`url` and `source` are always read under those names).
 */
export function validateDoc(value: unknown, fields: Readonly<FieldNames> = DEFAULT_FIELDS): Validated {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, code: 'not-an-object', message: `expected an object with "${fields.id}" and "${fields.text}", got ${describe(value)}` };
  }
  const record = value as Record<string, unknown>;

  const text = record[fields.text];
  if (text === undefined || text === null) {
    return { ok: false, code: 'missing-text', message: `no "${fields.text}" field` };
  }
  if (typeof text !== 'string') {
    return { ok: false, code: 'invalid-text', message: `"${fields.text}" must be a string, got ${describe(text)}` };
  }

  const rawId = record[fields.id];
  let id: string;
  if (typeof rawId === 'string' && rawId.trim() !== '') {
    id = rawId;
  } else if ((typeof rawId === 'number' && Number.isFinite(rawId)) || typeof rawId === 'bigint') {
    // Numeric ids are common in database exports; their decimal form is unambiguous.
    id = String(rawId);
  } else if (rawId === undefined || rawId === null) {
    return { ok: false, code: 'missing-id', message: `no "${fields.id}" field` };
  } else if (typeof rawId === 'string') {
    return { ok: false, code: 'missing-id', message: `"${fields.id}" is empty` };
  } else {
    return { ok: false, code: 'missing-id', message: `"${fields.id}" must be a string or a number, got ${describe(rawId)}` };
  }

  const doc: Doc = { id, text };
  const warnings: DocWarning[] = [];
  const optional = [
    ['title', fields.title],
    ['date', fields.date],
    ['url', 'url'],
    ['source', 'source'],
  ] as const;
  for (const [field, name] of optional) {
    const v = record[name];
    if (v === undefined || v === null) continue;
    if (typeof v === 'string') {
      doc[field] = v;
    } else {
      warnings.push({ code: 'invalid-field', message: `"${name}" must be a string, got ${describe(v)}; ignored` });
    }
  }
  return { ok: true, doc, warnings };
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number' || typeof v === 'boolean') return `${typeof v} ${String(v)}`;
  if (typeof v === 'object') return 'an object';
  return typeof v === 'string' ? 'a string' : typeof v;
}
