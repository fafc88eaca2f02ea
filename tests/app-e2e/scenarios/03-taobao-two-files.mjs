// A Taobao two-file export opened one file after the other: the item report alone says what it
// is, the order report is joined to it, the completed-orders filter leaves out the closed order.
import { stamp, writeCsv, yesterday } from '../fixtures.mjs';
import { ELEMENT, check, click, find, findAll, isSelected, shot, text, tid, type, waitFor, waitText, wd } from '../lib.mjs';

// The order report (ExportOrderList, six headers ending in a space) and its item report
// (ExportOrderDetailList). Three orders with four items; one is closed.
const day = yesterday.slice(0, 10);
const order = (n, amount, status, name, titles, kinds, qty) =>
  [`="TB${stamp}${n}"`, `buyer_${n}`, `buyer_${n}@example.com`, amount, '0.00', amount, amount, status, '', name, '浙江省 杭州市 西湖区 文三路1号', '快递', '',
    `1380000000${n}`, `${day} 10:00:00`, `${day} 10:05:00`, titles, kinds, `SF100${n}`, '顺丰速运', '', qty, '1001', '测试小店'];
const TB_ORDERS = writeCsv('ExportOrderList202611.csv', [
  '订单编号,买家会员名,买家支付宝账号,买家应付货款,买家应付邮费,总金额,买家实际支付金额,订单状态,买家留言,收货人姓名,收货地址 ,运送方式,联系电话 ,联系手机,订单创建时间,订单付款时间 ,宝贝标题 ,宝贝种类 ,物流单号 ,物流公司,订单备注,宝贝总数量,店铺Id,店铺名称'.split(','),
  order(1, '89.70', '交易成功', '张三', '保温杯 纯棉T恤', 2, 3), order(2, '59.00', '交易成功', '李四', '帆布鞋', 1, 1), order(3, '19.90', '交易关闭', '王五', '晴雨伞', 1, 1),
]);
const item = (n, title, price, qty, code, status) => [`="TB${stamp}${n}"`, title, price, qty, '', '', '', '', status, code];
const TB_ITEMS = writeCsv('ExportOrderDetailList202611.csv', [
  '订单编号,标题,价格,购买数量,外部系统编号,商品属性,套餐信息,备注,订单状态,商家编码'.split(','),
  item(1, '保温杯 500ml', '29.90', 1, 'CUP01', '交易成功'), item(1, '纯棉T恤 L', '29.90', 2, 'TS01', '交易成功'), item(2, '帆布鞋 37码', '59.00', 1, 'SH37', '交易成功'),
  item(3, '晴雨伞', '19.90', 1, 'UM01', '交易关闭'),
]);

export async function run() {
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
  check(await isSelected(tid('only-completed')), 'only completed orders are imported, as suggested');
  const completed = await find(tid('only-completed'));
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
}
