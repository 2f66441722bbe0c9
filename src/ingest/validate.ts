/**
 * Checks one record from a JSONL line or an API iterable. Both come from
 * code we do not control, so a bad record is reported with a precise reason
 * instead of failing the run or being coerced into something misleading.
 * Pure: no I/O here.
 */
import type { Doc, DocWarning } from '../types.js';

export type Validated =
  | { ok: true; doc: Doc; warnings: DocWarning[] }
  | { ok: false; code: 'not-an-object' | 'missing-text' | 'invalid-text' | 'missing-id'; message: string };

const OPTIONAL_FIELDS = ['title', 'date', 'url', 'source'] as const;

export function validateDoc(value: unknown): Validated {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, code: 'not-an-object', message: `expected an object with "id" and "text", got ${describe(value)}` };
  }
  const record = value as Record<string, unknown>;

  const text = record.text;
  if (text === undefined || text === null) {
    return { ok: false, code: 'missing-text', message: 'no "text" field' };
  }
  if (typeof text !== 'string') {
    return { ok: false, code: 'invalid-text', message: `"text" must be a string, got ${describe(text)}` };
  }

  const rawId = record.id;
  let id: string;
  if (typeof rawId === 'string' && rawId.trim() !== '') {
    id = rawId;
  } else if (typeof rawId === 'number' && Number.isFinite(rawId)) {
    // Numeric ids are common in database exports; their decimal form is unambiguous.
    id = String(rawId);
  } else if (rawId === undefined || rawId === null) {
    return { ok: false, code: 'missing-id', message: 'no "id" field' };
  } else if (typeof rawId === 'string') {
    return { ok: false, code: 'missing-id', message: '"id" is empty' };
  } else {
    return { ok: false, code: 'missing-id', message: `"id" must be a string or a number, got ${describe(rawId)}` };
  }

  const doc: Doc = { id, text };
  const warnings: DocWarning[] = [];
  for (const field of OPTIONAL_FIELDS) {
    const v = record[field];
    if (v === undefined || v === null) continue;
    if (typeof v === 'string') {
      doc[field] = v;
    } else {
      warnings.push({ code: 'invalid-field', message: `"${field}" must be a string, got ${describe(v)}; ignored` });
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
