// 上传: a job that finishes before its start command has answered (a retry of a few orders on
// a quick server) still shows its results; 「只重新上传失败的」 works on the first click.
import { describe, expect, it } from 'vitest';
import type { MockOptions } from '../src/mock/backend';
import { harness } from './harness';
import { until } from './dom';

const app = harness();
const { $, click } = app;

async function toUpload(opts: MockOptions) {
  await app.start(opts);
  await click('choose-file');
  await until(() => $('head-table'));
  await click('import-next');
  await click('target-dmhub');
  await click('target-next');
  await until(() => $('field-orderNo'));
  await until(() => !($('mapping-next') as HTMLButtonElement).disabled);
  await click('mapping-next');
  await until(() => !($('preview-next') as HTMLButtonElement | null)?.disabled);
  await click('preview-next');
  return until(() => $('start-upload'));
}

describe('a job that finishes before its start answers', () => {
  it('shows its results, and so does the retry of its refused orders', async () => {
    await toUpload({ uploadStepMs: 1, answerAfterFinish: true });
    await click('start-upload');
    await until(() => $('upload-results'));
    expect($('results-count-rejected')!.textContent).toBe('1');
    await click('retry-failed');
    await until(() => app.sent('job_results').length === 2);
    await until(() => $('upload-results'));
    expect(app.sent('retry_failed')).toHaveLength(1);
  });
});
