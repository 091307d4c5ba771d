import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TPointsSettings } from '../../../../shared/api/points.ts';
import { call, errorMessage } from '../../api/client.ts';
import { ErrorState, Notice, Skeleton } from '../../components/ui.tsx';
import { PageHeader } from '../shared.tsx';
import { usePointsSettings, useSaveSettings } from './api.ts';

type Group = TPointsSettings['groups'][number];
type Rule = Group['rules'][number];
type RuleKind = Rule['kind'];

const newRule = (kind: RuleKind, name: string): Rule => {
  switch (kind) {
    case 'sku':
      return { kind, name, skus: ['SKU'], multiplier: 2 };
    case 'category':
      return { kind, name, categories: ['分類'], multiplier: 2 };
    case 'birthday':
      return { kind, name, multiplier: 2 };
    case 'dateRange':
      return { kind, name, from: new Date().toISOString().slice(0, 10), to: new Date().toISOString().slice(0, 10), multiplier: 2 };
    case 'threshold':
      return { kind, name, minSpend: 3000, bonus: 100 };
  }
};
const list = (v: string) => v.split(/[,，]/).map((s) => s.trim()).filter(Boolean);
const num = (v: string) => (v === '' ? 0 : Number(v));

/** /console/points — earn rules, expiry policy and the sample-basket calculator. */
export function PointsSettingsPage() {
  const { t } = useTranslation();
  const query = usePointsSettings();
  const save = useSaveSettings();
  const [draft, setDraft] = useState<TPointsSettings | null>(null);
  useEffect(() => {
    if (query.data && !draft) setDraft(query.data);
  }, [query.data, draft]);
  if (query.isError) return <ErrorState error={query.error} title={t('pts.settings.loadFailed')} onRetry={() => void query.refetch()} />;
  if (!draft) return <Skeleton height={320} />;
  const set = (patch: Partial<TPointsSettings>) => setDraft({ ...draft, ...patch });
  const setGroup = (i: number, g: Group) => set({ groups: draft.groups.map((x, j) => (j === i ? g : x)) });
  const setRule = (gi: number, ri: number, r: Rule) => setGroup(gi, { ...draft.groups[gi]!, rules: draft.groups[gi]!.rules.map((x, j) => (j === ri ? r : x)) });

  return (
    <div className="stack">
      <PageHeader title={t('pts.settings.title')} intro={t('pts.settings.intro')} />
      <form
        className="pts-form card"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(draft);
        }}
      >
        <label className="pts-row">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> {t('pts.settings.enabled')} — <small>{t('pts.settings.enabledHint')}</small>
        </label>
        <fieldset className="pts-group">
          <legend>{t('pts.settings.base')}</legend>
          <div className="pts-row">
            <label>
              {t('pts.settings.spend')}
              <input type="number" min={1} value={draft.base.spend} onChange={(e) => set({ base: { ...draft.base, spend: num(e.target.value) } })} />
            </label>
            <label>
              {t('pts.settings.points')}
              <input type="number" min={1} value={draft.base.points} onChange={(e) => set({ base: { ...draft.base, points: num(e.target.value) } })} />
            </label>
            <label>
              {t('pts.settings.pendingDays')}
              <input type="number" min={0} max={90} value={draft.pendingDays} onChange={(e) => set({ pendingDays: num(e.target.value) })} aria-describedby="pending-hint" />
            </label>
            <small id="pending-hint">{t('pts.settings.pendingHint')}</small>
          </div>
        </fieldset>
        <fieldset className="pts-group">
          <legend>{t('pts.settings.expiry')}</legend>
          <div className="pts-row">
            <label>
              {t('pts.settings.expiry')}
              <select
                value={draft.expiry.kind}
                onChange={(e) => {
                  const k = e.target.value as TPointsSettings['expiry']['kind'];
                  set({ expiry: k === 'monthEnd' ? { kind: k, months: 12 } : k === 'yearly' ? { kind: k, month: 12, day: 31, yearsAfter: 1 } : { kind: k } });
                }}
              >
                {(['monthEnd', 'yearly', 'never'] as const).map((k) => (
                  <option key={k} value={k}>
                    {t(`pts.settings.expiryKind.${k}`)}
                  </option>
                ))}
              </select>
            </label>
            {draft.expiry.kind === 'monthEnd' ? (
              <label>
                {t('pts.settings.months')}
                <input type="number" min={0} max={120} value={draft.expiry.months} onChange={(e) => set({ expiry: { kind: 'monthEnd', months: num(e.target.value) } })} />
              </label>
            ) : null}
            {draft.expiry.kind === 'yearly'
              ? (['month', 'day', 'yearsAfter'] as const).map((f) => (
                  <label key={f}>
                    {t(`pts.settings.${f}`)}
                    <input type="number" value={draft.expiry.kind === 'yearly' ? draft.expiry[f] : 0} onChange={(e) => draft.expiry.kind === 'yearly' && set({ expiry: { ...draft.expiry, [f]: num(e.target.value) } })} />
                  </label>
                ))
              : null}
            <label>
              {t('pts.settings.reminder')}
              <input type="number" min={1} max={28} value={draft.reminderDaysBefore} onChange={(e) => set({ reminderDaysBefore: num(e.target.value) })} />
            </label>
            <label>
              {t('pts.settings.redeem')}
              <input type="number" min={1} value={draft.redeem.points} onChange={(e) => set({ redeem: { ...draft.redeem, points: num(e.target.value) } })} />
            </label>
            <label>
              {t('pts.settings.redeemValue')}
              <input type="number" min={1} value={draft.redeem.value} onChange={(e) => set({ redeem: { ...draft.redeem, value: num(e.target.value) } })} />
            </label>
          </div>
        </fieldset>
        <h2 className="section-title">{t('pts.settings.groups')}</h2>
        {draft.groups.map((g, gi) => (
          <fieldset key={gi} className="pts-group" data-testid="pts-group">
            <legend>{g.name || t('pts.settings.group')}</legend>
            <div className="pts-row">
              <label>
                {t('pts.settings.groupName')}
                <input value={g.name} onChange={(e) => setGroup(gi, { ...g, name: e.target.value })} />
              </label>
              <label>
                {t('pts.settings.combine')}
                <select value={g.combine} onChange={(e) => setGroup(gi, { ...g, combine: e.target.value as Group['combine'] })}>
                  <option value="stack">{t('pts.settings.combineStack')}</option>
                  <option value="best">{t('pts.settings.combineBest')}</option>
                </select>
              </label>
              <button type="button" className="btn btn--ghost" onClick={() => set({ groups: draft.groups.filter((_, j) => j !== gi) })}>
                {t('pts.settings.removeGroup')}
              </button>
            </div>
            {g.rules.map((r, ri) => (
              <div key={ri} className="pts-rule">
                <label>
                  {t('pts.settings.ruleName')}
                  <input value={r.name} onChange={(e) => setRule(gi, ri, { ...r, name: e.target.value })} />
                </label>
                <label>
                  {t('pts.settings.kind.sku')}/…
                  <select value={r.kind} onChange={(e) => setRule(gi, ri, newRule(e.target.value as RuleKind, r.name))}>
                    {(['sku', 'category', 'birthday', 'dateRange', 'threshold'] as const).map((k) => (
                      <option key={k} value={k}>
                        {t(`pts.settings.kind.${k}`)}
                      </option>
                    ))}
                  </select>
                </label>
                {r.kind === 'sku' ? (
                  <label>
                    {t('pts.settings.skus')}
                    <input defaultValue={r.skus.join(', ')} onBlur={(e) => setRule(gi, ri, { ...r, skus: list(e.target.value) })} />
                  </label>
                ) : null}
                {r.kind === 'category' ? (
                  <label>
                    {t('pts.settings.categories')}
                    <input defaultValue={r.categories.join(', ')} onBlur={(e) => setRule(gi, ri, { ...r, categories: list(e.target.value) })} />
                  </label>
                ) : null}
                {r.kind === 'dateRange' ? (
                  <>
                    <label>
                      {t('pts.settings.from')}
                      <input type="date" value={r.from} onChange={(e) => setRule(gi, ri, { ...r, from: e.target.value })} />
                    </label>
                    <label>
                      {t('pts.settings.to')}
                      <input type="date" value={r.to} onChange={(e) => setRule(gi, ri, { ...r, to: e.target.value })} />
                    </label>
                  </>
                ) : null}
                {r.kind === 'threshold' ? (
                  <>
                    <label>
                      {t('pts.settings.minSpend')}
                      <input type="number" value={r.minSpend} onChange={(e) => setRule(gi, ri, { ...r, minSpend: num(e.target.value) })} />
                    </label>
                    <label>
                      {t('pts.settings.bonus')}
                      <input type="number" value={r.bonus} onChange={(e) => setRule(gi, ri, { ...r, bonus: num(e.target.value) })} />
                    </label>
                  </>
                ) : (
                  <label>
                    {t('pts.settings.multiplier')}
                    <input type="number" step="0.1" min={1} value={r.multiplier} onChange={(e) => setRule(gi, ri, { ...r, multiplier: num(e.target.value) })} />
                  </label>
                )}
                <button type="button" className="btn btn--ghost" onClick={() => setGroup(gi, { ...g, rules: g.rules.filter((_, j) => j !== ri) })}>
                  {t('pts.settings.removeRule')}
                </button>
              </div>
            ))}
            <button type="button" className="btn btn--secondary" onClick={() => setGroup(gi, { ...g, rules: [...g.rules, newRule('sku', t('pts.settings.kind.sku'))] })}>
              {t('pts.settings.addRule')}
            </button>
          </fieldset>
        ))}
        <button type="button" className="btn btn--secondary" onClick={() => set({ groups: [...draft.groups, { name: `${t('pts.settings.group')} ${draft.groups.length + 1}`, combine: 'best', rules: [] }] })}>
          {t('pts.settings.addGroup')}
        </button>
        {save.isError ? <Notice kind="error">{errorMessage(save.error)}</Notice> : null}
        {save.isSuccess ? <Notice kind="success">{t('pts.settings.saved')}</Notice> : null}
        <div>
          <button type="submit" className="btn btn--primary" disabled={save.isPending}>
            {save.isPending ? t('pts.settings.saving') : t('pts.settings.save')}
          </button>
        </div>
      </form>
      <Calculator settings={draft} />
    </div>
  );
}

