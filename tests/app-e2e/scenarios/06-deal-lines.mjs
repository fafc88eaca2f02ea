// 订单修正 of a DM Hub deal's lines: change the quantity and unit price of a line of an order the
// first scenario uploaded, save, and check through the practice server's own state that the PUT
// replaced the deal's lines with the corrected one (nothing else lost, numbers still numbers), and
// that the form shows the deal read back. The cancel dialog's buttons say what they do. Then a
// 2030 sale with two lines of one barcode: a return of only the second line is built and sent.
import { orderNo, stamp, writeCsv, yesterday } from '../fixtures.mjs';
import { ELEMENT, check, click, find, invoke, sandboxState, shot, sleep, text, tid, type, waitFor, wd } from '../lib.mjs';

const value = async (sel) => wd('GET', `/element/${await find(sel)}/property/value`);

/** Replaces an input's text as a merchant does: click, select all, type. */
async function retype(sel, text) {
  const el = await waitFor(sel);
  await wd('POST', `/element/${el}/click`, {});
  await wd('POST', '/actions', {
    actions: [{ type: 'key', id: 'kbd', actions: [
      { type: 'keyDown', value: '\uE009' }, { type: 'keyDown', value: 'a' }, { type: 'keyUp', value: 'a' }, { type: 'keyUp', value: '\uE009' },
    ] }],
  });
  await wd('DELETE', '/actions');
  const active = await wd('GET', '/element/active');
  await wd('POST', `/element/${active[ELEMENT]}/value`, { text });
}

async function waitValue(sel, want, timeout = 20000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await value(sel).catch(() => undefined);
    if (last === want) return;
    if (Date.now() > end) throw new Error(`${sel}: expected "${want}", saw "${last}"`);
    await sleep(200);
  }
}

export async function run() {
  const no = orderNo(2);
  const line = `${no}-1`;
  await click(tid('step-corrections'));
  await click(tid('fix-target-dmhub'));
  await type(tid('fix-order-no'), no);
  await click(tid('fix-lookup'));
  await waitFor(tid(`line-qty-${line}`));
  check((await value(tid('deal-amountPaid'))) === '59.80', 'money shows two decimals (实际支付金额 59.80)');
  check((await value(tid(`line-priceUnit-${line}`))) === '29.90', 'a line price shows two decimals (29.90)');

  console.log('the cancel dialog says what its buttons do');
  await click(tid('deal-cancel'));
  await waitFor(tid('confirm-dialog'));
  const back = (await wd('GET', `/element/${await find(tid('confirm-cancel'))}/text`)).trim();
  const ok = (await wd('GET', `/element/${await find(tid('confirm-ok'))}/text`)).trim();
  check(back === '保留订单，返回' && ok === '取消订单', `the buttons read 「${back}」 and 「${ok}」`);
  await shot('deal-cancel-dialog');
  await click(tid('confirm-cancel'));
  await waitFor(tid('confirm-dialog'), { gone: true });

  console.log('correct a line: quantity 2 → 3, unit price 29.90 → 25.50');
  await retype(tid(`line-qty-${line}`), '3');
  await retype(tid(`line-priceUnit-${line}`), '25.5');
  await shot('deal-lines-edited');
  await click(tid('deal-save'));
  // The form shows the deal read back: the price with its two decimals, the total recomputed.
  await waitValue(tid(`line-priceUnit-${line}`), '25.50');
  check((await value(tid(`line-qty-${line}`))) === '3', 'the saved quantity is read back');
  check((await value(tid(`line-priceSubTotal-${line}`))) === '76.50', 'the line total follows quantity × price (76.50)');
  await shot('deal-lines-saved');

  const deal = (await sandboxState()).deals[no];
  const lines = deal.lines;
  check(lines.length === 1, `the server's deal has its one line, replaced (has ${lines.length})`);
  const l = lines[0];
  check(l.lineId === line && l.productName === '测试商品2', 'the line keeps its id and name');
  check(l.qty === 3 && l.priceUnit === 25.5 && l.priceSubTotal === 76.5, `stored qty ${l.qty}, priceUnit ${l.priceUnit}, priceSubTotal ${l.priceSubTotal}`);
  check(typeof deal.amountPaid === 'number' && deal.amountPaid === 59.8, 'the header keeps its numbers as numbers (amountPaid 59.8)');
  check(deal.state === '已付款', `the deal is not cancelled (${deal.state})`);

  await returnOneOfTwoLines();
}

