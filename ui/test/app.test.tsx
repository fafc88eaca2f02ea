import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { clearMocks, mockIPC, mockWindows } from '@tauri-apps/api/mocks';
import '../src/i18n';
import { App } from '../src/App';
import { until } from './dom';
import { createMockBackend } from '../src/mock/backend';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root;
let host: HTMLDivElement;
const $ = (id: string) => host.querySelector<HTMLElement>(`[data-testid="${id}"]`);

beforeEach(() => {
  mockWindows('main');
  const backend = createMockBackend();
  mockIPC((cmd, args) => backend(cmd, args as Record<string, unknown>), { shouldMockEvents: true });
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
  clearMocks();
});

describe('wizard', () => {
  it('opens a file, confirms the header and reaches the mapping with practice preselected', async () => {
    await act(async () => root.render(<App />));
    expect($('screen-import')).not.toBeNull();
    expect(host.textContent).toContain('把订单表格拖到这个窗口里');
    await act(async () => $('choose-file')!.click());
    await until(() => $('head-table'));
    expect(host.querySelector('tr.header-row')?.textContent).toContain('订单编号');
    await act(async () => $('import-next')!.click());
    await act(async () => $('target-dmhub')!.click());
    expect(($('conn-practice') as HTMLInputElement).checked).toBe(true);
    await act(async () => $('target-next')!.click());
    await until(() => $('field-orderNo'));
    expect($('field-orderNo')!.querySelector('select')!.value).toBe('订单编号');
    expect(($('mapping-next') as HTMLButtonElement).disabled).toBe(false);
  });

  it('switches the language from the header', async () => {
    // The stored language, once applied at start, must not undo the click: wait for it, not for a delay.
    const backend = createMockBackend();
    let settingsApplied = false;
    mockIPC(
      async (cmd, args) => {
        const out = await backend(cmd, args as Record<string, unknown>);
        // Signalled a task later, once the app has had the answer.
        if (cmd === 'get_settings') setTimeout(() => (settingsApplied = true));
        return out;
      },
      { shouldMockEvents: true },
    );
    await act(async () => root.render(<App />));
    await until(() => $('dropzone') && settingsApplied);
    await act(async () => $('lang-en')!.click());
    await until(() => host.textContent?.includes('Drop your order spreadsheet on this window'));
    await act(async () => $('lang-zh')!.click());
    expect(host.textContent).toContain('导入文件');
  });

  it('offers to try again when Excel holds the file open, and opens it then', async () => {
    const backend = createMockBackend({ locked: ['/home/shop/淘宝订单导出-11月.csv'] });
    mockIPC((cmd, args) => backend(cmd, args as Record<string, unknown>), { shouldMockEvents: true });
    await act(async () => root.render(<App />));
    await act(async () => $('choose-file')!.click());
    const notice = await until(() => $('notice-error'));
    expect(notice.textContent).toContain('正被 Excel 或 WPS 打开');
    expect($('head-table')).toBeNull();
    backend.release();
    await act(async () => $('notice-action')!.click());
    await until(() => $('head-table'));
    expect($('notice-error')).toBeNull();
  });

  /** From the import screen to the preview, with DM Hub and the suggested mapping. */
  const toPreview = async () => {
    await act(async () => $('import-next')!.click());
    await act(async () => $('target-dmhub')!.click());
    await act(async () => $('target-next')!.click());
    await until(() => $('field-orderNo'));
    await act(async () => $('mapping-next')!.click());
  };

  it('shows the first rows of a large file at once and the whole file when it is read', async () => {
    // The rest of the file is read when the test says so: no race with the clock.
    const backend = createMockBackend({ readingManual: true });
    mockIPC((cmd, args) => backend(cmd, args as Record<string, unknown>), { shouldMockEvents: true });
    await act(async () => root.render(<App />));
    await act(async () => $('choose-file')!.click());
    await until(() => $('head-table'));
    expect($('file-info')!.textContent).toContain('约 500,000 行订单数据');
    await toPreview();
    const banner = await until(() => $('reading-banner'));
    expect(banner.textContent).toContain('正在读取其余部分');
    expect(($('preview-next') as HTMLButtonElement).disabled).toBe(true);
    expect(($('export-corrected') as HTMLButtonElement).disabled).toBe(true);
    await act(async () => backend.finishReading());
    await until(() => !$('reading-banner'));
    expect(($('preview-next') as HTMLButtonElement).disabled).toBe(false);
  });

  it('shows the first rows of a large file read before its mapping at once, and the whole file when it is checked', async () => {
    const backend = createMockBackend({ checkingManual: true });
    mockIPC((cmd, args) => backend(cmd, args as Record<string, unknown>), { shouldMockEvents: true });
    await act(async () => root.render(<App />));
    await act(async () => $('choose-file')!.click());
    await until(() => $('head-table'));
    await toPreview();
    const banner = await until(() => $('reading-banner'));
    expect(banner.textContent).toContain('正在检查全部');
    expect(banner.textContent).not.toContain('正在读取');
    expect(($('preview-next') as HTMLButtonElement).disabled).toBe(true);
    await act(async () => backend.finishReading());
    await until(() => !$('reading-banner'));
    expect(($('preview-next') as HTMLButtonElement).disabled).toBe(false);
  });
});
