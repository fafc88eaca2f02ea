// Which of a grid row's issues go where: on a cell, or on the row number.
import type { CellIssue, GridRow } from '../api';

/** The issues of the cell in column `col`. */
export const issuesAt = (row: GridRow | undefined, col: number): CellIssue[] => row?.issues.filter((i) => i.column === col) ?? [];

/** Issues about the whole row: the order as a whole, a field the mapping leaves out, a cell of
 * the item file of a two-file export (`column` null), or a column the grid does not have. */
export const rowLevelIssues = (row: GridRow | undefined, ncols: number): CellIssue[] =>
  row?.issues.filter((i) => i.column === null || i.column === undefined || i.column < 0 || i.column >= ncols) ?? [];
