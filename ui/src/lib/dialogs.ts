import { open, save } from '@tauri-apps/plugin-dialog';

const SHEETS = ['xlsx', 'xlsm', 'xlsb', 'xls', 'ods', 'csv', 'tsv', 'txt'];

export async function pickSpreadsheet(title: string, filterName: string): Promise<string | null> {
  const r = await open({ title, multiple: false, directory: false, filters: [{ name: filterName, extensions: SHEETS }] });
  return typeof r === 'string' ? r : null;
}

export async function pickSavePath(title: string, defaultPath: string, filterName: string): Promise<string | null> {
  const r = await save({ title, defaultPath, filters: [{ name: filterName, extensions: ['xlsx'] }] });
  return r ?? null;
}
