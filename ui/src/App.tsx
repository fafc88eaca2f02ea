import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getCurrentWebview } from '@tauri-apps/api/webview';
import { api, errorCode, errorText, events, type Connection, type FileInfo, type FileProgress, type Mapping, type Suggestion, type Summary, type Target, type TargetId } from './api';
import { StepBar, type Step } from './components/StepBar';
import { ConfirmDialog, type ConfirmRequest } from './components/ConfirmDialog';
import { Notice, type NoticeMsg } from './components/Notice';
import { UpdateBar, UpdateToggle, useUpdates } from './components/UpdateBar';
import { ImportScreen } from './screens/ImportScreen';
import { TargetScreen } from './screens/TargetScreen';
import { MappingScreen } from './screens/MappingScreen';
import { PreviewScreen } from './screens/PreviewScreen';
import { UploadScreen } from './screens/UploadScreen';
import { CorrectionsScreen } from './screens/CorrectionsScreen';
import { pickSavePath, pickSpreadsheets } from './lib/dialogs';
import { forBackend } from './lib/mappingForm';
import { isModKey } from './lib/platform';
import type { Lang } from './i18n';

export interface Shared {
  notify: (msg: NoticeMsg | null) => void;
  confirm: (req: ConfirmRequest) => void;
}

export function App() {
  const { t, i18n } = useTranslation();
  const [step, setStep] = useState<Step>('import');
  const [file, setFile] = useState<FileInfo | null>(null);
  const [targets, setTargets] = useState<Target[]>([]);
  const [target, setTarget] = useState<TargetId | null>(null);
  const [connection, setConnection] = useState<Connection>({ practice: true });
  const [mapping, setMapping] = useState<Mapping | null>(null);
  const [suggestion, setSuggestion] = useState<Suggestion | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [notice, setNotice] = useState<NoticeMsg | null>(null);
  const [confirmReq, setConfirmReq] = useState<ConfirmRequest | null>(null);
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  /** How far the rest of a large file has been read; null once it is all in. */
  const [reading, setReading] = useState<FileProgress | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  /** The field the preview sent the merchant back to map (the mapping screen shows it). */
  const [fixField, setFixField] = useState<string | null>(null);

  const shared: Shared = { notify: setNotice, confirm: setConfirmReq };
  const updates = useUpdates();

  // The listeners below outlive renders: they read the current file and mapping here.
  const current = useRef<{ file: FileInfo | null; mapping: Mapping | null }>({ file: null, mapping: null });
  current.current = { file, mapping };

  const fileChanged = useCallback((info: FileInfo) => {
    setFile(info);
    setReadError(null);
    setReading(info.reading ? { fileId: info.fileId, rowsRead: 0, rows: info.dataRows + info.headerRow } : null);
  }, []);

  // A large file is read in the background: follow it, then check the whole of it.
  useEffect(() => {
    const unlisten = [
      events.onFileProgress((p) => {
        if (p.fileId === current.current.file?.fileId) setReading((r) => (r ? p : r));
      }),
      events.onFileLoaded((p) => {
        const { file: f, mapping: m } = current.current;
        if (p.fileId !== f?.fileId) return;
        setReading(null);
        setFile({ ...f, reading: false, dataRows: p.dataRows ?? f.dataRows });
        if (p.error) {
          setReadError(p.error);
          return;
        }
        if (m) api.validate(f.fileId, m).then(setSummary).catch((e) => setNotice({ kind: 'error', text: errorText(e) }));
      }),
    ];
    return () => unlisten.forEach((u) => void u.then((f) => f()).catch(() => {}));
  }, []);

  useEffect(() => {
    api.getSettings().then((s) => s?.lang && i18n.changeLanguage(s.lang)).catch(() => {});
    api.targets().then(setTargets).catch((e) => setNotice({ kind: 'error', text: errorText(e) }));
  }, []); // eslint-disable-line react-hooks/exhaustive-deps -- once, at start

  // Each screen starts at its top, whatever the last one was scrolled to (before the screen's
  // own effects, which may show one field); a notice was about the screen it was shown on.
  useLayoutEffect(() => {
    document.documentElement.scrollTop = 0;
  }, [step]);
  useEffect(() => setNotice(null), [step]);

  useEffect(() => {
    document.documentElement.lang = i18n.language === 'zh' ? 'zh-CN' : 'en';
    document.title = t('app.title');
  }, [i18n.language, t]);

  // Two files (an order report and its item report) may come together, in either order:
  // the Rust side tells which is which, and pairs a file with the other half open before it.
  const openPath = useCallback(
    async (path: string, linesPath?: string, then: Step = 'import') => {
      setBusy(true);
      setNotice(null);
      try {
        const info = await api.openFile(path, linesPath);
        fileChanged(info);
        setMapping(null);
        setSuggestion(null);
        setSummary(null);
        setStep(then);
      } catch (e) {
        // A file Excel or WPS holds open: the merchant closes it there and tries again.
        const retry = errorCode(e) === 'locked' ? { label: t('import.retry'), run: () => void openRef.current(path, linesPath, then) } : undefined;
        setNotice({ kind: 'error', text: errorText(e), action: retry });
      } finally {
        setBusy(false);
      }
    },
    [fileChanged, t],
  );

  const pickAndOpen = useCallback(async () => {
    const picked = await pickSpreadsheets(t('import.dialogTitle'), t('import.dialogFilter')).catch(() => []);
    if (picked.length > 0) await openPath(picked[0], picked[1]);
  }, [openPath, t]);

  // Files dropped anywhere on the window (the webview gives real paths).
  useEffect(() => {
    let un: (() => void) | undefined;
    try {
      getCurrentWebview()
        .onDragDropEvent((e) => {
          const p = e.payload;
          if (p.type === 'enter' || p.type === 'over') setDragging(true);
          else if (p.type === 'leave') setDragging(false);
          else if (p.type === 'drop') {
            setDragging(false);
            if (p.paths.length > 0) void openPath(p.paths[0], p.paths[1]);
          }
        })
        .then((f) => (un = f))
        .catch(() => {});
    } catch {
      /* not inside the app shell */
    }
    return () => un?.();
  }, [openPath]);

  // Files the system hands over (a double-click, 「打开方式」, a second launch of the app) are
  // opened exactly as a drop is. Listen first, then take the files the app was started with,
  // so that none falls between the two.
  const openRef = useRef(openPath);
  openRef.current = openPath;
  useEffect(() => {
    const handed = (paths: string[]) => {
      if (paths.length > 0) void openRef.current(paths[0], paths[1]);
    };
    const un = events.onOpenFile((p) => handed(p.paths));
    un.then(() => api.launchFiles())
      .then((paths) => handed(paths ?? []))
      .catch(() => {});
    return () => void un.then((f) => f()).catch(() => {});
  }, []);

  // Ctrl/Cmd+O opens a file from any screen.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isModKey(e) && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        setStep('import');
        void pickAndOpen();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [pickAndOpen]);

  const reachable = (s: Step) => {
    switch (s) {
      case 'import':
      case 'corrections':
        return true;
      case 'target':
        return !!file;
      case 'mapping':
        return !!file && !!target;
      case 'preview':
        return !!file && !!mapping && !!summary;
      case 'upload':
        return !!file && !!mapping && !!summary && !summary.partial;
    }
  };

  const exportDiagnostics = async () => {
    const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
    const path = await pickSavePath(t('diagnostics.dialogTitle'), t('diagnostics.fileName', { day }), t('diagnostics.filter'), ['zip']).catch(() => null);
    if (!path) return;
    try {
      await api.exportDiagnostics(path);
      setNotice({ kind: 'ok', text: t('diagnostics.saved', { path }) });
    } catch (e) {
      setNotice({ kind: 'error', text: errorText(e) });
    }
  };

  // The Rust side speaks the new language first; then the screen switches and asks again for
  // what it shows from there (field labels, problem counts; the preview grid re-fetches its pages).
  const setLang = async (lang: Lang) => {
    await api.setSettings(lang).catch(() => {});
    await i18n.changeLanguage(lang);
    setNotice(null);
    api.targets().then(setTargets).catch(() => {});
    const { file: f, mapping: m } = current.current;
    if (f && m && summary) api.validate(f.fileId, forBackend(m)).then(setSummary).catch(() => {});
  };

  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <span className="logo" aria-hidden>
            ⇪
          </span>
          <span>{t('app.title')}</span>
        </div>
        <StepBar step={step} reachable={reachable} onGo={setStep} />
        <button type="button" className="link header-action" title={t('diagnostics.hint')} onClick={() => void exportDiagnostics()} data-testid="export-diagnostics">
          {t('diagnostics.button')}
        </button>
        <UpdateToggle u={updates} />
        <div className="lang" role="group" aria-label={t('app.language')}>
          <button type="button" data-testid="lang-zh" className={i18n.language === 'zh' ? 'on' : ''} onClick={() => void setLang('zh')}>
            中文
          </button>
          <button type="button" data-testid="lang-en" className={i18n.language === 'en' ? 'on' : ''} onClick={() => void setLang('en')}>
            English
          </button>
        </div>
      </header>
      <UpdateBar u={updates} />
      <Notice msg={notice} onClose={() => setNotice(null)} />
      <main className="screen" data-testid={`screen-${step}`}>
        {step === 'import' && (
          <ImportScreen
            file={file}
            busy={busy}
            onPick={pickAndOpen}
            onOpenPath={openPath}
            onFileChanged={fileChanged}
            onNext={() => setStep('target')}
            shared={shared}
          />
        )}
        {step === 'target' && file && (
          <TargetScreen
            target={target}
            onTarget={(id) => {
              if (id !== target) {
                setMapping(null);
                setSuggestion(null);
              }
              setTarget(id);
            }}
            connection={connection}
            onConnection={setConnection}
            targets={targets}
            onNext={() => setStep('mapping')}
            shared={shared}
          />
        )}
        {step === 'mapping' && file && target && (
          <MappingScreen
            file={file}
            target={targets.find((x) => x.id === target) ?? null}
            targetId={target}
            mapping={mapping}
            suggestion={suggestion}
            onMapping={setMapping}
            onSuggestion={setSuggestion}
            onAddItems={(linesPath) => openPath(file.path, linesPath, 'mapping')}
            focusField={fixField}
            onValidated={(m, s) => {
              setMapping(m);
              setSummary(s);
              setFixField(null);
              setStep('preview');
            }}
            shared={shared}
          />
        )}
        {step === 'preview' && file && mapping && summary && (
          <PreviewScreen
            file={file}
            mapping={mapping}
            target={targets.find((x) => x.id === target) ?? null}
            summary={summary}
            reading={reading}
            readError={readError}
            onSummary={setSummary}
            onNext={() => setStep('upload')}
            onFixMapping={(field) => {
              setFixField(field);
              setStep('mapping');
            }}
            shared={shared}
          />
        )}
        {step === 'upload' && file && mapping && summary && (
          <UploadScreen file={file} mapping={mapping} summary={summary} connection={connection} shared={shared} />
        )}
        {step === 'corrections' && (
          <CorrectionsScreen target={target ?? 'dmhub'} connection={connection} shared={shared} />
        )}
      </main>
      {dragging && (
        <div className="drop-overlay" data-testid="drop-overlay">
          <div>{t('import.dropHere')}</div>
        </div>
      )}
      <ConfirmDialog req={confirmReq} onClose={() => setConfirmReq(null)} />
    </div>
  );
}
