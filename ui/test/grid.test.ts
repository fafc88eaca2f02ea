import { describe, expect, it } from 'vitest';
import type { GridRow } from '../src/api';
import { issuesAt, rowLevelIssues } from '../src/lib/grid';

const row: GridRow = {
  index: 0,
  sheetRow: 2,
  cells: ['A1', '2026-11-01', 'x'],
  leftOut: false,
  issues: [
    { column: 1, code: 'bad_datetime', severity: 'error', message: '时间不对' },
    // As the Rust side sends an issue of the item file of a two-file export: no column.
    { column: null, code: 'bad_number', severity: 'error', message: '宝贝报表第 3 行：价格不是数字' },
    { column: 7, code: 'required', severity: 'error', message: '不在这个表格里的列' },
  ],
};

describe('grid issues', () => {
  it('puts an issue with a column on its cell', () => {
    expect(issuesAt(row, 1).map((i) => i.code)).toEqual(['bad_datetime']);
    expect(issuesAt(row, 0)).toEqual([]);
  });
  it('puts an issue without a column (null over IPC) on the row number', () => {
    expect(rowLevelIssues(row, 3).map((i) => i.message)).toEqual(['宝贝报表第 3 行：价格不是数字', '不在这个表格里的列']);
    expect(rowLevelIssues(undefined, 3)).toEqual([]);
  });
});
