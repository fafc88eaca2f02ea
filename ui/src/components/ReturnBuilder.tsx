import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorText, type Connection, type JobResult, type ReturnLine, type UploadFinished } from '../api';
import { useJobs } from '../lib/jobs';
import type { Shared } from '../App';
import { ResultTable } from './ResultTable';

/** A return's figure without its sign: the sale's own (the full return of a line negates it). */
const unsigned = (v?: string | null) => (v ?? '').replace(/^-/, '');

export function ReturnBuilder({ orderNo, connection, shared }: { orderNo: string; connection: Connection; shared: Shared }) {
  const { t, i18n } = useTranslation();
  const [code, setCode] = useState(`${orderNo}-R`);
  /** The sale's lines, as a return of every line (negative): one row each, by place. */
  const [all, setAll] = useState<ReturnLine[] | null>(null);
  /** Places (0-based) of the lines chosen for the return. */
  const [chosen, setChosen] = useState<number[]>([]);
  /** The return built for `chosen`: its lines, in the order of the chosen places. */
  const [preview, setPreview] = useState<{ lines: number[]; body: ReturnLine[] } | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const [results, setResults] = useState<JobResult[] | null>(null);
  const [labels, setLabels] = useState<Record<string, string>>({});

  /** How the return's upload ended: the 「正在上传」 notice gives way, the table says per order. */
  const ended = (f: UploadFinished) => {
    const ok = f.summary.accepted + f.summary.already_uploaded > 0 && !f.error;
    shared.notify({ kind: ok ? 'ok' : 'error', text: ok ? t('fix.returnDone') : t('fix.returnRefused') });
    api.jobResults(f.job).then(setResults).catch(() => {});
  };
  // A short job may end before uploadReturn answers its id: its end is still shown.
  const startJob = useJobs({ onStart: () => shared.notify({ kind: 'info', text: t('fix.returnSent') }), onFinished: ended });

  useEffect(() => {
    // No lines chosen asks for every line of the order, so the merchant can pick from them.
    api
      .buildReturn(orderNo, code, [])
      .then((b) => {
        setAll(b.Dtls);
        setChosen(b.Dtls.map((_, i) => i));
      })
      .catch((e) => setErr(errorText(e)));
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  // Field names as core declares them, in the language shown.
  useEffect(() => {
    api
      .targets()
      .then((ts) => setLabels(Object.fromEntries((ts.find((x) => x.id === 'mall2030')?.fields ?? []).map((f) => [f.path, f.label]))))
      .catch(() => setLabels({}));
  }, [i18n.language]);

  if (err) return <p className="notice error" data-testid="return-error">{err}</p>;
  if (!all) return <p className="muted">{t('common.loading')}</p>;

  const label = (path: string) => labels[path] ?? path;
  const lines = [...chosen].sort((a, b) => a - b);

  const build = async () => {
    try {
      setPreview({ lines, body: (await api.buildReturn(orderNo, code, lines)).Dtls });
    } catch (e) {
      shared.notify({ kind: 'error', text: errorText(e) });
    }
  };

  const upload = () => {
    if (!preview) return;
    const sent = preview.lines;
    shared.confirm({
      title: t('fix.returnUploadTitle'),
      body: t('fix.returnUploadBody', { code, count: sent.length }),
      confirmLabel: t('fix.returnUpload'),
      danger: true,
      onConfirm: async () => {
        try {
          await startJob(() => api.uploadReturn(connection, orderNo, code, sent));
        } catch (e) {
          shared.notify({ kind: 'error', text: errorText(e) });
        }
      },
    });
  };

  /** What the built return holds for the sale's line at `place`, if it holds it. */
  const returned = (place: number) => {
    if (!preview) return undefined;
    const at = preview.lines.indexOf(place);
    return at < 0 ? null : preview.body[at];
  };

  return (
    <div className="card stack" data-testid="return-builder">
      <h3>{t('fix.returnTitle')}</h3>
      <p className="muted">{t('fix.returnIntro')}</p>
      <label className="field">
        <span>{t('fix.returnCode')}</span>
        <input
          value={code}
          onChange={(e) => {
            setPreview(null);
            setCode(e.target.value);
          }}
          data-testid="return-code"
        />
      </label>
      <table className="data-table" data-testid="return-lines">
        <thead>
          <tr>
            <th>{t('fix.choose')}</th>
            <th>{label('Dtls.BarCode')}</th>
            <th>{label('Dtls.Quantity')}</th>
            <th>{label('Dtls.Amount')}</th>
            {preview && <th>{t('fix.returnQty')}</th>}
            {preview && <th>{t('fix.returnAmount')}</th>}
          </tr>
        </thead>
        <tbody>
          {all.map((l, i) => {
            const r = returned(i);
            return (
              <tr key={i} data-testid={`return-line-${i}`} className={r === null ? 'muted' : ''}>
                <td>
                  <input
                    type="checkbox"
                    checked={chosen.includes(i)}
                    onChange={(e) => {
                      setPreview(null);
                      setChosen(e.target.checked ? [...chosen, i] : chosen.filter((x) => x !== i));
                    }}
                    aria-label={t('fix.returnLine', { n: i + 1, barcode: l.BarCode })}
                    data-testid={`return-check-${i}`}
                  />
                </td>
                <td>{l.BarCode}</td>
                {/* The sale's own figures: the full return of a line negates them. */}
                <td>{unsigned(l.Quantity)}</td>
                <td>{unsigned(l.Amount)}</td>
                {preview && <td data-testid={`return-qty-${i}`}>{r ? (r.Quantity ?? '') : t('fix.notReturned')}</td>}
                {preview && <td data-testid={`return-amount-${i}`}>{r ? (r.Amount ?? '') : ''}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
      {preview && <p className="muted small">{t('fix.returnPreviewHint')}</p>}
      <div className="row">
        <button type="button" onClick={build} disabled={chosen.length === 0} data-testid="return-build">
          {t('fix.returnBuild')}
        </button>
        <button type="button" className="primary" onClick={upload} disabled={!preview || preview.lines.length === 0} data-testid="return-upload">
          {t('fix.returnUpload')}
        </button>
      </div>
      {results && <ResultTable results={results} />}
    </div>
  );
}
