// The release's latest.json, from the files a signed release build leaves (node --test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { manifest, platformsOf } from './updater-manifest.mjs';

const url = 'https://github.com/shop/orderdock/releases/download/v1.2.0';
const release = [
  { name: 'OrderDock_1.2.0_x64_zh-CN.msi', signature: 'sig-msi\n' },
  { name: 'OrderDock_1.2.0_x64-setup.exe', signature: 'sig-nsis' },
  { name: 'OrderDock.app.tar.gz', signature: 'sig-mac' },
  { name: 'OrderDock_1.2.0_amd64.deb', signature: 'sig-deb' },
];

test('every platform the installers serve, each with its signature and download', () => {
  const m = manifest(release, 'v1.2.0', `${url}/`, new Date('2026-12-01T08:00:00.123Z'));
  assert.equal(m.version, '1.2.0');
  assert.equal(m.pub_date, '2026-12-01T08:00:00Z');
  assert.deepEqual(Object.keys(m.platforms).sort(), [
    'darwin-aarch64', 'darwin-aarch64-app', 'darwin-x86_64', 'darwin-x86_64-app',
    'linux-x86_64-deb', 'windows-x86_64', 'windows-x86_64-msi', 'windows-x86_64-nsis',
  ]);
  // The plain Windows key is the NSIS installer (the one the README sends merchants to).
  assert.deepEqual(m.platforms['windows-x86_64'], { signature: 'sig-nsis', url: `${url}/OrderDock_1.2.0_x64-setup.exe` });
  assert.equal(m.platforms['windows-x86_64-msi'].signature, 'sig-msi');
  assert.equal(m.platforms['darwin-x86_64'].url, `${url}/OrderDock.app.tar.gz`);
});

test('files the updater cannot install are left out; an unsigned release has no manifest', () => {
  assert.deepEqual(platformsOf('OrderDock_1.2.0_universal.dmg'), []);
  assert.deepEqual(platformsOf('SHA256SUMS.txt'), []);
  assert.equal(manifest([], 'v1.2.0', url), null);
  assert.equal(manifest([{ name: 'OrderDock_1.2.0_universal.dmg', signature: 'x' }], 'v1.2.0', url), null);
});
