// 上传: a job that finishes before its start command has answered (a retry of a few orders on
// a quick server) still shows its results; 「只重新上传失败的」 works on the first click.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { clearMocks, mockIPC, mockWindows } from '@tauri-apps/api/mocks';
import '../src/i18n';
import { App } from '../src/App';
import { createMockBackend, type MockOptions } from '../src/mock/backend';
import { until } from './dom';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let root: Root;
let host: HTMLDivElement;
let calls: string[];
const $ = (id: string) => host.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const click = (id: string) => act(async () => $(id)!.click());

async function toUpload(opts: MockOptions) {
  const backend = createMockBackend(opts);
  calls = [];
  mockIPC(
    (cmd, args) => {
      calls.push(cmd);
      return backend(cmd, args as Record<string, unknown>);
    },
    { shouldMockEvents: true },
  );
  await act(async () => root.render(<App />));
  await click('choose-file');
  await until(() => $('head-table'));
  await click('import-next');
  await click('target-dmhub');
  await click('target-next');
  await until(() => $('field-orderNo'));
  await until(() => !($('mapping-next') as HTMLButtonElement).disabled);
  await click('mapping-next');
  await until(() => !($('preview-next') as HTMLButtonElement | null)?.disabled);
  await click('preview-next');
  return until(() => $('start-upload'));
}

beforeEach(() => {
  mockWindows('main');
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
  clearMocks();
});

describe('a job that finishes before its start answers', () => {
  it('shows its results, and so does the retry of its refused orders', async () => {
    await toUpload({ uploadStepMs: 1, answerAfterFinish: true });
    await click('start-upload');
    await until(() => $('upload-results'));
    expect($('results-count-rejected')!.textContent).toBe('1');
    await click('retry-failed');
    await until(() => calls.filter((c) => c === 'job_results').length === 2);
    await until(() => $('upload-results'));
    expect(calls.filter((c) => c === 'retry_failed')).toHaveLength(1);
  });
});
