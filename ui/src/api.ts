// Every command and event between the UI and the Rust side (docs/app-commands.md), typed once.
// The UI holds no business logic: validation, suggestions and payloads all come from here.
import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';

export type TargetId = 'dmhub' | 'mall2030';
export type Severity = 'error' | 'warning';

// ---- Import ----
export interface SheetInfo { name: string; rows: number; columns: number }
export interface FileInfo {
  fileId: string;
  path: string;
  format: string;
  encoding?: string;
  sheets: SheetInfo[];
  sheet: string;
  /** 1-based row of the header in the sheet. */
  headerRow: number;
  columns: string[];
  /** While `reading`: an estimate from the file's declared size. */
  dataRows: number;
  /** Only the first rows are read yet; the rest follows (file-progress, file-loaded). */
  reading: boolean;
  /** The first 30 sheet rows as displayed, title rows above the header included. */
  head: string[][];
  /** The platform export layout the headers show, if known. */
  platform: PlatformInfo | null;
  /** The file is the item report of a two-file export (宝贝报表): its order report is needed too. */
  itemReport: boolean;
  /** The file is an order report whose lines are in an item report not opened yet. */
  needsItemReport: boolean;
  /** The item file of a two-file export. */
  lines?: LinesInfo;
}
export interface PlatformInfo { id: string; label: string }
export interface LinesInfo { path: string; dataRows: number; columns: string[] }
export interface FileProgress { fileId: string; rowsRead: number; rows: number }
export interface FileLoaded { fileId: string; dataRows?: number; error?: string }
export interface RecentFile { path: string; openedAt: string }

// ---- Mapping (CONTRACT.md §2) ----
export interface TargetField {
  path: string;
  label: string;
  required: boolean;
  kind: string;
  maxLen?: number;
  isLine: boolean;
  /** An order total that may be { derive: 'sum' }. */
  derivable: boolean;
  /** A line amount that may be { derive: 'price_x_qty' }. */
  priceXQty: boolean;
  /** A template (`custom.*`): what the name replacing `*` is, with an example. */
  nameHint?: string;
}
/** Fields of which at least one must be mapped; a template path stands for its instances. */
export interface AnyOf { paths: string[]; label: string }
/** `key`: the field that identifies an order (`orderNo`, `Code`). */
export interface Target { id: TargetId; label: string; key: string; fields: TargetField[]; anyOf: AnyOf[] }
export type Derive = 'sum' | 'price_x_qty';
/** `confidence` only in a suggestion: below 0.9 it is a guess. */
export type FieldSource =
  | { column: string; confidence?: number }
  | { value: string; confidence?: number }
  | { derive: Derive; confidence?: number };
export interface Filter { column: string; in: string[] }
export interface Mapping {
  target: TargetId;
  /** The platform layout a suggestion followed. */
  platform?: string;
  sheet?: string;
  header_row?: number;
  timezone?: string;
  filter?: Filter | null;
  fields: Record<string, FieldSource>;
  lines_from?: { key: string };
  unmatched?: string[];
}
export interface Suggestion {
  mapping: Mapping;
  fromTemplate: boolean;
  /** The layout the mapping follows (recognised or chosen); null for a guess from names and values. */
  platform: PlatformInfo | null;
  /** The layout the headers show, whatever was chosen. */
  recognised: PlatformInfo | null;
  /** Layouts that may be chosen instead. */
  choices: PlatformInfo[];
  /** The filter keeping only completed orders, where the file has a status column. */
  completed: Filter | null;
}
/** `platform` of suggest_mapping for no layout at all. */
export const GENERIC = 'generic';

// ---- Preview ----
export interface ProblemCount { code: string; severity: Severity; label: string; count: number }
export interface Summary {
  orders: number;
  lines: number;
  validOrders: number;
  errors: number;
  warnings: number;
  counts: ProblemCount[];
  /** Counts of the file's first rows only: the rest is still being read. */
  partial: boolean;
  /** Orders the mapping's filter leaves out (not completed). */
  leftOut: number;
  /** Orders left out of the upload on purpose (「不上传」). */
  excluded: number;
  /** Valid orders not left out: what an upload sends. */
  toUpload: number;
}
/** `column`: the cell's column, or null for an issue about the whole row (the order as a whole,
 * a field the mapping leaves out, a cell of the item file of a two-file export). `field`: the
 * target field path the issue is about, or null for the order as a whole. */
