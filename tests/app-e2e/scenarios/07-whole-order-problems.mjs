// Problems of a whole order, on a 1024×700 window: an order with no lines (no_lines), one with
// no customer (customer_missing), and a required field the file has no column for (订单行ID).
// Each marks its row, reads on hover and in the detail panel, is among 只看有问题的行, and the
// one only the mapping can fix leads back to 对应字段. A chip puts the cursor on its problem
// cell, scrolled into view beside the pinned order number; the language switch is at once.
import { stamp, writeCsv, yesterday } from '../fixtures.mjs';
import { ELEMENT, check, click, find, findAll, openPath, shot, text, tid, waitContains, waitFor, wd } from '../lib.mjs';

const no = (n) => `E2E${stamp}W${n}`;
const line = (n) => [no(n), yesterday, '59.80', `1390013900${n}`, `整单测试商品${n}`, '2', '29.90', '59.80'];
const rows = [1, 2, 3, 4, 5].map(line);
rows[1].splice(4, 4, '', '', '', ''); // order 2: no line at all
rows[2][3] = ''; // order 3: no mobile, so no customer
rows[3][7] = '五十九元八角'; // order 4: an amount that is no number, in the last column
// No 子订单编号 column: DM Hub's 订单行ID has nowhere to come from.
const FILE = writeCsv('整单问题.csv', [['订单编号', '下单时间', '实付金额', '手机号', '商品名称', '购买数量', '单价', '商品金额'], ...rows]);

const js = (script, ...args) => wd('POST', '/execute/sync', { script, args });
const el = (id) => ({ [ELEMENT]: id });
/** Clicks `sel` once it is in the middle of the window: the sticky header and next-step bar
 * cover the edges WebDriver scrolls an element to. */
async function tap(sel) {
  const e = await waitFor(sel);
  await js('arguments[0].scrollIntoView({ block: "center" });', el(e));
  await wd('POST', `/element/${e}/click`, {});
}
/** The row number cell (pinned, col-id __row) of grid row `index`. */
const rowNumber = (index) => `.ag-row[row-id="${index}"] [col-id="__row"]`;

