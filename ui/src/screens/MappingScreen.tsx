import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorText, type FileInfo, type Mapping, type Summary, type Target, type TargetField, type TargetId } from '../api';
import type { Shared } from '../App';
import {
  confidenceLevel,
  forBackend,
  missingRequired,
  setColumn,
  setConstant,
  setDerive,
  setFilter,
  setTimezone,
  sourceKind,
} from '../lib/mappingForm';

interface Props {
  file: FileInfo;
  target: Target | null;
  targetId: TargetId;
  mapping: Mapping | null;
  onMapping: (m: Mapping) => void;
  onValidated: (m: Mapping, s: Summary) => void;
  shared: Shared;
}

const ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Tokyo', 'Asia/Singapore', 'UTC'];
const VALUE = '\u0000value';
const DERIVE = '\u0000derive';

export function MappingScreen({ file, target, targetId, mapping, onMapping, onValidated, shared }: Props) {
  const { t } = useTranslation();
  const [fromTemplate, setFromTemplate] = useState(false);
  const [samples, setSamples] = useState<Record<string, string[]>>({});
  const [working, setWorking] = useState(false);
  const [filterCol, setFilterCol] = useState(mapping?.filter?.column ?? '');

  useEffect(() => {
    if (mapping && mapping.target === targetId) return;
    api
      .suggestMapping(file.fileId, targetId)
      .then((s) => {
        setFromTemplate(s.fromTemplate);
        onMapping({ timezone: 'Asia/Shanghai', ...s.mapping, target: targetId });
      })
      .catch((e) => shared.notify({ kind: 'error', text: errorText(e) }));
  }, [file.fileId, targetId]); // eslint-disable-line react-hooks/exhaustive-deps

  const wantSamples = useMemo(() => {
    const cols = new Set<string>();
    for (const s of Object.values(mapping?.fields ?? {})) if ('column' in s && s.column) cols.add(s.column);
    if (filterCol) cols.add(filterCol);
    return [...cols];
  }, [mapping, filterCol]);

  useEffect(() => {
    for (const c of wantSamples) {
      if (samples[c]) continue;
      api
        .columnSamples(file.fileId, c, 8)
        .then((v) => setSamples((s) => ({ ...s, [c]: v })))
        .catch(() => setSamples((s) => ({ ...s, [c]: [] })));
    }
  }, [wantSamples]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!mapping || !target) return <p className="muted">{t('common.loading')}</p>;

  const missing = missingRequired(mapping, target.fields);
  const headerFields = target.fields.filter((f) => !f.isLine);
  const lineFields = target.fields.filter((f) => f.isLine);

  const onSelect = (f: TargetField, v: string) => {
    if (v === VALUE) onMapping(setConstant(mapping, f.path, ' '));
    else if (v === DERIVE) onMapping(setDerive(mapping, f.path, true));
    else onMapping(setColumn(mapping, f.path, v));
  };

  const next = async () => {
    setWorking(true);
    try {
      const m = forBackend(mapping);
      const s = await api.validate(file.fileId, m);
      onValidated(mapping, s);
    } catch (e) {
      shared.notify({ kind: 'error', text: errorText(e) });
    } finally {
      setWorking(false);
    }
  };

  const saveTemplate = async () => {
    try {
      await api.saveTemplate(file.fileId, forBackend(mapping));
      shared.notify({ kind: 'ok', text: t('mapping.templateSaved') });
    } catch (e) {
      shared.notify({ kind: 'error', text: errorText(e) });
    }
  };

  const renderField = (f: TargetField) => {
    const src = mapping.fields[f.path];
    const kind = sourceKind(src);
    const selectValue = kind === 'column' && src && 'column' in src ? src.column : kind === 'value' ? VALUE : kind === 'derive' ? DERIVE : '';
    const conf = confidenceLevel(src);
    const col = src && 'column' in src ? src.column : '';
    const isMissing = missing.includes(f);
    return (
      <tr key={f.path} className={isMissing ? 'missing' : ''} data-testid={`field-${f.path}`}>
        <th scope="row">
          <span className="field-label" title={f.path}>
            {f.label}
          </span>
          {f.required && (
            <span className="req" title={t('mapping.required')} aria-label={t('mapping.required')}>
              *
            </span>
          )}
        </th>
        <td>
          <select value={selectValue} onChange={(e) => onSelect(f, e.target.value)} aria-label={f.label}>
            <option value="">{t('mapping.notUsed')}</option>
            <optgroup label={t('mapping.fromColumn')}>
              {file.columns.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </optgroup>
            <option value={VALUE}>{t('mapping.fixedValue')}</option>
            {f.derivable && <option value={DERIVE}>{t('mapping.derive')}</option>}
          </select>
          {kind === 'value' && src && 'value' in src && (
            <input
              className="const-input"
              value={src.value.trim() === '' ? '' : src.value}
              placeholder={t('mapping.fixedValuePh')}
              onChange={(e) => onMapping(setConstant(mapping, f.path, e.target.value === '' ? ' ' : e.target.value))}
              aria-label={t('mapping.fixedValue')}
              autoFocus
            />
          )}
          {isMissing && <span className="bad-text small block">{t('mapping.pleaseChoose')}</span>}
        </td>
        <td>
          {conf && (
            <span className={`pill conf-${conf}`} title={t('mapping.confidenceHint')}>
              {t(`mapping.conf.${conf}`)}
            </span>
          )}
        </td>
        <td>
          <div className="samples">
            {kind === 'column' &&
              col &&
              (samples[col] ?? []).slice(0, 3).map((s, i) => (
                <span key={i} className="sample">
                  {s === '' ? t('mapping.empty') : s}
                </span>
              ))}
            {kind === 'derive' && <span className="muted small">{t('mapping.deriveHint')}</span>}
          </div>
        </td>
      </tr>
    );
  };

  const filterVals = mapping.filter?.in ?? [];
  const filterOptions = [...new Set([...(samples[filterCol] ?? []), ...filterVals])].filter((v) => v !== '');

  return (
    <section className="stack">
      <div className="row spread">
        <h2>{t('mapping.title')}</h2>
        {fromTemplate && <span className="pill ok">{t('mapping.fromTemplate')}</span>}
      </div>
      <p className="muted">{t('mapping.intro')}</p>

      <div className="card">
        <table className="map-table">
          <thead>
            <tr>
              <th>{t('mapping.colField')}</th>
              <th>{t('mapping.colSource')}</th>
              <th>{t('mapping.colMatch')}</th>
              <th>{t('mapping.colSample')}</th>
            </tr>
          </thead>
          <tbody>
            <tr className="group">
              <td colSpan={4}>{t('mapping.orderFields')}</td>
            </tr>
            {headerFields.map(renderField)}
            <tr className="group">
              <td colSpan={4}>{t('mapping.lineFields')}</td>
            </tr>
            {lineFields.map(renderField)}
          </tbody>
        </table>
      </div>

      <div className="card form-grid">
        <label className="field">
          <span>{t('mapping.timezone')}</span>
          <select value={mapping.timezone ?? 'Asia/Shanghai'} onChange={(e) => onMapping(setTimezone(mapping, e.target.value))}>
            {ZONES.map((z) => (
              <option key={z} value={z}>
                {t(`zones.${z.replace('/', '_')}`)}
              </option>
            ))}
          </select>
        </label>
        <div className="field">
          <span>{t('mapping.filter')}</span>
          <select
            value={filterCol}
            onChange={(e) => {
              setFilterCol(e.target.value);
              onMapping(setFilter(mapping, e.target.value, []));
            }}
            aria-label={t('mapping.filterColumn')}
          >
            <option value="">{t('mapping.filterNone')}</option>
            {file.columns.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          {filterCol && (
            <div className="chips">
              <span className="muted small">{t('mapping.filterKeep')}</span>
              {filterOptions.map((v) => {
                const on = filterVals.includes(v);
                return (
                  <button
                    key={v}
                    type="button"
                    className={`chip ${on ? 'on' : ''}`}
                    aria-pressed={on}
                    onClick={() =>
                      onMapping(
                        setFilter(mapping, filterCol, on ? filterVals.filter((x) => x !== v) : [...filterVals, v]),
                      )
                    }
                  >
                    {v}
                  </button>
                );
              })}
            </div>
          )}
        </div>
      </div>

      <div className="row spread">
        <button type="button" onClick={saveTemplate} data-testid="save-template">
          {t('mapping.saveTemplate')}
        </button>
        <div className="row">
          {missing.length > 0 && <span className="bad-text">{t('mapping.missingCount', { count: missing.length })}</span>}
          <button type="button" className="primary" disabled={missing.length > 0 || working} onClick={next} data-testid="mapping-next">
            {working ? t('mapping.checking') : t('mapping.next')}
          </button>
        </div>
      </div>
    </section>
  );
}
