import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Connection, type Profile, type TargetId } from '../api';

export function ConnectionPicker({ target, value, onChange, label }: { target: TargetId; value: Connection; onChange: (c: Connection) => void; label: string }) {
  const { t } = useTranslation();
  const [profiles, setProfiles] = useState<Profile[]>([]);
  useEffect(() => {
    api.listProfiles().then(setProfiles).catch(() => setProfiles([]));
  }, []);
  const mine = profiles.filter((p) => p.target === target);
  const v = 'practice' in value ? '' : value.profile;
  return (
    <label className="field inline">
      <span>{label}</span>
      <select value={v} onChange={(e) => onChange(e.target.value ? { profile: e.target.value } : { practice: true })} data-testid="conn-select">
        <option value="">{t('target.practice')}</option>
        {mine.map((p) => (
          <option key={p.name} value={p.name}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}
