import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorText, type Connection, type Deal, type DealLine } from '../api';
import type { Shared } from '../App';
import { formatTime } from '../lib/time';

// Header fields a merchant may correct, and the line columns shown. Labels come from the catalogs.
const EDITABLE = ['amountPaid', 'amountTotal', 'amountDiscount', 'customerId', 'storeCode', 'remark'];
const LINE_EDITABLE = ['productName', 'qty', 'priceUnit', 'priceSubTotal'];

interface Props {
  orderNo: string;
  connection: Connection;
  shared: Shared;
}

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));

export function DealEditor({ orderNo, connection, shared }: Props) {
  const { t, i18n } = useTranslation();
  const [deal, setDeal] = useState<Deal | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [lines, setLines] = useState<DealLine[]>([]);
  const [linesChanged, setLinesChanged] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const [refundTotal, setRefundTotal] = useState('');
  const [refundReason, setRefundReason] = useState('');
  // getDealByOrderNo does not list refunded lines: the refund's own answer does.
  const [lastRefund, setLastRefund] = useState<DealLine[]>([]);

  const load = async () => {
    try {
      const d = await api.dealGet(connection, orderNo);
      setDeal(d);
      setLines((d.lines ?? []).map((l) => ({ ...l })));
      setEdits({});
      setLinesChanged(false);
      setChosen([]);
      setErr(null);
    } catch (e) {
      setDeal(null);
      setErr(errorText(e));
    }
  };
  useEffect(() => {
    void load();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  if (err) return <p className="notice error" data-testid="deal-error">{err}</p>;
  if (!deal) return <p className="muted">{t('common.loading')}</p>;

  const run = async (what: () => Promise<unknown>, done: string) => {
    try {
      await what();
      shared.notify({ kind: 'ok', text: done });
      await load();
    } catch (e) {
      shared.notify({ kind: 'error', text: errorText(e) });
    }
  };

  const saveChanges = () => {
    const patch: Record<string, unknown> = { ...edits };
    if (linesChanged) patch.lines = lines;
    void run(() => api.dealUpdate(connection, orderNo, patch), t('fix.saved'));
  };

  const confirm = (key: string, action: () => Promise<unknown>, vars: Record<string, unknown> = {}) =>
    shared.confirm({
      title: t(`fix.${key}Title`),
      body: t(`fix.${key}Body`, { orderNo, ...vars }),
      confirmLabel: t(`fix.${key}`),
      danger: true,
      onConfirm: () => run(action, t(`fix.${key}Done`)),
    });

  const dirty = Object.keys(edits).length > 0 || linesChanged;
  const refunded = deal.refundLines ?? (deal.state === '已付款' || deal.state === '已取消' ? [] : lastRefund);

  return (
    <div className="card stack" data-testid="deal">
      <div className="row spread">
        <h3>
          {t('fix.order')} {deal.orderNo}
        </h3>
        {deal.state && <span className="pill" data-testid="deal-state">{deal.state}</span>}
      </div>

      {deal.dateOrder && (
        <p className="muted">
          {t('deal.dateOrder')}: {formatTime(deal.dateOrder, i18n.language)}
        </p>
      )}
      <div className="form-grid">
        {EDITABLE.filter((k) => k in deal || k === 'remark').map((k) => (
          <label key={k} className="field">
            <span>{t(`deal.${k}`)}</span>
            <input value={k in edits ? edits[k] : text(k === 'customerId' ? (deal.customerIdStr ?? deal[k]) : deal[k])} onChange={(e) => setEdits({ ...edits, [k]: e.target.value })} data-testid={`deal-${k}`} />
          </label>
        ))}
      </div>

      <h4>{t('fix.lines')}</h4>
      <div className="table-scroll">
        <table className="data-table" data-testid="deal-lines">
          <thead>
            <tr>
              <th>{t('fix.choose')}</th>
              <th>{t('deal.lineId')}</th>
              {LINE_EDITABLE.map((k) => (
                <th key={k}>{t(`deal.${k}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {lines.map((l, i) => (
              <tr key={l.lineId}>
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
                      value={text(l[k])}
                      aria-label={t(`deal.${k}`)}
                      onChange={(e) => {
                        const next = lines.slice();
                        next[i] = { ...l, [k]: e.target.value };
                        setLines(next);
                        setLinesChanged(true);
                      }}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {refunded.length > 0 && (
        <p className="muted" data-testid="refunded">
          {t('fix.refundedLines', { ids: refunded.map((l) => l.lineId).join(', ') })}
        </p>
      )}

      <div className="row wrap">
        <button type="button" className="primary" disabled={!dirty} onClick={saveChanges} data-testid="deal-save">
          {t('fix.save')}
        </button>
        <button type="button" onClick={load}>
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
                  const answer = await api.dealRefund(connection, orderNo, chosen, refundTotal || undefined, refundReason || undefined);
                  setLastRefund(answer?.refundLines ?? lines.filter((l) => chosen.includes(l.lineId)));
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
