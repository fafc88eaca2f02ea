import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../lib/time';
import {
  api,
  errorText,
  type Connection,
  type ExcludedOrder,
  type FileInfo,
  type JobResult,
  type Mapping,
  type Summary,
  type UnfinishedJob,
  type UploadFinished,
  type UploadProgress,
} from '../api';
import type { Shared } from '../App';
import { ProgressBar } from '../components/ProgressBar';
import { ResultTable } from '../components/ResultTable';
import { useJobs } from '../lib/jobs';
import { forBackend } from '../lib/mappingForm';
import { pickSavePath } from '../lib/dialogs';
import { isModKey, shortcutLabel } from '../lib/platform';

interface Props {
  file: FileInfo;
  mapping: Mapping;
  summary: Summary;
  connection: Connection;
  shared: Shared;
}

type Phase = 'idle' | 'running' | 'paused' | 'finished';

export function UploadScreen({ file, mapping, summary, connection, shared }: Props) {
  const { t, i18n } = useTranslation();
  const [unfinished, setUnfinished] = useState<UnfinishedJob[]>([]);
  const [dry, setDry] = useState<Summary | null>(null);
  const [job, setJob] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>('idle');
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [results, setResults] = useState<JobResult[] | null>(null);
  const [finishError, setFinishError] = useState<string | null>(null);

  const finish = (f: UploadFinished) => {
    setPhase('finished');
    setFinishError(f.error ?? null);
    api.jobResults(f.job).then(setResults).catch((e) => shared.notify({ kind: 'error', text: errorText(e) }));
  };
  const begin = (id: string) => {
    setJob(id);
    setPhase('running');
    setResults(null);
    setFinishError(null);
    setProgress(null);
  };
  // A retry of a few orders on a quick server ends before its start command answers: still shown.
  const startJob = useJobs({ onStart: begin, onProgress: setProgress, onFinished: finish });

  useEffect(() => {
    api.unfinishedJobs().then(setUnfinished).catch(() => setUnfinished([]));
  }, []);

  // Orders left out on purpose in 检查订单: how many, and why (the reasons counted).
  const [excluded, setExcluded] = useState<ExcludedOrder[]>([]);
  useEffect(() => {
    api.excludedOrders(file.fileId).then((x) => setExcluded(x.orders), () => setExcluded([]));
  }, [file.fileId, i18n.language]);
  const reasons = [...excluded.reduce((m, x) => m.set(x.reason, (m.get(x.reason) ?? 0) + 1), new Map<string, number>())];

  const start = async () => {
    try {
      await startJob(() => api.startUpload(file.fileId, forBackend(mapping), connection));
    } catch (e) {
      shared.notify({ kind: 'error', text: errorText(e) });
    }
  };

  const dryRun = async () => {
    try {
      setDry(await api.validate(file.fileId, forBackend(mapping)));
    } catch (e) {
      shared.notify({ kind: 'error', text: errorText(e) });
    }
  };

  const resumeOld = async (u: UnfinishedJob) => {
    try {
      await startJob(() => api.continueJob(u.job, connection));
      setUnfinished((l) => l.filter((x) => x.job !== u.job));
    } catch (e) {
      shared.notify({ kind: 'error', text: errorText(e) });
    }
  };

  const pause = async () => {
    if (!job) return;
    await api.pauseUpload(job).catch((e) => shared.notify({ kind: 'error', text: errorText(e) }));
    setPhase('paused');
  };
  const resume = async () => {
    if (!job) return;
    await api.resumeUpload(job).catch((e) => shared.notify({ kind: 'error', text: errorText(e) }));
    setPhase('running');
  };
  const cancel = () =>
    shared.confirm({
      title: t('upload.cancelTitle'),
      body: t('upload.cancelBody'),
      confirmLabel: t('upload.cancelConfirm'),
      danger: true,
      onConfirm: async () => {
        if (job) await api.cancelUpload(job).catch((e) => shared.notify({ kind: 'error', text: errorText(e) }));
      },
    });

  const retry = async () => {
    if (!job) return;
    try {
      await startJob(() => api.retryFailed(job, file.fileId));
    } catch (e) {
      shared.notify({ kind: 'error', text: errorText(e) });
    }
  };

  const exportResults = useCallback(async () => {
    if (!job) return;
    const path = await pickSavePath(t('upload.exportResults'), `${t('upload.resultFileName')}-${job}.xlsx`, t('preview.xlsxFilter')).catch(() => null);
    if (!path) return;
    try {
      await api.exportResults(job, path);
      shared.notify({ kind: 'ok', text: t('preview.exported', { path }) });
    } catch (e) {
      shared.notify({ kind: 'error', text: errorText(e) });
    }
  }, [job, shared, t]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isModKey(e) && e.key.toLowerCase() === 's' && phase === 'finished') {
        e.preventDefault();
        void exportResults();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [phase, exportResults]);

  const failed = results?.filter((r) => r.state === 'rejected').length ?? 0;
  const skipped = summary.heldBack;

  return (
    <section className="stack">
      <h2>{t('upload.title')}</h2>

      {unfinished.length > 0 && phase === 'idle' && (
        <div className="card attention stack" data-testid="unfinished">
          {unfinished.map((u) => (
            <div key={u.job} className="row spread wrap">
              <span>
                {t('upload.unfinished', { file: u.file.split(/[\\/]/).pop(), pending: u.pending, created: formatTime(u.created, i18n.language) })}
              </span>
              <span className="row">
                <button type="button" className="primary" onClick={() => resumeOld(u)}>
                  {t('upload.continueOld')}
                </button>
                <button type="button" onClick={() => setUnfinished((l) => l.filter((x) => x.job !== u.job))}>
                  {t('upload.notNow')}
                </button>
              </span>
            </div>
          ))}
        </div>
      )}

      <div className="card stack">
        <p>
          {t('upload.ready', { valid: summary.toUpload, total: summary.orders })}
          {skipped > 0 && <span className="bad-text"> {t('upload.willSkip', { count: skipped })}</span>}
        </p>
        {excluded.length > 0 && (
          <div data-testid="upload-excluded">
            {t('quick.uploadExcluded', { count: excluded.length })}
            <ul className="plain-list">
              {reasons.map(([reason, count]) => (
                <li key={reason}>{t('quick.reasonCount', { reason, count })}</li>
              ))}
            </ul>
          </div>
        )}
        <p className="muted small">
          {'practice' in connection ? t('upload.toPractice') : t('upload.toProfile', { name: connection.profile })}
        </p>
        {phase === 'idle' && (
          <div className="row">
            <button type="button" onClick={dryRun} data-testid="dry-run">
              {t('upload.dryRun')}
            </button>
            <button type="button" className="primary" onClick={start} disabled={summary.toUpload === 0} data-testid="start-upload">
              {t('upload.start', { count: summary.toUpload })}
            </button>
          </div>
        )}
        {dry && phase === 'idle' && (
          <p className="notice info" data-testid="dry-result">
            {t('upload.dryResult', { valid: dry.validOrders, invalid: dry.orders - dry.validOrders, errors: dry.errors, warnings: dry.warnings })}
          </p>
        )}
      </div>

      {phase !== 'idle' && (
        <div className="card stack">
          <ProgressBar progress={progress} />
          {progress && (
            <div className="row wrap">
              <span className="pill ok">{t('upload.accepted', { count: progress.accepted })}</span>
              <span className="pill">{t('upload.already', { count: progress.alreadyUploaded })}</span>
              <span className={`pill ${progress.rejected ? 'bad' : ''}`}>{t('upload.rejected', { count: progress.rejected })}</span>
            </div>
          )}
          <div className="row">
            {phase === 'running' && (
              <button type="button" onClick={pause} data-testid="pause">
                {t('upload.pause')}
              </button>
            )}
            {phase === 'paused' && (
              <button type="button" className="primary" onClick={resume} data-testid="resume">
                {t('upload.resume')}
              </button>
            )}
            {(phase === 'running' || phase === 'paused') && (
              <button type="button" className="danger" onClick={cancel} data-testid="cancel-upload">
                {t('upload.cancel')}
              </button>
            )}
            {phase === 'paused' && <span className="muted">{t('upload.pausedHint')}</span>}
          </div>
        </div>
      )}

      {phase === 'finished' && (
        <div className="card stack" data-testid="upload-results">
          <h3>{finishError ? t('upload.stopped') : t('upload.finished')}</h3>
          {finishError && <p className="bad-text">{finishError}</p>}
          {results && <ResultTable results={results} />}
          <div className="row">
            {failed > 0 && (
              <button type="button" className="primary" onClick={retry} data-testid="retry-failed">
                {t('upload.retryFailed', { count: failed })}
              </button>
            )}
            <button type="button" onClick={exportResults} data-testid="export-results">
              {t('upload.exportResults')} <kbd>{shortcutLabel('s')}</kbd>
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
