/** A date-time from the Rust side (ISO 8601) as people write it in the current language. */
export function formatTime(iso: string, lang: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(lang.startsWith('zh') ? 'zh-CN' : 'en-GB', { hour12: false });
}
