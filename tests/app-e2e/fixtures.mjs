// The files the scenarios open, written to a fresh temporary folder on each run. Order numbers
// carry a stamp of the run so that the practice server's stored orders never collide.
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const stamp = Date.now().toString(36).toUpperCase();
export const dir = join(tmpdir(), `orderdock-e2e-${stamp}`);
mkdirSync(dir, { recursive: true });

/** A time in Beijing as exports write it: `YYYY-MM-DD HH:MM:SS`. */
export const beijing = (d) => new Date(d.getTime() + 8 * 3600e3).toISOString().slice(0, 19).replace('T', ' ');
export const yesterday = beijing(new Date(Date.now() - 24 * 3600e3));

/** Writes a UTF-8 CSV with a BOM (as Excel saves "CSV UTF-8") and returns its path. */
export function writeCsv(name, rows) {
  const path = join(dir, name);
  writeFileSync(path, '\ufeff' + rows.map((r) => r.join(',')).join('\r\n') + '\r\n');
  return path;
}

// 6 DM Hub orders, two of them with a seeded problem.
export const orderNo = (n) => `E2E${stamp}${n}`;
export const header = ['订单编号', '下单时间', '实付金额', '手机号', '子订单编号', '商品名称', '购买数量', '单价', '商品金额'];
export const BAD_DATE_ORDER = 3; // bad_datetime
export const BAD_MONEY_ORDER = 5; // bad_number (stays wrong: it must not be uploaded)
export const VALID_AFTER_FIX = 5;
const rows = [1, 2, 3, 4, 5, 6].map((n) => [orderNo(n), yesterday, '59.80', `1380013800${n}`, `${orderNo(n)}-1`, `测试商品${n}`, '2', '29.90', '59.80']);
rows[BAD_DATE_ORDER - 1][1] = '2026-13-45 10:00:00';
rows[BAD_MONEY_ORDER - 1][2] = '五十九元八角';
export const SMALL = writeCsv('淘宝订单导出.csv', [header, ...rows]);
/** The file a second launch hands over: a Chinese name with spaces, as shops name them. */
export const HANDED = writeCsv('拼多多 订单 导出.csv', [header, ...rows]);
