// Writes the updater's manifest (latest.json) for a release from its signed installers: each
// installer X beside its signature X.sig (made by the Tauri CLI when TAURI_SIGNING_PRIVATE_KEY
// is set) becomes the download of the platforms it installs on, as tauri-plugin-updater looks
// them up (`{os}-{arch}-{installer}`, then `{os}-{arch}`).
//   node scripts/workflows/updater-manifest.mjs DIR VERSION DOWNLOAD_URL > DIR/latest.json
// DOWNLOAD_URL: where the release's files are, e.g. https://github.com/o/r/releases/download/v1.2.0
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The platform keys an installer serves, by its file name; none for a file the updater cannot install. */
export function platformsOf(name) {
  if (/-setup\.exe$/.test(name)) return ['windows-x86_64-nsis', 'windows-x86_64'];
  if (/\.msi$/.test(name)) return ['windows-x86_64-msi'];
  // The universal macOS app serves both processors.
  if (/\.app\.tar\.gz$/.test(name)) return ['darwin-aarch64-app', 'darwin-x86_64-app', 'darwin-aarch64', 'darwin-x86_64'];
  if (/_amd64\.deb$/.test(name)) return ['linux-x86_64-deb'];
  if (/_amd64\.AppImage$/.test(name)) return ['linux-x86_64-appimage', 'linux-x86_64'];
  return [];
}

/**
 * The manifest for `files` ({ name, signature }: each signed installer), or null when none is
 * signed (a build without the signing key: nothing to update from). Files are taken in name
 * order, so the manifest does not depend on the order the build left them in.
 */
export function manifest(files, version, downloadUrl, date = new Date()) {
  const platforms = {};
  for (const { name, signature } of [...files].sort((a, b) => a.name.localeCompare(b.name))) {
    for (const key of platformsOf(name)) {
      platforms[key] ??= { signature: signature.trim(), url: `${downloadUrl.replace(/\/$/, '')}/${encodeURIComponent(name)}` };
    }
  }
  if (Object.keys(platforms).length === 0) return null;
  return { version: version.replace(/^v/, ''), notes: `OrderDock ${version}`, pub_date: date.toISOString().replace(/\.\d+Z$/, 'Z'), platforms };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir, version, url] = process.argv.slice(2);
  if (!dir || !version || !url) {
    console.error('usage: node updater-manifest.mjs DIR VERSION DOWNLOAD_URL');
    process.exit(2);
  }
  const names = readdirSync(dir);
  const files = names.filter((n) => names.includes(`${n}.sig`)).map((name) => ({ name, signature: readFileSync(join(dir, `${name}.sig`), 'utf8') }));
  const m = manifest(files, version, url);
  if (!m) {
    console.error('no signed installer: no latest.json (the release has no updater signing key)');
    process.exit(1);
  }
  process.stdout.write(JSON.stringify(m, null, 2) + '\n');
}
