// A job the Rust side runs (an upload, a retry, a return's upload): a command starts it and
// answers its id, `upload-progress` follows it and `upload-finished` ends it. A short job on a
// quick server can end before its start command has answered, so an end whose id is not known
// yet is kept until a start answers that id.
import { useCallback, useEffect, useRef } from 'react';
import { events, type UploadFinished, type UploadProgress } from '../api';
import type { JobId } from '../generated/bindings';

export interface JobHandlers {
  /** The started job's id is known: before any of its progress or its end. */
  onStart?: (job: string) => void;
  onProgress?: (p: UploadProgress) => void;
  onFinished: (f: UploadFinished) => void;
}

/** Starts a job with `run` (its start command) and follows it; answers its id. */
export type StartJob = (run: () => Promise<JobId>) => Promise<string>;

/** Where the job events come from: the Rust side's, or a test's. */
export type JobEvents = Pick<typeof events, 'onUploadProgress' | 'onUploadFinished'>;

/** Follows the job last started, until `close`. */
export function followJobs(on: JobHandlers, source: JobEvents = events): { start: StartJob; close: () => void } {
  let current: string | null = null;
  const endedEarly = new Map<string, UploadFinished>();
  let open = true;
  const offs: Array<() => void> = [];
  const keep = (off: () => void) => (open ? offs.push(off) : off());
  // A job started before the listeners are in place would end unheard.
  const listening = Promise.all([
    source.onUploadProgress((p) => {
      if (p.job === current) on.onProgress?.(p);
    }).then(keep),
    source.onUploadFinished((f) => {
      if (f.job === current) on.onFinished(f);
      else endedEarly.set(f.job, f);
    }).then(keep),
  ]);
  const start: StartJob = async (run) => {
    await listening;
    const { job } = await run();
    current = job;
    on.onStart?.(job);
    const early = endedEarly.get(job);
    if (early) {
      endedEarly.delete(job);
      on.onFinished(early);
    }
    return job;
  };
  const close = () => {
    open = false;
    offs.splice(0).forEach((off) => off());
  };
  return { start, close };
}

/** `followJobs` for the life of a component, with the handlers of its latest render. */
export function useJobs(on: JobHandlers): StartJob {
  const latest = useRef(on);
  latest.current = on;
  const jobs = useRef<ReturnType<typeof followJobs> | null>(null);
  useEffect(() => {
    const followed = followJobs({
      onStart: (job) => latest.current.onStart?.(job),
      onProgress: (p) => latest.current.onProgress?.(p),
      onFinished: (f) => latest.current.onFinished(f),
    });
    jobs.current = followed;
    return followed.close;
  }, []);
  // Effects run before any click can start a job.
  return useCallback((run) => jobs.current!.start(run), []);
}
