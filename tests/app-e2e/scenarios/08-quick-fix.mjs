// Issue 11: a bulk quick fix on 60 orders whose order total disagrees with what was paid
// (total_mismatch), previewed, applied, undone (the problem count comes back) and applied again;
// four orders older than a year ticked and left out (「不上传」); then the upload, checked through
// the practice server's own state: the fixed totals arrived and the orders left out did not.
import { beijing, stamp, writeCsv } from '../fixtures.mjs';
import { check, click, findAll, isSelected, openPath, sandboxState, shot, text, tid, waitContains, waitFor, waitText, wd } from '../lib.mjs';

const no = (n) => `E2E${stamp}Q${n}`;
const day = (ago) => beijing(new Date(Date.now() - ago * 24 * 3600e3));
const OLD = [1, 2, 3, 4]; // first in the file: in sight to tick
const MISMATCH = Array.from({ length: 60 }, (_, i) => 5 + i);
const FINE = [65, 66, 67, 68, 69, 70];
const ALL = [...OLD, ...MISMATCH, ...FINE];
// Paid 59.80 for two items at 29.90; the mismatched orders say 69.80 in total.
const row = (n) => [no(n), OLD.includes(n) ? day(400) : day(2), MISMATCH.includes(n) ? '69.80' : '59.80', '59.80', `1370013${String(7000 + n)}`, `${no(n)}-1`, `修正测试商品${n}`, '2', '29.90', '59.80'];
const FILE = writeCsv('一键修正测试.csv', [['订单编号', '下单时间', '订单总金额', '实付金额', '手机号', '子订单编号', '商品名称', '购买数量', '单价', '商品金额'], ...ALL.map(row)]);

const applyFix = async () => {
  await click(tid('fix-total_mismatch'));
  await waitContains(tid('fix-count'), '将修改 60 个订单');
  await click(tid('fix-apply'));
  await waitContains(tid('notice-ok'), '已修正 60 个订单');
  await waitFor(tid('count-total_mismatch'), { gone: true });
};

export async function run() {
  await wd('POST', '/window/rect', { width: 1280, height: 800 });
  await openPath(FILE);
  await waitContains(tid('file-info'), '一键修正测试.csv');
  await click(tid('import-next'));
  await click(tid('target-dmhub'));
  check(await isSelected(tid('conn-practice')), 'DM Hub on the practice server');
  await click(tid('target-next'));
  await waitFor(tid('field-orderNo'));
  await waitFor(`${tid('mapping-next')}:not([disabled])`);
  await click(tid('mapping-next'));

  await waitText(tid('count-total_mismatch'), '总金额不符 60');
  await waitText(tid('offer-count-total_mismatch'), '60 个订单');
  check((await text(tid('stat-orders'))) === '70', '70 orders, 60 of them with a total that disagrees');
  await shot('quick-fix-offers');

  // The preview: how many, a few before → after, and nothing changed until 「应用」.
  await click(tid('fix-total_mismatch'));
  await waitContains(tid('fix-count'), '将修改 60 个订单，共 60 处');
  const examples = await text(tid('fix-examples'));
  check(examples.includes(no(5)) && examples.includes('69.80') && examples.includes('59.80'), 'the preview shows an order with its total before (69.80) and after (59.80)');
  await shot('quick-fix-preview');
  await click(tid('fix-cancel'));
  await waitFor(tid('fix-preview'), { gone: true });
  check((await text(tid('count-total_mismatch'))) === '总金额不符 60', '「不用了」 changes nothing');

  await applyFix();
  check(true, 'applied: the 60 totals are fixed and the problem is gone');
  await shot('quick-fix-applied');

  await click(tid('notice-action'));
  await waitText(tid('count-total_mismatch'), '总金额不符 60');
  check(true, '「撤销」 takes the whole fix back: the problem count is 60 again');

  await applyFix();
  check(true, 'applied again');

  // Leave the four orders older than a year out: ticked in the grid, then 「选中的 4 个订单不上传」.
  for (let i = 0; i < OLD.length; i++) {
    const box = `.ag-row[row-id="${i}"] .ag-selection-checkbox input`;
    await click(box);
  }
  await waitText(tid('exclude-picked'), '选中的 4 个订单不上传');
  await click(tid('exclude-picked'));
  await waitText(tid('stat-excluded'), '4');
  await waitText(tid('excluded-0'), '2 不上传');
  check((await findAll('.ag-row.row-excluded')).length >= OLD.length, 'the four orders are marked 不上传 and counted beside the stats');
  await shot('quick-fix-excluded');

  await click(tid('preview-next'));
  await waitContains(tid('upload-excluded'), '另有 4 个订单您选择了不上传');
  check((await text(tid('upload-excluded'))).includes('手动选择不上传：4 个'), 'the upload screen says how many are left out and why');
  await waitText(tid('start-upload'), '开始上传 66 个订单');
  await shot('quick-fix-upload');
  await click(tid('start-upload'));
  await waitFor(tid('upload-results'), { timeout: 120000 });
  await waitText(tid('results-count-accepted'), '66', 30000);

  const deals = (await sandboxState()).deals;
  const wrong = MISMATCH.filter((n) => deals[no(n)]?.amountTotal !== 59.8);
  check(wrong.length === 0, `the 60 fixed orders are stored with the total of 59.80 (wrong: ${wrong.map(no).join(', ') || 'none'})`);
  check(FINE.every((n) => deals[no(n)]?.amountTotal === 59.8), 'the orders that were right are stored as they were');
  const sent = OLD.filter((n) => no(n) in deals);
  check(sent.length === 0, `the orders left out are not on the server (found: ${sent.map(no).join(', ') || 'none'})`);
  await shot('quick-fix-uploaded');
}
