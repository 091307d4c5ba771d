import { useMutation } from '@tanstack/react-query';
import { TierAudienceField } from '../tiers/index.ts';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TCampaignInput, TCampaignView } from '../../../../shared/api/campaigns.ts';
import { call, errorMessage, isApiError } from '../../api/client.ts';
import { useConfig, useContract } from '../../api/query.ts';
import { Icon } from '../../components/Icon.tsx';
import { Facts, FormActions, Notice } from '../../components/ui.tsx';
import { Field } from '../../components/Field.tsx';
import { localizeIssue } from '../../lib/forms.ts';
import { PageHeader } from '../shared.tsx';
import { campaignCodesCsv, countMobiles, focusFirstInvalid, mobileLines, offerIds, refreshCampaigns, useBundles, useOfferTemplates } from './api.ts';
import { localInputFromNow, localInputToIso, numericDateTime } from '../../lib/dates.ts';
import { pickLanguage, useLanguage } from '../../i18n/index.ts';
import { choice, ChoiceCards, MobileListField, OfferPicker } from './controls.tsx';
import { BackLink } from '../components.tsx';
import { useDownload } from '../../api/download.ts';
import { EnglishVersion } from '../english/EnglishVersion.tsx';

type Mode = 'claim' | 'code';
type AudienceType = 'all' | 'new_members' | 'birth_month' | 'mobiles';
type CodeKind = 'shared' | 'generate';
type FieldName = 'name' | 'description' | 'mode' | 'templateId' | 'startsAt' | 'endsAt' | 'audience' | 'days' | 'mobiles' | 'totalStock' | 'perMemberLimit' | 'pointsCost' | 'sharedCode' | 'generateCodes';
type Errors = Partial<Record<FieldName, string>>;

interface Draft {
  name: string;
  description: string;
  nameEn: string;
  descriptionEn: string;
  mode: Mode;
  offer: string;
  startsAt: string;
  endsAt: string;
  audience: AudienceType;
  days: string;
  mobiles: string;
  totalStock: string;
  perMemberLimit: string;
  /** 以點換券: points a claim costs; empty = free. */
  pointsCost: string;
  /** Tier-only offer (會員等級): a tier id, or '' for any tier. */
  audienceTierId: string;
  codeKind: CodeKind;
  sharedCode: string;
  generateCodes: string;
}

/** A server or schema path ("audience.days", "bundleId") as the form field that shows it. */
function toField(path: string): FieldName | null {
  if (path === 'audience.days') return 'days';
  if (path === 'bundleId') return 'templateId';
  const head = path.split('.')[0] as FieldName;
  const known: FieldName[] = ['name', 'description', 'mode', 'templateId', 'startsAt', 'endsAt', 'audience', 'days', 'mobiles', 'totalStock', 'perMemberLimit', 'pointsCost', 'sharedCode', 'generateCodes'];
  return known.includes(head) ? head : null;
}

function wholeNumber(text: string): number | null {
  const trimmed = text.trim().replace(/,/g, '');
  return /^\d+$/.test(trimmed) ? Number(trimmed) : null;
}

/** /console/campaigns/new: the create form, then what was created (bad list lines, the codes' CSV). */
export function CampaignFormPage() {
  const [created, setCreated] = useState<TCampaignView | null>(null);
  const [formKey, setFormKey] = useState(0);
  if (created) {
    return (
      <CreatedCampaign
        campaign={created}
        onAnother={() => {
          setCreated(null);
          setFormKey((k) => k + 1);
        }}
      />
    );
  }
  return <CampaignForm key={formKey} onCreated={setCreated} />;
}

