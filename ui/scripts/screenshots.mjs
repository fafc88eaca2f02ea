// Screenshots of every screen, against the built UI (vite preview) with a mocked backend.
// Usage: npm run build && npm run screenshots   (needs /usr/bin/chromium: apt-get install -y chromium)
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const ui = resolve(here, '..');
const out = resolve(ui, '../docs/screenshots');
mkdirSync(out, { recursive: true });

const bundle = await build({ entryPoints: [resolve(ui, 'src/mock/inject.ts')], bundle: true, format: 'iife', write: false, target: 'es2021' });
const mockJs = bundle.outputFiles[0].text;

const port = 4173;
const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], { cwd: ui, stdio: 'ignore', detached: true });
const url = `http://127.0.0.1:${port}/`;
for (let i = 0; i < 100; i++) {
  try { if ((await fetch(url)).ok) break; } catch {}
  await new Promise((r) => setTimeout(r, 200));
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function newPage({ width = 1280, height = 860, scale = 1, opts = {} } = {}) {
  const ctx = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: scale, locale: 'zh-CN' });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.addInitScript(`window.__MOCK_OPTS__ = ${JSON.stringify(opts)};\n${mockJs}`);
  await page.goto(url);
  return page;
}
const shot = async (page, name) => {
  await page.waitForTimeout(350);
  await page.screenshot({ path: resolve(out, `${name}.png`) });
  console.log('saved', name);
};
const tid = (id) => `[data-testid="${id}"]`;

try {
  const page = await newPage({ opts: { unfinished: true, uploadStepMs: 700 } });
  await page.waitForSelector(tid('dropzone'));
  await shot(page, '01-import-start');
  await page.click(tid('choose-file'));
  await page.waitForSelector(tid('head-table'));
  await shot(page, '01-import-header');
  await page.click(tid('import-next'));
  await page.click(tid('target-dmhub'));
  await page.click(tid('add-profile'));
  await shot(page, '02-target');
  await page.click(tid('target-next'));
  await page.waitForSelector(tid('field-orderNo'));
  await page.waitForTimeout(300);
  await shot(page, '03-mapping');
  await page.click(tid('mapping-next'));
  await page.waitForSelector('.ag-cell.cell-error');
  await page.hover('.ag-cell.cell-error');
  await page.waitForTimeout(600);
  await shot(page, '04-preview');
  await page.click(tid('count-bad_datetime'));
  await page.waitForTimeout(300);
  const cell = page.locator('.ag-cell.cell-error').first();
  await cell.dblclick();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('2026-11-04 10:03:00');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(500);
  await shot(page, '04-preview-after-fix');
  await page.click(tid('preview-next'));
  await page.waitForSelector(tid('start-upload'));
  await shot(page, '05-upload-ready');
  await page.click(tid('start-upload'));
  await page.waitForTimeout(1600);
  await shot(page, '05-upload-progress');
  await page.waitForSelector(tid('upload-results'), { timeout: 15000 });
  await shot(page, '05-upload-results');
  await page.click(tid('step-corrections'));
  await page.fill(tid('fix-order-no'), '20261101000');
  await page.click(tid('fix-lookup'));
  await page.waitForSelector(tid('deal'));
  await shot(page, '06-corrections');
  await page.check(tid('line-check-1'));
  await page.click(tid('deal-refund'));
  await shot(page, '06-corrections-confirm');
  await page.click(tid('confirm-cancel'));
  await page.click(tid('fix-target-mall2030'));
  await page.click(tid('fix-lookup'));
  await page.waitForSelector(tid('return-builder'));
  await page.click(tid('return-build'));
  await shot(page, '06-corrections-2030-return');
  await page.click(tid('lang-en'));
  await page.click(tid('step-preview'));
  await page.waitForSelector('.ag-cell');
  await shot(page, '07-english-preview');

  // 125 % display scaling on a 1366×768 laptop: the CSS viewport shrinks to 1093×614.
  const small = await newPage({ width: 1093, height: 614, scale: 1.25 });
  await small.click(tid('choose-file'));
  await small.click(tid('import-next'));
  await small.click(tid('target-mall2030'));
  await small.click(tid('target-next'));
  await small.waitForSelector(tid('field-ShopCode'));
  await shot(small, '08-mapping-125pct');
  // 150 % on a 1920×1080 screen: 1280×720.
  const big = await newPage({ width: 1280, height: 720, scale: 1.5 });
  await big.click(tid('choose-file'));
  await big.click(tid('import-next'));
  await big.click(tid('target-dmhub'));
  await big.click(tid('target-next'));
  await big.click(tid('mapping-next'));
  await big.waitForSelector('.ag-cell');
  await shot(big, '09-preview-150pct');

  // The CJK font stack: which face Chromium really drew the Chinese with (Noto Sans CJK SC here;
  // Microsoft YaHei UI on Windows and PingFang SC on macOS come before it in the stack), and the
  // header with 「导出诊断信息」 after it saved its zip.
  const fonts = await newPage();
  await fonts.waitForSelector(tid('dropzone'));
  await fonts.click(tid('export-diagnostics'));
  await fonts.waitForSelector(tid('notice-ok'));
  const cdp = await fonts.context().newCDPSession(fonts);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument');
  for (const selector of ['.brand span:last-child', '[data-testid="notice-ok"] span', '[data-testid="dropzone"]']) {
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    const { fonts: used } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    const faces = used.map((f) => `${f.familyName} (${f.glyphCount} glyphs)`).join(', ');
    console.log(`fonts of ${selector}: ${faces}`);
    if (!used.some((f) => /^Noto Sans CJK SC$/.test(f.familyName))) throw new Error(`${selector} is not drawn with Noto Sans CJK SC: ${faces}`);
  }
  await shot(fonts, '10-fonts-diagnostics');
} finally {
  await browser.close();
  process.kill(-server.pid);
}
