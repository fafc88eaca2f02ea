import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../lib/time';
import { api, errorText, type Connection, type HistoryEntry, type TargetId } from '../api';
import type { Shared } from '../App';
import { ConnectionPicker } from '../components/ConnectionPicker';
import { DealEditor } from '../components/DealEditor';
import { ReturnBuilder } from '../components/ReturnBuilder';

interface Props {
  target: TargetId;
  connection: Connection;
  shared: Shared;
}

export function CorrectionsScreen({ target: initialTarget, connection: initialConn, shared }: Props) {
  const { t, i18n } = useTranslation();
  const [target, setTarget] = useState<TargetId>(initialTarget);
  const [connection, setConnection] = useState<Connection>(initialConn);
  const [orderNo, setOrderNo] = useState('');
  const [looked, setLooked] = useState<string | null>(null);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [nonce, setNonce] = useState(0);

  useEffect(() => setConnection({ practice: true }), [target]);

  const lookup = async () => {
    const no = orderNo.trim();
    if (!no) return;
    setLooked(no);
    setNonce((n) => n + 1);
    api.orderHistory(no).then(setHistory).catch((e) => {
      setHistory([]);
      shared.notify({ kind: 'error', text: errorText(e) });
    });
  };

  return (
    <section className="stack">
      <h2>{t('fix.title')}</h2>
      <div className="card row wrap">
        <div className="segmented" role="group" aria-label={t('fix.system')}>
          {(['dmhub', 'mall2030'] as TargetId[]).map((id) => (
            <button key={id} type="button" className={target === id ? 'on' : ''} onClick={() => setTarget(id)} data-testid={`fix-target-${id}`}>
              {t(`target.${id}.name`)}
            </button>
          ))}
        </div>
        <ConnectionPicker target={target} value={connection} onChange={setConnection} label={t('fix.account')} />
        <form
          className="row grow"
          onSubmit={(e) => {
            e.preventDefault();
            void lookup();
          }}
        >
          <input
            className="grow"
            value={orderNo}
            onChange={(e) => setOrderNo(e.target.value)}
            placeholder={t('fix.orderNoPh')}
            aria-label={t('fix.orderNo')}
            data-testid="fix-order-no"
          />
          <button type="submit" className="primary" data-testid="fix-lookup">
            {t('fix.lookup')}
          </button>
        </form>
      </div>

      {looked && target === 'dmhub' && <DealEditor key={`${looked}-${nonce}`} orderNo={looked} connection={connection} shared={shared} />}
      {looked && target === 'mall2030' && (
        <ReturnBuilder key={`${looked}-${nonce}`} orderNo={looked} connection={connection} shared={shared} />
      )}

      {looked && (
        <div className="card" data-testid="history">
          <h3>{t('fix.history')}</h3>
          {history.length === 0 ? (
            <p className="muted">{t('fix.noHistory')}</p>
          ) : (
            <table className="data-table">
              <thead>
                <tr>
                  <th>{t('fix.when')}</th>
                  <th>{t('fix.system')}</th>
                  <th>{t('results.shop')}</th>
                  <th>{t('results.state')}</th>
                  <th>{t('results.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {history.map((h, i) => (
                  <tr key={i}>
                    <td>{formatTime(h.at, i18n.language)}</td>
                    <td>{t(`target.${h.target}.name`)}</td>
                    <td>{h.shop}</td>
                    <td>{t(`results.${['accepted', 'already_uploaded', 'rejected'].includes(h.result) ? h.result : 'pending'}`)}</td>
                    <td>{h.reason ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </section>
  );
}
