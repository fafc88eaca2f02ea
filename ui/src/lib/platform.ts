// Shortcuts follow the system: ⌘ on macOS, Ctrl on Windows (and Linux), and the on-screen
// hints are written the way each system writes them (⌘O on macOS, Ctrl+O elsewhere).

/** The platform string the webview reports (WKWebView on macOS says "MacIntel", on Apple
 * silicon too; WebView2 says "Win32"). */
function platformString(): string {
  const nav = navigator as Navigator & { userAgentData?: { platform?: string } };
  return nav.userAgentData?.platform || nav.platform || '';
}

/** True on macOS. */
export function isMac(platform = platformString()): boolean {
  return /mac/i.test(platform);
}

/** The command modifier's label: ⌘ on macOS, Ctrl elsewhere. */
export function modKeyLabel(mac = isMac()): string {
  return mac ? '⌘' : 'Ctrl';
}

/** The hint for the command modifier with `key`: "⌘O" on macOS (Apple's menus write no plus),
 * "Ctrl+O" elsewhere. */
export function shortcutLabel(key: string, mac = isMac()): string {
  return mac ? `⌘${key.toUpperCase()}` : `Ctrl+${key.toUpperCase()}`;
}

/** True when the platform's command modifier is held (Cmd on macOS, Ctrl elsewhere) — and
 * not the other one, so Ctrl+S on a Mac or Win+S on Windows does nothing. */
export function isModKey(e: KeyboardEvent | React.KeyboardEvent, mac = isMac()): boolean {
  return mac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
}
