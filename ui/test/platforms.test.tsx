// Issue 8 on the screens: the layout a suggestion followed and choosing another, guesses
// marked as such, the completed-orders filter with the count the Rust side gives, rows it
// leaves out marked in the preview, price × quantity, and a Taobao two-file export.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { clearMocks, mockIPC, mockWindows } from '@tauri-apps/api/mocks';
import '../src/i18n';
import { App } from '../src/App';
import { until } from './dom';
import { createMockBackend, type MockOptions } from '../src/mock/backend';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root;
let host: HTMLDivElement;
let calls: Array<{ cmd: string; args: Record<string, unknown> }>;
const $ = (id: string) => host.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const select = (id: string) => $(id)!.querySelector('select') ?? ($(id) as HTMLSelectElement);
/** Change a select or input the way a person does, so that React sees it. */
async function change(el: HTMLSelectElement | HTMLInputElement, value: string) {
  const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, value);
  await act(async () => el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true })));
}
const click = (id: string) => act(async () => $(id)!.click());
const selectedText = (el: HTMLSelectElement) => el.selectedOptions[0]?.textContent;

function start(opts: MockOptions = {}) {
  const backend = createMockBackend(opts);
  calls = [];
  mockIPC(
    (cmd, args) => {
      calls.push({ cmd, args: args as Record<string, unknown> });
      return backend(cmd, args as Record<string, unknown>);
    },
    { shouldMockEvents: true },
  );
}

async function toMapping(target: 'dmhub' | 'mall2030', open: () => Promise<void> = () => click('choose-file')) {
  await act(async () => root.render(<App />));
  await open();
  await until(() => $('head-table'));
  await click('import-next');
  await click(`target-${target}`);
  await click('target-next');
  await until(() => $('field-' + (target === 'dmhub' ? 'orderNo' : 'Code')));
}

async function openTyped(path: string) {
  await change($('path-input') as HTMLInputElement, path);
  await click('path-open');
}

beforeEach(() => {
  mockWindows('main');
  start();
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
  clearMocks();
});

describe('the layout of the export', () => {
  it('says which layout the suggestion followed, and suggests again for another', async () => {
    await toMapping('mall2030');
    expect($('platform-text')!.textContent).toBe('没有认出是哪个平台导出的表格，已按列名和内容猜测');
    const layouts = select('platform-select');
    expect([...layouts.options].map((o) => o.textContent)).toContain('不按平台模板，按列名和内容猜');
    expect([...layouts.options].map((o) => o.textContent)).toContain('京东订单（按商品）');
    expect(layouts.value).toBe('generic');
    // A shop code typed before choosing another layout stays.
    await change(select('field-ShopCode'), '\u0000value');
    await change($('field-ShopCode')!.querySelector('input')!, 'HQS0001');

    await change(layouts, 'qianniu_items');
    await until(() => $('platform-text')!.textContent === '按「淘宝/天猫订单（千牛，按子订单）」的格式对应');
    expect(calls.filter((c) => c.cmd === 'suggest_mapping').map((c) => c.args.platform)).toEqual([null, 'qianniu_items']);
    expect(select('platform-select').value).toBe('qianniu_items');
    expect(host.querySelectorAll('[data-testid^="guess-"]')).toHaveLength(0);
    expect(($('field-ShopCode')!.querySelector('input') as HTMLInputElement).value).toBe('HQS0001');

    await change(select('platform-select'), 'generic');
    await until(() => $('guess-Dtls.Amount'));
    expect(calls.at(-1)).toMatchObject({ cmd: 'suggest_mapping', args: { platform: 'generic' } });
  });

  it('marks each guess, and a click confirms it', async () => {
    await toMapping('mall2030');
    // Below 0.9: a guess; 0.9 and above: not.
    expect($('guess-Dtls.Amount')!.textContent).toBe('猜测，请确认');
    expect($('guess-TotalMoney')).not.toBeNull();
    expect($('guess-TotalQty')).not.toBeNull();
    expect($('guess-Code')).toBeNull();
    expect($('guess-RecvMobile')).toBeNull();
    expect($('field-Dtls.Amount')!.className).toContain('guessed');
    await click('guess-Dtls.Amount');
    expect($('guess-Dtls.Amount')).toBeNull();
    // Choosing a column by hand is no guess either.
    await change(select('field-TotalMoney'), '商品金额');
    expect($('guess-TotalMoney')).toBeNull();
  });

  it('offers unit price × quantity for a line amount, in plain words', async () => {
    await toMapping('dmhub');
    const subtotal = select('field-lines.priceSubTotal');
    const option = [...subtotal.options].find((o) => o.textContent === '单价 × 数量');
    expect(option).toBeDefined();
    expect([...select('field-lines.qty').options].some((o) => o.textContent === '单价 × 数量')).toBe(false);
    await change(subtotal, option!.value);
    expect(selectedText(select('field-lines.priceSubTotal'))).toBe('单价 × 数量');
    expect($('field-lines.priceSubTotal')!.textContent).toContain('用这个商品的单价乘以数量');
    await click('mapping-next');
    await until(() => $('screen-preview'));
    const sent = calls.find((c) => c.cmd === 'validate')!.args.mapping as { fields: Record<string, unknown> };
    expect(sent.fields['lines.priceSubTotal']).toEqual({ derive: 'price_x_qty' });
  });
});

