import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobResult } from '../api';

const FILTERS = ['all', 'accepted', 'already_uploaded', 'rejected'] as const;
type Filter = (typeof FILTERS)[number];
const SHOW = 500;

export function ResultTable({ results }: { results: JobResult[] }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>(results.some((r) => r.state === 'rejected') ? 'rejected' : 'all');
  const count = (f: Filter) => (f === 'all' ? results.length : results.filter((r) => r.state === f).length);
  const rows = results.filter((r) => filter === 'all' || r.state === filter);
  return (
    <div className="stack">
      <div className="tabs" role="tablist">
        {FILTERS.map((f) => (
          <button
            key={f}
            type="button"
            role="tab"
            aria-selected={filter === f}
            className={filter === f ? 'on' : ''}
            onClick={() => setFilter(f)}
            data-testid={`results-${f}`}
          >
            {t(`results.${f}`)} <b data-testid={`results-count-${f}`}>{count(f)}</b>
          </button>
        ))}
      </div>
      <div className="table-scroll">
        <table className="data-table" data-testid="results-table">
          <thead>
            <tr>
              <th>{t('results.orderNo')}</th>
              <th>{t('results.shop')}</th>
              <th>{t('results.state')}</th>
              <th>{t('results.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, SHOW).map((r) => (
              <tr key={`${r.shop}/${r.orderNo}`}>
                <td>{r.orderNo}</td>
                <td>{r.shop}</td>
                <td>
                  <span className={`pill ${r.state === 'accepted' ? 'ok' : r.state === 'rejected' ? 'bad' : ''}`}>
                    {t(`results.${FILTERS.includes(r.state as Filter) ? r.state : 'pending'}`)}
                  </span>
                </td>
                <td>{r.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length > SHOW && <p className="muted small">{t('results.more', { count: rows.length - SHOW })}</p>}
      </div>
    </div>
  );
}
