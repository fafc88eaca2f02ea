// Issue 12, what people on Windows and macOS expect: a file handed over by the system
// (double-click, 「打开方式」, a second launch) is opened as a drop is; the shortcuts and their
// hints follow the system (⌘ on macOS, Ctrl elsewhere); 「导出诊断信息」 saves a zip; the update
// check is off until the merchant agrees and never installs during an upload.
import { afterEach, describe, expect, it } from 'vitest';
import { act } from 'react';
import { emit } from '@tauri-apps/api/event';
import type { MockOptions } from '../src/mock/backend';
import { isMac, isModKey, modKeyLabel, shortcutLabel } from '../src/lib/platform';
import { harness } from './harness';
import { until } from './dom';

const app = harness();
const { $, calls } = app;
const opened = () => calls.filter((c) => c.cmd === 'open_file').map((c) => [c.args.path, c.args.linesPath]);

const start = (opts: MockOptions = {}) => app.mock(opts);

/** The webview's platform string, as WKWebView (MacIntel) or WebView2 (Win32) reports it. */
function platform(p: string) {
  Object.defineProperty(navigator, 'platform', { value: p, configurable: true });
}

afterEach(() => platform(''));

describe('files handed over by the system', () => {
  it('opens the file the app was started with', async () => {
    start({ launchFiles: ['/Users/店主/Downloads/淘宝订单 导出.csv'] });
    await app.render();
    await until(() => $('head-table'));
    expect(opened()).toEqual([['/Users/店主/Downloads/淘宝订单 导出.csv', null]]);
    expect($('file-info')!.textContent).toContain('淘宝订单 导出');
  });

  it('opens a file handed over later (open-file) as a drop, from any screen, with its pair', async () => {
    start();
    await app.render();
    await act(async () => $('choose-file')!.click());
    await until(() => $('head-table'));
    await act(async () => $('import-next')!.click());
    expect($('screen-target')).not.toBeNull();

    await act(() => emit('open-file', { paths: ['C:\\Users\\店主\\Desktop\\拼多多 订单.xlsx'] }));
    await until(() => $('screen-import') && $('file-info')?.textContent?.includes('拼多多 订单'));
    expect(opened().at(-1)).toEqual(['C:\\Users\\店主\\Desktop\\拼多多 订单.xlsx', null]);

    // An order report and its item report double-clicked together.
    await act(() => emit('open-file', { paths: ['D:\\导出\\ExportOrderList.csv', 'D:\\导出\\ExportOrderDetailList.csv'] }));
    await until(() => opened().length === 3);
    expect(opened().at(-1)).toEqual(['D:\\导出\\ExportOrderList.csv', 'D:\\导出\\ExportOrderDetailList.csv']);
    // Asked once for the launch files, which were none.
    expect(calls.filter((c) => c.cmd === 'launch_files')).toHaveLength(1);
  });
});

describe('shortcuts follow the system', () => {
  const key = (init: KeyboardEventInit) => new KeyboardEvent('keydown', { key: 'o', ...init });

  it('knows macOS from the webview and writes its hints the way each system does', () => {
    expect(isMac('MacIntel')).toBe(true);
    expect(isMac('macOS')).toBe(true);
    expect(isMac('Win32')).toBe(false);
    expect(isMac('Linux x86_64')).toBe(false);
    expect([modKeyLabel(true), modKeyLabel(false)]).toEqual(['⌘', 'Ctrl']);
    expect([shortcutLabel('s', true), shortcutLabel('s', false)]).toEqual(['⌘S', 'Ctrl+S']);
  });

  it('takes ⌘ on macOS and Ctrl elsewhere, never the other one', () => {
    expect(isModKey(key({ metaKey: true }), true)).toBe(true);
    expect(isModKey(key({ ctrlKey: true }), true)).toBe(false);
    expect(isModKey(key({ ctrlKey: true }), false)).toBe(true);
    expect(isModKey(key({ metaKey: true }), false)).toBe(false);
    expect(isModKey(key({ ctrlKey: true, metaKey: true }), false)).toBe(false);
  });

  it('on a Mac the hint says ⌘O and ⌘O opens the file dialog; Ctrl+O does not', async () => {
    platform('MacIntel');
    start();
    await app.render();
    await until(() => $('choose-file'));
    expect($('choose-file')!.textContent).toContain('⌘O');
    expect($('choose-file')!.textContent).not.toContain('Ctrl');
    await act(async () => void window.dispatchEvent(key({ ctrlKey: true })));
    expect(calls.some((c) => c.cmd === 'plugin:dialog|open')).toBe(false);
    await act(async () => void window.dispatchEvent(key({ metaKey: true })));
    await until(() => calls.some((c) => c.cmd === 'plugin:dialog|open'));
  });

  it('on Windows the hint says Ctrl+O and Ctrl+O opens the file dialog', async () => {
    platform('Win32');
    start();
    await app.render();
    await until(() => $('choose-file'));
    expect($('choose-file')!.textContent).toContain('Ctrl+O');
    await act(async () => void window.dispatchEvent(key({ metaKey: true })));
    expect(calls.some((c) => c.cmd === 'plugin:dialog|open')).toBe(false);
    await act(async () => void window.dispatchEvent(key({ ctrlKey: true })));
    await until(() => calls.some((c) => c.cmd === 'plugin:dialog|open'));
  });
});

