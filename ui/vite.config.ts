/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Tauri loads the built files from ui/dist; relative paths keep them working from any origin.
export default defineConfig({
  plugins: [react()],
  base: './',
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: { target: 'es2021', outDir: 'dist', chunkSizeWarningLimit: 2000 },
  // Tests wait on what the screen shows (test/dom.ts), never on a delay: a loaded machine is
  // slow, not wrong, so no test is cut short by the clock.
  test: { environment: 'jsdom', include: ['test/**/*.test.ts', 'test/**/*.test.tsx'], testTimeout: 120_000 },
});
