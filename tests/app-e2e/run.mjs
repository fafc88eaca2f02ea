#!/usr/bin/env node
// End-to-end test of the REAL desktop app, driven through tauri-driver + WebKitWebDriver.
// Plain W3C WebDriver over fetch; no dependencies.
//
//   node tests/app-e2e/run.mjs APP_BINARY [--driver http://127.0.0.1:4444] [--out DIR]
//
// Normally started by tests/app-e2e/run.sh, which provides Xvfb, a D-Bus session, a throwaway
// HOME and tauri-driver. The flow:
//   open a fixture CSV (written here) → accept the suggested mapping (DM Hub, practice sandbox)
//   → the preview shows the two seeded problems → fix one cell → its problem disappears
//   → upload → exactly the valid orders are accepted → corrections: look up an order, refund a line
//   → a Taobao two-file export opened one file after the other: recognised, paired, its
//     completed-orders filter counted, the preview's orders carrying the item report's lines
//   → a 200,000-order file: its first rows show at once, then the whole file is checked
//   → a second launch of the app with a file (as a double-click does) hands it to this window
//     and exits: single instance, the file opened as a drop is.
// A screenshot of every screen is saved in --out (default tests/app-e2e/screenshots).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv.splice(i, 2)[1] : dflt;
};
const DRIVER = opt('--driver', process.env.WEBDRIVER_URL ?? 'http://127.0.0.1:4444');
const OUT = resolve(opt('--out', process.env.E2E_OUT ?? join(here, 'screenshots')));
const APP = argv[0] ?? process.env.ORDERDOCK_APP;
if (!APP) {
  console.error('usage: node run.mjs APP_BINARY [--driver URL] [--out DIR]');
  process.exit(2);
}
mkdirSync(OUT, { recursive: true });

