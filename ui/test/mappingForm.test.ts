import { describe, expect, it } from 'vitest';
import type { Mapping, TargetField } from '../src/api';
import {
  columnUses, confirmField, deriveKind, forBackend, isGuess, keepTyped, missingRequired, sameFilter, setColumn, setConstant, setDerive, setFilter,
  instanceOf, instances, missingGroups, nameField,
} from '../src/lib/mappingForm';

const f = (path: string, required: boolean): TargetField => ({ path, label: path, required, kind: 'text', isLine: false, derivable: true, priceXQty: false });
const FIELDS = [f('ShopCode', true), f('Code', true), f('TotalQty', true), f('Memo', false)];
const suggested: Mapping = {
  target: 'mall2030',
  fields: { Code: { column: '订单编号', confidence: 0.97 }, Memo: { column: '备注', confidence: 0.4 } },
  unmatched: ['ShopCode', 'TotalQty'],
};

describe('mapping form state', () => {
  it('lists required fields without a source', () => {
    expect(missingRequired(suggested, FIELDS).map((x) => x.path)).toEqual(['ShopCode', 'TotalQty']);
    let m = setConstant(suggested, 'ShopCode', 'HQS0001');
    m = setDerive(m, 'TotalQty', true);
    expect(missingRequired(m, FIELDS)).toEqual([]);
  });
  it('treats a blank constant as missing and does not send it', () => {
    const m = setConstant(suggested, 'ShopCode', ' ');
    expect(missingRequired(m, FIELDS).map((x) => x.path)).toContain('ShopCode');
    expect(forBackend(m).fields.ShopCode).toBeUndefined();
  });
  it('choosing or clearing a column', () => {
    const m = setColumn(suggested, 'Memo', '买家留言');
    expect(m.fields.Memo).toEqual({ column: '买家留言' });
    expect(setColumn(m, 'Memo', '').fields.Memo).toBeUndefined();
    expect(suggested.fields.Memo).toEqual({ column: '备注', confidence: 0.4 });
  });
  it('marks a suggestion below 0.9 as a guess, of any kind, until it is confirmed or changed', () => {
    expect(isGuess(suggested.fields.Code)).toBe(false);
    expect(isGuess(suggested.fields.Memo)).toBe(true);
    expect(isGuess({ column: '订单编号', confidence: 0.9 })).toBe(false);
    expect(isGuess({ derive: 'price_x_qty', confidence: 0.8 })).toBe(true);
    expect(isGuess({ value: 'x' })).toBe(false);
    expect(isGuess(undefined)).toBe(false);
    const confirmed = confirmField(suggested, 'Memo');
    expect(confirmed.fields.Memo).toEqual({ column: '备注' });
    expect(isGuess(confirmed.fields.Memo)).toBe(false);
    expect(isGuess(setColumn(suggested, 'Memo', '买家留言').fields.Memo)).toBe(false);
    expect(suggested.fields.Memo).toEqual({ column: '备注', confidence: 0.4 });
  });
  it('derives a line amount as price × quantity', () => {
    const m = setDerive({ ...suggested, unmatched: ['Dtls.Amount'] }, 'Dtls.Amount', true, 'price_x_qty');
    expect(m.fields['Dtls.Amount']).toEqual({ derive: 'price_x_qty' });
    expect(deriveKind(m.fields['Dtls.Amount'])).toBe('price_x_qty');
    expect(deriveKind(setDerive(m, 'TotalQty', true).fields.TotalQty)).toBe('sum');
    expect(m.unmatched).toEqual([]);
    expect(forBackend({ ...m, fields: { 'Dtls.Amount': { derive: 'price_x_qty', confidence: 0.8 } } }).fields).toEqual({ 'Dtls.Amount': { derive: 'price_x_qty' } });
  });
  it('keeps the values the merchant typed when another layout is suggested', () => {
    const typed = setConstant(suggested, 'ShopCode', 'HQS0001');
    const next: Mapping = { target: 'mall2030', fields: { Code: { column: '订单号', confidence: 1 }, DataOrigin: { value: '11', confidence: 1 } }, unmatched: ['ShopCode'] };
    const kept = keepTyped({ ...typed, fields: { ...typed.fields, DataOrigin: { value: '10', confidence: 1 } } }, next);
    expect(kept.fields).toEqual({ Code: { column: '订单号', confidence: 1 }, DataOrigin: { value: '11', confidence: 1 }, ShopCode: { value: 'HQS0001' } });
    expect(kept.unmatched).toEqual([]);
    expect(keepTyped(null, next)).toBe(next);
  });
  it('tells the same filter in any order', () => {
    expect(sameFilter({ column: '订单状态', in: ['交易成功', '已完成'] }, { column: '订单状态', in: ['已完成', '交易成功'] })).toBe(true);
    expect(sameFilter({ column: '订单状态', in: ['交易成功'] }, { column: '订单状态', in: ['交易成功', '已完成'] })).toBe(false);
    expect(sameFilter(null, undefined)).toBe(true);
    expect(sameFilter(null, { column: '订单状态', in: ['交易成功'] })).toBe(false);
  });
  it('builds a CONTRACT §2 document for the Rust side', () => {
    let m = setConstant(suggested, 'ShopCode', 'HQS0001');
    m = setDerive(m, 'TotalQty', true);
    m = setFilter(m, '订单状态', ['交易成功', ' ']);
    expect(forBackend(m)).toEqual({
      target: 'mall2030',
      filter: { column: '订单状态', in: ['交易成功'] },
      fields: { Code: { column: '订单编号' }, Memo: { column: '备注' }, ShopCode: { value: 'HQS0001' }, TotalQty: { derive: 'sum' } },
    });
    expect(forBackend(setFilter(m, '订单状态', [])).filter).toBeUndefined();
  });
  it('shows which columns feed several fields', () => {
    const m = setColumn(suggested, 'Memo', '订单编号');
    expect(columnUses(m).get('订单编号')).toEqual(['Code', 'Memo']);
  });
});

