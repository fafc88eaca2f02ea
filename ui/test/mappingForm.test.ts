import { describe, expect, it } from 'vitest';
import type { Mapping, TargetField } from '../src/api';
import { columnUses, confidenceLevel, forBackend, missingRequired, setColumn, setConstant, setDerive, setFilter } from '../src/lib/mappingForm';

const f = (path: string, required: boolean): TargetField => ({ path, label: path, required, kind: 'text', isLine: false, derivable: true });
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
  it('grades confidence gently', () => {
    expect(confidenceLevel(suggested.fields.Code)).toBe('high');
    expect(confidenceLevel(suggested.fields.Memo)).toBe('low');
    expect(confidenceLevel({ value: 'x' })).toBeNull();
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
