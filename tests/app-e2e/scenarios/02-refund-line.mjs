// 订单修正: look up an order uploaded by the first scenario and refund its line.
import { orderNo } from '../fixtures.mjs';
import { check, click, shot, text, tid, type, waitFor } from '../lib.mjs';

export async function run() {
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
}