export interface CellIssue { column: number | null; field: string | null; code: string; severity: Severity; message: string }
export interface GridRow {
  index: number;
  sheetRow: number;
  cells: string[];
  issues: CellIssue[];
  /** The mapping's filter leaves this row out (the order is not completed). */
  leftOut: boolean;
}
export interface GridPage { total: number; rows: GridRow[] }
export interface EditResult { summary: Summary; rows: GridRow[] }

// ---- Quick fixes and orders left out (fixes.rs) ----
/** One cell a fix changes: `row` is the sheet row, `cut` the text a cut takes off. */
export interface FixChange { order: string; row: number; column: string; before: string; after: string; cut?: string }
/** What one fix would do. `fix`: a stable id (`total_from_lines`). */
export interface FixPreview { fix: string; title: string; orders: number; cells: number; examples: FixChange[] }
/** What no fix covers: why, and the steps to take (exporting again), or a column to map. */
export interface FixNote { text: string; steps: string[]; orders: number; map?: { field: string; column: string } }
/** Everything on offer for one problem; `fixes` holds only the safe ones, the default first. */
export interface FixOffer { code: string; label: string; severity: Severity; orders: number; fixes: FixPreview[]; notes: FixNote[]; excludable: number }
export interface AppliedFix extends EditResult { fix: string; orders: number; changes: FixChange[]; notes: FixNote[] }
/** `code`: the problem it was left out for, null when picked by hand. */
export interface ExcludedOrder { order: string; row: number; code: string | null; reason: string }
/** `rows`: every table row of the orders left out; `changed`: how many this call changed. */
export interface Exclusions { changed: number; summary: Summary; orders: ExcludedOrder[]; rows: number[] }

// ---- Connections ----
export interface Profile { name: string; target: TargetId; baseUrl: string; appId: string; appSystem?: string }
export interface TestResult { ok: boolean; message: string }
export interface Practice { baseUrl: string; appId: string; secret: string; appSystem: string }
export type Connection = { profile: string } | { practice: true };

// ---- Upload ----
export interface UploadProgress {
  job: string;
  total: number;
  done: number;
  sent: number;
  accepted: number;
  alreadyUploaded: number;
  rejected: number;
  ordersPerSecond: number;
  secondsLeft?: number;
}
export interface UploadSummary {
  job?: string;
  sent: number;
  accepted: number;
  already_uploaded: number;
  rejected: number;
  skipped_invalid: number;
}
export interface UploadFinished { job: string; summary: UploadSummary; error?: string }
export type ResultState = 'accepted' | 'already_uploaded' | 'rejected' | 'pending' | string;
export interface JobResult { orderNo: string; shop: string; state: ResultState; reason?: string; attempts: number }
export interface UnfinishedJob { job: string; created: string; file: string; target: TargetId; pending: number }

// ---- Corrections ----
export interface DealLine {
  lineId: string;
  productName?: string;
  qty?: number | string;
  priceUnit?: number | string;
  priceSubTotal?: number | string;
  [k: string]: unknown;
}
export interface Deal {
  orderNo: string;
  state?: string;
  dateOrder?: string;
  amountPaid?: number | string;
  amountTotal?: number | string;
  amountDiscount?: number | string;
  customerId?: number | string;
  /** customerId as text: a Long loses digits as a JavaScript number, so this is what is shown. */
  customerIdStr?: string;
  lines?: DealLine[];
  refundLines?: DealLine[];
  [k: string]: unknown;
}
export interface HistoryEntry { at: string; job: string; target: TargetId; shop: string; result: string; reason?: string }

export interface Settings { lang: 'zh' | 'en'; updates: UpdateConsent }

