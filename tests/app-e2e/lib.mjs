// The test's WebDriver client and helpers, shared by every scenario: plain W3C WebDriver over
// fetch, no dependencies. `connect` starts the one session all scenarios drive in turn.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf'; // the W3C web element identifier
let driver = null;
let sid = null;
let out = null;

export async function wd(method, path, body) {
  const url = `${driver}${sid && !path.startsWith('/session') ? `/session/${sid}` : ''}${path}`;
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok || json?.value?.error) {
    const e = new Error(`${method} ${path}: ${json?.value?.error ?? res.status} ${json?.value?.message ?? ''}`);
    e.code = json?.value?.error;
    throw e;
  }
  return json.value;
}

/** Starts the app under tauri-driver; screenshots go to `outDir`. */
export async function connect(driverUrl, app, outDir) {
  driver = driverUrl;
  out = outDir;
  const s = await wd('POST', '/session', {
    capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application: app } } },
  });
  sid = s.sessionId;
  return sid;
}

export async function disconnect() {
  if (sid) await wd('DELETE', `/session/${sid}`).catch(() => {});
  sid = null;
}

export const connected = () => sid !== null;
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const css = (s) => ({ using: 'css selector', value: s });
export const tid = (id) => `[data-testid="${id}"]`;

export async function find(sel) {
  const v = await wd('POST', '/element', css(sel));
  return v[ELEMENT];
}
export async function findAll(sel) {
  return (await wd('POST', '/elements', css(sel))).map((v) => v[ELEMENT]);
}
export async function waitFor(sel, { timeout = 20000, gone = false } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const els = await findAll(sel).catch(() => []);
    if (gone ? els.length === 0 : els.length > 0) return els[0];
    if (Date.now() > end) throw new Error(`timed out waiting for ${sel}${gone ? ' to disappear' : ''}`);
    await sleep(200);
  }
}
export const text = async (sel) => (await wd('GET', `/element/${await find(sel)}/text`)).trim();
export async function waitText(sel, want, timeout = 20000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await text(sel).catch(() => undefined);
    if (last === want) return;
    if (Date.now() > end) throw new Error(`${sel}: expected "${want}", saw "${last}"`);
    await sleep(200);
  }
}
/** Waits until `sel`'s text contains `part`. */
export async function waitContains(sel, part, timeout = 20000) {
  const end = Date.now() + timeout;
  for (;;) {
    if ((await text(sel).catch(() => '')).includes(part)) return;
    if (Date.now() > end) throw new Error(`${sel}: never contained "${part}"`);
    await sleep(100);
  }
}
export const click = async (sel) => wd('POST', `/element/${await waitFor(sel)}/click`, {});
export async function type(sel, value) {
  const el = await waitFor(sel);
  await wd('POST', `/element/${el}/clear`, {});
  await wd('POST', `/element/${el}/value`, { text: value });
}
export async function keys(...ks) {
  const actions = ks.flatMap((k) => [{ type: 'keyDown', value: k }, { type: 'keyUp', value: k }]);
  await wd('POST', '/actions', { actions: [{ type: 'key', id: 'kbd', actions }] });
  await wd('DELETE', '/actions');
}
export const isSelected = async (sel) => (await wd('GET', `/element/${await find(sel)}/selected`)) === true;
export const isEnabled = async (sel) => (await wd('GET', `/element/${await find(sel)}/enabled`)) === true;

/** Replaces the text of the grid cell being edited (Ctrl+A without WebDriver's clear, which blurs and so ends the edit). */
export async function editCell(cell, value) {
  await wd('POST', `/element/${cell}/click`, {});
  await keys('\uE007'); // Enter: start editing
  await sleep(300);
  await wd('POST', '/actions', {
    actions: [{ type: 'key', id: 'kbd', actions: [
      { type: 'keyDown', value: '\uE009' }, { type: 'keyDown', value: 'a' }, { type: 'keyUp', value: 'a' }, { type: 'keyUp', value: '\uE009' },
    ] }],
  });
  await wd('DELETE', '/actions');
  const editor = await wd('GET', '/element/active');
  await wd('POST', `/element/${editor[ELEMENT]}/value`, { text: `${value}\uE007` });
}

/** Calls a Tauri command of the app from inside its window. */
export async function invoke(command, args = {}) {
  const v = await wd('POST', '/execute/async', {
    script: 'const done = arguments[arguments.length - 1]; window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then(done, (e) => done({ error: e }));',
    args: [command, args],
  });
  if (v && typeof v === 'object' && 'error' in v) throw new Error(`${command}: ${JSON.stringify(v.error)}`);
  return v;
}

/** The in-process practice sandbox's whole state (`/_sandbox/state`), as the server holds it. */
export async function sandboxState() {
  const server = await invoke('practice');
  return (await fetch(`${server.baseUrl}/_sandbox/state`)).json();
}

/** Opens a file through the import screen's typed-path field (native dialogs can't be driven). */
export async function openPath(path) {
  await click(tid('step-import'));
  if ((await findAll('details.typed-path[open]')).length === 0) await click('details.typed-path > summary');
  await type(tid('path-input'), path);
  await click(tid('path-open'));
}

let shotNo = 0;
export async function shot(name) {
  await sleep(300);
  const png = await wd('GET', '/screenshot');
  const file = join(out, `${String(++shotNo).padStart(2, '0')}-${name}.png`);
  writeFileSync(file, Buffer.from(png, 'base64'));
  console.log(`  screenshot ${file}`);
}
export function check(cond, what) {
  if (!cond) throw new Error(`check failed: ${what}`);
  console.log(`  ✓ ${what}`);
}