export async function run() {
  await wd('POST', '/window/rect', { width: 1024, height: 700 });
  await openPath(FILE);
  await waitContains(tid('file-info'), '整单问题.csv');
  await click(tid('import-next'));
  await click(tid('target-dmhub'));
  await click(tid('target-next'));
  await waitFor(tid('field-orderNo'));
  await waitFor(`${tid('field-lines.productName')} select`);
  check((await js('return window.scrollY;')) === 0, 'the mapping screen opens at its top');
  const mapNext = await js(`const r = document.querySelector('[data-testid="mapping-next"]').getBoundingClientRect(); return r.bottom <= innerHeight && r.top >= 0;`);
  check(mapNext === true, 'its next-step button is in sight at 1024×700');
  await shot('whole-mapping-1024');

  // The file has no column for 订单行ID; whatever was guessed for it, leave it out.
  await js(`document.querySelector('[data-testid="field-lines.lineId"]').scrollIntoView({ block: 'center' });`);
  await click(`${tid('field-lines.lineId')} select option[value=""]`);
  await click(tid('mapping-next'));
  await waitContains(tid('confirm-dialog'), '「订单行ID」还没有选择来自哪一列');
  await shot('whole-mapping-confirm');
  await click(tid('confirm-ok'));

  await waitFor(tid('row-problem-1'));
  await waitFor(tid('count-no_lines'));
  await waitFor(tid('count-customer_missing'));
  await waitFor(tid('count-required'));
  check((await text(tid('stat-orders'))) === '5' && (await text(tid('stat-invalid'))) === '5', '5 orders, all with a problem (订单行ID has no column)');
  check((await text(tid('row-problem-1'))) === '3 整单问题', 'the order without lines: its row number says 整单问题');
  check((await text(tid('row-problem-2'))) === '4 整单问题', 'the order without a customer: its row number says 整单问题');
  check((await wd('GET', `/element/${await find('.ag-row[row-id="1"]')}/attribute/class`)).includes('row-problem-error'), 'and its row is tinted');
  check((await text(tid('unmapped-banner'))).includes('「订单行ID」没有对应到表格里的列'), 'a banner says 订单行ID has no column');
  const next = await js(`const r = document.querySelector('[data-testid="preview-next"]').getBoundingClientRect(); return r.bottom <= innerHeight && r.top >= 0;`);
  check(next === true, 'the next-step button is in sight at 1024×700');
  await shot('whole-preview-1024');

  // Hover: the row number tells what is wrong with the order (the grid brought into sight first).
  await js('arguments[0].scrollIntoView({ block: "center" });', el(await find(rowNumber(1))));
  await wd('POST', '/actions', { actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: [{ type: 'pointerMove', duration: 0, origin: el(await find(rowNumber(1))), x: 0, y: 0 }] }] });
  await waitContains('.ag-tooltip', '订单没有商品明细');
  check(true, 'hovering the row number reads 订单没有商品明细');
  await shot('whole-hover');
  await wd('DELETE', '/actions');

  // A chip jumps to its first row: the detail panel reads it, the cursor is on the row number.
  await js('window.scrollTo(0, 0);');
  await tap(tid('count-no_lines'));
  await waitContains(tid('row-problems'), '第 3 行');
  const panelShown = await js(`const r = document.querySelector('[data-testid="row-problems"]').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;`);
  check(panelShown === true, 'the chip brings the detail panel into sight');
  check((await text(tid('row-problems'))).includes('整个订单') && (await text(tid('row-problems'))).includes('订单没有商品明细'), 'the detail panel: 整个订单 — 订单没有商品明细');
  check((await wd('GET', `/element/${await find('.ag-cell-focus')}/attribute/col-id`)) === '__row', 'the cursor is on the row number (the problem has no cell)');
  await shot('whole-chip-no-lines');

  await tap(tid('count-customer_missing'));
  await waitContains(tid('row-problems'), '第 4 行');
  await waitFor(tid('fix-mapping-customer_missing'));
  check(true, 'no customer: the detail panel offers to choose its column in 对应字段');

  // A problem in a cell far right: scrolled into view, the order number pinned beside it.
  await tap(tid('count-bad_number'));
  await waitContains(tid('row-problems'), '第 5 行');
  const focused = await find('.ag-cell-focus');
  check((await wd('GET', `/element/${focused}/attribute/col-id`)) === 'c7', 'the cursor is on the amount cell');
  const inView = await js(`const c = arguments[0].getBoundingClientRect(); const g = document.querySelector('[data-testid="preview-grid"]').getBoundingClientRect(); return c.left >= g.left && c.right <= g.right + 1;`, el(focused));
  check(inView === true, 'the amount cell is scrolled into view');
  check((await findAll('.ag-row[row-id="3"] .ag-grid-pinned-left-cells [col-id="c0"]')).length === 1, 'the order number stays pinned on the left');
  await shot('whole-chip-cell');

  // 只看有问题的行: the whole-order problems are there too.
  await tap(tid('count-bad_number'));
  await tap(tid('only-problems'));
  await waitFor(tid('row-problem-1'));
  await waitFor(tid('row-problem-2'));
  check(true, 'only rows with problems: the orders without lines or customer are listed');

  // English at once: the chips and the grid; back to Chinese.
  await tap(tid('lang-en'));
  await waitContains(tid('count-no_lines'), 'No line items');
  await waitContains(tid('row-problem-1'), 'Order');
  await shot('whole-preview-en');
  await tap(tid('lang-zh'));
  await waitContains(tid('count-no_lines'), '没有商品明细');

  // The unmapped field: the detail panel says so and leads back to it in 对应字段.
  await tap(tid('count-required'));
  await waitContains(tid('row-problems'), '「订单行ID」没有对应到表格里的哪一列');
  await shot('whole-chip-unmapped');
  await tap(tid('fix-mapping-required'));
  await waitFor(`${tid('field-lines.lineId')}.sent-here`);
  const shown = await js(`const r = document.querySelector('[data-testid="field-lines.lineId"]').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;`);
  check(shown === true, 'back in 对应字段, at 订单行ID');
  await shot('whole-back-to-mapping');
  await wd('POST', '/window/rect', { width: 1280, height: 800 });
}
