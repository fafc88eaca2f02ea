// Issue 10, item 4 and part of 5 in the UI: a DM Hub deal's lines are corrected and saved (the
// mock's deal_update checks the patch as the shell's command does), the form shows what was read
// back, money with two decimals and labels from core; the cancel dialog says what its buttons do;
// a 2030 return chooses lines by place; the mapping screen asks a custom field's name and says
// when DM Hub has no customer. Every wait is on what the screen shows, never a delay.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { act } from 'react';
import type { Shared } from '../src/App';
import { ConfirmDialog, type ConfirmRequest } from '../src/components/ConfirmDialog';
import { DealEditor } from '../src/components/DealEditor';
import { ReturnBuilder } from '../src/components/ReturnBuilder';
import type { Deal, Mapping } from '../src/api';
import { createMockBackend } from '../src/mock/backend';
import { harness } from './harness';
import { choose, typeIn, until } from './dom';

vi.setConfig({ testTimeout: 120_000 });

const app = harness();
const { $, click, calls } = app;
let backend: ReturnType<typeof createMockBackend>;
let notices: Array<{ kind: string; text: string }>;
let asked: ConfirmRequest | null;
const shared: Shared = {
  notify: (m) => m && notices.push(m),
  confirm: (r) => {
    asked = r;
  },
};
const input = (id: string) => $(id) as HTMLInputElement;
const last = (cmd: string) => [...calls].reverse().find((c) => c.cmd === cmd)?.args;

beforeEach(() => {
  backend = app.mock();
  notices = [];
  asked = null;
});

async function openDeal() {
  await app.render(<DealEditor orderNo="20261101000" connection={{ practice: true }} shared={shared} />);
  await until(() => $('deal') && app.host().textContent?.includes('订单行ID'));
}

describe('a DM Hub deal corrected', () => {
  it('saves a line’s quantity and price and shows the deal read back', async () => {
    await openDeal();
    // Labels are core's; money has its two decimals.
    expect(app.host().textContent).toContain('订单时间');
    expect(app.host().textContent).toContain('单件商品价格');
    expect(input('deal-amountPaid').value).toBe('119.70');
    expect(input('line-priceUnit-1').value).toBe('39.90');
    await typeIn(input('line-qty-1'), '3');
    await typeIn(input('line-priceUnit-1'), '35');
    await typeIn(input('deal-remark'), '改了数量');
    await click('deal-save');
    await until(() => notices.some((n) => n.kind === 'ok'));
    expect(last('deal_update')).toMatchObject({ orderNo: '20261101000', patch: { remark: '改了数量' }, lines: { '1': { qty: '3', priceUnit: '35' } } });
    // What the form shows now is the answer: the total follows quantity × price.
    expect(input('line-qty-1').value).toBe('3');
    expect(input('line-priceUnit-1').value).toBe('35.00');
    expect(input('line-priceSubTotal-1').value).toBe('105.00');
    expect(input('line-qty-2').value).toBe('1');
    expect(($('deal-save') as HTMLButtonElement).disabled).toBe(true);
    expect(calls.filter((c) => c.cmd === 'deal_get')).toHaveLength(1);
  });

  it('is refused as the shell refuses it: the merchant reads why and nothing changes', async () => {
    await openDeal();
    await typeIn(input('line-qty-2'), '两件');
    await click('deal-save');
    await until(() => notices.some((n) => n.kind === 'error'));
    expect(notices.find((n) => n.kind === 'error')!.text).toBe('订购数量「两件」的格式不对');
    expect(() => backend('deal_update', { orderNo: '20261101000', patch: { storeCode: 'S1' } })).toThrow();
    expect(() => backend('deal_update', { orderNo: '20261101000', patch: {}, lines: { '9': { qty: '1' } } })).toThrow();
    expect(() => backend('deal_update', { orderNo: '20261101000', patch: { amountPaid: 119.7 } })).toThrow();
    expect((backend('deal_get', {}) as Deal).lines[1].qty).toBe('1');
  });

  it('asks before cancelling with buttons that say what they do', async () => {
    await openDeal();
    await click('deal-cancel');
    await app.render(<ConfirmDialog req={asked} onClose={() => {}} />);
    const buttons = [...app.host().querySelectorAll('button')].map((b) => b.textContent);
    expect(buttons).toEqual(['保留订单，返回', '取消订单']);
  });
});

