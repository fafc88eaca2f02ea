import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { api, errorText } from '../src/api';

afterEach(() => clearMocks());

function record() {
  const calls: Array<{ cmd: string; args: unknown }> = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    if (cmd === 'grid_page') return { total: 0, rows: [] };
    if (cmd === 'start_upload') return { job: 'j1' };
    return null;
  });
  return calls;
}

describe('api wrappers', () => {
  it('send command names and camelCase args of docs/app-commands.md', async () => {
    const calls = record();
    await api.openFile('/a.xlsx', '/b.xlsx');
    await api.chooseSheet('f1', '订单', 3);
    await api.gridPage('f1', 100, 50, true, 'required');
    await api.editCell('f1', 7, 2, 'x');
    expect(calls).toEqual([
      { cmd: 'open_file', args: { path: '/a.xlsx', linesPath: '/b.xlsx' } },
      { cmd: 'choose_sheet', args: { fileId: 'f1', sheet: '订单', headerRow: 3 } },
      { cmd: 'grid_page', args: { fileId: 'f1', offset: 100, limit: 50, onlyProblems: true, code: 'required' } },
      { cmd: 'edit_cell', args: { fileId: 'f1', index: 7, column: 2, value: 'x' } },
    ]);
  });

  it('pass the connection as { practice: true } or { profile }', async () => {
    const calls = record();
    const r = await api.startUpload('f1', { target: 'dmhub', fields: {} }, { practice: true });
    await api.dealRefund({ profile: '旗舰店' }, 'N1', ['1', '2'], '10.00', '破损');
    expect(r).toEqual({ job: 'j1' });
    expect(calls[0].args).toMatchObject({ connection: { practice: true } });
    expect(calls[1]).toEqual({
      cmd: 'deal_refund',
      args: { connection: { profile: '旗舰店' }, orderNo: 'N1', lineIds: ['1', '2'], total: '10.00', reason: '破损' },
    });
  });

  it('turn a { message } error into its text', async () => {
    mockIPC(() => {
      throw { message: '文件打不开' };
    });
    let caught: unknown;
    await api.openFile('/x').catch((e) => (caught = e));
    expect(errorText(caught)).toBe('文件打不开');
  });
});
