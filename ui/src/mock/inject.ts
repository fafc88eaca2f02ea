// Bundled by scripts/screenshots.mjs and injected before the page loads: a fake
// window.__TAURI_INTERNALS__ answering every command from the mock backend.
import { mockIPC, mockWindows } from '@tauri-apps/api/mocks';
import { createMockBackend } from './backend';

const opts = (window as unknown as { __MOCK_OPTS__?: Parameters<typeof createMockBackend>[0] }).__MOCK_OPTS__ ?? {};
mockWindows('main');
const backend = createMockBackend(opts);
mockIPC((cmd, args) => backend(cmd, args as Record<string, unknown>), { shouldMockEvents: true });
