// What the screen tests share: waiting on what the screen shows (never on a delay), and
// changing a form control the way a person does, so that React sees it.
import { act } from 'react';

/** Lets timers, frames and promises run until `f` holds. The bound is in rounds, not time: a
 * slow machine takes longer, it does not fail. */
export async function until<T>(f: () => T | null | undefined | false, rounds = 2000): Promise<T> {
  for (let i = 0; i < rounds; i++) {
    const v = f();
    if (v) return v;
    await act(() => new Promise((r) => setTimeout(r, 5)));
  }
  throw new Error(`never came: ${f}`);
}

export async function choose(el: HTMLSelectElement, value: string) {
  Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value')!.set!.call(el, value);
  await act(async () => el.dispatchEvent(new Event('change', { bubbles: true })));
}

export async function typeIn(el: HTMLInputElement, value: string) {
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(el, value);
  await act(async () => el.dispatchEvent(new Event('input', { bubbles: true })));
}
