import type { FileProgress } from '../api';

/** What the "still reading" banner shows: sheet rows read of the declared size, in percent. */
export function readingPercent(p: FileProgress | null): number {
  if (!p || p.rows <= 0) return 0;
  // The declared size can be off (an estimate for CSV): never show 100 % before the end.
  return Math.min(99, Math.floor((p.rowsRead / p.rows) * 100));
}

/** A row count with thousands separators, the same in Chinese and English: 104,368. */
export const formatCount = (n: number): string => n.toLocaleString('en-US');
