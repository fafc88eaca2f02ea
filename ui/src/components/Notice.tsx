import { useTranslation } from 'react-i18next';

export type NoticeKind = 'info' | 'ok' | 'error';
/** `action`: a button beside the text, e.g. 「重试」 for a file Excel holds open. */
export interface NoticeMsg { kind: NoticeKind; text: string; action?: { label: string; run: () => void } }

export function Notice({ msg, onClose }: { msg: NoticeMsg | null; onClose?: () => void }) {
  const { t } = useTranslation();
  if (!msg) return null;
  return (
    <div className={`notice ${msg.kind}`} role={msg.kind === 'error' ? 'alert' : 'status'} data-testid={`notice-${msg.kind}`}>
      <span>{msg.text}</span>
      {msg.action && (
        <button type="button" data-testid="notice-action" onClick={msg.action.run}>
          {msg.action.label}
        </button>
      )}
      {onClose && (
        <button type="button" className="link" onClick={onClose} aria-label={t('common.close')} title={t('common.close')}>
          ×
        </button>
      )}
    </div>
  );
}
