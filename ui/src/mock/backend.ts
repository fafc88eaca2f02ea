// A stand-in for the Rust side, for UI tests and screenshots only (never in the app bundle).
// It answers the commands of docs/app-commands.md with a small fixed sheet; it does not
// reproduce business rules beyond what the screens need to show something real-looking.
import { emit } from '@tauri-apps/api/event';
import generatedTargets from '../generated/targets.json';
import generatedProblems from '../generated/problems.json';
import generatedPlatforms from '../generated/platforms.json';
import generatedFixes from '../generated/fixes.json';
import type {
  Code, Deal, EventPayloads, Exclusions, FieldSource, FixChange, FixOffer, FileInfo, Filter, GridRow, JobResult, Mapping, PlatformInfo, Profile, Suggestion, Summary, Target,
  UpdateConsent, UploadProgress,
} from '../api';
import type { commands, Fix, Target as TargetId } from '../generated/bindings';

/** Arguments as `invoke` passes them (by name; the bindings type them only positionally). */
type Args = Record<string, unknown>;
type Commands = typeof commands;
/** `openFile` → `open_file`: the command's name on the Rust side. */
type Snake<S extends string> = S extends `${infer H}${infer T}` ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${Snake<T>}` : S;
type Answer<K extends keyof Commands> = Awaited<ReturnType<Commands[K]>>;
/** The commands that take the mapping document: their handlers read it as the bindings type it. */
type TakesMapping = 'filterLeftOut' | 'saveTemplate' | 'validate' | 'startUpload';
type ArgsOf<K extends keyof Commands> = K extends TakesMapping ? Args & { mapping: Parameters<Commands[K]>[1] } : Args;
type Answers = { [K in keyof Commands as Snake<K>]: (args: ArgsOf<K>) => Answer<K> | Promise<Answer<K>> };
/** An event with the payload the Rust side sends with it. */
const send = <E extends keyof EventPayloads>(event: E, payload: EventPayloads[E]) => emit(event, payload);

const COLUMNS = ['订单编号', '下单时间', '订单状态', '买家会员名', '收货人', '联系手机', '商品名称', '商品条码', '购买数量', '商品金额', '实付金额'];

// A Taobao two-file export made of the same orders: the order report's columns (a few of the
// real ones) and the item report's, each as the index of the base column it shows.
const TAOBAO_ORDERS: Array<[string, number]> = [
  ['订单编号', 0], ['买家会员名', 3], ['买家实际支付金额', 10], ['订单状态', 2], ['收货人姓名', 4], ['联系手机', 5],
  ['订单创建时间', 1], ['订单付款时间', 1], ['宝贝总数量', 8],
];
const TAOBAO_ITEMS: Array<[string, number]> = [['订单编号', 0], ['标题', 6], ['价格', 9], ['购买数量', 8], ['商家编码', 7], ['订单状态', 2]];
/** The platform layouts as core declares them, by language, and the ones a merchant may choose
 * per target (`ui/src/generated/platforms.json`, written with targets.json): no copy here. */
const LAYOUTS = generatedPlatforms as Record<'zh' | 'en', PlatformInfo[]> & { choices: Record<string, string[]> };
/** Which file a path is, by the names Taobao gives its two reports. */
type Kind = 'generic' | 'orders' | 'items';
const kindOf = (path: string): Kind =>
  /ExportOrderDetailList|宝贝报表/.test(path) ? 'items' : /ExportOrderList|订单报表/.test(path) ? 'orders' : 'generic';

function baseRows(): string[][] {
  const names = ['纯棉T恤 白色 L', '保温杯 500ml', '帆布鞋 37码', '蓝牙耳机', '手机壳 透明', '晴雨伞', '洗发水 750ml', '速干毛巾', '笔记本 A5', '马克杯'];
  const rows: string[][] = [];
  for (let i = 0; i < 24; i++) {
    const no = `2026110${String(1000 + i)}`;
    rows.push([no, `2026-11-${String(1 + (i % 20)).padStart(2, '0')} 10:${String(i % 60).padStart(2, '0')}:00`, i % 7 === 6 ? '交易关闭' : '交易成功',
      `buyer_${i}`, ['张伟', '王芳', '李娜', '刘洋'][i % 4], `1380013${String(8000 + i)}`, names[i % names.length], `69012345${String(10000 + i)}`,
      String(1 + (i % 3)), ((1 + (i % 3)) * 39.9).toFixed(2), ((1 + (i % 3)) * 39.9).toFixed(2), '']);
  }
  rows[3][1] = '2026/13/45 25:00';
  rows[6][0] = '2.02611E+12';
  rows[8][5] = '';
  rows[11][9] = '三十九元';
  return rows;
}

/** Each problem's short label, as core words it (generated from `Code::label`). */
const LABELS = generatedProblems as Record<'zh' | 'en', Record<Code, string>>;
const MESSAGES: Record<'zh' | 'en', Record<string, string>> = {
  zh: {
    bad_datetime: '“2026/13/45 25:00”不是有效的时间，请写成 2026-11-01 10:00:00 这样',
    precision_lost: '订单号显示为 2.02611E+12，Excel 已经丢掉了后面的数字，请从平台重新导出或手动改正',
    required: '联系手机是必填项，这里是空的',
    bad_number: '“三十九元”不是数字，请填写如 39.90',
    customer_missing: '缺少客户：请映射客户id，或一种客户身份（如手机号）',
    no_lines: '订单没有商品明细',
    total_mismatch: '实付金额与商品金额合计不一致',
    negative_discount: '优惠金额是负数',
  },
  en: {
    bad_datetime: '"2026/13/45 25:00" is not a valid date and time',
    precision_lost: 'The order number shows as 2.02611E+12: Excel has dropped its last digits',
    required: 'The mobile is required and empty here',
    bad_number: '"三十九元" is not a valid number',
    customer_missing: 'No customer: map the customer id or a customer identity (such as a mobile number)',
    no_lines: 'The order has no line items',
    total_mismatch: 'The amount paid is not the sum of the line amounts',
    negative_discount: 'The discount is negative',
  },
};
/** The field each seeded problem is about, as the Rust side names it. */
const FIELDS: Record<string, string> = {
  bad_datetime: 'dateOrder', precision_lost: 'orderNo', required: 'identities.mobile', bad_number: 'lines.priceSubTotal', total_mismatch: 'amountPaid', negative_discount: 'amountDiscount',
};

/** The discount column a `quickFixes` sheet has beside the others (its base column). */
const DISCOUNT = 11;
const money = (v: string | undefined) => (v !== undefined && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : null);
/** The fixes of each problem, the default first, with their titles as core words them. */
const FIXES: Partial<Record<Code, Fix[]>> = { total_mismatch: ['total_from_lines'], negative_discount: ['discount_to_zero', 'discount_as_surcharge'] };
/** Each fix's title by language and target, as core words it (`ui/src/generated/fixes.json`). */
const FIX_TITLES = generatedFixes as Record<'zh' | 'en', Record<TargetId, Record<Fix, string>>>;

function check(cells: string[], lang: 'zh' | 'en', leftOut = false): GridRow['issues'] {
  if (leftOut) return []; // a row the filter leaves out is in no order
  const out: GridRow['issues'] = [];
  const add = (column: number, code: Code, severity: 'error' | 'warning' = 'error') =>
    out.push({ column, field: FIELDS[code], code, severity, message: MESSAGES[lang][code] });
  const [lines, paid, discount] = [money(cells[9]), money(cells[10]), money(cells[DISCOUNT])];
  if (lines !== null && paid !== null && Math.abs(lines - paid) > 0.001) add(10, 'total_mismatch', 'warning');
  if (discount !== null && discount < 0) add(DISCOUNT, 'negative_discount', 'warning');
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(cells[1]) || Number(cells[1].slice(5, 7)) > 12) add(1, 'bad_datetime');
  if (/E\+/i.test(cells[0])) add(0, 'precision_lost');
  if (cells[5].trim() === '') add(5, 'required');
  if (Number.isNaN(Number(cells[9]))) add(9, 'bad_number');
  return out;
}

/** The note core gives for order numbers Excel mangled that the file cannot recover. */
const REEXPORT: Record<'zh' | 'en', { text: (n: number) => string; steps: string[] }> = {
  zh: {
    text: (n) => `${n} 个订单号已被 Excel 存成数字，末尾几位已经丢失，文件里也找不到每一个的完整号码。请从平台重新导出这个文件，导出后不要用 Excel 打开再保存。`,
    steps: ['在平台后台的订单页面，按原来的条件重新导出订单。', '下载后不要双击用 Excel 或 WPS 打开，也不要另存为：直接把下载的文件拖到 OrderDock。'],
  },
  en: {
    text: (n) => `${n} order numbers were stored by Excel as numbers and have lost their last digits. Export the file again from the platform and do not open and save it in Excel first.`,
    steps: ['Export the orders again from the platform.', 'Do not open the download in Excel or WPS: drop it straight onto OrderDock.'],
  },
};

/** The note core gives for totals a column the mapping leaves out explains. */
const EXPLAINED: Record<'zh' | 'en', (n: number) => string> = {
  zh: (n) => `${n} 个订单的差额正好等于「优惠金额」列：这一列还没有映射，映射它比改金额更准确，所以这些订单没有改。`,
  en: (n) => `For ${n} orders the difference is exactly the "优惠金额" column, which is not mapped yet: mapping it is more accurate, so these orders were left as they are.`,
};

/** The targets' fields in both languages, as core declares them (`ui/src/generated/targets.json`,
 * written by `ORDERDOCK_BLESS=1 cargo test -p orderdock-core --test generated`): no copy here. */
export const MOCK_TARGETS = generatedTargets as Record<'zh' | 'en', Target[]>;

/** The DM Hub correction as the shell's deal_update makes it (payload::dmhub_update): every field
 * declared and typed, lines by lineId, a changed quantity or price recomputing the line total.
 * Refused as core refuses: an unknown field, a value of the wrong kind, a line the deal lacks. */
function correctDeal(deal: Deal, fields: Target['fields'], patch: Record<string, string>, lines: Record<string, Record<string, string>> = {}): Deal {
  const decl = (path: string) => fields.find((f) => f.path === path && !f.path.endsWith('*'));
  const typed = (path: string, v: unknown): string | null => {
    const d = decl(path);
    if (!d || path === 'orderNo' || path === 'lines.lineId' || typeof v !== 'string') throw { message: `「${d?.label ?? path}」不能在这里修改` };
    const s = v.trim();
    if (s === '') {
      if (d.required) throw { message: `${d.label}不能为空` };
      return d.kind === 'text' ? v : null;
    }
    if (d.kind === 'money' && /^-?\d+(\.\d{1,2})?$/.test(s)) {
      const [int, frac = ''] = s.split('.');
      return `${int}.${frac.padEnd(2, '0')}`;
    }
    if ((d.kind === 'int' || d.kind === 'long') && /^-?\d+$/.test(s)) return s;
    if (d.kind === 'money' || d.kind === 'int' || d.kind === 'long') throw { message: `${d.label}「${v}」的格式不对` };
    return v;
  };
  const next: Deal = structuredClone(deal);
  for (const [k, v] of Object.entries(patch)) {
    if (decl(k)?.isLine) throw { message: `「${k}」不能在这里修改` };
    next[k] = typed(k, v);
  }
  for (const [id, set] of Object.entries(lines)) {
    const line = next.lines?.find((l) => l.lineId === id);
    if (!line) throw { message: `这笔订单没有订单行 ${id}，请重新查询后再改` };
    for (const [k, v] of Object.entries(set)) line[k] = typed(`lines.${k}`, v);
    if (('qty' in set || 'priceUnit' in set) && !('priceSubTotal' in set) && line.qty != null && line.priceUnit != null) {
      const cents = Number(line.qty) * Math.round(Number(line.priceUnit) * 100);
      line.priceSubTotal = `${Math.trunc(cents / 100)}.${String(Math.abs(cents % 100)).padStart(2, '0')}`;
    }
  }
  return next;
}

export interface MockOptions {
  profiles?: Profile[];
  unfinished?: boolean;
  uploadStepMs?: number;
  /** Open the file as a large one whose rest is read in this many ms (file-progress, file-loaded). */
  readingMs?: number;
  /** Open the file as a large one whose rest is read when the test calls `finishReading()`. */
  readingManual?: boolean;
  /** Open the file whole, but check it as a large one: the first validate answers for its first rows
   * and the whole file is checked when the test calls `finishReading()` (file-loaded). */
  checkingManual?: boolean;
  /** Paths that Excel holds open: opening one fails (`locked`) until the test calls `release()`. */
  locked?: string[];
  /** What the open-file dialog answers, one path per time it is shown (then the default). */
  picks?: string[];
  /** The files the app was started with (a double-click on a file), answered once by launch_files. */
  launchFiles?: string[];
  /** Seed problems of whole orders: the order of row 2 has no lines, the order of row 5 no customer. */
  wholeOrder?: boolean;
  /** Seed problems quick fixes repair: five orders whose amount paid is 10.00 more than their lines
   * (total_mismatch), one more whose difference the unmapped 优惠金额 column explains, two with a negative
   * discount in that column (negative_discount). */
  quickFixes?: boolean;
  /** Start and retry commands answer only once their job has finished (a small job on a quick server). */
  answerAfterFinish?: boolean;
  /** Accounts whose connection test the server refuses (by name). */
  refusedAccounts?: string[];
  /** A build that can update itself: the merchant's answer so far and the newer version the manifest names. */
  updates?: { consent: UpdateConsent; available?: string };
}

export function createMockBackend(opts: MockOptions = {}) {
  let rows = baseRows();
  if (opts.quickFixes) {
    // Rows 6, 13 and 20 are closed orders the suggested filter leaves out: none of these.
    for (const i of [12, 14, 15, 16, 17]) rows[i][10] = (Number(rows[i][9]) + 10).toFixed(2);
    for (const i of [18, 19]) rows[i][DISCOUNT] = '-5.00';
    // Paid 5.00 less than the lines, the 优惠金额 column (not mapped) saying 5.00: explained, not fixed.
    [rows[21][10], rows[21][DISCOUNT]] = ['34.90', '5.00'];
    rows[9][0] = '2.02611E+12';
  }
  /** Orders left out on purpose: row index → the problem it was left out for (null: by hand). */
  const excluded = new Map<number, Code | null>();
  const picks = [...(opts.picks ?? [])];
  let launchFiles = [...(opts.launchFiles ?? [])];
  /** Undo steps: one cell for an edit, every cell of a quick fix for a fix. */
  const undo: Array<Array<{ index: number; column: number; old: string }>> = [];
  const profiles: Profile[] = [...(opts.profiles ?? [])];
  let jobN = 0;
  let lang: 'zh' | 'en' = 'zh';
  /** A layout as the shell names it, in the language shown. */
  const layoutInfo = (id: string) => LAYOUTS[lang].find((p) => p.id === id) ?? null;
  const jobs = new Map<string, JobResult[]>();
  let paused = false;
  let consent: UpdateConsent = opts.updates?.consent ?? 'unasked';
  /** An upload running, as the shell's job list says (set by the test). */
  let uploading = false;
  let installed: string | null = null;
  const deal: Deal = {
    orderNo: '20261101000', state: '已付款', dateOrder: '2026-11-01T02:00:00Z', amountPaid: '119.70', amountTotal: '119.70', customerId: '100234', remark: null,
    lines: [
      { lineId: '1', productName: '纯棉T恤 白色 L', qty: '2', priceUnit: '39.90', priceSubTotal: '79.80' },
      { lineId: '2', productName: '保温杯 500ml', qty: '1', priceUnit: '39.90', priceSubTotal: '39.90' },
    ],
    refundLines: [],
  };

  const locked = new Set(opts.locked ?? []);
  let reading = false;
  /** The whole file is being checked after the first validate (`checkingManual`). */
  let checking = false;
  /** Files opened so far: each open gets a new id, as in the app. */
  let opened = 1;
  /** Ends the read in progress (file-loaded), if any. */
  let finishReading = () => {};
  const startReading = () => {
    const ms = opts.readingMs;
    if (!ms && !opts.readingManual) return;
    reading = true;
    const rows = 500_001;
    const fileId = `f${opened}`;
    finishReading = () => {
      if (!reading) return;
      reading = false;
      void send('file-loaded', { fileId, dataRows: 500_000 });
    };
    void send('file-progress', { fileId, rowsRead: 123_456, rows });
    if (ms) setTimeout(() => finishReading(), ms);
  };

  // The file open now: the generic export, or a Taobao order report and/or item report.
  let open: { path: string; lines?: string } = { path: '/home/shop/淘宝订单导出-11月.csv' };
  let filter: Filter | null = null;
  const kind = (): Kind => kindOf(open.path);
  const spec = (k: Kind = kind()): Array<[string, number]> =>
    k === 'orders' ? TAOBAO_ORDERS : k === 'items' ? TAOBAO_ITEMS : [...COLUMNS, ...(opts.quickFixes ? ['优惠金额'] : [])].map((c, i) => [c, i]);
  const columns = (k?: Kind) => spec(k).map(([c]) => c);
  const leftOutRow = (row: string[]) => !!filter && !filter.in.includes(row[spec().find(([c]) => c === filter?.column)?.[1] ?? 2]);
  /** The mapping last validated: its unmapped required fields are problems of every order. */
  let validated: Mapping | null = null;
  /** A fix's title for the target of the mapping validated, as core words it. */
  const fixTitle = (fix: Fix) => {
    if (!validated) throw { code: 'other', message: 'mock: no mapping validated' };
    return FIX_TITLES[lang][validated.target][fix];
  };
  const targets = (): Target[] => MOCK_TARGETS[lang];
  const wholeOrderIssues = (index: number): GridRow['issues'] => {
    const out: GridRow['issues'] = [];
    const whole = (code: Code) => out.push({ column: null, field: null, code, severity: 'error', message: MESSAGES[lang][code] });
    if (opts.wholeOrder && index === 1) whole('no_lines');
    if (opts.wholeOrder && index === 4) whole('customer_missing');
    for (const f of targets().find((t) => t.id === validated?.target)?.fields ?? []) {
      if (!f.required || (validated && f.path in validated.fields)) continue;
      const message = lang === 'zh' ? `「${f.label}」没有对应到表格里的哪一列：请回到「对应字段」选择它来自哪一列` : `${f.label} is not matched to any column: go back to Match columns and choose its column`;
      out.push({ column: null, field: f.path, code: 'required', severity: 'error', message });
    }
    return out;
  };
  const gridRows = (): GridRow[] =>
    rows.map((row, index) => {
      const s = spec();
      const leftOut = leftOutRow(row);
      const issues: GridRow['issues'] = check(row, lang, leftOut).flatMap((i) => {
        const column = s.findIndex(([, b]) => b === i.column);
        return column < 0 ? [] : [{ ...i, column }];
      });
      if (!leftOut) issues.push(...wholeOrderIssues(index));
      return { index, sheetRow: index + 2, cells: s.map(([, b]) => row[b]), issues, leftOut };
    });
  const summary = (): Summary => {
    const all = gridRows();
    const kept = all.filter((r) => !r.leftOut);
    // As core counts: the problems of orders left out on purpose are not the upload's.
    const issues = kept.filter((r) => !excluded.has(r.index)).flatMap((r) => r.issues);
    const counts = new Map<Code, number>();
    for (const i of issues) counts.set(i.code, (counts.get(i.code) ?? 0) + 1);
    const isValid = (r: GridRow) => !r.issues.some((i) => i.severity === 'error');
    const severity = (code: Code) => issues.find((i) => i.code === code)?.severity ?? 'error';
    const valid = kept.filter(isValid).length;
    return {
      orders: kept.length, lines: kept.length, validOrders: valid,
      errors: issues.filter((i) => i.severity === 'error').length, warnings: issues.filter((i) => i.severity === 'warning').length,
      counts: [...counts].map(([code, count]) => ({ code, severity: severity(code), label: LABELS[lang][code], count })),
      partial: reading || checking, leftOut: all.length - kept.length,
      excluded: kept.filter((r) => excluded.has(r.index)).length, toUpload: kept.filter((r) => isValid(r) && !excluded.has(r.index)).length,
      heldBack: kept.filter((r) => !isValid(r) && !excluded.has(r.index)).length,
    };
  };
  const file = (headerRow = 1): FileInfo => {
    const k = kind();
    const name = (open.path.split(/[\\/]/).pop() ?? '').replace(/\.[^.]+$/, '');
    const cols = columns();
    return {
      fileId: `f${opened}`, path: open.path, format: 'csv', encoding: 'gb18030',
      sheets: [{ name, rows: rows.length + 1, columns: cols.length }], sheet: name, headerRow,
      columns: cols, dataRows: reading ? 500_000 : rows.length, reading, head: [cols, ...gridRows().slice(0, 12).map((r) => r.cells)],
      platform: k === 'orders' ? layoutInfo('taobao_orders') : k === 'items' ? layoutInfo('taobao_items') : null,
      itemReport: k === 'items' && !open.lines, needsItemReport: k === 'orders' && !open.lines,
      lines: open.lines ? { path: open.lines, dataRows: rows.length, columns: columns('items') } : undefined,
    };
  };
  const openFile = (path: string, linesPath?: string) => {
    let [main, lines] = [path, linesPath];
    // The item report is the lines file whichever came first; a file opened alone pairs with
    // the other half of its export opened before it (as import.rs does).
    if (lines && kindOf(main) === 'items' && kindOf(lines) !== 'items') [main, lines] = [lines, main];
    if (!lines && !open.lines && open.path !== main) {
      const [was, now] = [kindOf(open.path), kindOf(main)];
      if (was === 'orders' && now === 'items') [main, lines] = [open.path, main];
      else if (was === 'items' && now === 'orders') lines = open.path;
    }
    open = { path: main, lines };
    opened += 1;
    filter = null;
    startReading();
    return file();
  };
  const COMPLETED: Filter = { column: '订单状态', in: ['交易成功'] };
  const suggest = (target: string, platform?: string): Suggestion => {
    const k = kind();
    const auto = k === 'orders' ? 'taobao_orders' : null;
    const layout = platform ?? auto;
    if (layout && layout !== 'generic' && !layoutInfo(layout)) throw { message: `不认识的表格格式：${layout}` };
    const sure = !!layout && layout !== 'generic';
    const c = (column: string, confidence: number): FieldSource => ({ column, confidence: sure ? 1 : confidence });
    let fields: Record<string, FieldSource>;
    if (k === 'orders') {
      const paired = !!open.lines;
      fields = target === 'mall2030'
        ? { Code: c('订单编号', 1), OrderTime: c('订单创建时间', 1), TotalQty: c('宝贝总数量', 1), TotalMoney: { derive: 'sum', confidence: 1 }, RecvMobile: c('联系手机', 1),
          ...(paired ? { 'Dtls.BarCode': c('商家编码', 1), 'Dtls.PriceSell': c('价格', 1), 'Dtls.Quantity': c('购买数量', 1), 'Dtls.Amount': { derive: 'price_x_qty', confidence: 1 } } : {}) }
        : { orderNo: c('订单编号', 1), dateOrder: c('订单创建时间', 1), amountPaid: c('买家实际支付金额', 1), 'identities.mobile': c('联系手机', 1),
          ...(paired ? { 'lines.lineId': c('商家编码', 1), 'lines.productName': c('标题', 1), 'lines.qty': c('购买数量', 1), 'lines.priceUnit': c('价格', 1), 'lines.priceSubTotal': { derive: 'price_x_qty', confidence: 1 } } : {}) };
    } else if (k === 'items') {
      fields = target === 'mall2030' ? { Code: c('订单编号', 1) } : { orderNo: c('订单编号', 1) };
    } else {
      fields = target === 'mall2030'
        ? { Code: c('订单编号', 1), OrderTime: c('下单时间', 0.95), TotalMoney: c('实付金额', 0.7), TotalQty: { derive: 'sum', confidence: sure ? 1 : 0.8 }, RecvMobile: c('联系手机', 0.9), 'Dtls.BarCode': c('商品条码', 1), 'Dtls.Quantity': c('购买数量', 0.95), 'Dtls.Amount': c('商品金额', 0.55) }
        : { orderNo: c('订单编号', 1), dateOrder: c('下单时间', 0.95), amountPaid: c('实付金额', 0.9), 'identities.mobile': c('联系手机', 0.8), 'lines.lineId': c('商品条码', 0.5), 'lines.productName': c('商品名称', 1), 'lines.qty': c('购买数量', 0.95), 'lines.priceSubTotal': c('商品金额', 0.7) };
    }
    const mapping: Mapping = {
      target: target as Mapping['target'], ...(sure ? { platform: layout } : {}), filter: COMPLETED, fields,
      ...(open.lines && k === 'orders' ? { lines_from: { key: '订单编号' } } : {}),
      unmatched: target === 'mall2030' ? ['ShopCode'] : [],
    };
    return { mapping, fromTemplate: false, platform: sure ? layoutInfo(layout) : null, recognised: auto ? layoutInfo(auto) : null, choices: LAYOUTS[lang].filter((p) => LAYOUTS.choices[target].includes(p.id)), completed: COMPLETED };
  };

  /** A total difference that the 优惠金额 column, not mapped, explains exactly (core leaves these as they are). */
  const explained = (row: string[]) =>
    !validated?.fields.amountDiscount && money(row[DISCOUNT]) !== null && Math.abs(Math.abs(Number(row[9]) - Number(row[10])) - Number(row[DISCOUNT])) < 0.001;
  /** What a fix would change (orders left out are not touched), as `fixes.rs` plans it. */
  const plan = (fix: string) => {
    const out: Array<{ index: number; column: number; before: string; after: string }> = [];
    for (const r of gridRows()) {
      if (r.leftOut || excluded.has(r.index)) continue;
      const row = rows[r.index];
      const set = (column: number, after: string) => out.push({ index: r.index, column, before: row[column], after });
      const has = (code: string) => r.issues.some((i) => i.code === code);
      if (fix === 'total_from_lines' && has('total_mismatch') && !explained(row)) set(10, row[9]);
      if (fix === 'discount_to_zero' && has('negative_discount')) set(DISCOUNT, '0');
      if (fix === 'discount_as_surcharge' && has('negative_discount')) {
        const add = -Number(row[DISCOUNT]);
        set(DISCOUNT, '0');
        set(9, (Number(row[9]) + add).toFixed(2));
        set(10, (Number(row[10]) + add).toFixed(2));
      }
    }
    return out;
  };
  const change = (c: { index: number; column: number; before: string; after: string }): FixChange =>
    ({ order: rows[c.index][0], row: c.index + 2, column: columns()[c.column], before: c.before, after: c.after });
  const offers = (): FixOffer[] => {
    const all = gridRows().filter((r) => !r.leftOut && !excluded.has(r.index));
    return summary().counts.flatMap((c) => {
      const orders = all.filter((r) => r.issues.some((i) => i.code === c.code)).length;
      if (orders === 0) return [];
      const fixes = (FIXES[c.code] ?? []).flatMap((fix) => {
        const p = plan(fix);
        return p.length ? [{ fix, title: fixTitle(fix), orders: new Set(p.map((x) => x.index)).size, cells: p.length, examples: p.slice(0, 3).map(change) }] : [];
      });
      const why = all.filter((r) => c.code === 'total_mismatch' && r.issues.some((i) => i.code === c.code) && explained(rows[r.index])).length;
      const notes = c.code === 'precision_lost'
        ? [{ text: REEXPORT[lang].text(orders), steps: REEXPORT[lang].steps, orders }]
        : why ? [{ text: EXPLAINED[lang](why), steps: [], orders: why, map: { field: 'amountDiscount', column: '优惠金额' } }] : [];
      return [{ code: c.code, label: c.label, severity: c.severity, orders, fixes, notes, excludable: orders }];
    });
  };
  const exclusions = (changed: number): Exclusions => {
    const list = [...excluded].sort(([a], [b]) => a - b);
    const reason = (code: Code | null) => (code ? `${LABELS[lang][code]}，选择不上传` : '手动选择不上传');
    return { changed, summary: summary(), orders: list.map(([i, code]) => ({ order: rows[i][0], row: i + 2, code, reason: reason(code) })), rows: list.map(([i]) => i) };
  };

  const runJob = (job: string, orderNos: string[]) => {
    const total = orderNos.length;
    const step = opts.uploadStepMs ?? 300;
    let done = 0;
    const results: JobResult[] = orderNos.map((o, i) => ({
      orderNo: o, shop: 'HQS0001', attempts: 1,
      state: i === 2 ? 'already_uploaded' : i === 5 ? 'rejected' : 'accepted',
      reason: i === 5 ? '店铺代码 HQS0001 下没有商品条码 6901234510005' : undefined,
    }));
    jobs.set(job, results);
    const tick = () => {
      if (!paused) done = Math.min(total, done + Math.max(1, Math.ceil(total / 8)));
      const part = results.slice(0, done);
      const p: UploadProgress = {
        job, total, done, sent: done, accepted: part.filter((r) => r.state === 'accepted').length,
        alreadyUploaded: part.filter((r) => r.state === 'already_uploaded').length,
        rejected: part.filter((r) => r.state === 'rejected').length, ordersPerSecond: 6.5, secondsLeft: (total - done) / 6.5,
      };
      void send('upload-progress', p);
      if (done < total) setTimeout(tick, step);
      else void send('upload-finished', { job, summary: { job, sent: total, accepted: p.accepted, already_uploaded: p.alreadyUploaded, rejected: p.rejected, skipped_invalid: 0, pending: 0 } }).then(finished);
    };
    let finished = () => {};
    const over = new Promise<void>((resolve) => (finished = resolve));
    setTimeout(tick, step);
    return over;
  };

  const checkUpdate = (install: boolean) => {
    if (!opts.updates) throw { code: 'update_not_in_build', message: '这个版本不能自动更新。请到 OrderDock 的下载页面下载新版本。' };
    if (consent !== 'allowed') throw { code: 'update_not_allowed', message: '您还没有允许检查更新。' };
    if (uploading) throw { code: 'update_uploading', message: '正在上传订单，上传结束后再更新。' };
    if (install) installed = opts.updates.available ?? null;
    return opts.updates.available ? { version: opts.updates.available, notes: null } : null;
  };
  const changeExclusions = (out: boolean, args: Args): Exclusions => {
    const { rows: picked, code, all } = args as { rows: number[] | null; code: Code | null; all: boolean | null };
    if (picked?.some((i) => !Number.isInteger(i) || i < 0 || i >= rows.length)) throw { code: 'other', message: `mock: no row ${picked.join(',')}` };
    let changed = 0;
    if (out && picked && code == null) {
      for (const i of picked) if (!excluded.has(i)) (excluded.set(i, null), changed++);
    } else if (out && code != null && !picked) {
      const hit = gridRows().filter((r) => !r.leftOut && r.issues.some((i) => i.code === code));
      if (hit.length === 0) throw { code: 'other', message: '文件里已经没有这种问题了' };
      for (const r of hit) if (!excluded.has(r.index)) (excluded.set(r.index, code), changed++);
    } else if (!out && picked && !all) {
      for (const i of picked) if (excluded.delete(i)) changed++;
    } else if (!out && all && !picked) {
      changed = excluded.size;
      excluded.clear();
    } else throw { code: 'other', message: out ? '请选择要不上传的订单' : '请选择要恢复上传的订单' };
    return exclusions(changed);
  };
  const startJob = () => {
    const job = `job-${++jobN}`;
    const running = runJob(job, gridRows().filter((r) => r.issues.every((i) => i.severity !== 'error') && !excluded.has(r.index)).map((r) => r.cells[0]));
    return opts.answerAfterFinish ? running.then(() => ({ job })) : { job };
  };
  /** The deal as the commands answer it: read back, as the form shows it. */
  const dealView = (): Deal => structuredClone(deal);

  // Every command of the bindings, answering what they type: a missing one or a wrong field fails tsc.
  const answers: Answers = {
    get_settings: () => ({ lang, updates: consent }),
    // The shell's holds (updates.rs): not in this build, not agreed to, an upload running.
    update_state: () => ({ inBuild: !!opts.updates, consent }),
    set_update_consent: (args) => { consent = args.allowed ? 'allowed' : 'refused'; return null; },
    check_update: () => checkUpdate(false),
    install_update: () => { checkUpdate(true); return null; },
    set_settings: (args) => { lang = args.lang as 'zh' | 'en'; return null; },
    recent_files: () => [{ path: '/home/shop/淘宝订单导出-10月.xlsx', openedAt: '2026-10-31T09:12:00Z' }, { path: '/home/shop/京东订单.xlsx', openedAt: '2026-10-20T15:40:00Z' }],
    open_file: (args) => {
      if (locked.has(args.path as string)) throw { code: 'locked', message: '这个文件正被 Excel 或 WPS 打开，请先关闭它再导入。' };
      return openFile(args.path as string, (args.linesPath as string | null) ?? undefined);
    },
    choose_sheet: (args) => file((args.headerRow as number | null) ?? 1),
    targets: () => targets(),
    suggest_mapping: (args) => suggest(args.target as string, (args.platform as string | null) ?? undefined),
    filter_left_out: (args) => {
      const f = args.mapping.filter;
      if (!f) return 0;
      const was = filter;
      filter = f;
      const n = gridRows().filter((r) => r.leftOut).length;
      filter = was;
      return n;
    },
    column_samples: (args) => {
      const base = spec(args.lines ? 'items' : kind()).find(([c]) => c === args.column)?.[1] ?? -1;
      const vals = rows.map((r) => r[base] ?? '');
      return [...new Set(vals)].slice(0, (args.count as number) ?? 5);
    },
    save_template: () => null,
    validate: (args) => {
      // As the app does with a long file read whole: the first rows now, the whole file after.
      if (opts.checkingManual && !validated && !reading) {
        checking = true;
        const fileId = `f${opened}`;
        finishReading = () => {
          if (!checking) return;
          checking = false;
          void send('file-loaded', { fileId, dataRows: rows.length });
        };
      }
      validated = args.mapping;
      filter = validated.filter ?? null;
      return summary();
    },
    grid_page: (args) => {
      let all = gridRows();
      if (args.onlyProblems) all = all.filter((r) => r.issues.length > 0);
      if (args.code) all = all.filter((r) => r.issues.some((i) => i.code === args.code));
      const off = args.offset as number;
      return { total: all.length, rows: all.slice(off, off + (args.limit as number)) };
    },
    edit_cell: (args) => {
      const { index, value } = args as { index: number; column: number; value: string };
      const column = spec()[args.column as number][1];
      undo.push([{ index, column, old: rows[index][column] }]);
      rows = rows.map((r, i) => (i === index ? r.map((c, j) => (j === column ? value : c)) : r));
      return { summary: summary(), rows: [gridRows()[index]] };
    },
    undo_edit: () => {
      const step = undo.pop() ?? [];
      for (const u of [...step].reverse()) rows[u.index][u.column] = u.old;
      const all = gridRows();
      return { summary: summary(), rows: [...new Set(step.map((u) => u.index))].map((i) => all[i]) };
    },
    fix_offers: () => offers(),
    apply_fix: (args) => {
      const fix = args.fix as Fix;
      if (!Object.values(FIXES).flat().includes(fix)) throw { code: 'other', message: `没有这种修正：${fix}` };
      const changes = plan(fix);
      if (changes.length === 0) throw { code: 'other', message: '没有可以这样修正的订单' };
      undo.push(changes.map((c) => ({ index: c.index, column: c.column, old: rows[c.index][c.column] })));
      for (const c of changes) rows[c.index][c.column] = c.after;
      const all = gridRows();
      const touched = [...new Set(changes.map((c) => c.index))];
      return { fix, title: fixTitle(fix), orders: touched.length, changes: changes.map(change), notes: [], rows: touched.map((i) => all[i]), summary: summary() };
    },
    exclude_orders: (args) => changeExclusions(true, args),
    include_orders: (args) => changeExclusions(false, args),
    excluded_orders: () => exclusions(0),
    export_problems: () => null,
    export_corrected: () => null,
    export_results: () => null,
    list_profiles: () => profiles,
    save_profile: (args) => { profiles.push(args.profile as Profile); return null; },
    remove_profile: () => null,
    test_profile: (args) =>
      opts.refusedAccounts?.includes(args.name as string)
        ? { ok: false, message: '账号信息不正确（40004：the params is illegal）：请检查 AppId、密钥和 AppSystem' }
        : { ok: true, message: '连接「测试」可以使用：服务器接受了账号信息' },
    practice: () => ({ baseUrl: 'http://127.0.0.1:8123', appId: 'practice', secret: 'practice', appSystem: 'PRACTICE' }),
    start_upload: startJob,
    continue_job: startJob,
    retry_failed: startJob,
    pause_upload: () => { paused = true; return null; },
    resume_upload: () => { paused = false; return null; },
    cancel_upload: () => null,
    job_results: (args) => jobs.get(args.job as string) ?? [],
    unfinished_jobs: () => (opts.unfinished ? [{ job: 'job-0', created: '2026-11-20T08:30:00Z', file: '/home/shop/淘宝订单导出-10月.xlsx', target: 'dmhub', pending: 37 }] : []),
    deal_get: dealView,
    deal_update: (args) => {
      const fields = MOCK_TARGETS[lang].find((x) => x.id === 'dmhub')?.fields ?? [];
      const corrected = correctDeal(deal, fields, args.patch as Record<string, string>, (args.lines as Record<string, Record<string, string>> | null) ?? undefined);
      Object.assign(deal, corrected);
      return dealView();
    },
    deal_cancel: () => { deal.state = '已取消'; return dealView(); },
    deal_refund: (args) => { deal.refundLines = deal.lines.filter((l) => (args.lineIds as string[]).includes(l.lineId)); return dealView(); },
    deal_delete_refund: () => { deal.refundLines = []; return dealView(); },
    deal_delete: () => null,
    order_history: () => [
      { at: '2026-11-01T10:20:00Z', job: 'job-7', target: 'dmhub', destination: 'dmhub', shop: 'HQS0001', order_no: deal.orderNo, result: 'accepted', reason: null },
      { at: '2026-11-02T09:00:00Z', job: 'job-9', target: 'dmhub', destination: 'dmhub', shop: 'HQS0001', order_no: deal.orderNo, result: 'already_uploaded', reason: null },
    ],
    build_return: (args) => {
      // Two lines with one barcode (a T-shirt bought in two colours): chosen apart, by place.
      const all = [{ BarCode: '6901234510000', Quantity: '-2', Amount: '-79.80' }, { BarCode: '6901234510000', Quantity: '-1', Amount: '-39.90' }, { BarCode: '6901234510001', Quantity: '-1', Amount: '-39.90' }];
      const want = args.lines as number[];
      if (want.some((i) => i >= all.length)) throw { code: 'other', message: `原订单没有第 ${Math.max(...want) + 1} 行商品，请重新查询后再选` };
      return { Code: String(args.code), OriginalCode: String(args.orderNo), Dtls: want.length ? all.filter((_, i) => want.includes(i)) : all };
    },
    upload_return: (args) => { const job = `job-${++jobN}`; runJob(job, [String(args.code)]); return { job }; },
    launch_files: () => { const f = launchFiles; launchFiles = []; return f; },
    export_diagnostics: () => ['about.txt', 'settings.json', 'profiles.json', 'logs/orderdock-2026-11-20.log', 'files.txt'],
  };

  const handle = (cmd: string, args: Args = {}): unknown => {
    // `invoke`'s arguments are untyped: here they are taken to be what the bindings send.
    if (cmd in answers) return (answers[cmd as keyof Answers] as (args: Args) => unknown)(args);
    // The dialog plugin's commands, which are not the app's.
    if (cmd === 'plugin:dialog|open') return picks.shift() ?? '/home/shop/淘宝订单导出-11月.csv';
    if (cmd === 'plugin:dialog|save') {
      const ext = (args.options as { filters?: Array<{ extensions: string[] }> } | undefined)?.filters?.[0]?.extensions[0];
      return ext === 'zip' ? '/home/shop/订单导入助手-诊断信息.zip' : '/home/shop/问题清单.xlsx';
    }
    throw { code: 'other', message: `mock: unknown command ${cmd}` };
  };
  return Object.assign(handle, {
    finishReading: () => finishReading(),
    release: () => locked.clear(),
    setUploading: (on: boolean) => void (uploading = on),
    /** The version `install_update` installed, if any. */
    installed: () => installed,
  });
}
