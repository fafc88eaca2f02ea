import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorText, type Connection, type Profile, type Target, type TargetId, type TestResult } from '../api';
import type { Shared } from '../App';

interface Props {
  target: TargetId | null;
  onTarget: (t: TargetId) => void;
  connection: Connection;
  onConnection: (c: Connection) => void;
  targets: Target[];
  onNext: () => void;
  shared: Shared;
}

const TARGET_IDS: TargetId[] = ['dmhub', 'mall2030'];
const emptyForm = (target: TargetId): Profile => ({ name: '', target, baseUrl: '', appId: '', appSystem: '' });

export function TargetScreen({ target, onTarget, connection, onConnection, onNext, shared }: Props) {
  const { t } = useTranslation();
  const [profiles, setProfiles] = useState<Profile[]>([]);
  const [adding, setAdding] = useState(false);
  const [form, setForm] = useState<Profile>(emptyForm(target ?? 'dmhub'));
  const [secret, setSecret] = useState('');
  const [tests, setTests] = useState<Record<string, TestResult | 'testing'>>({});

  const reload = () => api.listProfiles().then(setProfiles).catch(() => setProfiles([]));
  useEffect(() => {
    void reload();
  }, []);

  const mine = profiles.filter((p) => p.target === target);
  // The practice sandbox stays selected until the merchant has a real account for this target.
  useEffect(() => {
    if ('profile' in connection && !mine.some((p) => p.name === connection.profile)) onConnection({ practice: true });
  }, [target, profiles]); // eslint-disable-line react-hooks/exhaustive-deps

  const test = async (name: string): Promise<TestResult> => {
    setTests((s) => ({ ...s, [name]: 'testing' }));
    const r = await api.testProfile(name).catch((e): TestResult => ({ ok: false, message: errorText(e) }));
    setTests((s) => ({ ...s, [name]: r }));
    return r;
  };

  const save = async (andTest: boolean) => {
    if (!target) return;
    const p: Profile = { ...form, target, appSystem: target === 'mall2030' ? form.appSystem : undefined };
    try {
      await api.saveProfile(p, secret);
      await reload();
      setAdding(false);
      setSecret('');
      // An account whose test failed is saved but not chosen: the upload would only fail.
      const r = andTest ? await test(p.name) : null;
      if (r && !r.ok) {
        shared.notify({ kind: 'error', text: t('target.savedNotChosen', { name: p.name, message: r.message }) });
        return;
      }
      onConnection({ profile: p.name });
      shared.notify({ kind: 'ok', text: t('target.saved', { name: p.name }) });
    } catch (e) {
      shared.notify({ kind: 'error', text: errorText(e) });
    }
  };

  const remove = (name: string) =>
    shared.confirm({
      title: t('target.removeTitle'),
      body: t('target.removeBody', { name }),
      confirmLabel: t('target.remove'),
      danger: true,
      onConfirm: async () => {
        await api.removeProfile(name).catch((e) => shared.notify({ kind: 'error', text: errorText(e) }));
        await reload();
      },
    });

  const formOk = form.name.trim() && form.baseUrl.trim() && form.appId.trim() && secret && (target !== 'mall2030' || form.appSystem?.trim());

  return (
    <section className="stack">
      <h2>{t('target.title')}</h2>
      <div className="cards">
        {TARGET_IDS.map((id) => (
          <button
            key={id}
            type="button"
            className={`big-card ${target === id ? 'selected' : ''}`}
            onClick={() => onTarget(id)}
            aria-pressed={target === id}
            data-testid={`target-${id}`}
          >
            <span className="big-card-title">{t(`target.${id}.name`)}</span>
            <span className="muted">{t(`target.${id}.desc`)}</span>
          </button>
        ))}
      </div>

      {target && (
        <div className="card stack" data-testid="connections">
          <h3>{t('target.connection')}</h3>
          <label className="choice">
            <input
              type="radio"
              name="conn"
              checked={'practice' in connection}
              onChange={() => onConnection({ practice: true })}
              data-testid="conn-practice"
            />
            <span>
              <strong>{t('target.practice')}</strong>
              <span className="muted block">{t('target.practiceDesc')}</span>
            </span>
          </label>
          {mine.map((p) => {
            const r = tests[p.name];
            return (
              <div key={p.name} className="choice">
                <input
                  type="radio"
                  name="conn"
                  id={`conn-${p.name}`}
                  checked={'profile' in connection && connection.profile === p.name}
                  onChange={() => onConnection({ profile: p.name })}
                />
                <label htmlFor={`conn-${p.name}`} className="grow">
                  <strong>{p.name}</strong>
                  <span className="muted block small">{p.baseUrl}</span>
                </label>
                <button type="button" onClick={() => test(p.name)} disabled={r === 'testing'}>
                  {r === 'testing' ? t('target.testing') : t('target.test')}
                </button>
                <button type="button" className="link danger-text" onClick={() => remove(p.name)}>
                  {t('target.remove')}
                </button>
                {r && r !== 'testing' && (
                  <span className={`pill ${r.ok ? 'ok' : 'bad'} block-line`} data-testid="test-result">
                    {r.ok ? t('target.testOk', { message: r.message }) : t('target.testFail', { message: r.message })}
                  </span>
                )}
              </div>
            );
          })}

          {!adding ? (
            <div>
              <button type="button" onClick={() => { setForm(emptyForm(target)); setAdding(true); }} data-testid="add-profile">
                {t('target.addAccount')}
              </button>
            </div>
          ) : (
            <form className="form-grid" onSubmit={(e) => { e.preventDefault(); void save(false); }} data-testid="profile-form">
              <label className="field">
                <span>{t('target.form.name')}</span>
                <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} placeholder={t('target.form.namePh')} />
              </label>
              <p className="muted small full" data-testid="where-to-find">
                {t(`target.form.whereToFind_${target}`)}
              </p>
              <label className="field">
                <span>{t('target.form.baseUrl')}</span>
                <input value={form.baseUrl} onChange={(e) => setForm({ ...form, baseUrl: e.target.value })} placeholder="https://" />
              </label>
              <label className="field">
                <span>{t(`target.form.appId_${target}`)}</span>
                <input value={form.appId} onChange={(e) => setForm({ ...form, appId: e.target.value })} />
              </label>
              {target === 'mall2030' && (
                <label className="field">
                  <span>{t('target.form.appSystem')}</span>
                  <input value={form.appSystem ?? ''} onChange={(e) => setForm({ ...form, appSystem: e.target.value })} />
                </label>
              )}
              <label className="field">
                <span>{t(`target.form.secret_${target}`)}</span>
                <input type="password" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} />
                <span className="muted small">{t('target.form.secretHint')}</span>
              </label>
              <div className="row end full">
                <button type="button" onClick={() => setAdding(false)}>
                  {t('common.cancel')}
                </button>
                <button type="button" disabled={!formOk} onClick={() => save(true)}>
                  {t('target.saveAndTest')}
                </button>
                <button type="submit" className="primary" disabled={!formOk}>
                  {t('common.save')}
                </button>
              </div>
            </form>
          )}
        </div>
      )}

      <div className="row end">
        <button type="button" className="primary" disabled={!target} onClick={onNext} data-testid="target-next">
          {t('target.next')}
        </button>
      </div>
    </section>
  );
}
