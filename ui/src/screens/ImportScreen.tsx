import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../lib/time';
import { api, errorText, type FileInfo, type RecentFile } from '../api';
import type { Shared } from '../App';
import { pickSpreadsheet } from '../lib/dialogs';
import { shortcutLabel } from '../lib/platform';
import { formatCount } from '../lib/reading';

interface Props {
  file: FileInfo | null;
  busy: boolean;
  onPick: () => void;
  onOpenPath: (path: string, linesPath?: string) => Promise<void>;
  onFileChanged: (f: FileInfo) => void;
  onNext: () => void;
  shared: Shared;
}

const baseName = (p: string) => p.split(/[\\/]/).pop() ?? p;

export function ImportScreen({ file, busy, onPick, onOpenPath, onFileChanged, onNext, shared }: Props) {
  const { t, i18n } = useTranslation();
  const [recent, setRecent] = useState<RecentFile[]>([]);
  const [typedPath, setTypedPath] = useState('');

  useEffect(() => {
    api.recentFiles().then(setRecent).catch(() => setRecent([]));
  }, [file]);

  const choose = async (sheet: string, headerRow?: number) => {
    if (!file) return;
    try {
      onFileChanged(await api.chooseSheet(file.fileId, sheet, headerRow));
    } catch (e) {
      shared.notify({ kind: 'error', text: errorText(e) });
    }
  };

  const addItemFile = async () => {
    if (!file) return;
    const p = await pickSpreadsheet(t('import.itemDialogTitle'), t('import.dialogFilter')).catch(() => null);
    if (p) await onOpenPath(file.path, p);
  };

  // An item report alone: its order report, opened with it (the Rust side puts them in order).
  const addOrderReport = async () => {
    if (!file) return;
    const p = await pickSpreadsheet(t('import.orderDialogTitle'), t('import.dialogFilter')).catch(() => null);
    if (p) await onOpenPath(p, file.path);
  };

  return (
    <section className="stack">
      <div className={`dropzone ${file ? 'small' : ''}`} data-testid="dropzone">
        <div className="drop-icon" aria-hidden>
          ⤓
        </div>
        <p className="big">{t('import.dropTitle')}</p>
        <p className="muted">{t('import.dropHint')}</p>
        <div className="row center">
          <button type="button" className="primary" onClick={onPick} disabled={busy} data-testid="choose-file">
            {t('import.chooseFile')} <kbd>{shortcutLabel('o')}</kbd>
          </button>
        </div>
        <details className="typed-path">
          <summary>{t('import.typePath')}</summary>
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              if (typedPath.trim()) void onOpenPath(typedPath.trim());
            }}
          >
            <input
              data-testid="path-input"
              value={typedPath}
              onChange={(e) => setTypedPath(e.target.value)}
              placeholder={t('import.pathPlaceholder')}
              aria-label={t('import.typePath')}
            />
            <button type="submit" data-testid="path-open" disabled={busy}>
              {t('import.open')}
            </button>
          </form>
        </details>
      </div>

      {busy && <p className="muted" data-testid="opening">{t('import.opening')}</p>}

      {!file && recent.length > 0 && (
        <div className="card">
          <h3>{t('import.recent')}</h3>
          <ul className="plain-list">
            {recent.map((r) => (
              <li key={r.path}>
                <button type="button" className="link" onClick={() => onOpenPath(r.path)} title={r.path}>
                  {baseName(r.path)}
                </button>
                <span className="muted small"> · {formatTime(r.openedAt, i18n.language)}</span>
              </li>
            ))}
          </ul>
        </div>
      )}

      {file && (
        <div className="card stack" data-testid="file-info">
          <div className="row spread">
            <div>
              <h3>{baseName(file.path)}</h3>
              <p className="muted">
                {t(file.reading ? 'import.summaryReading' : 'import.summary', { rows: formatCount(file.dataRows), columns: file.columns.length })}
              </p>
            </div>
            {!file.needsItemReport && !file.itemReport && (
              <button type="button" onClick={addItemFile} title={t('import.itemFileHint')} data-testid="add-item-file">
                {file.lines ? t('import.changeItemFile') : t('import.addItemFile')}
              </button>
            )}
          </div>

          {file.platform && (
            <p data-testid="import-platform">
              <b>{t('import.platform', { label: file.platform.label })}</b>
            </p>
          )}
          {file.lines && (
            <p className="muted" data-testid="import-lines">
              {t('import.linesFile', { name: baseName(file.lines.path), rows: formatCount(file.lines.dataRows) })}
            </p>
          )}
          {file.needsItemReport && (
            <div className="card attention row spread wrap" data-testid="need-items">
              <span>{t('import.needItems')}</span>
              <button type="button" className="primary" onClick={addItemFile} disabled={busy} data-testid="add-item-report">
                {t('import.addItemReport')}
              </button>
            </div>
          )}
          {file.itemReport && (
            <div className="card attention row spread wrap" data-testid="item-report-alone">
              <span>{t('import.itemReportAlone')}</span>
              <button type="button" className="primary" onClick={addOrderReport} disabled={busy} data-testid="add-order-report">
                {t('import.chooseOrderReport')}
              </button>
            </div>
          )}

          {file.sheets.length > 1 && (
            <label className="field">
              <span>{t('import.sheet')}</span>
              <select value={file.sheet} onChange={(e) => choose(e.target.value)} data-testid="sheet-select">
                {file.sheets.map((s) => (
                  <option key={s.name} value={s.name}>
                    {t('import.sheetOption', { name: s.name, rows: s.rows })}
                  </option>
                ))}
              </select>
            </label>
          )}

          <div>
            <h4>{t('import.headerTitle', { row: file.headerRow })}</h4>
            <p className="muted small">{t('import.headerHint')}</p>
            <div className="head-table-wrap">
              <table className="head-table" data-testid="head-table">
                <tbody>
                  {file.head.map((cells, i) => {
                    const rowNo = i + 1;
                    const isHeader = rowNo === file.headerRow;
                    return (
                      <tr
                        key={i}
                        className={isHeader ? 'header-row' : rowNo < file.headerRow ? 'above' : ''}
                        onClick={() => !isHeader && choose(file.sheet, rowNo)}
                        title={isHeader ? t('import.thisIsHeader') : t('import.useAsHeader')}
                      >
                        <th className="rownum">{rowNo}</th>
                        {cells.map((c, j) => (
                          <td key={j}>{c}</td>
                        ))}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </div>

          <div className="row end">
            <button type="button" className={file.itemReport || file.needsItemReport ? '' : 'primary'} onClick={onNext} data-testid="import-next">
              {t('import.next')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
