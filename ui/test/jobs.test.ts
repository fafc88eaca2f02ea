// The one way a screen starts a job and follows it (lib/jobs.ts): an end that arrives while the
// start command has not yet answered the job's id is still delivered, after the start. Events are
// emitted by hand, in the order under test: no clock anywhere.
import { describe, expect, it } from 'vitest';
import type { UploadFinished, UploadProgress } from '../src/api';
import { followJobs, type JobEvents } from '../src/lib/jobs';

/** Job events the test emits itself; `listened` resolves the listeners' registration. */
function fakeEvents() {
  const progress = new Set<(p: UploadProgress) => void>();
  const finished = new Set<(f: UploadFinished) => void>();
  let listened = () => {};
  const registered = new Promise<void>((resolve) => (listened = resolve));
  const listen = <T>(set: Set<(x: T) => void>) => async (cb: (x: T) => void) => {
    await registered;
    set.add(cb);
    return () => void set.delete(cb);
  };
  const source: JobEvents = { onUploadProgress: listen(progress), onUploadFinished: listen(finished) };
  return {
    source,
    listened: () => listened(),
    progress: (job: string, done: number) => progress.forEach((cb) => cb({ job, done } as UploadProgress)),
    finish: (job: string) => finished.forEach((cb) => cb({ job } as UploadFinished)),
    listeners: () => progress.size + finished.size,
  };
}

/** What the handlers saw, in order. */
function follow(events: ReturnType<typeof fakeEvents>) {
  const seen: string[] = [];
  const jobs = followJobs(
    { onStart: (job) => seen.push(`start ${job}`), onProgress: (p) => seen.push(`progress ${p.job} ${p.done}`), onFinished: (f) => seen.push(`end ${f.job}`) },
    events.source,
  );
  return { seen, ...jobs };
}

describe('a job started and followed', () => {
  it('gets an end that came before its start command answered, after its start', async () => {
    const events = fakeEvents();
    events.listened();
    const { seen, start } = follow(events);
    // The job runs and ends while its start command is still on its way back.
    const job = await start(async () => {
      events.progress('job-1', 1);
      events.finish('job-1');
      return { job: 'job-1' };
    });
    expect(job).toBe('job-1');
    expect(seen).toEqual(['start job-1', 'end job-1']);
  });

  it('gets only its own progress and end, each once', async () => {
    const events = fakeEvents();
    events.listened();
    const { seen, start } = follow(events);
    await start(async () => ({ job: 'job-2' }));
    events.progress('job-2', 3);
    events.progress('job-9', 5);
    events.finish('job-9');
    events.finish('job-2');
    expect(seen).toEqual(['start job-2', 'progress job-2 3', 'end job-2']);
    // The end kept for another job is not given to the next one started.
    await start(async () => ({ job: 'job-3' }));
    expect(seen.slice(3)).toEqual(['start job-3']);
  });

  it('starts no job before its listeners are in place, and stops listening when closed', async () => {
    const events = fakeEvents();
    const { seen, start, close } = follow(events);
    let ran = false;
    const started = start(async () => {
      ran = true;
      events.finish('job-4');
      return { job: 'job-4' };
    });
    for (let i = 0; i < 10; i++) await Promise.resolve();
    expect(ran).toBe(false);
    events.listened();
    await started;
    expect(seen).toEqual(['start job-4', 'end job-4']);
    expect(events.listeners()).toBe(2);
    close();
    expect(events.listeners()).toBe(0);
  });
});