describe('a 2030 return', () => {
  it('chooses lines with one barcode apart and shows what the return holds', async () => {
    await app.render(<ReturnBuilder orderNo="0000128092" connection={{ practice: true }} shared={shared} />);
    await until(() => $('return-line-2'));
    // Two lines with the same barcode, one checkbox each.
    expect($('return-line-0')!.textContent).toContain('6901234510000');
    expect($('return-line-1')!.textContent).toContain('6901234510000');
    await click('return-check-0');
    expect(input('return-check-0').checked).toBe(false);
    expect(input('return-check-1').checked).toBe(true);
    await click('return-build');
    await until(() => $('return-qty-1'));
    expect(last('build_return')).toMatchObject({ lines: [1, 2] });
    expect($('return-qty-0')!.textContent).toBe('不退');
    expect([$('return-qty-1')!.textContent, $('return-amount-1')!.textContent]).toEqual(['-1', '-39.90']);
    await click('return-upload');
    await act(async () => asked!.onConfirm());
    expect(last('upload_return')).toMatchObject({ lines: [1, 2] });
    // When the upload ends, the notice says how it ended and the results are shown.
    await until(() => $('results-table'));
    expect(notices.at(-1)).toEqual({ kind: 'ok', text: '退货单已上传' });
  });
});

describe('the mapping screen', () => {
  async function toMapping() {
    await app.render();
    await click('choose-file');
    await until(() => $('head-table'));
    await click('import-next');
    await click('target-dmhub');
    await click('target-next');
    await until(() => $('field-orderNo'));
  }

  it('asks a custom field’s name and sends it in the mapping', async () => {
    await toMapping();
    const select = $('field-custom.*')!.querySelector('select')!;
    await choose(select, '买家会员名');
    expect($('field-custom.*')!.textContent).toContain('请填写名称');
    const name = input('name-custom.*');
    expect(name.placeholder).toBe('DM Hub 里的字段名，如 attr1');
    await typeIn(name, 'attr1');
    await act(async () => name.dispatchEvent(new FocusEvent('focusout', { bubbles: true })));
    await until(() => $('field-custom.attr1'));
    expect(input('name-custom.attr1').value).toBe('attr1');
    expect($('field-custom.*')!.textContent).toContain('订单自定义字段（再加一个）');
    await click('mapping-next');
    await until(() => last('validate'));
    const sent = (last('validate') as { mapping: Mapping }).mapping.fields;
    expect(sent['custom.attr1']).toEqual({ column: '买家会员名' });
    expect(sent['custom.*']).toBeUndefined();
  });

  it('says DM Hub needs a customer id or an identity, from core’s declaration', async () => {
    await toMapping();
    expect($('any-of-missing')).toBeNull();
    expect($('field-customerId')!.textContent).toContain('◆');
    expect($('field-identities.mobile')!.textContent).toContain('◆');
    await choose($('field-identities.mobile')!.querySelector('select')!, '');
    await until(() => $('any-of-missing'));
    expect($('any-of-missing')!.textContent).toContain('还需要客户id 或客户身份（如手机号）');
    expect($('field-customerId')!.className).toContain('missing');
    // Going on is asked about, as for a required field without a column.
    expect(app.host().textContent).toContain('还有 1 个必填项没配好');
    await click('mapping-next');
    expect($('confirm-dialog')!.textContent).toContain('「客户id 或客户身份（如手机号）」还没有选择来自哪一列');
    await click('confirm-cancel');
    await choose($('field-customerId')!.querySelector('select')!, '买家会员名');
    await until(() => !$('any-of-missing'));
  });
});
