// Adding a real account on 选择目标: the form says where each value comes from, and an
// account whose connection test fails is saved but not chosen without a word.
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import type { MockOptions } from '../src/mock/backend';
import { harness } from './harness';
import { typeIn, until } from './dom';

const app = harness();
const { $, click } = app;

async function openForm(opts: MockOptions, target: 'dmhub' | 'mall2030') {
  await app.start(opts);
  await click('choose-file');
  await until(() => $('head-table'));
  await click('import-next');
  await click(`target-${target}`);
  await click('add-profile');
  return until(() => $('profile-form'));
}

async function fill(form: HTMLElement, name: string) {
  const inputs = [...form.querySelectorAll<HTMLInputElement>('input')];
  const values = [name, 'https://open-tp.ezrpro.com', 'EZR-APP', 'POS01', 's3cret'];
  for (const [i, input] of inputs.entries()) await typeIn(input, values[i]);
}

describe('a real account', () => {
  it('says where the server address, AppId, Token and AppSystem come from', async () => {
    await openForm({}, 'mall2030');
    const where = $('where-to-find')!.textContent!;
    for (const part of ['https://open-tp.ezrpro.com', 'AppId', 'Token', 'AppSystem', '白名单']) expect(where).toContain(part);
  });

  it('whose connection test fails is saved but not chosen, and says so', async () => {
    const form = await openForm({ refusedAccounts: ['旗舰店'] }, 'mall2030');
    await fill(form, '旗舰店');
    const saveAndTest = [...form.querySelectorAll('button')].find((b) => b.textContent === '保存并测试连接')!;
    await act(async () => saveAndTest.click());
    await until(() => $('notice-error'));
    expect($('notice-error')!.textContent).toContain('连接测试没有通过');
    expect($('notice-error')!.textContent).toContain('40004');
    expect(($('conn-practice') as HTMLInputElement).checked).toBe(true);
    expect((app.host().querySelector('#conn-旗舰店') as HTMLInputElement).checked).toBe(false);
  });

  it('whose test passes is chosen', async () => {
    const form = await openForm({}, 'mall2030');
    await fill(form, '旗舰店');
    const saveAndTest = [...form.querySelectorAll('button')].find((b) => b.textContent === '保存并测试连接')!;
    await act(async () => saveAndTest.click());
    await until(() => (app.host().querySelector('#conn-旗舰店') as HTMLInputElement | null)?.checked);
    expect($('notice-ok')!.textContent).toContain('已保存');
  });
});
