import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AgGridReact } from 'ag-grid-react';
import {
  CellStyleModule,
  InfiniteRowModelModule,
  LocaleModule,
  ModuleRegistry,
  RowApiModule,
  RowSelectionModule,
  RowStyleModule,
  ScrollApiModule,
  TextEditorModule,
  TooltipModule,
  themeQuartz,
  type CellFocusedEvent,
  type CellValueChangedEvent,
  type ColDef,
  type GridApi,
  type IDatasource,
} from 'ag-grid-community';
import { api, errorText, type CellIssue, type EditResult, type Exclusions, type FileInfo, type FileProgress, type GridRow, type Mapping, type Summary, type Target } from '../api';
import type { Shared } from '../App';
import { ProgressTrack } from '../components/ProgressBar';
import { QuickFixes } from '../components/QuickFixes';
import { pickSavePath } from '../lib/dialogs';
import { issuesAt, needsMapping, orderNumberColumn, problemColumn, rowLevelIssues, worst } from '../lib/grid';
import { forBackend, missingRequired } from '../lib/mappingForm';
import { isModKey, shortcutLabel } from '../lib/platform';
import { formatCount, readingPercent } from '../lib/reading';
import { quotedList } from '../lib/words';

ModuleRegistry.registerModules([
  InfiniteRowModelModule,
  LocaleModule,
  TextEditorModule,
  TooltipModule,
  CellStyleModule,
  RowStyleModule,
  // Jumping to a problem: scroll to its row and cell, read the row shown there.
  ScrollApiModule,
  RowApiModule,
  // Ticking orders to leave them out of the upload.
  RowSelectionModule,
]);

const PAGE = 100;
const theme = themeQuartz.withParams({ fontFamily: 'inherit', headerFontWeight: 600, accentColor: '#2f6fed' });

interface Props {
  file: FileInfo;
  /** The mapping checked: which column is the order number, which fields it leaves out. */
  mapping: Mapping;
  target: Target | null;
  summary: Summary;
  /** Progress of the rest of a large file, while `summary.partial`. */
  reading: FileProgress | null;
  readError: string | null;
  onSummary: (s: Summary) => void;
  onNext: () => void;
  /** Back to 对应字段, at `field` when the problem is about one. */
  onFixMapping: (field: string | null) => void;
  shared: Shared;
}

const baseName = (p: string) => p.split(/[\\/]/).pop() ?? p;

