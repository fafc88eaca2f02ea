export type NoticeKind = 'info' | 'ok' | 'error';
export interface NoticeMsg { kind: NoticeKind; text: string }

export function Notice({ msg, onClose }: { msg: NoticeMsg | null; onClose?: () => void }) {
  if (!msg) return null;
  return (
    <div className={`notice ${msg.kind}`} role={msg.kind === 'error' ? 'alert' : 'status'} data-testid={`notice-${msg.kind}`}>
      <span>{msg.text}</span>
      {onClose && (
        <button type="button" className="link" onClick={onClose} aria-label="×">
          ×
        </button>
      )}
    </div>
  );
}
