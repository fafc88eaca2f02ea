// The app on the mock backend, for screen tests: `const app = harness()` at the top of a
// test file mounts a fresh <App /> per test (`await app.start(opts)`) and records the
// commands it sends.
import { afterEach, beforeEach } from 'vitest';
import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { clearMocks, mockIPC, mockWindows } from '@tauri-apps/api/mocks';
import i18n from '../src/i18n';
import { App } from '../src/App';
import { createMockBackend, type MockOptions } from '../src/mock/backend';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export interface Call { cmd: string; args: Record<string, unknown> }

export function harness() {
  let root: Root;
  let host: HTMLDivElement;
  const calls: Call[] = [];
  beforeEach(() => {
    mockWindows('main');
    host = document.createElement('div');
    document.body.append(host);
    root = createRoot(host);
    calls.length = 0;
  });
  afterEach(async () => {
    act(() => root.unmount());
    host.remove();
    clearMocks();
    await i18n.changeLanguage('zh');
  });
  return {
    calls,
    /** Commands sent so far by name. */
    sent: (cmd: string) => calls.filter((c) => c.cmd === cmd),
    $: (id: string) => host.querySelector<HTMLElement>(`[data-testid="${id}"]`),
    host: () => host,
    click: async (id: string) => act(async () => host.querySelector<HTMLElement>(`[data-testid="${id}"]`)!.click()),
    /** The mock backend behind the app (not rendered until `render`). */
    mock(opts: MockOptions = {}) {
      const backend = createMockBackend(opts);
      mockIPC(
        (cmd, args) => {
          calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
          return backend(cmd, args as Record<string, unknown>);
        },
        { shouldMockEvents: true },
      );
      return backend;
    },
    render: (node: ReactNode = <App />) => act(async () => root.render(node)),
    /** `mock(opts)`, then `render()`. */
    async start(opts: MockOptions = {}) {
      const backend = this.mock(opts);
      await this.render();
      return backend;
    },
  };
}