type Line = { sku: string; category: string; quantity: number; unitPrice: number };

function Calculator({ settings }: { settings: TPointsSettings }) {
  const { t } = useTranslation();
  const [lines, setLines] = useState<Line[]>([{ sku: 'LATTE', category: '飲品', quantity: 2, unitPrice: 150 }, { sku: 'BEAN', category: '咖啡豆', quantity: 1, unitPrice: 700 }]);
  const [paid, setPaid] = useState(1000);
  const [date, setDate] = useState(new Date().toISOString().slice(0, 10));
  const [birthday, setBirthday] = useState('');
  const [tier, setTier] = useState(1);
  const [result, setResult] = useState<Awaited<ReturnType<typeof run>> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = () =>
    call('consolePointsCalculate', { body: { settings, lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice, ...(l.category ? { category: l.category } : {}) })), paid, date, birthday: birthday || null, tierMultiplier: tier } });
  const setLine = (i: number, patch: Partial<Line>) => setLines(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  return (
    <section className="card pts-form" aria-labelledby="calc-title">
      <h2 id="calc-title" className="section-title">{t('pts.calc.title')}</h2>
      <p>{t('pts.calc.intro')}</p>
      {lines.map((l, i) => (
        <div key={i} className="pts-row">
          <label>
            {t('pts.calc.sku')}
            <input value={l.sku} onChange={(e) => setLine(i, { sku: e.target.value })} />
          </label>
          <label>
            {t('pts.calc.category')}
            <input value={l.category} onChange={(e) => setLine(i, { category: e.target.value })} />
          </label>
          <label>
            {t('pts.calc.quantity')}
            <input type="number" min={1} value={l.quantity} onChange={(e) => setLine(i, { quantity: num(e.target.value) })} />
          </label>
          <label>
            {t('pts.calc.unitPrice')}
            <input type="number" min={0} value={l.unitPrice} onChange={(e) => setLine(i, { unitPrice: num(e.target.value) })} />
          </label>
        </div>
      ))}
      <div className="pts-row">
        <button type="button" className="btn btn--ghost" onClick={() => setLines([...lines, { sku: '', category: '', quantity: 1, unitPrice: 100 }])}>
          {t('pts.calc.addLine')}
        </button>
        <label>
          {t('pts.calc.paid')}
          <input type="number" min={0} value={paid} onChange={(e) => setPaid(num(e.target.value))} />
        </label>
        <label>
          {t('pts.calc.date')}
          <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
        <label>
          {t('pts.calc.birthday')}
          <input type="date" value={birthday} onChange={(e) => setBirthday(e.target.value)} />
        </label>
        <label>
          {t('pts.calc.tier')}
          <input type="number" min={1} step="0.1" value={tier} onChange={(e) => setTier(num(e.target.value) || 1)} />
        </label>
        <button
          type="button"
          className="btn btn--primary"
          onClick={() => {
            setError(null);
            run().then(setResult, (e: unknown) => setError(errorMessage(e)));
          }}
        >
          {t('pts.calc.run')}
        </button>
      </div>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {result ? (
        <div aria-live="polite" data-testid="calc-result">
          <p className="pts-total">{t('pts.calc.result', { points: result.points })}</p>
          <ul className="pts-explain">
            {result.explain.map((l, i) => (
              <li key={i}>
                <span>{l.text}</span>
                <strong>{l.points >= 0 ? `+${l.points}` : l.points}</strong>
              </li>
            ))}
          </ul>
          <p>{result.expiresOn ? t('pts.calc.expiresOn', { date: result.expiresOn.replaceAll('-', '/') }) : t('pts.calc.never')}</p>
        </div>
      ) : null}
    </section>
  );
}
