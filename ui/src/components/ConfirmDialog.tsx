import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export interface ConfirmRequest {
  title: string;
  body: string;
  confirmLabel: string;
  /** What the dismiss button keeps (「保留订单，返回」); 「返回」 when not given, never a bare 「取消」
   * beside an action that itself says 取消. */
  backLabel?: string;
  danger?: boolean;
  onConfirm: () => void | Promise<void>;
}

export function ConfirmDialog({ req, onClose }: { req: ConfirmRequest | null; onClose: () => void }) {
  const { t } = useTranslation();
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!req) return;
    cancelRef.current?.focus();
    const esc = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', esc);
    return () => window.removeEventListener('keydown', esc);
  }, [req, onClose]);
  if (!req) return null;
  return (
    <div className="modal-backdrop" role="presentation">
      <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" data-testid="confirm-dialog">
        <h2 id="confirm-title">{req.title}</h2>
        <p>{req.body}</p>
        <div className="row end">
          <button ref={cancelRef} type="button" onClick={onClose} data-testid="confirm-cancel">
            {req.backLabel ?? t('common.back')}
          </button>
          <button
            type="button"
            className={req.danger ? 'danger' : 'primary'}
            data-testid="confirm-ok"
            onClick={async () => {
              onClose();
              await req.onConfirm();
            }}
          >
            {req.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
