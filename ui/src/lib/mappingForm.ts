// Pure helpers for the mapping screen's form state. They only move values around:
// which column feeds which field is suggested by the Rust side (suggest_mapping).
import type { FieldSource, Mapping, TargetField } from '../api';

export type SourceKind = 'column' | 'value' | 'derive' | 'none';

export function sourceKind(s: FieldSource | undefined): SourceKind {
  if (!s) return 'none';
  if ('column' in s) return 'column';
  if ('value' in s) return 'value';
  if ('derive' in s) return 'derive';
  return 'none';
}

export function setColumn(m: Mapping, path: string, column: string): Mapping {
  const fields = { ...m.fields };
  if (column === '') delete fields[path];
  else fields[path] = { column };
  return { ...m, fields, unmatched: (m.unmatched ?? []).filter((p) => p !== path || column === '') };
}

export function setConstant(m: Mapping, path: string, value: string): Mapping {
  const fields = { ...m.fields };
  if (value === '') delete fields[path];
  else fields[path] = { value };
  return { ...m, fields };
}

export function setDerive(m: Mapping, path: string, on: boolean): Mapping {
  const fields = { ...m.fields };
  if (on) fields[path] = { derive: 'sum' };
  else delete fields[path];
  return { ...m, fields };
}

export function setTimezone(m: Mapping, timezone: string): Mapping {
  return { ...m, timezone };
}

export function setFilter(m: Mapping, column: string, values: string[]): Mapping {
  const clean = values.map((v) => v.trim()).filter(Boolean);
  if (!column || clean.length === 0) return { ...m, filter: null };
  return { ...m, filter: { column, in: clean } };
}

/** Required fields that have no source yet: the form cannot go on while this is non-empty. */
export function missingRequired(m: Mapping, fields: TargetField[]): TargetField[] {
  return fields.filter((f) => {
    if (!f.required) return false;
    const s = m.fields[f.path];
    if (!s) return true;
    if ('column' in s) return !s.column;
    if ('value' in s) return s.value.trim() === '';
    return false;
  });
}

/** A column used by more than one field (allowed, but shown gently). */
export function columnUses(m: Mapping): Map<string, string[]> {
  const uses = new Map<string, string[]>();
  for (const [path, s] of Object.entries(m.fields)) {
    if ('column' in s && s.column) uses.set(s.column, [...(uses.get(s.column) ?? []), path]);
  }
  return uses;
}

export type Confidence = 'high' | 'medium' | 'low' | null;
export function confidenceLevel(s: FieldSource | undefined): Confidence {
  if (!s || !('column' in s) || typeof s.confidence !== 'number') return null;
  if (s.confidence >= 0.9) return 'high';
  if (s.confidence >= 0.6) return 'medium';
  return 'low';
}

/** The document sent to Rust: confidence and unmatched are suggestion metadata, not mapping. */
export function forBackend(m: Mapping): Mapping {
  const fields: Record<string, FieldSource> = {};
  for (const [path, s] of Object.entries(m.fields)) {
    if ('value' in s && s.value.trim() === '') continue;
    fields[path] = 'column' in s ? { column: s.column } : s;
  }
  const out: Mapping = { ...m, fields };
  delete out.unmatched;
  if (!out.filter) delete out.filter;
  return out;
}
