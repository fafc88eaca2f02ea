import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorText, type EditResult, type Exclusions, type FixOffer, type Summary } from '../api';
import type { Shared } from '../App';

interface Props {
  fileId: string;
  summary: Summary;
  /** Table rows ticked in the grid. */
  picked: number[];
  /** The rows a fix (or its undo) changed, and the new summary: shown as an edit's are. */
  onResult: (r: EditResult) => void;
  /** The orders left out changed: their rows are marked 「不上传」 in the grid. */
  onExclusions: (x: Exclusions) => void;
  /** Back to 对应字段 at this field (a column that explains the difference, not mapped yet). */
  onFixMapping: (field: string) => void;
  shared: Shared;
}

/** The 检查订单 screen's quick fixes: per problem what is wrong, how many orders, the fix (a
 * preview first, then one undo) and 「这些订单不上传」; the orders left out, and bringing them
 * back. Every word comes from the Rust side or the locale files. */
export function QuickFixes({ fileId, summary, picked, onResult, onExclusions, onFixMapping, shared }: Props) {
  const { t, i18n } = useTranslation();
  const [offers, setOffers] = useState<FixOffer[]>([]);
  const [excluded, setExcluded] = useState<Exclusions | null>(null);
  /** The offer whose fix is being previewed, and the fix chosen in it. */
  const [open, setOpen] = useState<{ offer: FixOffer; fix: string } | null>(null);
  const busy = useRef(false);

  // Every change of the summary (an edit, a fix, an undo, the rest of the file read) may
  // change what is on offer.
  useEffect(() => {
    let alive = true;
    api.fixOffers(fileId).then(
      (o) => {
        if (!alive) return;
        setOffers(o);
        // A preview left open says what the fix would change now (the rest of the file read,
        // an undo), or closes when the fix is no longer on offer.
        setOpen((cur) => {
          const offer = cur && o.find((x) => x.code === cur.offer.code && x.fixes.some((f) => f.fix === cur.fix));
          return offer && cur ? { offer, fix: cur.fix } : null;
        });
      },
      () => alive && setOffers([]),
    );
    return () => {
      alive = false;
    };
  }, [fileId, summary, i18n.language]);

  // Asked again when their count changes without a change made here (an edited order number
  // is another order, not left out): the 「不上传」 marks must not stay on rows that will be sent.
  useEffect(() => {
    let alive = true;
    api.excludedOrders(fileId).then(
      (x) => {
        if (!alive) return;
        setExcluded(x);
        onExclusions(x);
      },
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, [fileId, i18n.language, summary.excluded]); // eslint-disable-line react-hooks/exhaustive-deps

  const run = async (work: () => Promise<void>) => {
    if (busy.current) return;
    busy.current = true;
    try {
      await work();
    } catch (e) {
      shared.notify({ kind: 'error', text: errorText(e) });
    } finally {
      busy.current = false;
    }
  };

  const undo = () =>
    run(async () => {
      onResult(await api.undoEdit(fileId));
      shared.notify({ kind: 'ok', text: t('quick.undone') });
    });

  const apply = (fix: string) =>
    run(async () => {
      const r = await api.applyFix(fileId, fix);
      setOpen(null);
      onResult(r);
      shared.notify({ kind: 'ok', text: t('quick.applied', { orders: r.orders, cells: r.changes.length }), action: { label: t('quick.undo'), run: () => void undo() } });
    });

  const changeExclusions = (call: () => Promise<Exclusions>, done: 'excludedNow' | 'includedNow') =>
    run(async () => {
      const x = await call();
      setExcluded(x);
      onExclusions(x);
      shared.notify({ kind: 'ok', text: t(`quick.${done}`, { count: x.changed }) });
    });

  const excludedSet = new Set(excluded?.rows ?? []);
  const pickedOut = picked.filter((r) => excludedSet.has(r));
  const pickedIn = picked.filter((r) => !excludedSet.has(r));
  const chosen = open && open.offer.fixes.find((f) => f.fix === open.fix);

  return (
    <div className="card quick-fixes stack" data-testid="quick-fixes">
      <div className="row spread wrap">
        <b>{t('quick.title')}</b>
        <span className="muted small">{offers.length ? t('quick.intro') : t('quick.none')}</span>
      </div>
      {offers.length > 0 && (
        <ul className="plain-list offers">
          {offers.map((o) => (
            <li key={o.code} className={`offer ${o.severity}`} data-testid={`offer-${o.code}`}>
              <div className="row wrap">
                <span className={`pill ${o.severity === 'error' ? 'bad' : 'warn'}`}>{o.label}</span>
                <span data-testid={`offer-count-${o.code}`}>{t('quick.orders', { count: o.orders })}</span>
                {o.fixes.length > 0 && (
                  <button type="button" className="primary" onClick={() => setOpen({ offer: o, fix: o.fixes[0].fix })} data-testid={`fix-${o.code}`}>
                    {t('quick.fix')}
                  </button>
                )}
                {o.excludable > 0 && (
                  <button type="button" onClick={() => changeExclusions(() => api.excludeOrders(fileId, { code: o.code }), 'excludedNow')} data-testid={`exclude-${o.code}`}>
                    {t('quick.exclude')}
                  </button>
                )}
              </div>
              {o.fixes.length > 0 && (
                <p className="muted small" data-testid={`offer-what-${o.code}`}>
                  {t('quick.canFix', { what: o.fixes.map((f) => f.title).join(i18n.language === 'zh' ? '；或' : '; or ') })}
                </p>
              )}
              {o.notes.map((n, i) => (
                <div key={i} className="note small" data-testid={`note-${o.code}`}>
                  <p>{n.text}</p>
                  {n.steps.length > 0 && (
                    <>
                      <span className="muted">{t('quick.steps')}</span>
                      <ol>
                        {n.steps.map((s) => (
                          <li key={s}>{s}</li>
                        ))}
                      </ol>
                    </>
                  )}
                  {n.map && (
                    <button type="button" className="link" onClick={() => n.map && onFixMapping(n.map.field)} data-testid={`map-${o.code}`}>
                      {t('quick.mapHint', { column: n.map.column })}
                    </button>
                  )}
                </div>
              ))}
            </li>
          ))}
        </ul>
      )}
      <div className="row wrap">
        {pickedIn.length > 0 ? (
          <button type="button" onClick={() => changeExclusions(() => api.excludeOrders(fileId, { rows: pickedIn }), 'excludedNow')} data-testid="exclude-picked">
            {t('quick.picked', { count: pickedIn.length })}
          </button>
        ) : (
          <span className="muted small">{t('quick.pickHint')}</span>
        )}
      </div>
      {excluded && excluded.orders.length > 0 && (
        <div className="row wrap excluded-bar" data-testid="excluded-bar">
          <span className="pill excluded-tag">{t('quick.excludedTitle', { count: excluded.orders.length })}</span>
          <span className="muted small">{t('quick.excludedHint')}</span>
          {pickedOut.length > 0 && (
            <button type="button" onClick={() => changeExclusions(() => api.includeOrders(fileId, { rows: pickedOut }), 'includedNow')} data-testid="include-picked">
              {t('quick.includePicked', { count: pickedOut.length })}
            </button>
          )}
          <button type="button" onClick={() => changeExclusions(() => api.includeOrders(fileId, { all: true }), 'includedNow')} data-testid="include-all">
            {t('quick.includeAll')}
          </button>
        </div>
      )}

      {open && chosen && (
        <div className="modal-backdrop" role="presentation">
          <div className="modal fix-preview" role="dialog" aria-modal="true" aria-labelledby="fix-title" data-testid="fix-preview">
            <h2 id="fix-title">{t('quick.previewTitle', { label: open.offer.label })}</h2>
            {open.offer.fixes.length > 1 ? (
              <fieldset className="stack">
                <legend>{t('quick.choose')}</legend>
                {open.offer.fixes.map((f) => (
                  <label key={f.fix} className="check">
                    <input type="radio" name="fix" checked={f.fix === open.fix} onChange={() => setOpen({ ...open, fix: f.fix })} data-testid={`choice-${f.fix}`} />
                    {f.title}
                  </label>
                ))}
              </fieldset>
            ) : (
              <p>
                <b>{chosen.title}</b>
              </p>
            )}
            <p data-testid="fix-count">{t('quick.willChange', { orders: chosen.orders, cells: chosen.cells })}</p>
            <table className="examples" data-testid="fix-examples">
              <thead>
                <tr>
                  <th>{t('quick.order')}</th>
                  <th>{t('quick.where')}</th>
                  <th>{t('quick.before')}</th>
                  <th>{t('quick.after')}</th>
                </tr>
              </thead>
              <tbody>
                {chosen.examples.map((c) => (
                  <tr key={`${c.row}-${c.column}`}>
                    <td>{c.order}</td>
                    <td>{t('quick.rowColumn', { row: c.row, column: c.column })}</td>
                    <td className="before">{c.before}</td>
                    <td className="after">
                      {c.after}
                      {c.cut && <div className="muted small">{t('quick.cut', { cut: c.cut })}</div>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted small">{t('quick.safe')}</p>
            <div className="row end">
              <button type="button" onClick={() => setOpen(null)} data-testid="fix-cancel">
                {t('quick.notNow')}
              </button>
              <button type="button" className="primary" onClick={() => apply(chosen.fix)} data-testid="fix-apply">
                {t('quick.apply')}
              </button>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