export function PreviewScreen({ file, mapping, target, summary, reading, readError, onSummary, onNext, onFixMapping, shared }: Props) {
  const { t, i18n } = useTranslation();
  const gridApi = useRef<GridApi<GridRow> | null>(null);
  const [onlyProblems, setOnlyProblems] = useState(false);
  const [code, setCode] = useState<string | undefined>(undefined);
  const [shown, setShown] = useState<number | null>(null);
  /** The row whose problems the detail panel shows (the focused cell's row). */
  const [selected, setSelected] = useState<GridRow | null>(null);
  /** Set when the filter changes: the first page then puts the cursor on its first problem. */
  const jump = useRef(false);
  /** Rows of the orders left out on purpose (「不上传」), and the rows ticked in the grid. */
  const excludedRows = useRef(new Set<number>());
  const [picked, setPicked] = useState<number[]>([]);
  const ncols = file.columns.length;
  /** The mapping as the Rust side checked it (blank fixed values left out). */
  const checked = useMemo(() => forBackend(mapping), [mapping]);
  const keyCol = orderNumberColumn(checked, file.columns, target?.key);
  const unmapped = target ? missingRequired(checked, target.fields) : [];

  // The grid is made again in the new language: its rows (and their messages) come anew.
  useEffect(() => setSelected(null), [i18n.language]);

  // The whole file has been checked in place of its first rows: show its pages (a cell
  // being typed in is saved first, into the whole file's session).
  useEffect(() => {
    if (summary.partial) return;
    gridApi.current?.stopEditing();
    gridApi.current?.purgeInfiniteCache();
  }, [summary.partial]);

  // A problem type that has been fixed everywhere leaves the list: stop filtering on it.
  useEffect(() => {
    if (code && !summary.counts.some((c) => c.code === code)) setCode(undefined);
  }, [summary, code]);

  /** Put the cursor on the problem of the row at grid index `at`: its cell (scrolled into
   * view beside the pinned order number), or the row number when the problem has no cell. */
  const goTo = (at: number, row: GridRow) => {
    const g = gridApi.current;
    if (!g) return;
    const col = problemColumn(row, ncols, code);
    const colId = col === null ? '__row' : `c${col}`;
    g.ensureIndexVisible(at, 'top');
    g.ensureColumnVisible(colId, 'auto');
    g.setFocusedCell(at, colId);
    setSelected(row);
    // On a small screen the panel and the grid may be below the chips just clicked.
    document.querySelector('[data-testid="row-problems"]')?.scrollIntoView?.({ block: 'start' });
  };

  const filterBy = (next: { only?: boolean; code?: string }) => {
    jump.current = !!(next.only || next.code);
    setOnlyProblems(!!next.only);
    setCode(next.code);
  };

  const datasource = useMemo<IDatasource>(
    () => ({
      getRows: (p) => {
        api
          .gridPage(file.fileId, p.startRow, p.endRow - p.startRow, onlyProblems || !!code, code)
          .then((page) => {
            setShown(page.total);
            p.successCallback(page.rows, page.total);
            if (jump.current && p.startRow === 0) {
              jump.current = false;
              if (page.rows[0]) goTo(0, page.rows[0]);
            }
          })
          .catch((e) => {
            p.failCallback();
            shared.notify({ kind: 'error', text: errorText(e) });
          });
      },
    }),
    [file.fileId, onlyProblems, code], // eslint-disable-line react-hooks/exhaustive-deps
  );

  const columnDefs = useMemo<ColDef<GridRow>[]>(() => {
    const n = file.columns.length;
    const rowCol: ColDef<GridRow> = {
      headerName: t('preview.rowNo'),
      colId: '__row',
      valueGetter: (p) => p.data?.sheetRow,
      // A row the filter leaves out says so where the eye starts: beside its row number.
      cellRenderer: (p: { data?: GridRow; value?: number }) => {
        if (p.data?.leftOut)
          return (
            <span data-testid={`left-out-${p.data.index}`}>
              {p.value} <span className="pill left-out-tag">{t('preview.leftOutTag')}</span>
            </span>
          );
        // An order left out on purpose says so in the same place.
        if (p.data && excludedRows.current.has(p.data.index))
          return (
            <span data-testid={`excluded-${p.data.index}`}>
              {p.value} <span className="pill excluded-tag">{t('quick.tag')}</span>
            </span>
          );
        // A problem of the whole order has no cell: the row number says so.
        const whole = worst(rowLevelIssues(p.data, n));
        return whole && p.data ? (
          <span data-testid={`row-problem-${p.data.index}`}>
            {p.value} <span className={`pill row-issue-tag ${whole}`}>{t('preview.wholeOrderTag')}</span>
          </span>
        ) : (
          p.value ?? ''
        );
      },
      width: 130,
      pinned: 'left',
      editable: false,
      cellClassRules: {
        'cell-error': (p) => rowLevelIssues(p.data, n).some((i) => i.severity === 'error'),
        'cell-warning': (p) => rowLevelIssues(p.data, n).some((i) => i.severity === 'warning'),
      },
      tooltipValueGetter: (p) =>
        [p.data?.leftOut ? t('preview.leftOutHint') : '', ...rowLevelIssues(p.data, n).map((i) => i.message)].filter(Boolean).join('\n') || undefined,
    };
    return [
      rowCol,
      ...file.columns.map<ColDef<GridRow>>((name, i) => ({
        headerName: name,
        colId: `c${i}`,
        editable: true,
        minWidth: 110,
        // The order number stays in sight while the grid scrolls to a problem cell.
        pinned: i === keyCol ? 'left' : undefined,
        valueGetter: (p) => p.data?.cells[i] ?? '',
        valueSetter: (p) => {
          if (!p.data) return false;
          p.data.cells[i] = p.newValue == null ? '' : String(p.newValue);
          return true;
        },
        cellClassRules: {
          'cell-error': (p) => issuesAt(p.data, i).some((x) => x.severity === 'error'),
          'cell-warning': (p) => issuesAt(p.data, i).some((x) => x.severity === 'warning') && !issuesAt(p.data, i).some((x) => x.severity === 'error'),
        },
        tooltipValueGetter: (p) => issuesAt(p.data, i).map((x) => x.message).join('\n') || (p.data?.leftOut ? t('preview.leftOutHint') : undefined),
      })),
    ];
  }, [file.columns, keyCol, t]);

  const applyResult = useCallback(
    (r: EditResult) => {
      onSummary(r.summary);
      const g = gridApi.current;
      if (!g) return;
      for (const row of r.rows) g.getRowNode(String(row.index))?.setData(row);
      setSelected((sel) => (sel && r.rows.find((row) => row.index === sel.index)) || sel);
      // Redrawn whole (their problem marks too): refreshCells needs a grid module not loaded here.
      g.redrawRows();
      g.refreshInfiniteCache();
      // A failed edit's message is no longer true once an edit went through.
      shared.notify(null);
    },
    [onSummary, shared],
  );

  /** The orders left out changed: mark their rows, count them. */
  const showExclusions = useCallback(
    (x: Exclusions) => {
      excludedRows.current = new Set(x.rows);
      onSummary(x.summary);
      gridApi.current?.redrawRows();
    },
    [onSummary],
  );

  const onCellFocused = (e: CellFocusedEvent<GridRow>) => {
    if (e.rowIndex === null || e.rowIndex === undefined) return;
    const row = gridApi.current?.getDisplayedRowAtIndex(e.rowIndex)?.data;
    if (row) setSelected(row);
  };

  const onCellValueChanged = async (e: CellValueChangedEvent<GridRow>) => {
    if (!e.data || e.oldValue === e.newValue) return;
    const col = Number((e.column.getColId() ?? '').slice(1));
    try {
      applyResult(await api.editCell(file.fileId, e.data.index, col, String(e.newValue ?? '')));
    } catch (err) {
      shared.notify({ kind: 'error', text: errorText(err) });
      gridApi.current?.refreshInfiniteCache();
    }
  };

  const undo = useCallback(async () => {
    try {
      applyResult(await api.undoEdit(file.fileId));
    } catch (err) {
      shared.notify({ kind: 'error', text: errorText(err) });
    }
  }, [applyResult, file.fileId, shared]);

  const exportTo = useCallback(
    async (kind: 'problems' | 'corrected') => {
      if (summary.partial) return;
      const base = (file.path.split(/[\\/]/).pop() ?? 'orders').replace(/\.[^.]+$/, '');
      const path = await pickSavePath(t(`preview.export_${kind}`), `${base}-${t(`preview.suffix_${kind}`)}.xlsx`, t('preview.xlsxFilter')).catch(
        () => null,
      );
      if (!path) return;
      try {
        if (kind === 'problems') await api.exportProblems(file.fileId, path);
        else await api.exportCorrected(file.fileId, path);
        shared.notify({ kind: 'ok', text: t('preview.exported', { path }) });
      } catch (err) {
        shared.notify({ kind: 'error', text: errorText(err) });
      }
    },
    [file.fileId, file.path, shared, summary.partial, t],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isModKey(e)) return;
      const target = e.target as HTMLElement | null;
      const typing = target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA');
      if (e.key.toLowerCase() === 'z' && !e.shiftKey && !typing) {
        e.preventDefault();
        void undo();
      } else if (e.key.toLowerCase() === 's') {
        e.preventDefault();
        void exportTo('corrected');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, exportTo]);

  const invalid = summary.heldBack;
  const waitHint = summary.partial ? t('preview.waitForReading') : undefined;

  return (
    <section className="stack preview">
      {summary.partial && !readError && (
        <div className="card reading" data-testid="reading-banner">
          {file.reading ? (
            <>
              <p>
                {t('preview.reading', {
                  read: formatCount(reading?.rowsRead ?? 0),
                  rows: formatCount(reading?.rows ?? file.dataRows),
                  percent: readingPercent(reading),
                  shown: formatCount(summary.lines),
                })}
              </p>
              <ProgressTrack percent={readingPercent(reading)} />
            </>
          ) : (
            // Read whole before the mapping was set: the whole file is being checked.
            <p>{t('preview.checking', { rows: formatCount(file.dataRows), shown: formatCount(summary.lines) })}</p>
          )}
        </div>
      )}
      {readError && (
        <p className="bad-text" data-testid="reading-failed">
          {t('preview.readingFailed', { error: readError })}
        </p>
      )}
      <div className="row spread wrap">
        <div className="stats" data-testid="summary">
          <span className="stat">
            <b data-testid="stat-orders">{summary.orders}</b> {t('preview.orders')}
          </span>
          <span className="stat ok-text">
            <b data-testid="stat-valid">{summary.toUpload}</b> {t('preview.validOrders')}
          </span>
          <span className={`stat ${invalid ? 'bad-text' : ''}`}>
            <b data-testid="stat-invalid">{invalid}</b> {t('preview.invalidOrders')}
          </span>
          <span className="stat muted">
            {t('preview.issues', { errors: summary.errors, warnings: summary.warnings })}
          </span>
          {file.lines && (
            <span className="stat muted" title={baseName(file.lines.path)}>
              <b data-testid="stat-lines">{summary.lines}</b> {t('preview.lines')}
            </span>
          )}
          {summary.leftOut > 0 && (
            <span className="stat muted" title={t('preview.leftOutHint')}>
              <b data-testid="stat-left-out">{summary.leftOut}</b> {t('preview.leftOut')}
            </span>
          )}
          {summary.excluded > 0 && (
            <span className="stat excluded-text" title={t('quick.excludedHint')}>
              <b data-testid="stat-excluded">{summary.excluded}</b> {t('quick.stat')}
            </span>
          )}
        </div>
        <div className="row">
          <button type="button" onClick={() => undo()} title={shortcutLabel('z')} data-testid="undo">
            {t('preview.undo')} <kbd>{shortcutLabel('z')}</kbd>
          </button>
          <button type="button" onClick={() => exportTo('problems')} disabled={summary.partial} title={waitHint} data-testid="export-problems">
            {t('preview.export_problems')}
          </button>
          <button type="button" onClick={() => exportTo('corrected')} disabled={summary.partial} title={waitHint} data-testid="export-corrected">
            {t('preview.export_corrected')} <kbd>{shortcutLabel('s')}</kbd>
          </button>
        </div>
      </div>

      <div className="row wrap problem-chips" data-testid="problem-counts">
        {summary.counts.length === 0 && <span className="pill ok">{t('preview.noProblems')}</span>}
        {summary.counts.map((c) => (
          <button
            key={c.code}
            type="button"
            className={`chip ${c.severity} ${code === c.code ? 'on' : ''}`}
            aria-pressed={code === c.code}
            onClick={() => filterBy(code === c.code ? { only: onlyProblems } : { code: c.code })}
            data-testid={`count-${c.code}`}
            title={t('preview.filterByProblem')}
          >
            {c.label} <b>{c.count}</b>
          </button>
        ))}
        <label className="check">
          <input type="checkbox" checked={onlyProblems || !!code} onChange={(e) => filterBy({ only: e.target.checked })} data-testid="only-problems" />
          {t('preview.onlyProblems')}
        </label>
        {shown !== null && <span className="muted small">{t('preview.showing', { count: shown })}</span>}
      </div>

      {unmapped.length > 0 && (
        <div className="card attention row spread" data-testid="unmapped-banner">
          <span>{t('preview.unmapped', { fields: quotedList(t, i18n.language, unmapped.map((f) => f.label)) })}</span>
          <button type="button" onClick={() => onFixMapping(unmapped[0].path)} data-testid="unmapped-fix">
            {t('preview.toMapping')}
          </button>
        </div>
      )}

      {summary.leftOut > 0 && (
        <p className="muted small" data-testid="left-out-hint">
          {t('preview.leftOutRowsHint')}
        </p>
      )}

      <QuickFixes fileId={file.fileId} summary={summary} picked={picked} onResult={applyResult} onExclusions={showExclusions} onFixMapping={onFixMapping} shared={shared} />

      <RowProblems row={selected} file={file} mapping={checked} onFixMapping={onFixMapping} />

      <div className="grid-wrap" data-testid="preview-grid">
        <AgGridReact<GridRow>
          key={i18n.language}
          theme={theme}
          rowModelType="infinite"
          datasource={datasource}
          cacheBlockSize={PAGE}
          maxBlocksInCache={20}
          columnDefs={columnDefs}
          defaultColDef={{ resizable: true, sortable: false }}
          getRowId={(p) => String(p.data.index)}
          rowSelection={{ mode: 'multiRow', checkboxes: true, headerCheckbox: false, enableClickSelection: false }}
          selectionColumnDef={{ pinned: 'left', width: 44 }}
          onSelectionChanged={(e) => setPicked(e.api.getSelectedRows().map((r) => r.index))}
          rowClassRules={{
            'row-excluded': (p) => !!p.data && excludedRows.current.has(p.data.index),
            'row-left-out': (p) => !!p.data?.leftOut,
            // A problem of the whole order tints its row: no cell of it is marked.
            'row-problem-error': (p) => worst(rowLevelIssues(p.data, ncols)) === 'error',
            'row-problem-warning': (p) => worst(rowLevelIssues(p.data, ncols)) === 'warning',
          }}
          onGridReady={(e) => (gridApi.current = e.api)}
          onCellValueChanged={onCellValueChanged}
          onCellFocused={onCellFocused}
          tooltipShowDelay={150}
          stopEditingWhenCellsLoseFocus
          localeText={{ loadingOoo: t('preview.loading'), noRowsToShow: t('preview.noRows') }}
        />
      </div>

      <div className="row end next-bar">
        <span className="muted">{t('preview.nextHint', { count: summary.toUpload })}</span>
        <button type="button" className="primary" onClick={onNext} disabled={summary.partial} title={waitHint} data-testid="preview-next">
          {t('preview.next')}
        </button>
      </div>
    </section>
  );
}

