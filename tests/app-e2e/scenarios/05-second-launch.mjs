// A second launch of the app with a file (as a double-click does) hands it to the window that
// is already open and exits: single instance, the file opened as a drop is.
import { spawnSync } from 'node:child_process';
import { HANDED } from '../fixtures.mjs';
import { check, shot, tid, waitContains } from '../lib.mjs';

export async function run({ app }) {
  const second = spawnSync(app, [HANDED], { timeout: 30000, stdio: 'ignore' });
  check(second.status === 0, `the second launch exits at once (status ${second.status}, ${second.error ?? 'no error'})`);
  await waitContains(tid('file-info'), '拼多多 订单 导出');
  check(true, 'the handed-over file is open in the window that was already running');
  await shot('handed-over');
}