const SALES = { target: 'mall2030', fields: {
  ShopCode: { value: 'S001' }, Code: { column: '订单编号' }, OrderTime: { column: '下单时间' }, PayTime: { column: '下单时间' },
  TotalMoney: { derive: 'sum' }, TotalQty: { derive: 'sum' }, BuyerCode: { column: '买家' }, RecvConsignee: { column: '收货人' },
  RecvMobile: { column: '手机' }, 'Dtls.BarCode': { column: '商品条码' }, 'Dtls.Quantity': { column: '数量' }, 'Dtls.Amount': { column: '金额' },
} };

async function returnOneOfTwoLines() {
  console.log('2030: a sale with two lines of one barcode, uploaded (through the commands)');
  const code = `S${stamp}`;
  const path = writeCsv('2030-两行同条码.csv', [
    ['订单编号', '下单时间', '买家', '收货人', '手机', '商品条码', '数量', '金额'],
    [code, yesterday, 'b1', '张三', '13800000000', '690001', '1', '10.00'],
    [code, yesterday, 'b1', '张三', '13800000000', '690001', '2', '20.00'],
  ]);
  const file = await invoke('open_file', { path });
  await invoke('start_upload', { fileId: file.fileId, mapping: SALES, connection: { practice: true } });
  const end = Date.now() + 30000;
  while (!(await sandboxState()).orders?.S001?.[code]) {
    if (Date.now() > end) throw new Error(`the sale ${code} never reached the practice server`);
    await sleep(300);
  }

  console.log('return only the second line');
  // The DM Hub deal above left the screen scrolled: the system switch is under the sticky header.
  await wd('POST', '/execute/sync', { script: 'document.querySelector(arguments[0]).scrollIntoView({ block: "center" })', args: [tid('fix-target-mall2030')] });
  await click(tid('fix-target-mall2030'));
  await type(tid('fix-order-no'), code);
  await click(tid('fix-lookup'));
  await waitFor(tid('return-line-1'));
  check((await text(tid('return-line-0'))).includes('690001') && (await text(tid('return-line-1'))).includes('690001'), 'two lines with one barcode, each a row of its own');
  await click(tid('return-check-0'));
  await click(tid('return-build'));
  await waitFor(tid('return-qty-1'));
  check((await text(tid('return-qty-0'))) === '不退', 'the line left out says 不退');
  check((await text(tid('return-qty-1'))) === '-2' && (await text(tid('return-amount-1'))) === '-20.00', 'the second line goes back: -2, -20.00');
  await shot('return-one-of-two');
  await click(tid('return-upload'));
  await waitFor(tid('confirm-dialog'));
  await click(tid('confirm-ok'));
  const back = `${code}-R`;
  const until = Date.now() + 30000;
  let stored;
  while (!(stored = (await sandboxState()).orders?.S001?.[back])) {
    if (Date.now() > until) throw new Error(`the return ${back} never reached the practice server`);
    await sleep(300);
  }
  check(stored.OriginalCode === code && stored.Dtls.length === 1 && stored.Dtls[0].Quantity === -2 && stored.TotalQty === -2, `the server holds the return of the one line (${JSON.stringify(stored.Dtls)})`);
  await waitFor(tid('results-table'), { timeout: 30000 });
  check((await text(tid('results-count-accepted'))) === '1', 'the builder shows the return accepted');
  await shot('return-sent');
}
