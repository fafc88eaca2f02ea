import { describe, expect, it } from 'vitest';
import type { CellIssue, GridRow, Mapping } from '../src/api';
import { issuesAt, needsMapping, orderNumberColumn, problemColumn, rowLevelIssues, worst } from '../src/lib/grid';

const row: GridRow = {
  index: 0,
  sheetRow: 2,
  cells: ['A1', '2026-11-01', 'x'],
  leftOut: false,
  issues: [
    { column: 1, field: 'dateOrder', code: 'bad_datetime', severity: 'error', message: '时间不对' },
    // As the Rust side sends an issue of the item file of a two-file export: no column.
    { column: null, field: 'lines.priceUnit', code: 'bad_number', severity: 'error', message: '宝贝报表第 3 行：价格不是数字' },
    { column: 7, field: 'amountPaid', code: 'required', severity: 'error', message: '不在这个表格里的列' },
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
  it('tells the problems only the mapping can fix', () => {
    const mapping: Mapping = { target: 'dmhub', fields: { 'lines.priceUnit': { column: '价格' } } };
    const unmapped: CellIssue = { column: null, field: 'lines.lineId', code: 'required', severity: 'error', message: '' };
    const noCustomer: CellIssue = { column: null, field: null, code: 'customer_missing', severity: 'error', message: '' };
    const noLines: CellIssue = { column: null, field: null, code: 'no_lines', severity: 'error', message: '' };
    expect([unmapped, noCustomer, noLines, ...row.issues].map((i) => needsMapping(i, mapping))).toEqual([true, true, false, false, false, false]);
    expect(worst([noLines])).toBe('error');
    expect(worst([])).toBeNull();
  });
  it('puts the cursor on the first problem cell, or the row number', () => {
    expect(problemColumn(row, 3)).toBe(1);
    expect(problemColumn(row, 3, 'bad_number')).toBeNull();
    const mapping: Mapping = { target: 'dmhub', fields: { orderNo: { column: '订单号' } } };
    expect(orderNumberColumn(mapping, ['下单时间', '订单号'], 'orderNo')).toBe(1);
    expect(orderNumberColumn(mapping, ['下单时间'], 'orderNo')).toBeNull();
  });
});
