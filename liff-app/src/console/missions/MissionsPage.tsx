import { lazy, Suspense, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TMissionAdminView, TMissionInput } from '../../../../shared/api/missions.ts';
import { addDays } from '../../../../shared/dates.ts';
import { validateMission, type MissionRules, type StepCondition } from '../../../../shared/missions/rules.ts';
import { errorMessage } from '../../api/client.ts';
import { EmptyState, ErrorState, Notice, Skeleton } from '../../components/ui.tsx';
import { useLanguage } from '../../i18n/index.ts';
import { DataTable, StatCard } from '../components.tsx';
import { PageHeader } from '../shared.tsx';
import { useMissionFunnel, useMissions, useRewardChoices, useSaveMission } from './api.ts';

const FunnelChart = lazy(() => import('./FunnelChart.tsx'));
const KINDS = ['sku', 'category', 'minPurchase', 'totalSpend', 'visitDays', 'visitStores', 'couponRedeemed', 'referral', 'registration'] as const;

function today(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

function blankCondition(kind: StepCondition['kind']): StepCondition {
  switch (kind) {
    case 'sku':
      return { kind, skus: [] };
    case 'category':
      return { kind, categories: [] };
    case 'minPurchase':
    case 'totalSpend':
      return { kind, amount: 1000 };
    case 'visitDays':
    case 'visitStores':
      return { kind, count: 3 };
    case 'couponRedeemed':
      return { kind, templateIds: [], count: 1 };
    case 'referral':
      return { kind, count: 1 };
    case 'registration':
      return { kind };
  }
}

type Draft = { name: string; nameEn: string; description: string; descriptionEn: string; status: TMissionInput['status']; rules: MissionRules };

function blank(): Draft {
  return {
    name: '',
    nameEn: '',
    description: '',
    descriptionEn: '',
    status: 'draft',
    rules: { startsOn: today(), endsOn: addDays(today(), 30), audience: { kind: 'all' }, steps: [{ label: '', labelEn: '', condition: blankCondition('sku') }], combine: { kind: 'all' }, order: 'any', repeat: 1, reward: { kind: 'points', points: 100 }, refundPolicy: 'keep', notifySteps: false },
  };
}

const list = (text: string) => text.split(/[,，、]/).map((s) => s.trim()).filter(Boolean);

/** /console/missions — the missions, the builder with live validation, and each mission's funnel. */
export function MissionsPage() {
  const { t } = useTranslation();
  const missions = useMissions();
  const [editing, setEditing] = useState<{ id: number | null; draft: Draft; locked: boolean } | null>(null);
  const [reportId, setReportId] = useState<number | null>(null);
  if (missions.isError) return <ErrorState error={missions.error} title={t('msn.loadFailed')} onRetry={() => void missions.refetch()} />;
  const edit = (m: TMissionAdminView) => setEditing({ id: m.id, draft: { name: m.name, nameEn: m.nameEn, description: m.description, descriptionEn: m.descriptionEn, status: m.status, rules: m.rules as MissionRules }, locked: m.stepsLocked });
  return (
    <div className="stack msn-layout">
      <PageHeader title={t('msn.title')} intro={t('msn.intro')}>
        <button type="button" className="btn btn--primary" onClick={() => setEditing({ id: null, draft: blank(), locked: false })}>
          {t('msn.create')}
        </button>
      </PageHeader>
      {editing ? <MissionForm key={editing.id ?? 'new'} {...editing} tiers={missions.data?.tiers ?? null} pointsEnabled={missions.data?.pointsEnabled ?? true} onDone={() => setEditing(null)} /> : null}
      {missions.data && missions.data.items.length === 0 ? (
        <EmptyState icon="gift" title={t('msn.empty')} />
      ) : (
        <DataTable className="table" caption={t('msn.title')} columns={[t('msn.col.name'), t('msn.col.status'), t('msn.col.window'), t('msn.col.joined'), t('msn.col.rewarded'), { actions: '' }]} pending={missions.isPending} testId="missions-table">
          {missions.data?.items.map((m) => (
            <tr key={m.id}>
              <td>{m.name}</td>
              <td>{t(`msn.status.${m.status}`)}</td>
              <td>
                {m.rules.startsOn} – {m.rules.endsOn}
              </td>
              <td>{m.joined}</td>
              <td>{m.rewarded}</td>
              <td>
                <button type="button" className="btn btn--ghost" onClick={() => edit(m)}>
                  {t('msn.edit')}
                </button>
                <button type="button" className="btn btn--ghost" onClick={() => setReportId(m.id)}>
                  {t('msn.funnel')}
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {reportId !== null ? <Funnel id={reportId} /> : null}
    </div>
  );
}

function Funnel({ id }: { id: number }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const funnel = useMissionFunnel(id);
  const nf = new Intl.NumberFormat(lang);
  if (funnel.isError) return <ErrorState error={funnel.error} onRetry={() => void funnel.refetch()} />;
  const f = funnel.data;
  if (!f) return <Skeleton height={240} />;
  const rows = [{ name: t('msn.report.joined'), members: f.joined }, ...f.steps.map((s, i) => ({ name: `${i + 1}. ${s.label}`, members: s.reached })), { name: t('msn.report.completed'), members: f.completed }];
  return (
    <section className="card stack" aria-labelledby="msn-funnel" data-testid="mission-funnel">
      <h2 id="msn-funnel" className="section-title">
        {t('msn.report.title')}
      </h2>
      <div className="msn-stats">
        <StatCard tone="green" label={t('msn.report.granted')}>
          <span className="msn-stat">{nf.format(f.rewardsGranted)}</span>
        </StatCard>
        <StatCard tone="info" label={t('msn.report.points')}>
          <span className="msn-stat">{nf.format(f.pointsGranted)}</span>
        </StatCard>
        <StatCard tone="amber" label={t('msn.report.skipped')}>
          <span className="msn-stat">{nf.format(f.rewardsSkipped)}</span>
        </StatCard>
        <StatCard tone="danger" label={t('msn.report.clawedBack')}>
          <span className="msn-stat">{nf.format(f.rewardsClawedBack)}</span>
        </StatCard>
      </div>
      <h3 className="section-title">{t('msn.report.chart')}</h3>
      <div aria-hidden="true">
        <Suspense fallback={<Skeleton height={200} />}>
          <FunnelChart rows={rows} label={t('msn.report.members')} />
        </Suspense>
      </div>
      <table className="table">
        <caption className="sr-only">{t('msn.report.chart')}</caption>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name}>
              <th scope="row">{r.name}</th>
              <td>{nf.format(r.members)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function MissionForm({ id, draft: initial, locked, tiers, pointsEnabled, onDone }: { id: number | null; draft: Draft; locked: boolean; tiers: { id: number; name: string }[] | null; pointsEnabled: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [d, setD] = useState(initial);
  const save = useSaveMission();
  const choices = useRewardChoices();
  const rules = d.rules;
  const setRules = (patch: Partial<MissionRules>) => setD({ ...d, rules: { ...rules, ...patch } });
  const problems = useMemo(() => [...(d.name.trim() ? [] : [{ field: 'name', 'zh-TW': '請輸入任務名稱', en: 'Enter the mission name' }]), ...validateMission(rules, { tierIds: tiers ? tiers.map((x) => x.id) : null, pointsEnabled })], [d.name, rules, tiers, pointsEnabled]);
  const setStep = (i: number, condition: StepCondition, label?: string) => setRules({ steps: rules.steps.map((s, j) => (j === i ? { ...s, condition, ...(label !== undefined ? { label } : {}) } : s)) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (problems.length > 0) return;
    save.mutate({ id, body: d }, { onSuccess: onDone });
  };
  return (
    <form className="card msn-form" onSubmit={submit} aria-labelledby="msn-form-title" noValidate>
      <h2 id="msn-form-title" className="section-title">
        {id === null ? t('msn.form.newTitle') : t('msn.form.editTitle')}
      </h2>
      <div className="msn-row">
        <label>
          {t('msn.form.name')}
          <input value={d.name} maxLength={40} onChange={(e) => setD({ ...d, name: e.target.value })} />
        </label>
        <label>
          {t('msn.form.nameEn')}
          <input value={d.nameEn} maxLength={60} onChange={(e) => setD({ ...d, nameEn: e.target.value })} />
        </label>
        <label>
          {t('msn.form.status')}
          <select value={d.status} onChange={(e) => setD({ ...d, status: e.target.value as typeof d.status })}>
            {(['draft', 'active', 'ended'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`msn.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="msn-row">
        <label>
          {t('msn.form.description')}
          <textarea rows={2} maxLength={200} value={d.description} onChange={(e) => setD({ ...d, description: e.target.value })} />
        </label>
        <label>
          {t('msn.form.descriptionEn')}
          <textarea rows={2} maxLength={300} value={d.descriptionEn} onChange={(e) => setD({ ...d, descriptionEn: e.target.value })} />
        </label>
      </div>
      <div className="msn-row">
        <label>
          {t('msn.form.startsOn')}
          <input type="date" value={rules.startsOn} onChange={(e) => setRules({ startsOn: e.target.value })} />
        </label>
        <label>
          {t('msn.form.endsOn')}
          <input type="date" value={rules.endsOn} onChange={(e) => setRules({ endsOn: e.target.value })} />
        </label>
        <label>
          {t('msn.form.audience')}
          <select value={rules.audience.kind} onChange={(e) => setRules({ audience: e.target.value === 'tier' ? { kind: 'tier', tierIds: [] } : { kind: e.target.value as 'all' | 'new' } })}>
            <option value="all">{t('msn.form.audienceAll')}</option>
            <option value="tier" disabled={tiers === null}>
              {tiers === null ? `${t('msn.form.audienceTier')}（${t('msn.form.tiersUnavailable')}）` : t('msn.form.audienceTier')}
            </option>
            <option value="new">{t('msn.form.audienceNew')}</option>
          </select>
        </label>
        {rules.audience.kind === 'tier' && tiers ? (
          <label>
            {t('msn.form.audienceTier')}
            <select multiple value={rules.audience.tierIds.map(String)} onChange={(e) => setRules({ audience: { kind: 'tier', tierIds: [...e.target.selectedOptions].map((o) => Number(o.value)) } })}>
              {tiers.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      <fieldset disabled={locked}>
        <legend>{t('msn.form.steps')}</legend>
        {locked ? <p className="msn-hint">{t('msn.form.locked')}</p> : null}
        {rules.steps.map((s, i) => {
          const c = s.condition;
          return (
            <div className="msn-step" key={i}>
              <div className="msn-step__head">
                <span>#{i + 1}</span>
                {rules.steps.length > 1 ? (
                  <button type="button" className="btn btn--ghost" onClick={() => setRules({ steps: rules.steps.filter((_, j) => j !== i) })}>
                    {t('msn.form.removeStep')}
                  </button>
                ) : null}
              </div>
              <div className="msn-row">
                <label>
                  {t('msn.form.steps')}
                  <select value={c.kind} onChange={(e) => setStep(i, blankCondition(e.target.value as StepCondition['kind']))}>
                    {KINDS.map((k) => (
                      <option key={k} value={k}>
                        {t(`msn.form.kind.${k}`)}
                      </option>
                    ))}
                  </select>
                </label>
                {c.kind === 'sku' ? (
                  <label>
                    {t('msn.form.skus')}
                    <input defaultValue={c.skus.join(', ')} onChange={(e) => setStep(i, { kind: 'sku', skus: list(e.target.value) })} />
                  </label>
                ) : null}
                {c.kind === 'category' ? (
                  <label>
                    {t('msn.form.categories')}
                    <input defaultValue={c.categories.join(', ')} onChange={(e) => setStep(i, { kind: 'category', categories: list(e.target.value) })} />
                  </label>
                ) : null}
                {c.kind === 'minPurchase' || c.kind === 'totalSpend' ? (
                  <label>
                    {t('msn.form.amount')}
                    <input type="number" min={1} value={c.amount} onChange={(e) => setStep(i, { ...c, amount: Number(e.target.value) } as StepCondition)} />
                  </label>
                ) : null}
                {c.kind === 'visitDays' || c.kind === 'visitStores' || c.kind === 'couponRedeemed' || c.kind === 'referral' ? (
                  <label>
                    {t('msn.form.count')}
                    <input type="number" min={1} max={100} value={c.count} onChange={(e) => setStep(i, { ...c, count: Number(e.target.value) } as StepCondition)} />
                  </label>
                ) : null}
                <label>
                  {t('msn.form.stepLabel')}
                  <input value={s.label} maxLength={40} onChange={(e) => setStep(i, c, e.target.value)} />
                </label>
              </div>
            </div>
          );
        })}
        {rules.steps.length < 10 ? (
          <button type="button" className="btn btn--secondary" onClick={() => setRules({ steps: [...rules.steps, { label: '', labelEn: '', condition: blankCondition('category') }] })}>
            {t('msn.form.addStep')}
          </button>
        ) : null}
        <div className="msn-row">
          <label>
            {t('msn.form.combine')}
            <select value={rules.combine.kind} onChange={(e) => setRules({ combine: e.target.value === 'nOf' ? { kind: 'nOf', n: Math.max(1, rules.steps.length - 1) } : { kind: 'all' } })}>
              <option value="all">{t('msn.form.combineAll')}</option>
              <option value="nOf">{t('msn.form.combineN')}</option>
            </select>
          </label>
          {rules.combine.kind === 'nOf' ? (
            <label>
              {t('msn.form.n')}
              <input type="number" min={1} max={rules.steps.length} value={rules.combine.n} onChange={(e) => setRules({ combine: { kind: 'nOf', n: Number(e.target.value) } })} />
            </label>
          ) : null}
          <label>
            {t('msn.form.order')}
            <select value={rules.order} onChange={(e) => setRules({ order: e.target.value as 'any' | 'sequence' })}>
              <option value="any">{t('msn.form.orderAny')}</option>
              <option value="sequence">{t('msn.form.orderSequence')}</option>
            </select>
          </label>
        </div>
      </fieldset>
      <div className="msn-row">
        <label>
          {t('msn.form.repeat')}
          <input type="number" min={1} max={100} value={rules.repeat} onChange={(e) => setRules({ repeat: Number(e.target.value) })} />
        </label>
        <label>
          {t('msn.form.reward')}
          <select
            value={rules.reward.kind}
            onChange={(e) => setRules({ reward: e.target.value === 'points' ? { kind: 'points', points: 100 } : e.target.value === 'coupon' ? { kind: 'coupon', templateId: choices.data?.templates[0]?.id ?? 0 } : { kind: 'bundle', bundleId: choices.data?.bundles[0]?.id ?? 0 } })}
          >
            <option value="points">{t('msn.form.rewardPoints')}</option>
            <option value="coupon">{t('msn.form.rewardCoupon')}</option>
            <option value="bundle">{t('msn.form.rewardBundle')}</option>
          </select>
        </label>
        {rules.reward.kind === 'points' ? (
          <label>
            {t('msn.form.points')}
            <input type="number" min={1} value={rules.reward.points} onChange={(e) => setRules({ reward: { kind: 'points', points: Number(e.target.value) } })} />
          </label>
        ) : rules.reward.kind === 'coupon' ? (
          <label>
            {t('msn.form.pickTemplate')}
            <select value={rules.reward.templateId} onChange={(e) => setRules({ reward: { kind: 'coupon', templateId: Number(e.target.value) } })}>
              {choices.data?.templates.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <label>
            {t('msn.form.pickBundle')}
            <select value={rules.reward.bundleId} onChange={(e) => setRules({ reward: { kind: 'bundle', bundleId: Number(e.target.value) } })}>
              {choices.data?.bundles.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t('msn.form.refundPolicy')}
          <select value={rules.refundPolicy} onChange={(e) => setRules({ refundPolicy: e.target.value as 'keep' | 'clawback' })}>
            <option value="keep">{t('msn.form.refundKeep')}</option>
            <option value="clawback">{t('msn.form.refundClawback')}</option>
          </select>
        </label>
      </div>
      <p className="msn-hint">{t('msn.form.refundHint')}</p>
      <label className="msn-check">
        <input type="checkbox" checked={rules.notifySteps} onChange={(e) => setRules({ notifySteps: e.target.checked })} />
        {t('msn.form.notifySteps')}
      </label>
      {problems.length > 0 ? (
        <div className="msn-problems" role="status" data-testid="mission-problems">
          {t('msn.form.problems')}
          <ul>
            {problems.map((p, i) => (
              <li key={i}>{p[lang === 'en' ? 'en' : 'zh-TW']}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="msn-ok" role="status">
          {t('msn.form.valid')}
        </p>
      )}
      {save.isError ? <Notice kind="error">{errorMessage(save.error)}</Notice> : null}
      <div className="msn-row">
        <button type="submit" className="btn btn--primary" disabled={save.isPending || problems.length > 0}>
          {save.isPending ? t('msn.form.saving') : t('msn.form.save')}
        </button>
        <button type="button" className="btn btn--ghost" onClick={onDone}>
          {t('msn.form.cancel')}
        </button>
      </div>
    </form>
  );
}
