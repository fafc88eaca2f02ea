// Pure helpers for the mapping screen's form state. They only move values around:
// which column feeds which field is suggested by the Rust side (suggest_mapping).
import type { AnyOf, Derive, FieldSource, Filter, Mapping, TargetField } from '../api';

export type SourceKind = 'column' | 'value' | 'derive' | 'none';

export function sourceKind(s: FieldSource | undefined): SourceKind {
  if (!s) return 'none';
  if (s.column !== undefined) return 'column';
  if (s.value !== undefined) return 'value';
  if (s.derive !== undefined) return 'derive';
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

/** Which value a derived field computes: an order total's sum, a line's price × quantity. */
export function deriveKind(s: FieldSource | undefined): Derive | null {
  return s?.derive ?? null;
}

export function setDerive(m: Mapping, path: string, on: boolean, how: Derive = 'sum'): Mapping {
  const fields = { ...m.fields };
  if (on) fields[path] = { derive: how };
  else delete fields[path];
  return { ...m, fields, unmatched: (m.unmatched ?? []).filter((p) => p !== path || !on) };
}

export function setTimezone(m: Mapping, timezone: string): Mapping {
  return { ...m, timezone };
}

export function setFilter(m: Mapping, column: string, values: string[]): Mapping {
  const clean = values.map((v) => v.trim()).filter(Boolean);
  if (!column || clean.length === 0) return { ...m, filter: null };
  return { ...m, filter: { column, in: clean } };
}

/** The same filter: the same column keeping the same values (in any order). */
export function sameFilter(a: Filter | null | undefined, b: Filter | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  const set = (f: Filter) => [...new Set(f.in)].sort().join('\u0000');
  return a.column === b.column && set(a) === set(b);
}

/** Required fields that have no source yet: the form cannot go on while this is non-empty. */
export function missingRequired(m: Mapping, fields: TargetField[]): TargetField[] {
  return fields.filter((f) => {
    if (!f.required) return false;
    const s = m.fields[f.path];
    if (!s) return true;
    if (s.column !== undefined) return !s.column;
    if (s.value !== undefined) return s.value.trim() === '';
    return false;
  });
}

/** A column used by more than one field (allowed, but shown gently). */
export function columnUses(m: Mapping): Map<string, string[]> {
  const uses = new Map<string, string[]>();
  for (const [path, s] of Object.entries(m.fields)) {
    if (s.column) uses.set(s.column, [...(uses.get(s.column) ?? []), path]);
  }
  return uses;
}

/** A new suggestion (another layout chosen) keeps the fixed values the merchant typed for
 * fields it leaves empty, such as the shop code. */
export function keepTyped(before: Mapping | null, next: Mapping): Mapping {
  if (!before) return next;
  const fields = { ...next.fields };
  for (const [path, s] of Object.entries(before.fields)) {
    if (s.value !== undefined && s.confidence === undefined && s.value.trim() !== '' && !fields[path]) fields[path] = s;
  }
  return { ...next, fields, unmatched: (next.unmatched ?? []).filter((p) => !fields[p]) };
}

/** From this confidence on a suggestion is not a guess (orderdock_core::suggest::SURE). */
export const SURE = 0.9;

/** A suggested source the merchant has not confirmed and the suggestion is not sure of. */
export function isGuess(s: FieldSource | undefined): boolean {
  return !!s && typeof s.confidence === 'number' && s.confidence < SURE;
}

/** The merchant has looked at a guess and it is right: it is no longer marked. */
export function confirmField(m: Mapping, path: string): Mapping {
  const s = m.fields[path];
  if (!s) return m;
  const { confidence: _, ...rest } = s;
  return { ...m, fields: { ...m.fields, [path]: rest as FieldSource } };
}

/** The document sent to Rust: confidence and unmatched are suggestion metadata, not mapping. */
export function forBackend(m: Mapping): Mapping {
  const fields: Record<string, FieldSource> = {};
  for (const [path, s] of Object.entries(m.fields)) {
    if (s.value !== undefined && s.value.trim() === '') continue;
    const { confidence: _, ...rest } = s;
    fields[path] = rest as FieldSource;
  }
  const out: Mapping = { ...m, fields };
  delete out.unmatched;
  if (!out.filter) delete out.filter;
  return out;
}

/** A template field (`custom.*`) stands for the fields that replace `*` with a name. */
export const isTemplate = (path: string) => path.endsWith('*');

/** True when `path` is `template` or one of its instances (`custom.attr1` of `custom.*`). */
export function instanceOf(path: string, template: string): boolean {
  if (!isTemplate(template)) return path === template;
  const prefix = template.slice(0, -1);
  return path === template || (path.length > prefix.length && path.startsWith(prefix) && !path.slice(prefix.length).includes('.'));
}

/** The mapped instances of a template in the mapping's order, but for fields declared in their
 * own right (`identities.mobile` has its row). */
export function instances(m: Mapping, template: string, declared: TargetField[]): string[] {
  return Object.keys(m.fields).filter((p) => p !== template && instanceOf(p, template) && !declared.some((f) => f.path === p));
}

/** Gives the field at `from` (`custom.*` or `custom.attr1`) the name `name`: its source moves
 * to `custom.<name>`. An empty name keeps it waiting for one (`custom.*`); a name already
 * mapped is left as it was. */
export function nameField(m: Mapping, from: string, template: string, name: string): Mapping {
  const clean = name.trim();
  const to = clean === '' ? template : template.slice(0, -1) + clean;
  const src = m.fields[from];
  if (!src || to === from || m.fields[to]) return m;
  const fields: Record<string, FieldSource> = {};
  for (const [p, s] of Object.entries(m.fields)) fields[p === from ? to : p] = s;
  return { ...m, fields };
}

/** The groups none of whose fields is mapped (DM Hub: neither a customer id nor an identity). */
export function missingGroups(m: Mapping, groups: AnyOf[]): AnyOf[] {
  const mapped = Object.keys(forBackend(m).fields).filter((p) => !isTemplate(p));
  return groups.filter((g) => !mapped.some((p) => g.paths.some((t) => instanceOf(p, t))));
}
