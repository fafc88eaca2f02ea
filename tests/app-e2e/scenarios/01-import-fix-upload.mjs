// Open a CSV, accept the suggested DM Hub mapping on the practice server, fix one cell,
// upload, and check through the server's own state that exactly the valid orders are stored.
import { SMALL, VALID_AFTER_FIX, yesterday } from '../fixtures.mjs';
import { check, click, editCell, isSelected, sandboxState, shot, text, tid, type, waitFor, waitText, sleep } from '../lib.mjs';

export async function run() {
  console.log('open the fixture');
  await waitFor(tid('dropzone'));
  await shot('import-start');
  await click('details.typed-path > summary');
  await type(tid('path-input'), SMALL);
  await click(tid('path-open'));
  await waitFor(tid('head-table'));
  check((await text(tid('file-info'))).includes('淘宝订单导出.csv'), 'the file is open and its header row is shown');
  await shot('import-header');
  await click(tid('import-next'));

  console.log('DM Hub, practice sandbox');
  await click(tid('target-dmhub'));
  check(await isSelected(tid('conn-practice')), 'practice sandbox is selected by default');
  await shot('target');
  await click(tid('target-next'));

  console.log('accept the suggested mapping');
  await waitFor(tid('field-orderNo'));
  await waitFor(`${tid('mapping-next')}:not([disabled])`);
  await shot('mapping');
  await click(tid('mapping-next'));

  console.log('the preview shows the seeded problems');
  await waitFor('.ag-cell.cell-error');
  await waitFor(tid('count-bad_datetime'));
  await waitFor(tid('count-bad_number'));
  check((await text(tid('stat-orders'))) === '6', '6 orders read');
  check((await text(tid('stat-invalid'))) === '2', '2 orders with problems');
  await shot('preview');

  console.log('fix the bad date');
  await click(tid('count-bad_datetime'));
  await waitText(tid('stat-invalid'), '2');
  await editCell(await waitFor('.ag-cell.cell-error[col-id="c1"]'), yesterday);
  await waitFor(tid('count-bad_datetime'), { gone: true });
  await waitText(tid('stat-invalid'), '1');
  check(true, 'the date problem disappeared after the edit; 1 order still has a problem');
  await shot('preview-fixed');
  await click(tid('preview-next'));

  console.log('upload to the practice sandbox');
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
  const stored = Object.keys((await sandboxState()).deals);
  check(stored.length === VALID_AFTER_FIX, `the sandbox holds exactly ${VALID_AFTER_FIX} deals (holds ${stored.length})`);
}
