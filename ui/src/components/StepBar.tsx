import { useTranslation } from 'react-i18next';

export const STEPS = ['import', 'target', 'mapping', 'preview', 'upload', 'corrections'] as const;
export type Step = (typeof STEPS)[number];

export function StepBar({ step, reachable, onGo }: { step: Step; reachable: (s: Step) => boolean; onGo: (s: Step) => void }) {
  const { t } = useTranslation();
  const current = STEPS.indexOf(step);
  return (
    <nav className="stepbar" aria-label={t('steps.aria')}>
      {STEPS.map((s, i) => (
        <button
          key={s}
          type="button"
          data-testid={`step-${s}`}
          className={`step ${i === current ? 'current' : ''} ${i < current ? 'done' : ''}`}
          disabled={!reachable(s)}
          aria-current={i === current ? 'step' : undefined}
          onClick={() => onGo(s)}
        >
          <span className="step-num">{i + 1}</span>
          <span className="step-label">{t(`steps.${s}`)}</span>
        </button>
      ))}
    </nav>
  );
}
