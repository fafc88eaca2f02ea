import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorText, type Connection, type Deal, type DealLine } from '../api';
import type { Shared } from '../App';
import { formatTime } from '../lib/time';

// Header fields a merchant may correct, and the line columns shown; their labels are core's.
const EDITABLE = ['amountTotal', 'amountPaid', 'amountDiscount', 'customerId', 'store', 'contactName', 'contactTel', 'shippingAddress', 'remark'] as const satisfies ReadonlyArray<keyof Deal>;
const LINE_EDITABLE = ['productName', 'qty', 'priceUnit', 'priceSubTotal'] as const satisfies ReadonlyArray<keyof DealLine>;
// Confirmations whose dismiss button says what it keeps (fix.<key>Back).
type Action = 'refund' | 'deleteRefund' | 'cancel' | 'delete';

interface Props {
  orderNo: string;
  connection: Connection;
  shared: Shared;
}

const text = (v?: string | null) => v ?? '';

export function DealEditor({ orderNo, connection, shared }: Props) {
  const { t, i18n } = useTranslation();
  const [deal, setDeal] = useState<Deal | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const [labels, setLabels] = useState<Record<string, string>>({});
  /** Header fields as typed, by field. */
  const [edits, setEdits] = useState<Record<string, string>>({});
  /** Line fields as typed, by lineId then field. */
  const [lineEdits, setLineEdits] = useState<Record<string, Record<string, string>>>({});
  const [saving, setSaving] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const [refundTotal, setRefundTotal] = useState('');
  const [refundReason, setRefundReason] = useState('');
  // getDealByOrderNo does not list refunded lines: the refund's own answer does.
  const [lastRefund, setLastRefund] = useState<DealLine[]>([]);

  /** The deal as the server holds it now: the form starts again from it. */
  const show = (d: Deal) => {
    setDeal(d);
    setEdits({});
    setLineEdits({});
    setChosen([]);
    setErr(null);
  };
  const load = async () => {
    try {
      show(await api.dealGet(connection, orderNo));
    } catch (e) {
      setDeal(null);
      setErr(errorText(e));
    }
  };
  useEffect(() => {
    void load();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  // Field names as core declares them, in the language shown.
  useEffect(() => {
    api
      .targets()
      .then((ts) => setLabels(Object.fromEntries((ts.find((x) => x.id === 'dmhub')?.fields ?? []).map((f) => [f.path, f.label]))))
      .catch(() => setLabels({}));
  }, [i18n.language]);

  if (err) return <p className="notice error" data-testid="deal-error">{err}</p>;
  if (!deal) return <p className="muted">{t('common.loading')}</p>;

  const label = (path: string) => labels[path] ?? path;
  const lines = deal.lines;

  /** `what` answers the deal as it now is; a deal deleted is looked up again, to say it is gone. */
  const run = async (what: () => Promise<Deal | null>, done: string) => {
    try {
      const after = await what();
      shared.notify({ kind: 'ok', text: done });
      if (after) show(after);
      else await load();
    } catch (e) {
      shared.notify({ kind: 'error', text: errorText(e) });
    }
  };

  const saveChanges = async () => {
    setSaving(true);
    try {
      // The answer is the deal read back after the change: what the form shows from now on.
      show(await api.dealUpdate(connection, orderNo, edits, Object.keys(lineEdits).length > 0 ? lineEdits : undefined));
      shared.notify({ kind: 'ok', text: t('fix.saved') });
    } catch (e) {
      shared.notify({ kind: 'error', text: errorText(e) });
    } finally {
      setSaving(false);
    }
  };

  const confirm = (key: Action, action: () => Promise<Deal | null>, vars: Record<string, unknown> = {}) =>
    shared.confirm({
      title: t(`fix.${key}Title`),
      body: t(`fix.${key}Body`, { orderNo, ...vars }),
      confirmLabel: t(`fix.${key}`),
      backLabel: t(`fix.${key}Back`),
      danger: true,
      onConfirm: () => run(action, t(`fix.${key}Done`)),
    });

  const editLine = (lineId: string, k: string, v: string) => setLineEdits({ ...lineEdits, [lineId]: { ...lineEdits[lineId], [k]: v } });
  const dirty = Object.keys(edits).length > 0 || Object.keys(lineEdits).length > 0;
  const refunded = deal.refundLines ?? (deal.state === '已付款' || deal.state === '已取消' ? [] : lastRefund);

  return (
    <div className="card stack" data-testid="deal">
      <div className="row spread">
        <h3>
          {t('fix.order')} {deal.orderNo}
        </h3>
        {/* The server's state word, in the merchant's language when it is one we know. */}
        {deal.state && (
          <span className="pill" data-testid="deal-state">
            {t(`fix.dealStates.${deal.state}`, { defaultValue: deal.state })}
          </span>
        )}
      </div>

      {deal.dateOrder && (
        <p className="muted">
          {t('fix.fieldValue', { label: label('dateOrder'), value: formatTime(deal.dateOrder, i18n.language) })}
        </p>
      )}
      <div className="form-grid">
        {EDITABLE.map((k) => (
          <label key={k} className="field">
            <span>{label(k)}</span>
            <input value={k in edits ? edits[k] : text(deal[k])} onChange={(e) => setEdits({ ...edits, [k]: e.target.value })} data-testid={`deal-${k}`} />
          </label>
        ))}
      </div>

      <h4>{t('fix.lines')}</h4>
      <div className="table-scroll">
        <table className="data-table" data-testid="deal-lines">
          <thead>
            <tr>
              <th>{t('fix.choose')}</th>
              <th>{label('lines.lineId')}</th>
              {LINE_EDITABLE.map((k) => (
                <th key={k}>{label(`lines.${k}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.lineId} data-testid={`line-${l.lineId}`}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('fix.chooseLine', { id: l.lineId })}
                    checked={chosen.includes(l.lineId)}
                    onChange={(e) => setChosen(e.target.checked ? [...chosen, l.lineId] : chosen.filter((x) => x !== l.lineId))}
                    data-testid={`line-check-${l.lineId}`}
                  />
                </td>
                <td>{l.lineId}</td>
                {LINE_EDITABLE.map((k) => (
                  <td key={k}>
                    <input
                      className="cell-input"
                      value={lineEdits[l.lineId]?.[k] ?? text(l[k])}
                      aria-label={`${label(`lines.${k}`)} ${l.lineId}`}
                      inputMode={k === 'productName' ? undefined : 'decimal'}
                      onChange={(e) => editLine(l.lineId, k, e.target.value)}
                      data-testid={`line-${k}-${l.lineId}`}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {Object.keys(lineEdits).length > 0 && <p className="muted small">{t('fix.linesHint')}</p>}

      {refunded.length > 0 && (
        <p className="muted" data-testid="refunded">
          {t('fix.refundedLines', { ids: refunded.map((l) => l.lineId).join(', ') })}
        </p>
      )}

      <div className="row wrap">
        <button type="button" className="primary" disabled={!dirty || saving} onClick={() => void saveChanges()} data-testid="deal-save">
          {saving ? t('fix.saving') : t('fix.save')}
        </button>
        <button type="button" onClick={load} data-testid="deal-reload">
          {t('fix.reload')}
        </button>
      </div>

      <fieldset className="stack refund-box">
        <legend>{t('fix.refundTitleBox')}</legend>
        <div className="form-grid">
          <label className="field">
            <span>{t('fix.refundTotal')}</span>
            <input value={refundTotal} onChange={(e) => setRefundTotal(e.target.value)} placeholder={t('fix.optional')} inputMode="decimal" />
          </label>
          <label className="field">
            <span>{t('fix.refundReason')}</span>
            <input value={refundReason} onChange={(e) => setRefundReason(e.target.value)} placeholder={t('fix.optional')} />
          </label>
        </div>
        <div className="row wrap">
          <button
            type="button"
            className="danger"
            disabled={chosen.length === 0}
            data-testid="deal-refund"
            onClick={() =>
              confirm(
                'refund',
                async () => {
                  const after = await api.dealRefund(connection, orderNo, chosen, refundTotal || undefined, refundReason || undefined);
                  setLastRefund(after.refundLines ?? lines.filter((l) => chosen.includes(l.lineId)));
                  return after;
                },
                { count: chosen.length },
              )
            }
          >
            {t('fix.refundChosen', { count: chosen.length })}
          </button>
          <button type="button" disabled={refunded.length === 0} onClick={() => confirm('deleteRefund', () => api.dealDeleteRefund(connection, orderNo))} data-testid="deal-delete-refund">
            {t('fix.deleteRefund')}
          </button>
        </div>
      </fieldset>

      <div className="row wrap danger-zone">
        <button type="button" className="danger" onClick={() => confirm('cancel', () => api.dealCancel(connection, orderNo))} data-testid="deal-cancel">
          {t('fix.cancel')}
        </button>
        <button type="button" className="danger" onClick={() => confirm('delete', () => api.dealDelete(connection, orderNo))} data-testid="deal-delete">
          {t('fix.delete')}
        </button>
      </div>
    </div>
  );
}
