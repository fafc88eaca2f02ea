import { useTranslation } from 'react-i18next';
import type { UploadProgress } from '../api';
import { progressView, splitDuration } from '../lib/progress';

/** The bar alone, 0–100 %. */
export function ProgressTrack({ percent }: { percent: number }) {
  return (
    <div className="progress-track" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
      <div className="progress-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}

export function ProgressBar({ progress }: { progress: UploadProgress | null }) {
  const { t } = useTranslation();
  const v = progressView(progress);
  let left = t('upload.timeUnknown');
  if (v.secondsLeft !== null) {
    const d = splitDuration(v.secondsLeft);
    left = d.h > 0 ? t('upload.timeHM', d) : d.m > 0 ? t('upload.timeMS', d) : t('upload.timeS', d);
  }
  return (
    <div className="progress" data-testid="upload-progress">
      <ProgressTrack percent={v.percent} />
      <div className="row spread muted">
        <span data-testid="progress-count">{t('upload.doneOfTotal', { done: v.done, total: v.total, percent: v.percent })}</span>
        <span>{t('upload.speed', { speed: v.speed })}</span>
        <span>{t('upload.timeLeft', { left })}</span>
      </div>
    </div>
  );
}