/** The merchant's answer to the update question (asked once; changeable in the header). */
export type UpdateConsent = 'unasked' | 'allowed' | 'refused';
/** `inBuild`: the build can update itself (a release build with the updater's key). */
export interface UpdateState { inBuild: boolean; consent: UpdateConsent }
export interface AvailableUpdate { version: string; notes: string | null }

/** `open-file`: files the system handed to the app (double-click, 「打开方式」, a second launch). */
export interface OpenFiles { paths: string[] }

/** Errors reach the UI as `{ message }` in the current language. */
export function errorText(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}

/** The stable code of an error the UI acts on (`locked`: the file is open in Excel or WPS). */
export function errorCode(e: unknown): string | undefined {
  if (e && typeof e === 'object' && 'code' in e) return String((e as { code: unknown }).code);
  return undefined;
}

const call = <T>(cmd: string, args?: Record<string, unknown>) => invoke<T>(cmd, args);

export const api = {
  // import
  openFile: (path: string, linesPath?: string) => call<FileInfo>('open_file', { path, linesPath }),
  chooseSheet: (fileId: string, sheet: string, headerRow?: number) =>
    call<FileInfo>('choose_sheet', { fileId, sheet, headerRow }),
  recentFiles: () => call<RecentFile[]>('recent_files'),
  // mapping
  targets: () => call<Target[]>('targets'),
  /** `platform`: a layout id, GENERIC for none, absent for the one the headers show. */
  suggestMapping: (fileId: string, target: TargetId, platform?: string) =>
    call<Suggestion>('suggest_mapping', { fileId, target, platform }),
  /** `lines`: a column of the item file of a two-file export. */
  columnSamples: (fileId: string, column: string, count = 5, lines?: boolean) =>
    call<string[]>('column_samples', { fileId, column, count, lines }),
  filterLeftOut: (fileId: string, mapping: Mapping) => call<number>('filter_left_out', { fileId, mapping }),
  saveTemplate: (fileId: string, mapping: Mapping) => call<null>('save_template', { fileId, mapping }),
  // preview
  validate: (fileId: string, mapping: Mapping) => call<Summary>('validate', { fileId, mapping }),
  gridPage: (fileId: string, offset: number, limit: number, onlyProblems: boolean, code?: string) =>
    call<GridPage>('grid_page', { fileId, offset, limit, onlyProblems, code }),
  editCell: (fileId: string, index: number, column: number, value: string) =>
    call<EditResult>('edit_cell', { fileId, index, column, value }),
  undoEdit: (fileId: string) => call<EditResult>('undo_edit', { fileId }),
  exportProblems: (fileId: string, path: string) => call<null>('export_problems', { fileId, path }),
  exportCorrected: (fileId: string, path: string) => call<null>('export_corrected', { fileId, path }),
  fixOffers: (fileId: string) => call<FixOffer[]>('fix_offers', { fileId }),
  /** One undo step: `undoEdit` takes the whole fix back. */
  applyFix: (fileId: string, fix: string) => call<AppliedFix>('apply_fix', { fileId, fix }),
  /** `rows`: table indices (each leaves its whole order out), or every order with the problem `code`. */
  excludeOrders: (fileId: string, which: { rows: number[] } | { code: string }) => call<Exclusions>('exclude_orders', { fileId, ...which }),
  includeOrders: (fileId: string, which: { rows: number[] } | { all: true }) => call<Exclusions>('include_orders', { fileId, ...which }),
  excludedOrders: (fileId: string) => call<Exclusions>('excluded_orders', { fileId }),
  // connections
  listProfiles: () => call<Profile[]>('list_profiles'),
  saveProfile: (profile: Profile, secret: string) => call<null>('save_profile', { profile, secret }),
  removeProfile: (name: string) => call<null>('remove_profile', { name }),
  testProfile: (name: string) => call<TestResult>('test_profile', { name }),
  practice: () => call<Practice>('practice'),
  // upload
  startUpload: (fileId: string, mapping: Mapping, connection: Connection) =>
    call<{ job: string }>('start_upload', { fileId, mapping, connection }),
  pauseUpload: (job: string) => call<null>('pause_upload', { job }),
  resumeUpload: (job: string) => call<null>('resume_upload', { job }),
  cancelUpload: (job: string) => call<null>('cancel_upload', { job }),
  jobResults: (job: string) => call<JobResult[]>('job_results', { job }),
  retryFailed: (job: string, fileId?: string) => call<{ job: string }>('retry_failed', { job, fileId }),
  exportResults: (job: string, path: string) => call<null>('export_results', { job, path }),
  unfinishedJobs: () => call<UnfinishedJob[]>('unfinished_jobs'),
  continueJob: (job: string, connection: Connection) => call<{ job: string } | null>('continue_job', { job, connection }),
  // corrections
  dealGet: (connection: Connection, orderNo: string) => call<Deal>('deal_get', { connection, orderNo }),
  /** `patch`: header fields as typed; `lines`: by lineId, the line fields as typed. Answers the deal read back. */
  dealUpdate: (connection: Connection, orderNo: string, patch: Record<string, string>, lines?: Record<string, Record<string, string>>) =>
    call<Deal>('deal_update', { connection, orderNo, patch, lines }),
  dealCancel: (connection: Connection, orderNo: string) => call<unknown>('deal_cancel', { connection, orderNo }),
  dealRefund: (connection: Connection, orderNo: string, lineIds: string[], total?: string, reason?: string) =>
    call<{ refundLines?: DealLine[] }>('deal_refund', { connection, orderNo, lineIds, total, reason }),
  dealDeleteRefund: (connection: Connection, orderNo: string) =>
    call<unknown>('deal_delete_refund', { connection, orderNo }),
  dealDelete: (connection: Connection, orderNo: string) => call<unknown>('deal_delete', { connection, orderNo }),
  orderHistory: (orderNo: string) => call<HistoryEntry[]>('order_history', { orderNo }),
  /** `lines`: places (0-based) in the sale's Dtls; none for every line. */
  buildReturn: (orderNo: string, code: string, lines: number[]) =>
    call<unknown>('build_return', { orderNo, code, lines }),
  uploadReturn: (connection: Connection, orderNo: string, code: string, lines: number[]) =>
    call<{ job: string }>('upload_return', { connection, orderNo, code, lines }),
  // settings
  getSettings: () => call<Settings>('get_settings'),
  setSettings: (lang: Settings['lang']) => call<null>('set_settings', { lang }),
  // desktop
  /** The files the app was started with; later ones come as `open-file`. */
  launchFiles: () => call<string[]>('launch_files'),
  /** Write the diagnostics zip (secrets and phone numbers masked); answers the files put in. */
  exportDiagnostics: (path: string) => call<string[]>('export_diagnostics', { path }),
  // updates: refused (with a code) unless the build has the updater, the merchant agreed, and no upload runs
  updateState: () => call<UpdateState>('update_state'),
  setUpdateConsent: (allowed: boolean) => call<null>('set_update_consent', { allowed }),
  checkUpdate: () => call<AvailableUpdate | null>('check_update'),
  installUpdate: () => call<null>('install_update'),
};

export const events = {
  onFileProgress: (cb: (p: FileProgress) => void): Promise<UnlistenFn> =>
    listen<FileProgress>('file-progress', (e) => cb(e.payload)),
  onFileLoaded: (cb: (p: FileLoaded) => void): Promise<UnlistenFn> =>
    listen<FileLoaded>('file-loaded', (e) => cb(e.payload)),
  onUploadProgress: (cb: (p: UploadProgress) => void): Promise<UnlistenFn> =>
    listen<UploadProgress>('upload-progress', (e) => cb(e.payload)),
  onUploadFinished: (cb: (p: UploadFinished) => void): Promise<UnlistenFn> =>
    listen<UploadFinished>('upload-finished', (e) => cb(e.payload)),
  onOpenFile: (cb: (p: OpenFiles) => void): Promise<UnlistenFn> =>
    listen<OpenFiles>('open-file', (e) => cb(e.payload)),
};
