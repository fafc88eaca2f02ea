import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorText, type AvailableUpdate, type UpdateState } from '../api';

/**
 * The update check, as the merchant sees it: asked once (nothing is looked for before a yes),
 * then at each start a bar when a newer version is out, with 「安装并重启」. The shell refuses
 * to check or install while an upload runs (its answer is shown as it is). The switch in the
 * header changes the answer later. A build that cannot update itself shows neither.
 */
export function useUpdates() {
  const [state, setState] = useState<UpdateState | null>(null);
  const [available, setAvailable] = useState<AvailableUpdate | null>(null);
  const [dismissed, setDismissed] = useState(false);
  const [installing, setInstalling] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.updateState().then(setState).catch(() => {});
  }, []);

  // Looked for once per start, and once more when the merchant says yes; a failed check is
  // not worth a message (the next start tries again).
  const consent = state?.consent;
  useEffect(() => {
    if (consent === 'allowed') api.checkUpdate().then(setAvailable).catch(() => {});
  }, [consent]);

  const answer = (allowed: boolean) => {
    api
      .setUpdateConsent(allowed)
      .then(() => setState((s) => s && { ...s, consent: allowed ? 'allowed' : 'refused' }))
      .catch((e) => setError(errorText(e)));
  };
  const install = () => {
    setInstalling(true);
    setError(null);
    api.installUpdate().catch((e) => setError(errorText(e))).finally(() => setInstalling(false));
  };
  return { state, available, dismissed, dismiss: () => setDismissed(true), installing, error, answer, install };
}

export type Updates = ReturnType<typeof useUpdates>;

/** The header's switch: 「检查更新：开 / 关」. */
export function UpdateToggle({ u }: { u: Updates }) {
  const { t } = useTranslation();
  if (!u.state?.inBuild) return null;
  const on = u.state.consent === 'allowed';
  return (
    <button type="button" className="link header-action" title={t('updates.toggleHint')} data-testid="update-toggle" onClick={() => u.answer(!on)}>
      {on ? t('updates.on') : t('updates.off')}
    </button>
  );
}

/** Below the header: the one-time question, or the newer version with 「安装并重启」. */
export function UpdateBar({ u }: { u: Updates }) {
  const { t } = useTranslation();
  if (!u.state?.inBuild) return null;
  if (u.state.consent === 'unasked') {
    return (
      <div className="notice info" role="status" data-testid="update-ask">
        <span>{t('updates.ask')}</span>
        <span className="row">
          <button type="button" className="primary" data-testid="update-allow" onClick={() => u.answer(true)}>
            {t('updates.allow')}
          </button>
          <button type="button" data-testid="update-refuse" onClick={() => u.answer(false)}>
            {t('updates.refuse')}
          </button>
        </span>
      </div>
    );
  }
  if (u.state.consent !== 'allowed' || !u.available || u.dismissed) return null;
  return (
    <div className={`notice ${u.error ? 'error' : 'ok'}`} role="status" data-testid="update-available">
      <span>{u.installing ? t('updates.installing') : (u.error ?? t('updates.available', { version: u.available.version }))}</span>
      <span className="row">
        <button type="button" className="primary" data-testid="update-install" disabled={u.installing} onClick={u.install}>
          {t('updates.install')}
        </button>
        <button type="button" data-testid="update-later" onClick={u.dismiss}>
          {t('updates.later')}
        </button>
      </span>
    </div>
  );
}
