import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TConsoleTiers, TSaveTiersRequest, TTierPreview } from '../../../../shared/api/tiers.ts';
import { errorMessage } from '../../api/client.ts';
import { ErrorState, Notice, Skeleton } from '../../components/ui.tsx';
import { PageHeader } from '../shared.tsx';
import { useConsoleTiers, useSaveTiers, useTierPreview } from './api.ts';

type Draft = TSaveTiersRequest;
type TierDraft = Draft['tiers'][number];
const num = (v: string) => (v === '' ? 0 : Number(v));
const giftId = (g: TierDraft['upgradeGift']) => (g && 'templateId' in g ? String(g.templateId) : '');
const toGift = (v: string) => (v.trim() === '' ? null : { templateId: Number(v) });

function toDraft(d: TConsoleTiers): Draft {
  const tiers = d.tiers.length
    ? d.tiers.map((t) => ({ id: t.id, name: t.name, nameEn: t.nameEn, color: t.color, threshold: t.threshold, retainAt: t.retainAt, multiplier: t.multiplier, upgradeGift: t.upgradeGift, birthdayGift: t.birthdayGift, benefits: t.benefits, benefitsEn: t.benefitsEn }))
    : [
        { name: '一般', nameEn: 'Member', color: '#6B7280', threshold: 0, retainAt: 0, multiplier: 1, benefits: '' },
        { name: '銀卡', nameEn: 'Silver', color: '#64748B', threshold: 5000, retainAt: 4000, multiplier: 1.5, benefits: '' },
        { name: '金卡', nameEn: 'Gold', color: '#8D711B', threshold: 15000, retainAt: 12000, multiplier: 2, benefits: '' },
      ];
  return { program: d.program, tiers };
}

