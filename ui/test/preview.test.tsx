// Issue 10, item 3 on the preview: a problem without a cell (the order as a whole, a field the
// mapping leaves out) marks its row, is read in the detail panel, is among the rows with
// problems, and leads back to 对应字段; a problem chip jumps to its first row. And the preview
// follows a language switch at once. Every wait is on what the screen shows, never a delay.
import { beforeEach, describe, expect, it } from 'vitest';
import { act } from 'react';
import type { MockOptions } from '../src/mock/backend';
import { harness } from './harness';
import { choose, until } from './dom';

const app = harness();
const { $, click } = app;
const cmds = () => app.calls.map((c) => c.cmd);
const rowEl = (index: number) => app.host().querySelector<HTMLElement>(`.ag-row[row-id="${index}"]`);
const shownRows = () => [...app.host().querySelectorAll<HTMLElement>('.ag-row')].map((r) => Number(r.getAttribute('row-id')));
const start = (opts: MockOptions = {}) => app.mock(opts);

async function toMapping() {
  await app.render();
  await click('choose-file');
  await until(() => $('head-table'));
  await click('import-next');
  await click('target-dmhub');
  await click('target-next');
  await until(() => $('field-orderNo'));
}

async function toPreview() {
  await toMapping();
  await click('mapping-next');
  await until(() => $('screen-preview') && $('row-problem-1'));
}

beforeEach(() => void start({ wholeOrder: true }));

describe('a problem of the whole order', () => {
  it('marks its row: the row number says so and the row is tinted', async () => {
    await toPreview();
    // The mock's order on sheet row 3 has no lines, the one on row 6 no customer.
    expect($('row-problem-1')!.textContent).toBe('3 整单问题');
    expect($('row-problem-4')!.textContent).toBe('6 整单问题');
    expect(rowEl(1)!.className).toContain('row-problem-error');
    expect(rowEl(0)!.className).not.toContain('row-problem-error');
    // A problem in a cell marks the cell, not the row.
    expect(rowEl(3)!.className).not.toContain('row-problem-error');
    expect(rowEl(3)!.querySelector('[col-id="c1"]')!.className).toContain('cell-error');
  });

  it('is among the rows with problems', async () => {
    await toPreview();
    await act(async () => ($('only-problems') as HTMLInputElement).click());
    await until(() => cmds().filter((c) => c === 'grid_page').length >= 2 && shownRows().length > 0);
    expect(shownRows()).toContain(1);
    expect(shownRows()).toContain(4);
  });

  it('is read in the detail panel, where a chip jumps to its first row', async () => {
    // jsdom lays nothing out: record what the screen asks to scroll to.
    const scrolled: Element[] = [];
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this);
    };
    await toPreview();
    expect($('row-problems')!.textContent).toContain('点一下格子或行号，这里会写出问题和改法');
    await click('count-no_lines');
    const panel = await until(() => ($('row-problems')!.textContent?.includes('第 3 行') ? $('row-problems') : null));
    expect(panel.textContent).toContain('整个订单');
    expect(panel.textContent).toContain('订单没有商品明细');
    expect(scrolled).toContain(panel);
    // The cursor is on the row number: the problem has no cell.
    expect(app.host().querySelector('.ag-cell-focus')?.getAttribute('col-id')).toBe('__row');
    // DM Hub with no customer field mapped at all: only the mapping can fix it.
    await click('count-customer_missing');
    await until(() => $('row-problems')!.textContent?.includes('第 6 行'));
    expect($('fix-mapping-customer_missing')).not.toBeNull();
  });

  it('puts the cursor on the problem cell of a chip, beside the pinned order number', async () => {
    await toPreview();
    await click('count-bad_number');
    await until(() => $('row-problems')!.textContent?.includes('第 13 行'));
    expect(app.host().querySelector('.ag-cell-focus')?.getAttribute('col-id')).toBe('c9');
    // 订单编号 (the order number) is pinned on the left with the row number.
    const pinned = [...rowEl(11)!.querySelectorAll('.ag-grid-pinned-left-cells [col-id]')].map((c) => c.getAttribute('col-id'));
    expect(pinned.slice(-2)).toEqual(['__row', 'c0']);
  });
});

describe('a required field the mapping leaves out', () => {
  it('may be looked at in the preview, says so, and leads back to its field in 对应字段', async () => {
    // jsdom lays nothing out: record what the screen asks to scroll to.
    const scrolled: Element[] = [];
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this);
    };
    await toMapping();
    const label = $('field-lines.lineId')!.querySelector('.field-label')!.textContent;
    await choose($('field-lines.lineId')!.querySelector('select')!, '');
    await click('mapping-next');
    // Told first what it means.
    const dialog = await until(() => $('confirm-dialog'));
    expect(dialog.textContent).toContain(`「${label}」还没有选择来自哪一列`);
    await click('confirm-ok');
    await until(() => $('screen-preview') && $('row-problem-0'));
    expect($('unmapped-banner')!.textContent).toContain(`「${label}」没有对应到表格里的列`);
    expect($('row-problem-0')!.textContent).toBe('2 整单问题');
    await click('count-required');
    await until(() => $('row-problems')!.textContent?.includes(`「${label}」没有对应到表格里的哪一列`));
    await click('fix-mapping-required');
    const field = await until(() => $('screen-mapping') && $('field-lines.lineId'));
    expect(field.className).toContain('sent-here');
    expect(scrolled).toContain(field);
    expect(document.activeElement).toBe(field.querySelector('select'));
  });
});

describe('one language at a time', () => {
  it('switches the problem chips, the grid and the field labels at once', async () => {
    await toPreview();
    expect($('count-no_lines')!.textContent).toBe('没有商品明细 1');
    await click('lang-en');
    await until(() => $('count-no_lines')!.textContent === 'No line items 1');
    await until(() => $('row-problem-1')?.textContent === '3 Order');
    await click('count-no_lines');
    await until(() => $('row-problems')!.textContent?.includes('The order has no line items'));
    await click('step-mapping');
    await until(() => $('field-orderNo')?.textContent?.includes('Order number'));
    // Asked in the new language: the Rust side was told first.
    expect(cmds().lastIndexOf('set_settings')).toBeLessThan(cmds().lastIndexOf('targets'));
  });

  it("says a deal's state in the language chosen", async () => {
    await app.render();
    await click('step-corrections');
    const no = await until(() => $('fix-order-no') as HTMLInputElement | null);
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(no, '20261101000');
    await act(async () => no.dispatchEvent(new Event('input', { bubbles: true })));
    await click('fix-lookup');
    await until(() => $('deal-state')?.textContent === '已付款');
    await click('lang-en');
    await until(() => $('deal-state')?.textContent === 'Paid');
  });

  it('lets a notice go when it is no longer about the screen shown', async () => {
    await toPreview();
    await click('export-problems');
    await until(() => $('notice-ok'));
    await click('step-mapping');
    await until(() => $('screen-mapping'));
    expect($('notice-ok')).toBeNull();
  });
});