describe('only completed orders', () => {
  it('is a checkbox with the number of orders it leaves out, counted by the Rust side', async () => {
    await toMapping('dmhub');
    const box = $('only-completed') as HTMLInputElement;
    expect(box.checked).toBe(true);
    expect(box.parentElement!.textContent).toBe('只导入已完成的订单（交易成功）');
    await until(() => $('left-out-count')?.textContent === '将有 3 个未完成的订单不导入');
    expect(calls.some((c) => c.cmd === 'filter_left_out')).toBe(true);

    await act(async () => box.click());
    expect(box.checked).toBe(false);
    await until(() => $('left-out-count')?.textContent === '表格里有 3 个未完成的订单，不勾选的话也会导入（检查时会提醒）');
    const asked = calls.filter((c) => c.cmd === 'filter_left_out').at(-1)!.args.mapping as { filter: unknown };
    expect(asked.filter).toEqual({ column: '订单状态', in: ['交易成功'] });

    await click('mapping-next');
    await until(() => $('screen-preview'));
    expect((calls.find((c) => c.cmd === 'validate')!.args.mapping as { filter?: unknown }).filter).toBeUndefined();
    expect($('stat-left-out')).toBeNull();
  });

  it('marks the rows it leaves out in the preview, and counts them', async () => {
    await toMapping('dmhub');
    await until(() => $('left-out-count'));
    await click('mapping-next');
    await until(() => $('screen-preview'));
    expect($('stat-left-out')!.textContent).toBe('3');
    expect($('stat-left-out')!.parentElement!.textContent).toBe('3 个未完成的订单不导入');
    expect($('stat-orders')!.textContent).toBe('21');
    const tag = await until(() => $('left-out-6'));
    expect(tag.textContent).toBe('8 不导入'); // the 7th order, on sheet row 8
    const row = tag.closest('.ag-row')!;
    expect(row.className).toContain('row-left-out');
    expect(host.querySelectorAll('.ag-row.row-left-out').length).toBeGreaterThan(0);
    expect(host.querySelector(`.ag-row[row-index="0"]`)!.className).not.toContain('row-left-out');
  });
});

describe('a Taobao two-file export', () => {
  it('tells an item report opened alone, and opens it with its order report', async () => {
    start({ picks: ['/home/shop/ExportOrderList202611.csv'] });
    await act(async () => root.render(<App />));
    await openTyped('/home/shop/ExportOrderDetailList202611.csv');
    const alone = await until(() => $('item-report-alone'));
    expect(alone.textContent).toContain('这是宝贝报表（商品明细）');
    expect(alone.textContent).toContain('请再打开对应的订单报表');
    await click('add-order-report');
    await until(() => $('import-lines'));
    expect(calls.filter((c) => c.cmd === 'open_file').at(-1)!.args).toEqual({
      path: '/home/shop/ExportOrderList202611.csv',
      linesPath: '/home/shop/ExportOrderDetailList202611.csv',
    });
    expect($('import-lines')!.textContent).toBe('商品明细来自：ExportOrderDetailList202611.csv（24 行）');
    expect($('import-platform')!.textContent).toBe('识别为：淘宝/天猫订单报表（需同时导入宝贝报表）');
    expect($('item-report-alone')).toBeNull();

    await click('import-next');
    await click('target-mall2030');
    await click('target-next');
    await until(() => $('field-Code'));
    expect($('platform-text')!.textContent).toBe('识别为：淘宝/天猫订单报表（需同时导入宝贝报表）');
    expect($('lines-from')!.textContent).toBe('商品明细来自：ExportOrderDetailList202611.csv');
    // Line fields take the item report's columns.
    expect(select('field-Dtls.BarCode').value).toBe('商家编码');
    expect(selectedText(select('field-Dtls.Amount'))).toBe('单价 × 数量');
    await until(() => $('field-Dtls.BarCode')!.querySelector('.sample'));
    expect(calls.some((c) => c.cmd === 'column_samples' && c.args.column === '商家编码' && c.args.lines === true)).toBe(true);
  });

  it('offers to add the item report to an order report, from the mapping screen too', async () => {
    start({ picks: ['/home/shop/ExportOrderDetailList202611.csv'] });
    await toMapping('mall2030', () => openTyped('/home/shop/ExportOrderList202611.csv'));
    expect($('need-items')!.textContent).toContain('添加宝贝报表（商品明细文件）');
    expect(select('field-Dtls.BarCode').value).toBe('');
    await click('mapping-add-items');
    await until(() => $('lines-from'));
    expect($('screen-mapping')).not.toBeNull();
    expect($('need-items')).toBeNull();
    await until(() => select('field-Dtls.BarCode').value === '商家编码');
    expect(calls.filter((c) => c.cmd === 'suggest_mapping')).toHaveLength(2);
  });
});
