// A 200,000-order export: its first rows are shown while the rest is still being read and
// checked, then the whole file is checked and upload becomes possible. A release build reads
// the whole file faster than WebDriver clicks through three screens (E2E_RELEASE=1, for the
// timings quoted in the README): the first rows then show while the whole file is checked.
import { header, stamp, writeCsv, yesterday } from '../fixtures.mjs';
import { check, click, findAll, isEnabled, shot, text, tid, type, waitContains, waitFor, waitText } from '../lib.mjs';

// One line per order, every 1000th with a bad date.
const ORDERS = 200_000;
const BAD = ORDERS / 1000;
const LARGE = writeCsv('淘宝订单导出-全年.csv', [header, ...Array.from({ length: ORDERS }, (_, i) => {
  const no = `L${stamp}${String(i).padStart(6, '0')}`;
  return [no, i % 1000 === 999 ? '2026-13-45 10:00:00' : yesterday, '59.80', '13800138000', `${no}-1`, '测试商品', '2', '29.90', '59.80'];
})]);

export async function run() {
  await click(tid('step-import'));
  await click('details.typed-path > summary');
  await type(tid('path-input'), LARGE);
  const opened = Date.now();
  await click(tid('path-open'));
  await waitContains(tid('file-info'), '全年');
  console.log(`  header rows shown after ${Date.now() - opened} ms`);
  await click(tid('import-next'));
  await click(tid('target-next'));
  await waitFor(`${tid('mapping-next')}:not([disabled])`);
  const mapped = Date.now();
  await click(tid('mapping-next'));
  await waitFor('.ag-cell');
  const firstPage = Date.now() - opened;
  console.log(`  first grid page ${Date.now() - mapped} ms after 下一步 on the mapping screen`);
  const banner = (await findAll(tid('reading-banner'))).length > 0 ? await text(tid('reading-banner')) : null;
  const still = banner === null ? null : banner.includes('正在读取') ? 'while the rest is still read' : 'while the whole file is checked';
  check(still !== null, `the first rows are shown ${firstPage} ms after opening (clicks included), ${still ?? 'but only once the whole file was checked'}`);
  await shot('preview-reading');
  await waitFor(tid('reading-banner'), { gone: true, timeout: 180000 });
  await waitText(tid('stat-orders'), String(ORDERS), 60000);
  await waitText(tid('stat-invalid'), String(BAD));
  check(true, `the whole file is checked: ${ORDERS} orders, ${BAD} with a bad date, ${Date.now() - opened} ms after opening`);
  check(await isEnabled(tid('preview-next')), 'upload is possible once the whole file is read');
}
