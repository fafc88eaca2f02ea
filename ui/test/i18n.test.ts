import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import zh from '../src/locales/zh.json';
import en from '../src/locales/en.json';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? (n === 'mock' ? [] : walk(p)) : p.endsWith('.tsx') ? [p] : [];
  });
}

describe('catalogs', () => {
  const zk = keys(zh).sort();
  const ek = keys(en).sort();
  it('every Chinese key exists in English', () => expect(zk.filter((k) => !ek.includes(k))).toEqual([]));
  it('every English key exists in Chinese', () => expect(ek.filter((k) => !zk.includes(k))).toEqual([]));
  it('every literal key used in the screens exists', () => {
    const used = new Set<string>();
    for (const f of walk(join(__dirname, '../src'))) {
      for (const m of readFileSync(f, 'utf8').matchAll(/\bt\('([a-zA-Z0-9_.]+)'/g)) used.add(m[1]);
    }
    expect([...used].filter((k) => !zk.includes(k))).toEqual([]);
    expect(used.size).toBeGreaterThan(100);
  });
  it('the Chinese catalog has no untranslated English sentences', () => {
    const english = keys(zh)
      .map((k) => [k, k.split('.').reduce<any>((o, p) => o[p], zh)] as const)
      .filter(([, v]) => /^[A-Za-z ,.]+$/.test(v) && v.length > 3);
    expect(english).toEqual([]);
  });
  it('placeholders match between languages', () => {
    const ph = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort().join(',');
    const get = (o: any, k: string) => k.split('.').reduce((x, p) => x[p], o) as string;
    expect(zk.filter((k) => ph(get(zh, k)) !== ph(get(en, k)))).toEqual([]);
  });
});
