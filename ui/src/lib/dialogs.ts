import { open, save } from '@tauri-apps/plugin-dialog';

const SHEETS = ['xlsx', 'xlsm', 'xlsb', 'xls', 'ods', 'csv', 'tsv', 'txt'];

export async function pickSpreadsheet(title: string, filterName: string): Promise<string | null> {
  const r = await open({ title, multiple: false, directory: false, filters: [{ name: filterName, extensions: SHEETS }] });
  return typeof r === 'string' ? r : null;
}

/** One file, or two picked together (an order report and its item report). */
export async function pickSpreadsheets(title: string, filterName: string): Promise<string[]> {
  const r = await open({ title, multiple: true, directory: false, filters: [{ name: filterName, extensions: SHEETS }] });
  if (typeof r === 'string') return [r];
  return Array.isArray(r) ? r.slice(0, 2) : [];
}

export async function pickSavePath(title: string, defaultPath: string, filterName: string, extensions = ['xlsx']): Promise<string | null> {
  const r = await save({ title, defaultPath, filters: [{ name: filterName, extensions }] });
  return r ?? null;
}
