#!/usr/bin/env node
// End-to-end test of the REAL desktop app, driven through tauri-driver + WebKitWebDriver.
//
//   node tests/app-e2e/run.mjs APP_BINARY [--driver http://127.0.0.1:4444] [--out DIR] [--only NAME[,NAME]]
//
// Normally started by tests/app-e2e/run.sh, which provides Xvfb, a D-Bus session, a throwaway
// HOME and tauri-driver. Every file of scenarios/ runs in the order of its name, in one session
// of the app (a later scenario may use what an earlier one uploaded); `--only` runs the named
// ones (a part of the file name, e.g. `--only 01,02`). A screenshot of every screen is saved in
// --out (default tests/app-e2e/screenshots).
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { connect, connected, disconnect, shot } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv.splice(i, 2)[1] : dflt;
};
const driver = opt('--driver', process.env.WEBDRIVER_URL ?? 'http://127.0.0.1:4444');
const out = resolve(opt('--out', process.env.E2E_OUT ?? join(here, 'screenshots')));
const only = opt('--only', process.env.E2E_ONLY ?? '').split(',').filter(Boolean);
const app = argv[0] ?? process.env.ORDERDOCK_APP;
if (!app) {
  console.error('usage: node run.mjs APP_BINARY [--driver URL] [--out DIR] [--only NAME[,NAME]]');
  process.exit(2);
}
mkdirSync(out, { recursive: true });

const scenarios = readdirSync(join(here, 'scenarios'))
  .filter((f) => f.endsWith('.mjs') && (only.length === 0 || only.some((o) => f.includes(o))))
  .sort();
const t0 = Date.now();
try {
  console.log(`session ${await connect(driver, app, out)}`);
  for (const file of scenarios) {
    console.log(`— ${file}`);
    const { run } = await import(pathToFileURL(join(here, 'scenarios', file)).href);
    await run({ app });
  }
  console.log(`PASS (${scenarios.length} scenarios) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
} catch (e) {
  console.error(`FAIL: ${e.message}`);
  if (connected()) await shot('failure').catch(() => {});
  process.exitCode = 1;
} finally {
  await disconnect();
}