/** /console/tiers — the tier editor, members per tier and what an evaluation today would do. */
export function TiersPage() {
  const { t } = useTranslation();
  const query = useConsoleTiers();
  const preview = useTierPreview();
  const save = useSaveTiers();
  const [draft, setDraft] = useState<Draft | null>(null);
  useEffect(() => {
    if (query.data && !draft) setDraft(toDraft(query.data));
  }, [query.data, draft]);
  if (query.isError) return <ErrorState error={query.error} title={t('tiersC.loadFailed')} onRetry={() => void query.refetch()} />;
  if (!draft || !query.data) return <Skeleton height={320} />;
  const p = draft.program;
  const setProgram = (patch: Partial<Draft['program']>) => setDraft({ ...draft, program: { ...p, ...patch } });
  const setTier = (i: number, patch: Partial<TierDraft>) => setDraft({ ...draft, tiers: draft.tiers.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
  const names = new Map(query.data.tiers.map((x) => [x.id, x.name]));

  return (
    <div className="stack">
      <PageHeader title={t('tiersC.title')} intro={t('tiersC.intro')} />
      <div className="tiers-grid">
        <Distribution data={query.data} />
        <Preview query={preview} names={names} />
      </div>
      <form
        className="card tiers-form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(draft, { onSuccess: (d) => setDraft(toDraft(d)) });
        }}
      >
        <fieldset className="tiers-fieldset">
          <legend>{t('tiersC.program')}</legend>
          <label>
            {t('tiersC.basis')}
            <select value={p.basis} onChange={(e) => setProgram({ basis: e.target.value as 'spend' | 'points' })}>
              <option value="spend">{t('tiersC.basisSpend')}</option>
              <option value="points">{t('tiersC.basisPoints')}</option>
            </select>
          </label>
          <label>
            {t('tiersC.window')}
            <select value={p.window.kind} onChange={(e) => setProgram({ window: e.target.value === 'rolling' ? { kind: 'rolling', months: 12 } : { kind: 'calendar_year' } })}>
              <option value="rolling">{t('tiersC.rolling')}</option>
              <option value="calendar_year">{t('tiersC.calendarYear')}</option>
            </select>
          </label>
          {p.window.kind === 'rolling' ? (
            <label>
              {t('tiersC.months')}
              <input type="number" min={1} max={36} value={p.window.months} onChange={(e) => setProgram({ window: { kind: 'rolling', months: num(e.target.value) } })} />
            </label>
          ) : null}
          <label>
            {t('tiersC.evaluation')}
            <select value={p.evaluation.kind} onChange={(e) => setProgram({ evaluation: e.target.value === 'fixed' ? { kind: 'fixed', month: 1, day: 1 } : { kind: 'anniversary' } })}>
              <option value="anniversary">{t('tiersC.anniversary')}</option>
              <option value="fixed">{t('tiersC.fixed')}</option>
            </select>
          </label>
          {p.evaluation.kind === 'fixed' ? (
            <>
              <label>
                {t('tiersC.month')}
                <input type="number" min={1} max={12} value={p.evaluation.month} onChange={(e) => setProgram({ evaluation: { kind: 'fixed', month: num(e.target.value), day: p.evaluation.kind === 'fixed' ? p.evaluation.day : 1 } })} />
              </label>
              <label>
                {t('tiersC.day')}
                <input type="number" min={1} max={31} value={p.evaluation.day} onChange={(e) => setProgram({ evaluation: { kind: 'fixed', month: p.evaluation.kind === 'fixed' ? p.evaluation.month : 1, day: num(e.target.value) } })} />
              </label>
            </>
          ) : null}
          <label>
            {t('tiersC.graceDays')}
            <input type="number" min={0} max={365} value={p.graceDays} onChange={(e) => setProgram({ graceDays: num(e.target.value) })} />
          </label>
          <label>
            {t('tiersC.noticeDays')}
            <input type="number" min={0} max={90} value={p.noticeDays} onChange={(e) => setProgram({ noticeDays: num(e.target.value) })} />
          </label>
        </fieldset>
        <fieldset className="tiers-fieldset tiers-fieldset--levels">
          <legend>{t('tiersC.levels')}</legend>
          {draft.tiers.map((tier, i) => (
            <div className="tiers-level" key={tier.id ?? `new-${i}`} data-testid="tier-row">
              <label>
                {t('tiersC.name')}
                <input value={tier.name} onChange={(e) => setTier(i, { name: e.target.value })} />
              </label>
              <label>
                {t('tiersC.nameEn')}
                <input value={tier.nameEn ?? ''} onChange={(e) => setTier(i, { nameEn: e.target.value || null })} />
              </label>
              <label>
                {t('tiersC.color')}
                <input type="color" value={tier.color ?? '#6B7280'} onChange={(e) => setTier(i, { color: e.target.value.toUpperCase() })} />
              </label>
              <label>
                {t('tiersC.threshold')}
                <input type="number" min={0} disabled={i === 0} value={tier.threshold} onChange={(e) => setTier(i, { threshold: num(e.target.value) })} />
              </label>
              <label>
                {t('tiersC.retainAt')}
                <input type="number" min={0} disabled={i === 0} value={tier.retainAt} onChange={(e) => setTier(i, { retainAt: num(e.target.value) })} />
              </label>
              <label>
                {t('tiersC.multiplier')}
                <input type="number" min={1} max={10} step={0.1} value={tier.multiplier} onChange={(e) => setTier(i, { multiplier: num(e.target.value) })} />
              </label>
              <label>
                {t('tiersC.upgradeGift')}
                <input inputMode="numeric" value={giftId(tier.upgradeGift ?? null)} onChange={(e) => setTier(i, { upgradeGift: toGift(e.target.value) })} />
              </label>
              <label>
                {t('tiersC.birthdayGift')}
                <input inputMode="numeric" value={giftId(tier.birthdayGift ?? null)} onChange={(e) => setTier(i, { birthdayGift: toGift(e.target.value) })} />
              </label>
              <label className="tiers-level__wide">
                {t('tiersC.benefits')}
                <textarea rows={2} value={tier.benefits ?? ''} onChange={(e) => setTier(i, { benefits: e.target.value })} />
              </label>
              <label className="tiers-level__wide">
                {t('tiersC.benefitsEn')}
                <textarea rows={2} value={tier.benefitsEn ?? ''} onChange={(e) => setTier(i, { benefitsEn: e.target.value || null })} />
              </label>
              {i > 0 ? (
                <button type="button" className="btn btn--ghost btn--small" onClick={() => setDraft({ ...draft, tiers: draft.tiers.filter((_, j) => j !== i) })}>
                  {t('tiersC.remove')}
                </button>
              ) : null}
            </div>
          ))}
          <button type="button" className="btn btn--secondary btn--small" onClick={() => { const last = draft.tiers[draft.tiers.length - 1]!; setDraft({ ...draft, tiers: [...draft.tiers, { name: '', nameEn: null, color: '#8D711B', threshold: last.threshold * 2 || 1000, retainAt: last.threshold * 2 || 1000, multiplier: 1, benefits: '' }] }); }}>
            {t('tiersC.add')}
          </button>
        </fieldset>
        {save.isError ? <Notice kind="error">{errorMessage(save.error)}</Notice> : null}
        {save.isSuccess ? <Notice kind="success">{t('tiersC.saved')}</Notice> : null}
        <button type="submit" className="btn btn--primary" disabled={save.isPending}>
          {t('tiersC.save')}
        </button>
      </form>
    </div>
  );
}