describe('导出诊断信息', () => {
  it('asks where to save a zip, writes it there and says what it holds', async () => {
    start();
    await app.render();
    await act(async () => $('export-diagnostics')!.click());
    const notice = await until(() => $('notice-ok'));
    const dialog = calls.find((c) => c.cmd === 'plugin:dialog|save')!;
    const options = dialog.args.options as { defaultPath: string; filters: Array<{ extensions: string[] }> };
    expect(options.defaultPath).toMatch(/^订单导入助手-诊断信息-\d{8}\.zip$/);
    expect(options.filters[0].extensions).toEqual(['zip']);
    expect(calls.find((c) => c.cmd === 'export_diagnostics')!.args).toEqual({ path: '/home/shop/订单导入助手-诊断信息.zip' });
    expect(notice.textContent).toContain('诊断信息已保存到 /home/shop/订单导入助手-诊断信息.zip');
    expect(notice.textContent).toContain('没有密钥');
  });
});

describe('the update check', () => {
  const checks = () => calls.filter((c) => c.cmd === 'check_update').length;

  it('shows nothing in a build that cannot update itself', async () => {
    start();
    await app.render();
    await until(() => calls.some((c) => c.cmd === 'update_state'));
    expect($('update-ask')).toBeNull();
    expect($('update-toggle')).toBeNull();
    expect(checks()).toBe(0);
  });

  it('looks for nothing until the merchant agrees, then offers the newer version', async () => {
    start({ updates: { consent: 'unasked', available: '0.2.0' } });
    await app.render();
    await until(() => $('update-ask'));
    expect($('update-ask')!.textContent).toContain('不会发出任何订单或账号信息');
    expect($('update-toggle')!.textContent).toBe('检查更新：关');
    expect(checks()).toBe(0);
    await act(async () => $('update-allow')!.click());
    await until(() => $('update-available'));
    expect($('update-ask')).toBeNull();
    expect($('update-available')!.textContent).toContain('新版本 0.2.0 可以安装了');
    expect($('update-toggle')!.textContent).toBe('检查更新：开');
    expect(checks()).toBe(1);
  });

  it('says no and stays quiet; the header switch turns it on later', async () => {
    start({ updates: { consent: 'unasked', available: '0.2.0' } });
    await app.render();
    await act(async () => (await until(() => $('update-refuse'))).click());
    await until(() => !$('update-ask'));
    expect(checks()).toBe(0);
    expect(calls.find((c) => c.cmd === 'set_update_consent')?.args).toEqual({ allowed: false });
    await act(async () => $('update-toggle')!.click());
    await until(() => $('update-available'));
  });

  it('does not install while an upload runs, and says why', async () => {
    const backend = start({ updates: { consent: 'allowed', available: '0.2.0' } });
    await app.render();
    await until(() => $('update-install'));
    backend.setUploading(true);
    await act(async () => $('update-install')!.click());
    await until(() => $('update-available')!.textContent!.includes('上传结束后再更新'));
    expect(backend.installed()).toBeNull();
    backend.setUploading(false);
    await act(async () => $('update-install')!.click());
    await until(() => backend.installed() === '0.2.0');
  });
});