// ---------- fixture: 6 DM Hub orders, two of them with a seeded problem ----------
const stamp = Date.now().toString(36).toUpperCase();
const orderNo = (n) => `E2E${stamp}${n}`;
const beijing = (d) => new Date(d.getTime() + 8 * 3600e3).toISOString().slice(0, 19).replace('T', ' ');
const yesterday = beijing(new Date(Date.now() - 24 * 3600e3));
const header = ['订单编号', '下单时间', '实付金额', '手机号', '子订单编号', '商品名称', '购买数量', '单价', '商品金额'];
const rows = [1, 2, 3, 4, 5, 6].map((n) => [orderNo(n), yesterday, '59.80', `1380013800${n}`, `${orderNo(n)}-1`, `测试商品${n}`, '2', '29.90', '59.80']);
const BAD_DATE_ORDER = 3; // bad_datetime
const BAD_MONEY_ORDER = 5; // bad_number (stays wrong: it must not be uploaded)
rows[BAD_DATE_ORDER - 1][1] = '2026-13-45 10:00:00';
rows[BAD_MONEY_ORDER - 1][2] = '五十九元八角';
const VALID_AFTER_FIX = 5;
const csv = '\ufeff' + [header, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n';
const fixtureDir = join(tmpdir(), `orderdock-e2e-${stamp}`);
mkdirSync(fixtureDir, { recursive: true });
const FIXTURE = join(fixtureDir, '淘宝订单导出.csv');
writeFileSync(FIXTURE, csv);
/** The file a second launch hands over: a Chinese name with spaces, as shops name them. */
const HANDED = join(fixtureDir, '拼多多 订单 导出.csv');
writeFileSync(HANDED, csv);

// A large export with the same columns: one line per order, every 1000th with a bad date.
const LARGE_ORDERS = 200_000;
const LARGE_BAD = LARGE_ORDERS / 1000;
const LARGE = join(fixtureDir, '淘宝订单导出-全年.csv');
writeFileSync(
  LARGE,
  '\ufeff' + [header.join(','), ...Array.from({ length: LARGE_ORDERS }, (_, i) => {
    const no = `L${stamp}${String(i).padStart(6, '0')}`;
    return [no, i % 1000 === 999 ? '2026-13-45 10:00:00' : yesterday, '59.80', '13800138000', `${no}-1`, '测试商品', '2', '29.90', '59.80'].join(',');
  })].join('\r\n') + '\r\n',
);

// A Taobao two-file export: the order report (ExportOrderList, six headers ending in a space)
// and its item report (ExportOrderDetailList). Three orders with four items; one is closed.
const TB_ORDERS = join(fixtureDir, 'ExportOrderList202611.csv');
const TB_ITEMS = join(fixtureDir, 'ExportOrderDetailList202611.csv');
{
  const day = yesterday.slice(0, 10);
  const head = '订单编号,买家会员名,买家支付宝账号,买家应付货款,买家应付邮费,总金额,买家实际支付金额,订单状态,买家留言,收货人姓名,收货地址 ,运送方式,联系电话 ,联系手机,订单创建时间,订单付款时间 ,宝贝标题 ,宝贝种类 ,物流单号 ,物流公司,订单备注,宝贝总数量,店铺Id,店铺名称';
  const order = (n, amount, status, name, titles, kinds, qty) =>
    [`="TB${stamp}${n}"`, `buyer_${n}`, `buyer_${n}@example.com`, amount, '0.00', amount, amount, status, '', name, '浙江省 杭州市 西湖区 文三路1号', '快递', '',
      `1380000000${n}`, `${day} 10:00:00`, `${day} 10:05:00`, titles, kinds, `SF100${n}`, '顺丰速运', '', qty, '1001', '测试小店'].join(',');
  writeFileSync(TB_ORDERS, '\ufeff' + [head, order(1, '89.70', '交易成功', '张三', '保温杯 纯棉T恤', 2, 3), order(2, '59.00', '交易成功', '李四', '帆布鞋', 1, 1),
    order(3, '19.90', '交易关闭', '王五', '晴雨伞', 1, 1)].join('\r\n') + '\r\n');
  const item = (n, title, price, qty, code, status) => [`="TB${stamp}${n}"`, title, price, qty, '', '', '', '', status, code].join(',');
  writeFileSync(TB_ITEMS, '\ufeff' + ['订单编号,标题,价格,购买数量,外部系统编号,商品属性,套餐信息,备注,订单状态,商家编码',
    item(1, '保温杯 500ml', '29.90', 1, 'CUP01', '交易成功'), item(1, '纯棉T恤 L', '29.90', 2, 'TS01', '交易成功'), item(2, '帆布鞋 37码', '59.00', 1, 'SH37', '交易成功'),
    item(3, '晴雨伞', '19.90', 1, 'UM01', '交易关闭')].join('\r\n') + '\r\n');
}

// ---------- a tiny W3C WebDriver client ----------
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf'; // the W3C web element identifier
let sid = null;
async function wd(method, path, body) {
  const url = `${DRIVER}${sid && !path.startsWith('/session') ? `/session/${sid}` : ''}${path}`;
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
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const css = (s) => ({ using: 'css selector', value: s });
const tid = (id) => `[data-testid="${id}"]`;
async function find(sel) {
  const v = await wd('POST', '/element', css(sel));
  return v[ELEMENT];
}
async function findAll(sel) {
  return (await wd('POST', '/elements', css(sel))).map((v) => v[ELEMENT]);
}
async function waitFor(sel, { timeout = 20000, gone = false } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const els = await findAll(sel).catch(() => []);
    if (gone ? els.length === 0 : els.length > 0) return els[0];
    if (Date.now() > end) throw new Error(`timed out waiting for ${sel}${gone ? ' to disappear' : ''}`);
    await sleep(200);
  }
}
async function waitText(sel, want, timeout = 20000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await text(sel).catch(() => undefined);
    if (last === want) return;
    if (Date.now() > end) throw new Error(`${sel}: expected "${want}", saw "${last}"`);
    await sleep(200);
  }
}
const click = async (sel) => wd('POST', `/element/${await waitFor(sel)}/click`, {});
const text = async (sel) => (await wd('GET', `/element/${await find(sel)}/text`)).trim();
async function type(sel, value) {
  const el = await waitFor(sel);
  await wd('POST', `/element/${el}/clear`, {});
  await wd('POST', `/element/${el}/value`, { text: value });
}
async function keys(...ks) {
  const actions = ks.flatMap((k) => [{ type: 'keyDown', value: k }, { type: 'keyUp', value: k }]);
  await wd('POST', '/actions', { actions: [{ type: 'key', id: 'kbd', actions }] });
  await wd('DELETE', '/actions');
}
let shotNo = 0;
async function shot(name) {
  await sleep(300);
  const png = await wd('GET', '/screenshot');
  const file = join(OUT, `${String(++shotNo).padStart(2, '0')}-${name}.png`);
  writeFileSync(file, Buffer.from(png, 'base64'));
  console.log(`  screenshot ${file}`);
}
function check(cond, what) {
  if (!cond) throw new Error(`check failed: ${what}`);
  console.log(`  ✓ ${what}`);
}

