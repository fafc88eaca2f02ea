import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorText, GENERIC, type FileInfo, type Mapping, type Suggestion, type Summary, type Target, type TargetField, type TargetId } from '../api';
import type { Shared } from '../App';
import { pickSpreadsheet } from '../lib/dialogs';
import { quotedList } from '../lib/words';
import {
  confirmField,
  deriveKind,
  forBackend,
  isGuess,
  keepTyped,
  instanceOf,
  instances,
  isTemplate,
  missingGroups,
  missingRequired,
  nameField,
  sameFilter,
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
  /** What the last suggestion said besides the mapping: the layout, the choices, the completed-orders filter. */
  suggestion: Suggestion | null;
  onMapping: (m: Mapping) => void;
  onSuggestion: (s: Suggestion) => void;
  onValidated: (m: Mapping, s: Summary) => void;
  /** Open the file again with this item report as its lines file. */
  onAddItems: (linesPath: string) => Promise<void>;
  /** The field the preview sent the merchant here to map: shown and focused. */
  focusField?: string | null;
  shared: Shared;
}

const ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Tokyo', 'Asia/Singapore', 'UTC'];
const VALUE = '\u0000value';
const DERIVE = '\u0000derive';
const PRICE_QTY = '\u0000price_x_qty';
const baseName = (p: string) => p.split(/[\\/]/).pop() ?? p;
/** Samples are asked per table: a two-file export's line columns are in the item file. */
const sampleKey = (column: string, lines: boolean) => `${lines ? 'L' : 'M'}:${column}`;

