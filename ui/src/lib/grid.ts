// Which of a grid row's issues go where: on a cell, or on the row number.
import type { CellIssue, GridRow, Mapping, Severity } from '../api';

/** The issues of the cell in column `col`. */
export const issuesAt = (row: GridRow | undefined, col: number): CellIssue[] => row?.issues.filter((i) => i.column === col) ?? [];

/** Issues about the whole row: the order as a whole, a field the mapping leaves out, a cell of
 * the item file of a two-file export (`column` null), or a column the grid does not have. */
export const rowLevelIssues = (row: GridRow | undefined, ncols: number): CellIssue[] =>
  row?.issues.filter((i) => i.column === null || i.column === undefined || i.column < 0 || i.column >= ncols) ?? [];

/** The worst severity among `issues`, if any: a cell or row is marked by it. */
export const worst = (issues: CellIssue[]): Severity | null =>
  issues.some((i) => i.severity === 'error') ? 'error' : issues.length > 0 ? 'warning' : null;

/** An issue no cell can fix, only the mapping: a field the mapping leaves out, or (DM Hub)
 * no customer field mapped at all. The Rust side sends no column for either. */
export const needsMapping = (issue: CellIssue, mapping: Mapping | null): boolean =>
  issue.column === null && !!mapping && (issue.field ? !(issue.field in mapping.fields) : issue.code === 'customer_missing');

/** Where to put the cursor for a row's problem: the first problem cell (with `code`, when
 * given), or null for the row number when its problems have no cell. */
export function problemColumn(row: GridRow, ncols: number, code?: string): number | null {
  const hit = row.issues.find((i) => (code === undefined || i.code === code) && i.column !== null && i.column >= 0 && i.column < ncols);
  return hit?.column ?? null;
}

/** The column holding the order number (it stays pinned while the grid scrolls sideways). */
export function orderNumberColumn(mapping: Mapping | null, columns: string[], key: string | undefined): number | null {
  const src = key ? mapping?.fields[key] : undefined;
  const i = src && src.column !== undefined ? columns.indexOf(src.column) : -1;
  return i >= 0 ? i : null;
}