function CampaignForm({ onCreated }: { onCreated: (campaign: TCampaignView) => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { data: config } = useConfig();
  const contract = useContract();
  const tz = config?.timezone ?? 'Asia/Taipei';
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<Draft>(() => ({
    name: '',
    description: '',
    nameEn: '',
    descriptionEn: '',
    mode: 'claim',
    offer: '',
    startsAt: localInputFromNow(0, tz),
    endsAt: localInputFromNow(30, tz, '23:59'),
    audience: 'all',
    days: '30',
    mobiles: '',
    totalStock: '',
    perMemberLimit: '1',
    pointsCost: '',
    audienceTierId: '',
    codeKind: 'shared',
    sharedCode: '',
    generateCodes: '100',
  }));
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const set = <K extends keyof Draft>(key: K, value: Draft[K], clears: FieldName[] = []) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setErrors((e) => {
      const next = { ...e };
      for (const f of [key as FieldName, ...clears]) delete next[f];
      return next;
    });
  };

  /** The request body, and what is wrong with the draft before the server sees it. */
  const build = (): { input: TCampaignInput | null; errors: Errors } => {
    const found: Errors = {};
    const startsAt = localInputToIso(draft.startsAt, tz);
    const endsAt = localInputToIso(draft.endsAt, tz);
    if (!startsAt) found.startsAt = t('camp.form.invalidDate');
    if (!endsAt) found.endsAt = t('camp.form.invalidDate');
    if (startsAt && endsAt && Date.parse(endsAt) <= Date.parse(startsAt)) found.endsAt = t('camp.form.endBeforeStart');
    if (!draft.offer) found.templateId = t('camp.form.noOffer');
    const days = wholeNumber(draft.days);
    if (draft.audience === 'new_members' && (days === null || days < 1 || days > 3650)) found.days = t('camp.form.invalidNumber', { min: 1, max: 3650 });
    const lines = draft.audience === 'mobiles' ? mobileLines(draft.mobiles) : [];
    if (draft.audience === 'mobiles' && !lines.some((line) => line !== '')) found.mobiles = t('camp.form.noMobiles');
    if (lines.length > 100_000) found.mobiles = t('camp.mobiles.tooMany', { max: (100_000).toLocaleString() });
    const stock = draft.totalStock.trim() === '' ? null : wholeNumber(draft.totalStock);
    if (draft.totalStock.trim() !== '' && (stock === null || stock < 1 || stock > 10_000_000)) found.totalStock = t('camp.form.invalidNumber', { min: 1, max: (10_000_000).toLocaleString() });
    const limit = wholeNumber(draft.perMemberLimit);
    if (limit === null || limit < 1 || limit > 100) found.perMemberLimit = t('camp.form.invalidNumber', { min: 1, max: 100 });
    const pointsCost = draft.mode === 'claim' && draft.pointsCost.trim() !== '' ? wholeNumber(draft.pointsCost) : null;
    if (draft.mode === 'claim' && draft.pointsCost.trim() !== '' && (pointsCost === null || pointsCost < 1 || pointsCost > 10_000_000)) found.pointsCost = t('camp.form.invalidNumber', { min: 1, max: (10_000_000).toLocaleString() });
    const generate = wholeNumber(draft.generateCodes);
    const code = draft.sharedCode.trim().toUpperCase();
    if (draft.mode === 'code' && draft.codeKind === 'shared' && !/^[A-Z0-9-]{4,32}$/.test(code)) found.sharedCode = code ? t('camp.form.codeFormat') : t('camp.form.required');
    if (draft.mode === 'code' && draft.codeKind === 'generate' && (generate === null || generate < 1 || generate > 1_000_000)) found.generateCodes = t('camp.form.invalidNumber', { min: 1, max: (1_000_000).toLocaleString() });

    const audience: TCampaignInput['audience'] =
      draft.audience === 'new_members' ? { type: 'new_members', days: days ?? 0 } : draft.audience === 'birth_month' ? { type: 'birth_month' } : draft.audience === 'mobiles' ? { type: 'mobiles' } : { type: 'all' };
    const input: TCampaignInput = {
      name: draft.name.trim(),
      description: draft.description.trim(),
      nameEn: draft.nameEn.trim() || null,
      descriptionEn: draft.descriptionEn.trim() || null,
      mode: draft.mode,
      ...offerIds(draft.offer),
      startsAt: startsAt ?? draft.startsAt,
      endsAt: endsAt ?? draft.endsAt,
      audience,
      ...(draft.audience === 'mobiles' ? { mobiles: lines } : {}),
      totalStock: stock,
      perMemberLimit: limit ?? 1,
      pointsCost,
      audienceTierId: draft.mode === 'claim' && draft.audienceTierId !== '' ? Number(draft.audienceTierId) : null,
      sharedCode: draft.mode === 'code' && draft.codeKind === 'shared' ? code : null,
      ...(draft.mode === 'code' && draft.codeKind === 'generate' && generate !== null ? { generateCodes: generate } : {}),
    };
    // The server's own schema says the rest (lengths, the name), in the server's words.
    const schema = contract.data?.api.consoleCreateCampaign.input;
    const parsed = schema?.safeParse(input);
    if (parsed && !parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = toField(issue.path.map(String).join('.'));
        if (field && !found[field]) found[field] = localizeIssue(issue);
      }
    }
    return { input: Object.keys(found).length === 0 ? input : null, errors: found };
  };

  const create = useMutation({
    mutationFn: (input: TCampaignInput) => call('consoleCreateCampaign', { body: input }),
    onSuccess: (campaign) => {
      void refreshCampaigns();
      onCreated(campaign);
      window.scrollTo({ top: 0 });
    },
    onError: (error) => {
      const field = isApiError(error) && error.field ? toField(error.field) : null;
      if (isApiError(error) && field) {
        setErrors({ [field]: pickLanguage(error.fieldMessage, lang) });
        setFormError(t('camp.form.fixErrors'));
        focusFirstInvalid(formRef.current, field === 'audience' ? undefined : field);
      } else setFormError(errorMessage(error));
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const result = build();
    setErrors(result.errors);
    if (!result.input) {
      setFormError(t('camp.form.fixErrors'));
      focusFirstInvalid(formRef.current);
      return;
    }
    create.mutate(result.input);
  };

  const numberField = (key: 'totalStock' | 'perMemberLimit' | 'pointsCost', label: string, hint: string, extra: Record<string, unknown> = {}) => (
    <Field
      label={label}
      hint={hint}
      value={draft[key]}
      onChange={(e) => set(key, e.target.value)}
      error={errors[key]}
      inputMode="numeric"
      data-field={key}
      autoComplete="off"
      {...extra}
    />
  );

  const sharedCodeField = (
    <Field
      label={t('camp.form.sharedCode')}
      hint={t('camp.form.sharedCodeHint')}
      value={draft.sharedCode}
      onChange={(e) => set('sharedCode', e.target.value.toUpperCase())}
      error={errors.sharedCode}
      className="camp-code-input"
      placeholder="WINTER2026"
      maxLength={32}
      autoComplete="off"
      spellCheck={false}
      data-field="sharedCode"
    />
  );
  const generateField = <Field label={t('camp.form.generateCodes')} value={draft.generateCodes} onChange={(e) => set('generateCodes', e.target.value)} error={errors.generateCodes} inputMode="numeric" className="camp-narrow" autoComplete="off" data-field="generateCodes" />;
  const daysField = (
    <Field label={t('camp.form.days')} error={errors.days}>
      {(control) => (
        <span className="camp-suffixed">
          <input {...control} data-field="days" className="field__input" inputMode="numeric" value={draft.days} onChange={(e) => set('days', e.target.value)} autoComplete="off" />
          <span>{t('camp.form.daysSuffix')}</span>
        </span>
      )}
    </Field>
  );

  return (
    <div className="stack">
      <BackLink to="/console/campaigns" label={t('camp.form.back')} />
      <PageHeader title={t('camp.form.title')} />
      <div className="camp-form-layout">
        <form ref={formRef} className="camp-form" onSubmit={submit} noValidate aria-label={t('camp.form.title')}>
          {formError ? <Notice kind="error">{formError}</Notice> : null}

          <section className="panel camp-section" aria-labelledby="camp-basics">
            <h2 id="camp-basics">{t('camp.form.basics')}</h2>
            <Field label={t('camp.form.name')} hint={t('camp.form.nameHint')} value={draft.name} onChange={(e) => set('name', e.target.value)} error={errors.name} maxLength={80} autoComplete="off" data-field="name" />
            <Field label={t('camp.form.description')} hint={t('camp.form.descriptionHint')} error={errors.description}>
              {(control) => <textarea {...control} data-field="description" className="field__input camp-textarea" rows={3} maxLength={1000} value={draft.description} onChange={(e) => set('description', e.target.value)} />}
            </Field>
            <EnglishVersion filled={false}>
              <Field label={t('enVer.name')} value={draft.nameEn} onChange={(e) => set('nameEn', e.target.value)} maxLength={60} autoComplete="off" data-field="nameEn" />
              <Field label={t('enVer.description')}>
                {(control) => <textarea {...control} data-field="descriptionEn" className="field__input camp-textarea" rows={3} maxLength={1000} value={draft.descriptionEn} onChange={(e) => set('descriptionEn', e.target.value)} />}
              </Field>
            </EnglishVersion>
            <ChoiceCards<Mode> name="mode" legend={t('camp.form.mode')} value={draft.mode} onChange={(mode) => set('mode', mode, ['sharedCode', 'generateCodes'])}
              options={[choice('claim', t('camp.form.modeClaim'), t('camp.form.modeClaimHint')), choice('code', t('camp.form.modeCode'), t('camp.form.modeCodeHint'))]}
            />
            {errors.mode ? <p className="field__error" role="alert">{errors.mode}</p> : null}
          </section>

          {draft.mode === 'code' ? (
            <section className="panel camp-section" aria-labelledby="camp-codes">
              <h2 id="camp-codes">{t('camp.form.codes')}</h2>
              <ChoiceCards<CodeKind> name="codeKind" legend={t('camp.form.codes')} hideLegend value={draft.codeKind} onChange={(kind) => set('codeKind', kind, ['sharedCode', 'generateCodes'])}
                options={[
                  choice('shared', t('camp.form.codeShared'), t('camp.form.codeSharedHint'), sharedCodeField),
                  choice('generate', t('camp.form.codeGenerate'), t('camp.form.codeGenerateHint'), generateField),
                ]}
              />
            </section>
          ) : null}

          <section className="panel camp-section" aria-labelledby="camp-offer">
            <h2 id="camp-offer">{t('camp.form.offerSection')}</h2>
            <OfferPicker value={draft.offer} onChange={(offer) => set('offer', offer, ['templateId'])} error={errors.templateId} label={t('camp.offer.pick')} />
          </section>

          <section className="panel camp-section" aria-labelledby="camp-window">
            <h2 id="camp-window">{t('camp.form.window')}</h2>
            <div className="form-grid">
              <Field type="datetime-local" label={t('camp.form.startsAt')} value={draft.startsAt} onChange={(e) => set('startsAt', e.target.value, ['endsAt'])} error={errors.startsAt} data-field="startsAt" />
              <Field type="datetime-local" label={t('camp.form.endsAt')} value={draft.endsAt} onChange={(e) => set('endsAt', e.target.value)} error={errors.endsAt} data-field="endsAt" />
            </div>
            <p className="field__hint">{t('camp.form.windowHint', { tz })}</p>
          </section>

          <section className="panel camp-section" aria-labelledby="camp-audience">
            <h2 id="camp-audience">{t('camp.form.audienceSection')}</h2>
            <ChoiceCards<AudienceType> name="audience" legend={t('camp.form.audienceSection')} hideLegend value={draft.audience} onChange={(audience) => set('audience', audience, ['days', 'mobiles'])}
              options={[
                choice('all', t('camp.form.audienceAll'), t('camp.form.audienceAllHint')),
                choice('new_members', t('camp.form.audienceNew'), t('camp.form.audienceNewHint'), daysField),
                choice('birth_month', t('camp.form.audienceBirth'), t('camp.form.audienceBirthHint')),
                choice('mobiles', t('camp.form.audienceMobiles'), t('camp.form.audienceMobilesHint'), <MobileListField value={draft.mobiles} onChange={(text) => set('mobiles', text)} error={errors.mobiles} />),
              ]}
            />
            {errors.audience ? <p className="field__error" role="alert">{errors.audience}</p> : null}
          </section>

          <section className="panel camp-section" aria-labelledby="camp-limits">
            <h2 id="camp-limits">{t('camp.form.limits')}</h2>
            <div className="form-grid">
              {numberField('totalStock', t('camp.form.totalStock'), t('camp.form.totalStockHint'), { placeholder: t('camp.list.unlimited') })}
              {numberField('perMemberLimit', t('camp.form.perMemberLimit'), t('camp.form.perMemberLimitHint'))}
              {draft.mode === 'claim'
                ? numberField('pointsCost', t('camp.form.pointsCost'), config?.pointsEnabled === false ? t('camp.form.pointsCostOff') : t('camp.form.pointsCostHint'), { placeholder: t('camp.form.pointsFree') })
                : null}
              {draft.mode === 'claim' ? <TierAudienceField value={draft.audienceTierId} onChange={(v) => set('audienceTierId', v)} /> : null}
            </div>
          </section>

          <FormActions className="form-actions camp-form__actions" busy={create.isPending} cancelTo="/console/campaigns" cancelLabel={t('camp.form.cancel')} submitLabel={t('camp.form.submit')} busyLabel={t('camp.form.submitting')} />
        </form>
        <CampaignSummary draft={draft} timeZone={tz} />
      </div>
    </div>
  );
}

/** What the brand is about to create, in one glance, beside the form. */
function CampaignSummary({ draft, timeZone }: { draft: Draft; timeZone: string }) {
  const { t } = useTranslation();
  const templates = useOfferTemplates();
  const bundles = useBundles();
  const chosen = offerIds(draft.offer);
  const template = chosen.templateId ? templates.data?.items.find((x) => x.id === chosen.templateId) : undefined;
  const bundle = chosen.bundleId ? bundles.data?.items.find((x) => x.id === chosen.bundleId) : undefined;
  const startsAt = localInputToIso(draft.startsAt, timeZone);
  const endsAt = localInputToIso(draft.endsAt, timeZone);
  const days = wholeNumber(draft.days);
  const stock = wholeNumber(draft.totalStock);
  const mobiles = draft.audience === 'mobiles' ? countMobiles(draft.mobiles) : 0;
  const audience =
    draft.audience === 'new_members'
      ? t('camp.audience.newMembersDays', { days: days ?? '—' })
      : draft.audience === 'mobiles'
        ? `${t('camp.audience.mobiles')}（${t('camp.mobiles.count', { count: mobiles.toLocaleString() })}）`
        : t(`camp.audience.${draft.audience}`);
  const codes =
    draft.mode === 'claim'
      ? null
      : draft.codeKind === 'shared'
        ? draft.sharedCode.trim()
          ? t('camp.list.sharedCode', { code: draft.sharedCode.trim().toUpperCase() })
          : '—'
        : t('camp.summary.generated', { count: (wholeNumber(draft.generateCodes) ?? 0).toLocaleString() });
  return (
    <aside className="panel camp-summary" aria-labelledby="camp-summary-title">
      <h2 id="camp-summary-title">{t('camp.summary.title')}</h2>
      <p className={`camp-summary__name ${draft.name.trim() ? '' : 'muted'}`}>{draft.name.trim() || t('camp.summary.untitled')}</p>
      <Facts
        className="camp-dl"
        rows={[
          [
            t('camp.report.mode'),
            <>
              <span className={`chip camp-mode camp-mode--${draft.mode}`}>{t(`camp.mode.${draft.mode}`)}</span>
              {codes ? <small className="camp-sub">{codes}</small> : null}
            </>,
          ],
          [
            t('camp.report.offer'),
            template ? (
              <>
                <span className="camp-offer__name">
                  <span className="camp-swatch" style={{ background: template.color }} aria-hidden="true" />
                  {template.name}
                </span>
                <small className="camp-sub">{template.summary}</small>
              </>
            ) : bundle ? (
              <>
                <span className="camp-offer__name">
                  <span className="badge">{t('camp.offer.bundleTag')}</span>
                  {bundle.name}
                </span>
                <small className="camp-sub">{bundle.items.map((i) => `${i.name}${i.quantity > 1 ? ` ×${i.quantity}` : ''}`).join('、')}</small>
              </>
            ) : (
              <span className="muted">—</span>
            ),
          ],
          [t('camp.report.window'), startsAt && endsAt ? `${numericDateTime(startsAt, timeZone)} – ${numericDateTime(endsAt, timeZone)}` : '—'],
          [t('camp.report.audience'), audience],
          [
            t('camp.form.limits'),
            <>
              {draft.totalStock.trim() === '' ? t('camp.list.unlimited') : stock !== null ? t('camp.summary.stock', { count: stock.toLocaleString() }) : '—'}
              {'・'}
              {t('camp.list.perMember', { n: wholeNumber(draft.perMemberLimit) ?? '—' })}
            </>,
          ],
          draft.mode === 'claim' && wholeNumber(draft.pointsCost) ? [t('camp.form.pointsCost'), t('camp.summary.points', { count: (wholeNumber(draft.pointsCost) ?? 0).toLocaleString() })] : null,
        ]}
      />
    </aside>
  );
}

function CreatedCampaign({ campaign, onAnother }: { campaign: TCampaignView; onAnother: () => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { data: config } = useConfig();
  const download = useDownload();
  const tz = config?.timezone ?? 'Asia/Taipei';
  const problems = campaign.mobileReport ?? [];

  return (
    <div className="stack">
      <BackLink to="/console/campaigns" label={t('camp.form.back')} />
      <section className="panel camp-created" aria-labelledby="camp-created-title" role="status">
        <h1 id="camp-created-title">
          <Icon name="check" size={24} />
          {t('camp.created.title', { name: campaign.name })}
        </h1>
        <p>{t('camp.created.body', { start: numericDateTime(campaign.startsAt, tz) })}</p>
        {campaign.sharedCode ? (
          <p>
            {t('camp.created.sharedCode')} 
            <code className="camp-code">{campaign.sharedCode}</code>
          </p>
        ) : null}
        {campaign.codesTotal ? (
          <div className="camp-created__codes">
            <p>{t('camp.created.codes', { count: campaign.codesTotal.toLocaleString() })}</p>
            <button type="button" className="btn btn--primary" onClick={() => void download.start(() => campaignCodesCsv(campaign.id))} disabled={download.busy}>
              {download.busy ? t('camp.created.downloading') : t('camp.created.download')}
            </button>
          </div>
        ) : null}
        {download.error ? <Notice kind="error">{download.error}</Notice> : null}
        {campaign.audience.type === 'mobiles' ? (
          problems.length === 0 ? (
            <Notice kind="success">{t('camp.created.mobilesOk')}</Notice>
          ) : (
            <MobileReport title={t('camp.created.mobilesProblems', { count: problems.length.toLocaleString() })} problems={problems} lang={lang} moreText={t('camp.created.more', { count: (problems.length - 50).toLocaleString() })} />
          )
        ) : null}
        <div className="camp-created__actions">
          <Link to={`/console/campaigns/${campaign.id}`} className="btn btn--secondary">
            <Icon name="chart" size={18} />
            {t('camp.created.report')}
          </Link>
          <button type="button" className="btn btn--secondary" onClick={onAnother}>
            <Icon name="plus" size={18} />
            {t('camp.created.another')}
          </button>
          <Link to="/console/campaigns" className="btn btn--primary">
            {t('camp.created.toList')}
          </Link>
        </div>
      </section>
    </div>
  );
}

/** The lines of an uploaded list the server could not use. */
export function MobileReport({ title, problems, lang, limit = 50, moreText }: { title: string; problems: { line: number; input: string; problem: string }[]; lang: 'zh-TW' | 'en'; limit?: number; moreText?: string }) {
  const { t } = useTranslation();
  return (
    <div className="camp-report" role="region" aria-label={title}>
      <p className="camp-report__title">
        <Icon name="alert" size={18} />
        {title}
      </p>
      <table className="table camp-report__table">
        <thead>
          <tr>
            <th scope="col" className="num">
              {t('camp.bulk.reportLine')}
            </th>
            <th scope="col">{t('camp.bulk.reportInput')}</th>
            <th scope="col">{t('camp.bulk.reportProblem')}</th>
          </tr>
        </thead>
        <tbody>
          {problems.slice(0, limit).map((p) => (
            <tr key={`${p.line}-${p.input}`}>
              <td className="num">{p.line}</td>
              <td className="mono">{p.input}</td>
              <td>{pickLanguage(p.problem, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {problems.length > limit ? <p className="muted">{moreText ?? t('camp.bulk.reportMore', { count: (problems.length - limit).toLocaleString() })}</p> : null}
    </div>
  );
}
