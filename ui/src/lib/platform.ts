/** Ctrl on Windows/Linux, Cmd on macOS. */
export function isMac(): boolean {
  const p = (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData?.platform ?? navigator.platform ?? '';
  return /mac/i.test(p);
}
export function modKeyLabel(): string {
  return isMac() ? '⌘' : 'Ctrl';
}
/** True when the platform's command modifier is held (Cmd on macOS, Ctrl elsewhere). */
export function isModKey(e: KeyboardEvent | React.KeyboardEvent, mac = isMac()): boolean {
  return mac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
}
