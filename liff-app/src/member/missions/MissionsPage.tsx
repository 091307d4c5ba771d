import './missions.css';
import { useTranslation } from 'react-i18next';
import type { TMemberMission } from '../../../../shared/api/missions.ts';
import { useConfig } from '../../api/query.ts';
import { EmptyState, ErrorState, LoadingBlock, Skeleton } from '../../components/ui.tsx';
import { addStrings, useLanguage } from '../../i18n/index.ts';
import { formatDay } from '../../lib/dates.ts';
import { useJoinMission, useMyMissions } from './api.ts';
import { missionStrings } from './strings.ts';

addStrings(missionStrings);

const slashDate = (day: string) => day.replaceAll('-', '/');

/** /app/missions — 闖關任務: open missions with each step's progress, and completed ones with what they earned; the CTA target of the mission notifications. */
export function MissionsPage() {
  const { t } = useTranslation();
  const missions = useMyMissions();
  if (missions.isPending)
    return (
      <LoadingBlock>
        <div className="stack">
          <Skeleton height={36} width={160} />
          <Skeleton height={200} radius={18} />
          <Skeleton height={200} radius={18} />
        </div>
      </LoadingBlock>
    );
  if (missions.isError) return <ErrorState error={missions.error} title={t('missions.loadFailed')} onRetry={() => void missions.refetch()} />;
  const open = missions.data.items.filter((m) => m.state !== 'completed');
  const done = missions.data.items.filter((m) => m.state === 'completed');
  return (
    <div className="stack missions">
      <h1 className="page-title">{t('missions.title')}</h1>
      {missions.data.items.length === 0 ? (
        <EmptyState icon="gift" title={t('missions.emptyTitle')} body={t('missions.emptyBody')} />
      ) : (
        <>
          <p className="missions__intro">{t('missions.intro')}</p>
          {open.length > 0 ? (
            <section aria-labelledby="missions-open" className="stack">
              <h2 id="missions-open" className="section-title">
                {t('missions.open')}
              </h2>
              <ul className="missions__list">
                {open.map((m) => (
                  <MissionCard key={m.id} mission={m} />
                ))}
              </ul>
            </section>
          ) : null}
          {done.length > 0 ? (
            <section aria-labelledby="missions-done" className="stack">
              <h2 id="missions-done" className="section-title">
                {t('missions.done')}
              </h2>
              <ul className="missions__list">
                {done.map((m) => (
                  <MissionCard key={m.id} mission={m} />
                ))}
              </ul>
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}

function MissionCard({ mission: m }: { mission: TMemberMission }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { data: config } = useConfig();
  const join = useJoinMission();
  const tz = config?.timezone ?? 'Asia/Taipei';
  const nf = new Intl.NumberFormat(lang);
  const completed = m.state === 'completed';
  return (
    <li className="card mission-card" data-testid={`mission-${m.id}`}>
      <div className="mission-card__head">
        <h3 className="mission-card__name">{m.name}</h3>
        <span className={`mission-card__badge ${completed ? 'mission-card__badge--completed' : ''}`}>{t(`missions.${m.state}`)}</span>
      </div>
      {m.description ? <p className="mission-card__desc">{m.description}</p> : null}
      <p className="mission-card__meta">
        <span className="mission-card__reward">{t('missions.reward', { reward: m.reward })}</span>
        <span>{completed ? t('missions.period', { from: slashDate(m.startsOn), to: slashDate(m.endsOn) }) : t('missions.deadline', { date: slashDate(m.endsOn) })}</span>
        {m.order === 'sequence' ? <span>{t('missions.inOrder')}</span> : null}
        {m.needed < m.steps.length ? <span>{t('missions.needed', { count: m.needed })}</span> : null}
        {m.repeat > 1 ? <span>{t('missions.times', { done: m.completions, max: m.repeat })}</span> : null}
      </p>
      {!completed ? (
        <>
          <p className="mission-card__remaining" data-testid="mission-remaining">
            {m.remaining > 0 ? t('missions.remaining', { count: m.remaining }) : t('missions.allDone')}
          </p>
          <ol className="mission-steps">
            {m.steps.map((s, i) => {
              const pct = s.target > 0 ? Math.round((Math.min(s.value, s.target) / s.target) * 100) : 0;
              const label = s.money ? t('missions.stepMoney', { value: nf.format(s.value), target: nf.format(s.target) }) : t('missions.stepOf', { value: s.value, target: s.target });
              return (
                <li key={i} className="mission-step">
                  <div className="mission-step__row">
                    <span className="mission-step__label">
                      {i + 1}. {s.label}
                    </span>
                    <span className={`mission-step__value ${s.done ? 'mission-step__value--done' : ''}`}>{s.done ? t('missions.stepDone') : label}</span>
                  </div>
                  <div className="mission-step__bar" role="progressbar" aria-label={s.label} aria-valuemin={0} aria-valuemax={s.target} aria-valuenow={Math.min(s.value, s.target)} aria-valuetext={s.done ? t('missions.stepDone') : label}>
                    <div className={`mission-step__fill ${s.done ? 'mission-step__fill--done' : ''}`} style={{ width: `${s.done ? 100 : pct}%` }} />
                  </div>
                </li>
              );
            })}
          </ol>
          {m.state === 'joinable' ? (
            <>
              <p className="mission-card__desc">{t('missions.autoCount')}</p>
              <button type="button" className="btn btn--primary btn--block" disabled={join.isPending} onClick={() => join.mutate(m.id)}>
                {join.isPending ? t('missions.joining') : t('missions.join')}
              </button>
            </>
          ) : null}
        </>
      ) : null}
      {m.earned.length > 0 ? (
        <ul className="mission-card__earned">
          {m.earned.map((e, i) => {
            const date = formatDay(e.at, tz, lang);
            return <li key={i}>{e.status === 'granted' ? t('missions.earned', { date, reward: e.reward }) : e.status === 'skipped' ? t('missions.skipped', { date }) : t('missions.clawedBack', { date, reward: e.reward })}</li>;
          })}
        </ul>
      ) : null}
    </li>
  );
}
