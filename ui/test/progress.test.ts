import { describe, expect, it } from 'vitest';
import { progressView, splitDuration } from '../src/lib/progress';
import { formatCount, readingPercent } from '../src/lib/reading';

const p = (o: Partial<Parameters<typeof progressView>[0] & object>) => ({
  job: 'j', total: 200, done: 50, sent: 50, accepted: 50, alreadyUploaded: 0, rejected: 0, ordersPerSecond: 10, ...o,
});

describe('progress', () => {
  it('computes percent and time left from speed when the engine gives none', () => {
    expect(progressView(p({}))).toEqual({ percent: 25, done: 50, total: 200, speed: 10, secondsLeft: 15 });
  });
  it("prefers the engine's own estimate", () => {
    expect(progressView(p({ secondsLeft: 42.2 })).secondsLeft).toBe(43);
  });
  it('is unknown with no speed, zero when done, empty before the first event', () => {
    expect(progressView(p({ ordersPerSecond: 0 })).secondsLeft).toBeNull();
    expect(progressView(p({ done: 200, ordersPerSecond: 0 })).secondsLeft).toBe(0);
    expect(progressView(null)).toMatchObject({ percent: 0, secondsLeft: null });
  });
  it('never shows more than 100 %', () => {
    expect(progressView(p({ done: 250 })).percent).toBe(100);
  });
  it('splits durations', () => {
    expect(splitDuration(3725)).toEqual({ h: 1, m: 2, s: 5 });
    expect(splitDuration(59.6)).toEqual({ h: 0, m: 1, s: 0 });
  });
});

describe('reading a large file', () => {
  const r = (rowsRead: number, rows: number) => ({ fileId: 'f1', rowsRead, rows });
  it('shows the share read, and never 100 % before file-loaded', () => {
    expect(readingPercent(r(125_000, 500_001))).toBe(24);
    expect(readingPercent(r(600_000, 500_001))).toBe(99);
    expect(readingPercent(r(10, 0))).toBe(0);
    expect(readingPercent(null)).toBe(0);
  });
  it('groups thousands in both languages', () => {
    expect(formatCount(104_368)).toBe('104,368');
  });
});