/** Members per tier: a bar each, sized against the largest. */
function Distribution({ data }: { data: TConsoleTiers }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...data.distribution.map((d) => d.members));
  return (
    <section className="card tiers-chart" aria-labelledby="tiers-dist">
      <h2 id="tiers-dist" className="section-title">{t('tiersC.distribution')}</h2>
      <ul className="tiers-bars" data-testid="tier-distribution">
        {data.tiers.map((tier) => {
          const n = data.distribution.find((d) => d.tierId === tier.id)?.members ?? 0;
          return (
            <li key={tier.id}>
              <span className="tiers-bars__label">{tier.name}</span>
              <span className="tiers-bars__track" aria-hidden="true">
                <span style={{ width: `${(n / max) * 100}%`, background: tier.color }} />
              </span>
              <span className="tiers-bars__value">{t('tiersC.members', { count: n })}</span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Preview({ query, names }: { query: { data?: TTierPreview | undefined; isPending: boolean; isError: boolean; error: unknown }; names: Map<number, string> }) {
  const { t } = useTranslation();
  return (
    <section className="card tiers-chart" aria-labelledby="tiers-preview">
      <h2 id="tiers-preview" className="section-title">{t('tiersC.preview')}</h2>
      <p className="muted">{t('tiersC.previewIntro')}</p>
      {query.isPending ? (
        <Skeleton height={120} />
      ) : query.isError || !query.data ? (
        <Notice kind="error">{errorMessage(query.error)}</Notice>
      ) : (
        <>
          <dl className="tiers-moves" data-testid="tier-preview">
            {(['up', 'kept', 'grace', 'down'] as const).map((k) => (
              <div key={k} className={`tiers-moves__${k}`}>
                <dt>{t(`tiersC.${k}`)}</dt>
                <dd>{query.data![k].toLocaleString('en-US')}</dd>
              </div>
            ))}
          </dl>
          <table className="table tiers-table">
            <thead>
              <tr>
                <th scope="col">{t('tiersC.name')}</th>
                <th scope="col">{t('tiersC.now')}</th>
                <th scope="col">{t('tiersC.after')}</th>
              </tr>
            </thead>
            <tbody>
              {query.data.perTier.map((r) => (
                <tr key={r.tierId}>
                  <th scope="row">{names.get(r.tierId) ?? r.tierId}</th>
                  <td>{r.now.toLocaleString('en-US')}</td>
                  <td>{r.after.toLocaleString('en-US')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
