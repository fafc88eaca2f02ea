import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorText, events, type Connection, type JobResult } from '../api';
import type { Shared } from '../App';
import { ResultTable } from './ResultTable';

interface ReturnLine { BarCode: string; Quantity?: number | string; Amount?: number | string; [k: string]: unknown }

/** The lines of a 2030 order body, whatever its wrapping (one order or a one-element array). */
function linesOf(body: unknown): ReturnLine[] {
  const order = Array.isArray(body) ? body[0] : body;
  const d = order && typeof order === 'object' ? (order as { Dtls?: unknown }).Dtls : undefined;
  return Array.isArray(d) ? (d as ReturnLine[]) : [];
}

export function ReturnBuilder({ orderNo, connection, shared }: { orderNo: string; connection: Connection; shared: Shared }) {
  const { t } = useTranslation();
  const [code, setCode] = useState(`${orderNo}-R`);
  const [all, setAll] = useState<ReturnLine[] | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [preview, setPreview] = useState<ReturnLine[] | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const [results, setResults] = useState<JobResult[] | null>(null);
  const jobRef = useRef<string | null>(null);

  useEffect(() => {
    // An empty choice asks for every line of the order, so the merchant can pick from them.
    api
      .buildReturn(orderNo, code, [])
      .then((b) => {
        const l = linesOf(b);
        setAll(l);
        setChosen(l.map((x) => x.BarCode));
      })
      .catch((e) => setErr(errorText(e)));
    let un: (() => void) | undefined;
    void events
      .onUploadFinished((f) => {
        if (f.job === jobRef.current) api.jobResults(f.job).then(setResults).catch(() => {});
      })
      .then((u) => (un = u));
    return () => un?.();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  if (err) return <p className="notice error" data-testid="return-error">{err}</p>;
  if (!all) return <p className="muted">{t('common.loading')}</p>;

  const build = async () => {
    try {
      setPreview(linesOf(await api.buildReturn(orderNo, code, chosen)));
    } catch (e) {
      shared.notify({ kind: 'error', text: errorText(e) });
    }
  };

  const upload = () =>
    shared.confirm({
      title: t('fix.returnUploadTitle'),
      body: t('fix.returnUploadBody', { code, count: chosen.length }),
      confirmLabel: t('fix.returnUpload'),
      danger: true,
      onConfirm: async () => {
        try {
          const { job } = await api.uploadReturn(connection, orderNo, code, chosen);
          jobRef.current = job;
          shared.notify({ kind: 'info', text: t('fix.returnSent') });
        } catch (e) {
          shared.notify({ kind: 'error', text: errorText(e) });
        }
      },
    });

  return (
    <div className="card stack" data-testid="return-builder">
      <h3>{t('fix.returnTitle')}</h3>
      <p className="muted">{t('fix.returnIntro')}</p>
      <label className="field">
        <span>{t('fix.returnCode')}</span>
        <input value={code} onChange={(e) => setCode(e.target.value)} data-testid="return-code" />
      </label>
      <table className="data-table">
        <thead>
          <tr>
            <th>{t('fix.choose')}</th>
            <th>{t('fix.barcode')}</th>
            <th>{t('deal.qty')}</th>
            <th>{t('fix.amount')}</th>
          </tr>
        </thead>
        <tbody>
          {(preview ?? all).map((l) => (
            <tr key={l.BarCode}>
              <td>
                <input
                  type="checkbox"
                  checked={chosen.includes(l.BarCode)}
                  onChange={(e) => {
                    setPreview(null);
                    setChosen(e.target.checked ? [...chosen, l.BarCode] : chosen.filter((x) => x !== l.BarCode));
                  }}
                  aria-label={l.BarCode}
                />
              </td>
              <td>{l.BarCode}</td>
              <td>{String(l.Quantity ?? '')}</td>
              <td>{String(l.Amount ?? '')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {preview && <p className="muted small">{t('fix.returnPreviewHint')}</p>}
      <div className="row">
        <button type="button" onClick={build} disabled={chosen.length === 0} data-testid="return-build">
          {t('fix.returnBuild')}
        </button>
        <button type="button" className="primary" onClick={upload} disabled={!preview || chosen.length === 0} data-testid="return-upload">
          {t('fix.returnUpload')}
        </button>
      </div>
      {results && <ResultTable results={results} />}
    </div>
  );
}