describe('templates and groups (custom fields, the DM Hub customer)', () => {
  const dm: Mapping = { target: 'dmhub', fields: { orderNo: { column: '订单编号' }, 'custom.*': { column: '会员等级' } } };
  const declared = [f('identities.mobile', false), f('identities.*', false), f('custom.*', false)];
  it('tells a template’s instances from fields of their own', () => {
    expect(instanceOf('custom.attr1', 'custom.*')).toBe(true);
    expect(instanceOf('custom.a.b', 'custom.*')).toBe(false);
    expect(instanceOf('lines.custom.lAttr1', 'custom.*')).toBe(false);
    expect(instanceOf('customerId', 'customerId')).toBe(true);
    const m: Mapping = { ...dm, fields: { ...dm.fields, 'identities.mobile': { column: '手机' }, 'identities.wechat': { column: '微信' } } };
    expect(instances(m, 'identities.*', declared)).toEqual(['identities.wechat']);
  });
  it('names a custom field: its source moves from custom.* to custom.<name>', () => {
    const named = nameField(dm, 'custom.*', 'custom.*', ' attr1 ');
    expect(named.fields).toEqual({ orderNo: { column: '订单编号' }, 'custom.attr1': { column: '会员等级' } });
    expect(nameField(named, 'custom.attr1', 'custom.*', 'attr2').fields['custom.attr2']).toEqual({ column: '会员等级' });
    expect(nameField(named, 'custom.attr1', 'custom.*', '').fields['custom.*']).toEqual({ column: '会员等级' });
    const two = { ...named, fields: { ...named.fields, 'custom.attr2': { column: '备注' } } };
    expect(nameField(two, 'custom.attr2', 'custom.*', 'attr1')).toBe(two);
  });
  it('finds a group none of whose fields is mapped', () => {
    const customer = { paths: ['customerId', 'identities.mobile', 'identities.*'], label: '客户' };
    expect(missingGroups(dm, [customer])).toEqual([customer]);
    expect(missingGroups({ ...dm, fields: { ...dm.fields, 'identities.*': { column: '微信' } } }, [customer])).toEqual([customer]);
    expect(missingGroups({ ...dm, fields: { ...dm.fields, 'identities.wechat': { column: '微信' } } }, [customer])).toEqual([]);
    expect(missingGroups({ ...dm, fields: { ...dm.fields, customerId: { value: ' ' } } }, [customer])).toEqual([customer]);
  });
});
