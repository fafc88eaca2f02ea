import type { UploadProgress } from '../api';

export interface ProgressView {
  /** 0..100 */
  percent: number;
  done: number;
  total: number;
  /** orders per second, rounded for display */
  speed: number;
  /** seconds left, or null while unknown */
  secondsLeft: number | null;
}

/** What the progress bar shows. Prefers the engine's own estimate; otherwise remaining / speed. */
export function progressView(p: UploadProgress | null): ProgressView {
  if (!p || p.total <= 0) return { percent: 0, done: 0, total: p?.total ?? 0, speed: 0, secondsLeft: null };
  const done = Math.min(p.done, p.total);
  const percent = Math.floor((done / p.total) * 100);
  const rate = p.ordersPerSecond ?? 0;
  const speed = rate > 0 ? Math.round(rate * 10) / 10 : 0;
  let secondsLeft: number | null = null;
  if (typeof p.secondsLeft === 'number' && Number.isFinite(p.secondsLeft)) secondsLeft = Math.max(0, Math.ceil(p.secondsLeft));
  else if (rate > 0) secondsLeft = Math.ceil((p.total - done) / rate);
  if (done >= p.total) secondsLeft = 0;
  return { percent, done, total: p.total, speed, secondsLeft };
}

/** Split seconds into h/m/s for a translated "time left" text. */
export function splitDuration(seconds: number): { h: number; m: number; s: number } {
  const t = Math.max(0, Math.round(seconds));
  return { h: Math.floor(t / 3600), m: Math.floor((t % 3600) / 60), s: t % 60 };
}
