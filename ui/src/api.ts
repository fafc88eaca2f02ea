// Every command and event between the UI and the Rust side (docs/app-commands.md). Their types
// and the command wrappers are generated from the Rust declarations (generated/bindings.ts,
// checked by `cargo test -p orderdock-desktop --test bindings`); this file names them as the
// screens do and adds only what the Rust side leaves to the UI.
// The UI holds no business logic: validation, suggestions and payloads all come from there.
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import { commands, type AppError } from './generated/bindings';
import type * as B from './generated/bindings';

export type {
  AppError, Code, Exclusions, Filter, FileInfo, FileLoaded, FileProgress, HistoryEntry, JobResult, LinesInfo, Page as GridPage, PlatformInfo,
  Practice, RecentFile, Settings, Severity, Summary, TestResult, UnfinishedJob, UpdateState, Connection, EditResult, GridRow, UploadSummary,
  Derive, FieldSource, LinesFrom, Suggestion,
} from './generated/bindings';
export type TargetId = B.Target;
export type Target = B.TargetView;
export type TargetField = B.FieldView;
export type AnyOf = B.AnyOfView;
export type SheetInfo = B.Sheet;
export type CellIssue = B.GridIssue;
export type ProblemCount = B.CodeCount;
export type FixChange = B.Change;
export type FixPreview = B.Preview;
export type FixNote = B.Note;
export type FixOffer = B.Offer;
export type AppliedFix = B.Applied;
export type ExcludedOrder = B.Excluded;
export type Profile = B.ProfileInfo;
export type UploadProgress = B.ProgressEvent;
export type UploadFinished = B.Finished;
export type ResultState = B.State;
export type UpdateConsent = B.Consent;
export type AvailableUpdate = B.Available;
export type OpenFiles = B.OpenFiles;
export type Dropped = B.Dropped;

/** The mapping document (CONTRACT.md §2); core checks what it means, its messages naming what is wrong. */
export type Mapping = B.MappingDoc;
/** `platform` of suggest_mapping for no layout at all. */
export const GENERIC = 'generic';

// ---- Corrections ----
// A DM Hub deal and a 2030 return as their forms show them: values as text (money with two
// decimals, Long ids as digits), every other key the server sent kept beside them.
export type Deal = B.DealView;
export type DealLine = B.DealLineView;
export type ReturnLine = B.ReturnLineView;

/** Errors reach the UI as `{ code, message }`, the message in the current language. */
export function errorText(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e) return String((e as AppError).message);
  return String(e);
}

/** The stable code of an error (`locked`: the file is open in Excel or WPS; `other`: no particular kind). */
export function errorCode(e: unknown): string | undefined {
  if (e && typeof e === 'object' && 'code' in e) return String((e as AppError).code);
  return undefined;
}

/** The generated commands; those below only give optional arguments their defaults and the
 * JSON the Rust side passes through its UI type. */
export const api = {
  ...commands,
  openFile: (path: string, linesPath?: string) => commands.openFile(path, linesPath ?? null),
  chooseSheet: (fileId: string, sheet: string, headerRow?: number) => commands.chooseSheet(fileId, sheet, headerRow ?? null),
  /** `platform`: a layout id, GENERIC for none, absent for the one the headers show. */
  suggestMapping: (fileId: string, target: TargetId, platform?: string) => commands.suggestMapping(fileId, target, platform ?? null),
  /** `lines`: a column of the item file of a two-file export. */
  columnSamples: (fileId: string, column: string, count = 5, lines?: boolean) => commands.columnSamples(fileId, column, count, lines ?? null),
  gridPage: (fileId: string, offset: number, limit: number, onlyProblems: boolean, code?: string) =>
    commands.gridPage(fileId, offset, limit, onlyProblems, code ?? null),
  /** `rows`: table indices (each leaves its whole order out), or every order with the problem `code`. */
  excludeOrders: (fileId: string, which: { rows: number[] } | { code: string }) =>
    commands.excludeOrders(fileId, 'rows' in which ? which.rows : null, 'code' in which ? which.code : null),
  includeOrders: (fileId: string, which: { rows: number[] } | { all: true }) =>
    commands.includeOrders(fileId, 'rows' in which ? which.rows : null, 'all' in which ? which.all : null),
  retryFailed: (job: string, fileId?: string) => commands.retryFailed(job, fileId ?? null),
  /** `patch`: header fields as typed; `lines`: by lineId, the line fields as typed. Answers the deal read back. */
  dealUpdate: (connection: B.Connection, orderNo: string, patch: Record<string, string>, lines?: Record<string, Record<string, string>>) =>
    commands.dealUpdate(connection, orderNo, patch, lines ?? null),
  /** Answers the deal read back, with the refunded lines. */
  dealRefund: (connection: B.Connection, orderNo: string, lineIds: string[], total?: string, reason?: string) =>
    commands.dealRefund(connection, orderNo, lineIds, total ?? null, reason ?? null),
};

/** The payload of each event the Rust side emits. */
export interface EventPayloads {
  'file-progress': B.FileProgress;
  'file-loaded': B.FileLoaded;
  'upload-progress': B.ProgressEvent;
  'upload-finished': B.Finished;
  'open-file': B.OpenFiles;
  'file-dropped': B.Dropped;
}
const on = <E extends keyof EventPayloads>(event: E) => (cb: (p: EventPayloads[E]) => void): Promise<UnlistenFn> =>
  listen<EventPayloads[E]>(event, (e) => cb(e.payload));

export const events = {
  onFileProgress: on('file-progress'),
  onFileLoaded: on('file-loaded'),
  onUploadProgress: on('upload-progress'),
  onUploadFinished: on('upload-finished'),
  onOpenFile: on('open-file'),
};