export function MappingScreen({ file, target, targetId, mapping, suggestion, onMapping, onSuggestion, onValidated, onAddItems, focusField, shared }: Props) {
  const { t, i18n } = useTranslation();
  const [samples, setSamples] = useState<Record<string, string[]>>({});
  const [working, setWorking] = useState(false);
  const [filterCol, setFilterCol] = useState(mapping?.filter?.column ?? '');
  /** Orders the filter leaves out (or, with none set, that the completed-orders filter would). */
  const [leftOut, setLeftOut] = useState<number | null>(null);
  /** The field whose fixed value the merchant just chose to type: its box takes the focus
   * (a suggested constant such as DataOrigin must not scroll the screen to itself). */
  const [typing, setTyping] = useState<string | null>(null);

  const suggest = (platform?: string) =>
    api
      .suggestMapping(file.fileId, targetId, platform)
      .then((s) => {
        onSuggestion(s);
        const next: Mapping = { timezone: 'Asia/Shanghai', ...s.mapping, target: targetId };
        // Another layout chosen: what the merchant typed (the shop code, say) stays.
        onMapping(platform !== undefined && mapping?.target === targetId ? keepTyped(mapping, next) : next);
        setFilterCol(s.mapping.filter?.column ?? '');
      })
      .catch((e) => shared.notify({ kind: 'error', text: errorText(e) }));

  // Another file (the same one with its item report added, say): its own samples.
  useEffect(() => setSamples({}), [file.fileId]);

  useEffect(() => {
    if (mapping && mapping.target === targetId && suggestion) return;
    void suggest();
  }, [file.fileId, targetId, !mapping]); // eslint-disable-line react-hooks/exhaustive-deps

  const lineColumns = file.lines?.columns ?? file.columns;
  const fromLines = !!file.lines;

  const wantSamples = useMemo(() => {
    const want = new Map<string, { column: string; lines: boolean }>();
    const add = (column: string, lines: boolean) => want.set(sampleKey(column, lines), { column, lines });
    for (const f of target?.fields ?? []) {
      for (const p of mapping && isTemplate(f.path) ? [f.path, ...instances(mapping, f.path, target?.fields ?? [])] : [f.path]) {
        const s = mapping?.fields[p];
        if (s?.column) add(s.column, f.isLine && fromLines);
      }
    }
    if (filterCol) add(filterCol, false);
    return [...want.entries()];
  }, [mapping, filterCol, target, fromLines]);

  useEffect(() => {
    for (const [key, { column, lines }] of wantSamples) {
      if (samples[key]) continue;
      api
        .columnSamples(file.fileId, column, 8, lines || undefined)
        .then((v) => setSamples((s) => ({ ...s, [key]: v })))
        .catch(() => setSamples((s) => ({ ...s, [key]: [] })));
    }
  }, [wantSamples]); // eslint-disable-line react-hooks/exhaustive-deps

  const completed = suggestion?.completed ?? null;
  // The count comes from the Rust side (assemble::left_out), for the filter set or the one offered.
  const countFor = mapping ? JSON.stringify(forBackend({ ...mapping, filter: mapping.filter ?? completed })) : '';
  useEffect(() => {
    if (!mapping || !(mapping.filter ?? completed)) {
      setLeftOut(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      api
        .filterLeftOut(file.fileId, JSON.parse(countFor) as Mapping)
        .then((n) => live && setLeftOut(n))
        .catch(() => live && setLeftOut(null));
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [file.fileId, countFor]); // eslint-disable-line react-hooks/exhaustive-deps

  // Sent here from the preview for one field: that field, not the top of the screen.
  const ready = !!mapping && !!target;
  useEffect(() => {
    if (!ready || !focusField) return;
    const row = document.querySelector<HTMLElement>(`[data-testid="field-${focusField}"]`);
    row?.scrollIntoView({ block: 'center' });
    row?.querySelector('select')?.focus({ preventScroll: true });
  }, [ready, focusField]);

  if (!mapping || !target) return <p className="muted">{t('common.loading')}</p>;

  const missing = missingRequired(mapping, target.fields);
  // A group of which one field is needed (DM Hub: a customer id or an identity), from core.
  const groups = target.anyOf ?? [];
  const groupsMissing = missingGroups(mapping, groups);
  const groupOf = (path: string) => groups.find((g) => g.paths.some((p) => instanceOf(path, p)));
  const headerFields = target.fields.filter((f) => !f.isLine);
  const lineFields = target.fields.filter((f) => f.isLine);

  const onSelect = (path: string, v: string) => {
    setTyping(v === VALUE ? path : null);
    if (v === VALUE) onMapping(setConstant(mapping, path, ' '));
    else if (v === DERIVE) onMapping(setDerive(mapping, path, true, 'sum'));
    else if (v === PRICE_QTY) onMapping(setDerive(mapping, path, true, 'price_x_qty'));
    else onMapping(setColumn(mapping, path, v));
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

  // A required field without a column fails every order: the merchant may still look at the
  // orders first, once told so.
  // A group none of whose fields is mapped (DM Hub's customer) fails every order the same way.
  const unmapped = [...missing.map((f) => f.label), ...groupsMissing.map((g) => g.label)];
  const checkOrAsk = () => {
    if (unmapped.length === 0) return void next();
    shared.confirm({
      title: t('mapping.missingTitle', { count: unmapped.length }),
      body: t('mapping.missingBody', { fields: quotedList(t, i18n.language, unmapped) }),
      confirmLabel: t('mapping.missingGoOn'),
      onConfirm: next,
    });
  };

  const saveTemplate = async () => {
    try {
      await api.saveTemplate(file.fileId, forBackend(mapping));
      shared.notify({ kind: 'ok', text: t('mapping.templateSaved') });
    } catch (e) {
      shared.notify({ kind: 'error', text: errorText(e) });
    }
  };

  const addItems = async () => {
    const p = await pickSpreadsheet(t('import.itemDialogTitle'), t('import.dialogFilter')).catch(() => null);
    if (p) await onAddItems(p);
  };

  /** A field's row; a template (`custom.*`) has one per named instance (`path`) and one for a new one. */
  const renderField = (f: TargetField, path = f.path) => {
    const src = mapping.fields[path];
    const template = isTemplate(f.path);
    const group = groupOf(path);
    const kind = sourceKind(src);
    const derive = deriveKind(src);
    const selectValue =
      kind === 'column' && src && src.column !== undefined ? src.column : kind === 'value' ? VALUE : derive === 'price_x_qty' ? PRICE_QTY : derive ? DERIVE : '';
    const col = src?.column ?? '';
    const lines = f.isLine && fromLines;
    const columns = f.isLine ? lineColumns : file.columns;
    const isMissing = missing.includes(f) || (!!group && groupsMissing.includes(group));
    const guess = isGuess(src);
    return (
      <tr key={path} className={`${isMissing ? 'missing' : ''} ${guess ? 'guessed' : ''} ${focusField === path ? 'sent-here' : ''}`} data-testid={`field-${path}`}>
        <th scope="row">
          <span className="field-label" title={path}>
            {template && path === f.path && instances(mapping, f.path, target.fields).length > 0 ? t('mapping.another', { label: f.label }) : f.label}
          </span>
          {f.required && (
            <span className="req" title={t('mapping.required')} aria-label={t('mapping.required')}>
              *
            </span>
          )}
          {group && (
            <span className="req any" title={t('mapping.anyOfTitle', { label: group.label })} aria-label={t('mapping.anyOfTitle', { label: group.label })}>
              ◆
            </span>
          )}
        </th>
        <td>
          <select value={selectValue} onChange={(e) => onSelect(path, e.target.value)} aria-label={f.label}>
            <option value="">{t('mapping.notUsed')}</option>
            <optgroup label={t('mapping.fromColumn')}>
              {columns.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </optgroup>
            <option value={VALUE}>{t('mapping.fixedValue')}</option>
            {f.derivable && <option value={DERIVE}>{t('mapping.derive')}</option>}
            {f.priceXQty && <option value={PRICE_QTY}>{t('mapping.derivePriceQty')}</option>}
          </select>
          {kind === 'value' && src && src.value !== undefined && (
            <input
              className="const-input"
              value={src.value.trim() === '' ? '' : src.value}
              placeholder={t('mapping.fixedValuePh')}
              onChange={(e) => onMapping(setConstant(mapping, path, e.target.value === '' ? ' ' : e.target.value))}
              aria-label={t('mapping.fixedValue')}
              autoFocus={typing === path}
            />
          )}
          {template && (src || path !== f.path) && (
            // The name replaces `*` when the box is left (or Enter): the row then is that field's.
            <input
              key={path}
              className="const-input name-input"
              defaultValue={path === f.path ? '' : path.slice(f.path.length - 1)}
              placeholder={f.nameHint ?? undefined}
              title={f.nameHint ?? undefined}
              aria-label={t('mapping.nameLabel')}
              onBlur={(e) => onMapping(nameField(mapping, path, f.path, e.target.value))}
              onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()}
              data-testid={`name-${path}`}
            />
          )}
          {template && src && path === f.path && <span className="bad-text small block">{t('mapping.nameMissing')}</span>}
          {isMissing && <span className="bad-text small block">{t('mapping.pleaseChoose')}</span>}
        </td>
        <td>
          {guess && (
            <button
              type="button"
              className="pill guess"
              title={t('mapping.guessHint')}
              onClick={() => onMapping(confirmField(mapping, path))}
              data-testid={`guess-${path}`}
            >
              {t('mapping.guess')}
            </button>
          )}
        </td>
        <td>
          <div className="samples">
            {kind === 'column' &&
              col &&
              (samples[sampleKey(col, lines)] ?? []).slice(0, 3).map((s, i) => (
                <span key={i} className="sample">
                  {s === '' ? t('mapping.empty') : s}
                </span>
              ))}
            {derive === 'sum' && <span className="muted small">{t('mapping.deriveHint')}</span>}
            {derive === 'price_x_qty' && <span className="muted small">{t('mapping.derivePriceQtyHint')}</span>}
          </div>
        </td>
      </tr>
    );
  };

  const rowsOf = (f: TargetField) => (isTemplate(f.path) ? [...instances(mapping, f.path, target.fields).map((p) => renderField(f, p)), renderField(f)] : [renderField(f)]);

  const filterVals = mapping.filter?.in ?? [];
  const filterOptions = [...new Set([...(samples[sampleKey(filterCol, false)] ?? []), ...filterVals])].filter((v) => v !== '');
  const onlyCompleted = !!completed && sameFilter(mapping.filter, completed);
  const customFilter = !!mapping.filter && !onlyCompleted;

  const platform = suggestion?.platform ?? null;
  const recognised = suggestion?.recognised ?? null;
  const platformLine = platform
    ? recognised?.id === platform.id
      ? t('mapping.platformRecognised', { label: platform.label })
      : t('mapping.platformChosen', { label: platform.label })
    : recognised
      ? t('mapping.platformGeneric')
      : t('mapping.platformNone');

  let leftOutLine: string | null = null;
  if (leftOut !== null) {
    if (onlyCompleted) leftOutLine = leftOut > 0 ? t('mapping.leftOutCount', { count: leftOut }) : t('mapping.leftOutNone');
    else if (customFilter) leftOutLine = t('mapping.leftOutCustom', { count: leftOut });
    else if (leftOut > 0) leftOutLine = t('mapping.notCompletedIncluded', { count: leftOut });
    if (leftOutLine && file.reading) leftOutLine += t('mapping.leftOutPartial');
  }

  return (
    <section className="stack">
      <div className="row spread">
        <h2>{t('mapping.title')}</h2>
        {suggestion?.fromTemplate && <span className="pill ok">{t('mapping.fromTemplate')}</span>}
      </div>

      <div className="card layout-line row spread wrap" data-testid="platform-line">
        <b data-testid="platform-text">{platformLine}</b>
        {suggestion && (
          <label className="row small">
            <span className="muted">{t('mapping.platformChoose')}</span>
            <select
              value={platform?.id ?? GENERIC}
              onChange={(e) => void suggest(e.target.value)}
              data-testid="platform-select"
              aria-label={t('mapping.platformChoose')}
            >
              {suggestion.choices.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
              <option value={GENERIC}>{t('mapping.platformGenericOption')}</option>
            </select>
          </label>
        )}
      </div>

      {file.needsItemReport && (
        <div className="card attention row spread wrap" data-testid="need-items">
          <span>{t('import.needItems')}</span>
          <button type="button" className="primary" onClick={addItems} data-testid="mapping-add-items">
            {t('import.addItemReport')}
          </button>
        </div>
      )}
      {file.lines && (
        <p className="muted small" data-testid="lines-from">
          {t('mapping.linesFrom', { name: baseName(file.lines.path) })}
        </p>
      )}

      <p className="muted">{t('mapping.intro')}</p>
      {groups.map((g) => (
        <p key={g.label} className="muted small" data-testid="any-of-intro">
          {t('mapping.anyOfIntro', { label: g.label })}
        </p>
      ))}
      {groupsMissing.map((g) => (
        <p key={g.label} className="card attention" data-testid="any-of-missing">
          {t('mapping.anyOfMissing', { label: g.label })}
        </p>
      ))}

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
            {headerFields.flatMap(rowsOf)}
            <tr className="group">
              <td colSpan={4}>{t('mapping.lineFields')}</td>
            </tr>
            {lineFields.flatMap(rowsOf)}
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
          {completed && (
            <label className="check">
              <input
                type="checkbox"
                checked={onlyCompleted}
                onChange={(e) => {
                  setFilterCol(e.target.checked ? completed.column : '');
                  onMapping(e.target.checked ? setFilter(mapping, completed.column, completed.in) : { ...mapping, filter: null });
                }}
                data-testid="only-completed"
              />
              {t('mapping.onlyCompleted', { values: completed.in.join('、') })}
            </label>
          )}
          {leftOutLine && (
            <span className="muted small" data-testid="left-out-count">
              {leftOutLine}
            </span>
          )}
          <details className="custom-filter" open={customFilter || !completed}>
            <summary>{t('mapping.customFilter')}</summary>
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
                      onClick={() => onMapping(setFilter(mapping, filterCol, on ? filterVals.filter((x) => x !== v) : [...filterVals, v]))}
                    >
                      {v}
                    </button>
                  );
                })}
              </div>
            )}
          </details>
        </div>
      </div>

      <div className="row spread next-bar">
        <button type="button" onClick={saveTemplate} data-testid="save-template">
          {t('mapping.saveTemplate')}
        </button>
        <div className="row">
          {unmapped.length > 0 && <span className="bad-text">{t('mapping.missingCount', { count: unmapped.length })}</span>}
          <button type="button" className="primary" disabled={working} onClick={checkOrAsk} data-testid="mapping-next">
            {working ? t('mapping.checking') : t('mapping.next')}
          </button>
        </div>
      </div>
    </section>
  );
}