/** The problems of one row, each with where it is and, when only the mapping can fix it, the
 * way back to 对应字段. */
function RowProblems({ row, file, mapping, onFixMapping }: { row: GridRow | null; file: FileInfo; mapping: Mapping; onFixMapping: (field: string | null) => void }) {
  const { t } = useTranslation();
  const where = (i: CellIssue) => (i.column !== null && i.column < file.columns.length ? t('preview.inColumn', { column: file.columns[i.column] }) : t('preview.wholeOrder'));
  return (
    <div className="card row-problems" data-testid="row-problems" aria-live="polite">
      {!row ? (
        <span className="muted small">{t('preview.editHint')}</span>
      ) : (
        <>
          <b>{t('preview.detailTitle', { row: row.sheetRow })}</b>
          {row.issues.length === 0 && <span className="muted small"> {t('preview.detailNone')}</span>}
          <ul className="plain-list">
            {row.issues.map((i, n) => (
              <li key={n} className={`problem ${i.severity}`} data-testid={`row-problem-item-${i.code}`}>
                <span className={`pill ${i.severity === 'error' ? 'bad' : 'warn'}`}>{where(i)}</span> {i.message}
                {needsMapping(i, mapping) && (
                  <button type="button" className="link fix-mapping" onClick={() => onFixMapping(i.field)} data-testid={`fix-mapping-${i.code}`}>
                    {t('preview.toMapping')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