// ---------- the run ----------
const t0 = Date.now();
try {
  const s = await wd('POST', '/session', {
    capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application: APP } } },
  });
  sid = s.sessionId;
  console.log(`session ${sid}`);

  console.log('1. open the fixture');
  await waitFor(tid('dropzone'));
  await shot('import-start');
  await click('details.typed-path > summary');
  await type(tid('path-input'), FIXTURE);
  await click(tid('path-open'));
  await waitFor(tid('head-table'));
  check((await text(tid('file-info'))).includes('淘宝订单导出.csv'), 'the file is open and its header row is shown');
  await shot('import-header');
  await click(tid('import-next'));

  console.log('2. DM Hub, practice sandbox');
  await click(tid('target-dmhub'));
  const practice = await find(tid('conn-practice'));
  check((await wd('GET', `/element/${practice}/selected`)) === true, 'practice sandbox is selected by default');
  await shot('target');
  await click(tid('target-next'));

  console.log('3. accept the suggested mapping');
  await waitFor(tid('field-orderNo'));
  await waitFor(`${tid('mapping-next')}:not([disabled])`);
  await shot('mapping');
  await click(tid('mapping-next'));

  console.log('4. preview shows the seeded problems');
  await waitFor('.ag-cell.cell-error');
  await waitFor(tid('count-bad_datetime'));
  await waitFor(tid('count-bad_number'));
  check((await text(tid('stat-orders'))) === '6', '6 orders read');
  check((await text(tid('stat-invalid'))) === '2', '2 orders with problems');
  await shot('preview');

  console.log('5. fix the bad date');
  await click(tid('count-bad_datetime'));
  await waitText(tid('stat-invalid'), '2');
  const badCell = await waitFor('.ag-cell.cell-error[col-id="c1"]');
  await wd('POST', `/element/${badCell}/click`, {});
  await keys('\uE007'); // Enter: start editing
  await sleep(300);
  // Select the old text without WebDriver's clear (which blurs, and a blur ends the edit).
  await wd('POST', '/actions', {
    actions: [{ type: 'key', id: 'kbd', actions: [
      { type: 'keyDown', value: '\uE009' }, { type: 'keyDown', value: 'a' }, { type: 'keyUp', value: 'a' }, { type: 'keyUp', value: '\uE009' },
    ] }],
  });
  await wd('DELETE', '/actions');
  const editor = await wd('GET', '/element/active');
  await wd('POST', `/element/${editor[ELEMENT]}/value`, { text: `${yesterday}\uE007` });
  await waitFor(tid('count-bad_datetime'), { gone: true });
  await waitText(tid('stat-invalid'), '1');
  check(true, 'the date problem disappeared after the edit; 1 order still has a problem');
  await shot('preview-fixed');
  await click(tid('preview-next'));

  console.log('6. upload to the practice sandbox');
  await waitFor(tid('start-upload'));
  await shot('upload-ready');
  await click(tid('start-upload'));
  await waitFor(tid('upload-progress'));
  await shot('upload-progress');
  await waitFor(tid('upload-results'), { timeout: 120000 });
  await sleep(500);
  await shot('upload-results');
  const accepted = await text(tid('results-count-accepted'));
  const refused = await text(tid('results-count-rejected'));
  const already = await text(tid('results-count-already_uploaded'));
  check(accepted === String(VALID_AFTER_FIX), `exactly the ${VALID_AFTER_FIX} valid orders accepted (saw ${accepted})`);
  check(refused === '0' && already === '0', 'none refused, none already uploaded');
  // Ask the server itself: the in-process practice sandbox holds exactly the valid orders.
  const server = await wd('POST', '/execute/async', {
    script: "const done = arguments[arguments.length - 1]; window.__TAURI_INTERNALS__.invoke('practice', {}).then(done, (e) => done({ error: String(e) }));",
    args: [],
  });
  const state = await (await fetch(`${server.baseUrl}/_sandbox/state`)).json();
  const stored = Object.keys(state.deals).sort();
  check(stored.length === VALID_AFTER_FIX, `the sandbox holds exactly ${VALID_AFTER_FIX} deals (holds ${stored.length})`);

  console.log('7. corrections: look up an order and refund its line');
  await click(tid('step-corrections'));
  await click(tid('fix-target-dmhub'));
  await type(tid('fix-order-no'), orderNo(1));
  await click(tid('fix-lookup'));
  await waitFor(tid('deal'));
  await waitFor(tid('history'));
  await shot('corrections');
  await click(tid(`line-check-${orderNo(1)}-1`));
  await click(tid('deal-refund'));
  await waitFor(tid('confirm-dialog'));
  await shot('corrections-confirm');
  await click(tid('confirm-ok'));
  await waitFor(tid('refunded'), { timeout: 20000 });
  check((await text(tid('refunded'))).includes(`${orderNo(1)}-1`), 'the refunded line is shown on the order');
  await shot('corrections-refunded');

  console.log('8. a Taobao two-file export, one file after the other');
  await click(tid('step-import'));
  await click('details.typed-path > summary');
  await type(tid('path-input'), TB_ITEMS);
  await click(tid('path-open'));
  await waitFor(tid('item-report-alone'));
  check((await text(tid('item-report-alone'))).includes('这是宝贝报表'), 'the item report alone says what it is and asks for the order report');
  await shot('import-item-report');
  // The import screen stayed: its path field is still open.
  if ((await findAll('details.typed-path:not([open])')).length > 0) await click('details.typed-path > summary');
  await type(tid('path-input'), TB_ORDERS);
  await click(tid('path-open'));
  await waitFor(tid('import-lines'));
  check((await text(tid('import-lines'))).includes('ExportOrderDetailList202611.csv'), 'the order report opened next is joined to it');
  check((await text(tid('import-platform'))).includes('淘宝/天猫订单报表'), 'recognised as a Taobao order report');
  await shot('import-two-files');
  await click(tid('import-next'));
  await click(tid('target-dmhub'));
  await click(tid('target-next'));
  await waitFor(tid('field-orderNo'));
  await waitText(tid('platform-text'), '识别为：淘宝/天猫订单报表（需同时导入宝贝报表）');
  await waitText(tid('left-out-count'), '将有 1 个未完成的订单不导入');
  check(true, 'the mapping follows the Taobao layout and counts the closed order the filter leaves out');
  await waitFor(`${tid('mapping-next')}:not([disabled])`);
  await shot('mapping-two-files');
  const completed = await find(tid('only-completed'));
  check((await wd('GET', `/element/${completed}/selected`)) === true, 'only completed orders are imported, as suggested');
  await wd('POST', '/execute/sync', { script: 'arguments[0].scrollIntoView({ block: "center" });', args: [{ [ELEMENT]: completed }] });
  await shot('mapping-two-files-lines');
  await wd('POST', '/execute/sync', { script: 'window.scrollTo(0, 0);', args: [] });
  await click(tid('mapping-next'));
  await waitFor('.ag-row.row-left-out');
  await waitText(tid('stat-orders'), '2');
  await waitText(tid('stat-lines'), '3');
  await waitText(tid('stat-left-out'), '1');
  await waitText(tid('stat-invalid'), '0');
  check(true, 'the preview: 2 orders with the 3 lines of the item report, the closed order marked and left out');
  await shot('preview-two-files');

  console.log(`9. a ${LARGE_ORDERS.toLocaleString()}-order file: first rows at once, then the whole file`);
  await click(tid('step-import'));
  await click('details.typed-path > summary');
  await type(tid('path-input'), LARGE);
  const opened = Date.now();
  await click(tid('path-open'));
  for (let end = Date.now() + 20000; !(await text(tid('file-info')).catch(() => '')).includes('全年'); await sleep(50)) {
    if (Date.now() > end) throw new Error('the large file did not open');
  }
  console.log(`  header rows shown after ${Date.now() - opened} ms`);
  await click(tid('import-next'));
  await click(tid('target-next'));
  await waitFor(`${tid('mapping-next')}:not([disabled])`);
  await click(tid('mapping-next'));
  await waitFor('.ag-cell');
  console.log(`  first grid page after ${Date.now() - opened} ms (clicks included)`);
  if ((await findAll(tid('reading-banner'))).length > 0) {
    console.log('  the first rows are shown while the rest is read');
    await shot('preview-reading');
  }
  await waitFor(tid('reading-banner'), { gone: true, timeout: 180000 });
  await waitText(tid('stat-orders'), String(LARGE_ORDERS), 60000);
  await waitText(tid('stat-invalid'), String(LARGE_BAD));
  check(true, `the whole file is checked: ${LARGE_ORDERS} orders, ${LARGE_BAD} with a bad date, ${Date.now() - opened} ms after opening`);
  const next = await find(tid('preview-next'));
  check((await wd('GET', `/element/${next}/enabled`)) === true, 'upload is possible once the whole file is read');

  console.log('10. a second launch with a file hands it to this window');
  const second = spawnSync(APP, [HANDED], { timeout: 30000, stdio: 'ignore' });
  check(second.status === 0, `the second launch exits at once (status ${second.status}, ${second.error ?? 'no error'})`);
  for (let end = Date.now() + 20000; !(await text(tid('file-info')).catch(() => '')).includes('拼多多 订单 导出'); await sleep(100)) {
    if (Date.now() > end) throw new Error('the handed-over file did not open');
  }
  check(true, 'the handed-over file is open in the window that was already running');
  await shot('handed-over');

  console.log(`PASS in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
} catch (e) {
  console.error(`FAIL: ${e.message}`);
  if (sid) await shot('failure').catch(() => {});
  process.exitCode = 1;
} finally {
  if (sid) await wd('DELETE', `/session/${sid}`).catch(() => {});
}
