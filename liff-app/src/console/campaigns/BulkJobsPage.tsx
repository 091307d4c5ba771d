import { useMutation, useQuery } from '@tanstack/react-query';
import { Fragment, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TBulkJobInput, TBulkJobView } from '../../../../shared/api/campaigns.ts';
import type { TBulkPreview, TBulkScheduleView } from '../../../../shared/api/bulk.ts';
import { insightsKeys } from '../insights/index.ts';
import { call, errorMessage, isApiError } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';
import { Icon } from '../../components/Icon.tsx';
import { EmptyState, Notice } from '../../components/ui.tsx';
import { Field } from '../../components/Field.tsx';
import { useBrandTime } from '../../lib/useBrandTime.ts';
import { englishMonth, localInputToIso, monthOf } from '../../lib/dates.ts';
import { ConfirmRow, CreateButton, FormDialog, ListTable, NameField, nameProblem } from '../components.tsx';
import { useDownload } from '../../api/download.ts';
import { PageHeader } from '../shared.tsx';
import { bulkResultCsv, campKeys, focusFirstInvalid, isOpenJob, mobileLines, offerIds } from './api.ts';
import { pickLanguage, useLanguage } from '../../i18n/index.ts';
import { MobileReport } from './CampaignFormPage.tsx';
import { choice, ChoiceCards, MobileListField, OfferPicker, ProgressBar } from './controls.tsx';

const POLL_MS = 1000;

function percentOf(job: TBulkJobView): number {
  if (job.total === 0) return job.status === 'done' ? 100 : 0;
  return Math.floor((job.processed / job.total) * 100);
}

/** Puts a fresher view of one job into the list. */
function storeJob(job: TBulkJobView): void {
  queryClient.setQueryData<{ items: TBulkJobView[] }>(campKeys.bulkJobs, (old) => (old ? { items: old.items.map((x) => (x.id === job.id ? job : x)) } : old));
}

/** /console/bulk-jobs: issue an offer to many members in the background, with live progress. */
export function BulkJobsPage() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const time = useBrandTime();
  const jobs = useQuery({ queryKey: campKeys.bulkJobs, queryFn: () => call('consoleBulkJobs') });
  const [creating, setCreating] = useState(false);
  const [message, setMessage] = useState<{ kind: 'success' | 'error' | 'info'; text: string } | null>(null);
  const [started, setStarted] = useState<TBulkJobView | null>(null);
  const download = useDownload((text) => setMessage({ kind: 'error', text }));
  const items = jobs.data?.items ?? [];

  const open = () => {
    setMessage(null);
    setCreating(true);
  };

  return (
    <div className="stack">
      <PageHeader title={t('camp.bulk.title')} intro={t('camp.bulk.intro')}>
        <CreateButton label={t('camp.bulk.create')} onClick={open} />
      </PageHeader>
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
      {started && started.report.length > 0 ? (
        <div className="panel camp-started-report">
          <MobileReport title={t('camp.bulk.reportTitle', { count: started.report.length.toLocaleString() })} problems={started.report} lang={lang} />
          <div className="camp-started-report__actions">
            <button type="button" className="btn btn--secondary btn--small" onClick={() => void download.start(() => bulkResultCsv(started.id))}>
              {t('camp.bulk.download')}
            </button>
            <button type="button" className="btn btn--ghost btn--small" onClick={() => setStarted(null)}>
              {t('camp.bulk.reportDismiss')}
            </button>
          </div>
        </div>
      ) : null}

      <ListTable
        query={jobs}
        columns={[t('camp.bulk.name'), t('camp.bulk.offer'), { label: t('camp.bulk.progress'), className: 'camp-jobs__progress-col' }, t('camp.bulk.status'), t('camp.bulk.createdAt'), { actions: t('camp.bulk.actions') }]}
        isEmpty={items.length === 0}
        empty={<EmptyState icon="users" title={t('camp.bulk.empty')} body={t('camp.bulk.emptyBody')} action={<CreateButton label={t('camp.bulk.create')} onClick={open} />} />}
        className="table camp-table camp-jobs"
        caption={t('camp.bulk.title')}
        skeletonRows={3}
      >
        {items.map((job) => (
          <JobRow key={job.id} job={job} listUpdatedAt={jobs.dataUpdatedAt} onMessage={setMessage} />
        ))}
      </ListTable>

      {creating ? (
        <CreateJobDialog
          onClose={() => setCreating(false)}
          onCreated={(job) => {
            queryClient.setQueryData<{ items: TBulkJobView[] }>(campKeys.bulkJobs, (old) => ({ items: [job, ...(old?.items ?? []).filter((x) => x.id !== job.id)] }));
            void queryClient.invalidateQueries({ queryKey: campKeys.bulkJobs });
            setStarted(job);
            setMessage({
              kind: job.total === 0 ? 'info' : 'success',
              text:
                job.total === 0
                  ? t('camp.bulk.startedEmpty', { name: job.name })
                  : job.startAt
                    ? t('ins.bulk.scheduled', { name: job.name, time: time.dateTime(job.startAt), total: job.total.toLocaleString() })
                    : t('camp.bulk.started', { name: job.name, total: job.total.toLocaleString() }),
            });
          }}
          onScheduled={(schedule) => {
            void queryClient.invalidateQueries({ queryKey: insightsKeys.bulkSchedules });
            setMessage({ kind: 'success', text: t('ins.bulk.monthlyCreated', { name: schedule.name, time: schedule.nextRunAt ? time.dateTime(schedule.nextRunAt) : '—' }) });
          }}
        />
      ) : null}
      <SchedulesPanel onMessage={setMessage} />
    </div>
  );
}

/** One job; while it runs it polls GET /api/console/bulk-jobs/:id every second. */
function JobRow({ job: listed, listUpdatedAt, onMessage }: { job: TBulkJobView; listUpdatedAt: number; onMessage: (m: { kind: 'success' | 'error'; text: string }) => void }) {
  const { t } = useTranslation();
  const time = useBrandTime();
  const [confirming, setConfirming] = useState(false);
  const download = useDownload((text) => onMessage({ kind: 'error', text }));
  const live = useQuery({
    queryKey: campKeys.bulkJob(listed.id),
    queryFn: () => call('consoleBulkJob', { params: { id: listed.id } }),
    enabled: isOpenJob(listed.status),
    refetchInterval: (query) => (isOpenJob(query.state.data?.status ?? listed.status) ? POLL_MS : false),
    refetchIntervalInBackground: false,
    staleTime: 0,
  });
  const job = live.data && live.dataUpdatedAt > listUpdatedAt ? live.data : listed;
  const open = isOpenJob(job.status);

  // Once it finishes, the list takes the final numbers (and polling stops).
  useEffect(() => {
    if (live.data && !isOpenJob(live.data.status) && isOpenJob(listed.status)) storeJob(live.data);
  }, [live.data, listed.status]);

  const cancel = useMutation({
    mutationFn: () => call('consoleCancelBulkJob', { params: { id: job.id } }),
    onSuccess: (view) => {
      setConfirming(false);
      storeJob(view);
      queryClient.setQueryData(campKeys.bulkJob(view.id), view);
      onMessage({ kind: 'success', text: t('camp.bulk.cancelled', { name: view.name }) });
    },
    onError: (error) => onMessage({ kind: 'error', text: errorMessage(error) }),
  });

  const percent = percentOf(job);
  const tone = job.status === 'failed' ? 'red' : job.status === 'cancelled' ? 'grey' : 'green';
  const progressText = `${t('camp.bulk.processed', { processed: job.processed.toLocaleString(), total: job.total.toLocaleString() })}（${t('camp.bulk.percent', { percent })}）`;
  return (
    <Fragment>
      <tr data-job={job.id} className={job.status === 'cancelled' ? 'is-muted' : undefined}>
        <td className="camp-name">
          <strong>{job.name}</strong>
          {job.report.length > 0 ? <small className="camp-sub camp-warn-text">{t('camp.bulk.reportProblems', { count: job.report.length.toLocaleString() })}</small> : null}
        </td>
        <td className="camp-job-offer">{job.offerName}</td>
        <td className="camp-jobs__progress-col">
          <div className="camp-job-progress">
            <div className="camp-job-progress__top">
              <span className="camp-job-progress__count" data-testid="job-processed">
                {t('camp.bulk.processed', { processed: job.processed.toLocaleString(), total: job.total.toLocaleString() })}
              </span>
              <strong className="camp-job-progress__percent" data-testid="job-percent">
                {t('camp.bulk.percent', { percent })}
              </strong>
            </div>
            <ProgressBar value={job.processed} max={Math.max(job.total, 1)} tone={tone} label={t('camp.bulk.progressLabel', { name: job.name })} text={progressText} />
            <div className="camp-job-progress__stats">
              <span className="camp-job-stat camp-job-stat--issued" data-testid="job-issued">
                {t('camp.bulk.issued', { count: job.issued.toLocaleString() })}
              </span>
              <span className="camp-job-stat camp-job-stat--skipped" data-testid="job-skipped">
                {t('camp.bulk.skipped', { count: job.skipped.toLocaleString() })}
              </span>
            </div>
          </div>
        </td>
        <td>
          <span className={`status camp-job--${job.status}`} data-testid="job-status">
            {t(`camp.bulk.statusValue.${job.status}`)}
          </span>
          {job.status === 'pending' && job.startAt && Date.parse(job.startAt) > Date.now() ? <small className="camp-sub">{t('ins.bulk.scheduledAt', { time: time.dateTime(job.startAt) })}</small> : null}
          {job.error ? <small className="camp-sub camp-danger-text">{job.error}</small> : null}
        </td>
        <td className="nowrap camp-when">
          <time dateTime={job.createdAt}>{time.dateTime(job.createdAt)}</time>
        </td>
        <td className="row-actions">
          {open ? (
            <button type="button" className="btn btn--ghost btn--small camp-danger-text" aria-expanded={confirming} aria-label={t('camp.bulk.cancelLabel', { name: job.name })} onClick={() => setConfirming((x) => !x)}>
              {t('camp.bulk.cancel')}
            </button>
          ) : (
            <button type="button" className="btn btn--secondary btn--small" onClick={() => void download.start(() => bulkResultCsv(job.id))} disabled={download.busy} aria-label={t('camp.bulk.downloadLabel', { name: job.name })}>
              {download.busy ? t('camp.bulk.downloading') : t('camp.bulk.download')}
            </button>
          )}
        </td>
      </tr>
      {confirming && open ? (
        <ConfirmRow colSpan={6} text={t('camp.bulk.cancelConfirm', { name: job.name })} busy={cancel.isPending} onCancel={() => setConfirming(false)} onConfirm={() => cancel.mutate()} labels={[t('camp.bulk.cancelNo'), t('camp.bulk.cancelYes')]} />
      ) : null}
    </Fragment>
  );
}

type AudienceType = 'all' | 'birth_month' | 'mobiles';
type When = 'now' | 'at' | 'monthly';

/** Monthly schedules: each fires a bulk job on day N at a brand-local time. */
function SchedulesPanel({ onMessage }: { onMessage: (m: { kind: 'success' | 'error'; text: string }) => void }) {
  const { t } = useTranslation();
  const time = useBrandTime();
  const schedules = useQuery({ queryKey: insightsKeys.bulkSchedules, queryFn: () => call('consoleBulkSchedules') });
  const stop = useMutation({
    mutationFn: (id: number) => call('consoleCancelBulkSchedule', { params: { id } }),
    onSuccess: (s: TBulkScheduleView) => {
      void queryClient.invalidateQueries({ queryKey: insightsKeys.bulkSchedules });
      onMessage({ kind: 'success', text: t('ins.bulk.stopDone', { name: s.name }) });
    },
    onError: (error) => onMessage({ kind: 'error', text: errorMessage(error) }),
  });
  const items = schedules.data?.items ?? [];
  return (
    <section className="panel" aria-labelledby="ins-schedules-title">
      <h2 id="ins-schedules-title">{t('ins.bulk.schedules')}</h2>
      {items.length === 0 ? (
        <p className="muted">{t('ins.bulk.schedulesEmpty')}</p>
      ) : (
        <table className="table">
          <caption className="visually-hidden">{t('ins.bulk.schedules')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('camp.bulk.name')}</th>
              <th scope="col">{t('ins.bulk.rule')}</th>
              <th scope="col">{t('ins.bulk.nextRun')}</th>
              <th scope="col">{t('camp.bulk.status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('camp.bulk.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.id}>
                <td>
                  <strong>{s.name}</strong>
                  <small className="camp-sub">
                    {s.offerName} · {s.audience === 'all' ? t('ins.bulk.audienceAll') : t('ins.bulk.audienceBirthMonth')}
                  </small>
                </td>
                <td>{t('ins.bulk.ruleValue', { day: s.dayOfMonth, time: s.time })}</td>
                <td className="nowrap">{s.nextRunAt ? time.dateTime(s.nextRunAt) : '—'}</td>
                <td>{s.status === 'active' ? t('ins.bulk.active') : t('ins.bulk.stopped')}</td>
                <td className="row-actions">
                  {s.status === 'active' ? (
                    <button type="button" className="btn btn--ghost btn--small" aria-label={t('ins.bulk.stopLabel', { name: s.name })} disabled={stop.isPending} onClick={() => stop.mutate(s.id)}>
                      {t('ins.bulk.stop')}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The preview a marketer confirms: who, how many messages, and the share of the month's quota. */
function PreviewPanel({ preview }: { preview: TBulkPreview }) {
  const { t, i18n } = useTranslation();
  const pct = (v: number) => new Intl.NumberFormat(i18n.language === 'en' ? 'en' : 'zh-TW', { style: 'percent', maximumFractionDigits: 2 }).format(v);
  const q = preview.quota;
  return (
    <div className="ins-preview" data-testid="bulk-preview">
      <p className="ins-preview__big">{t('ins.bulk.audience', { count: preview.audience.toLocaleString() as unknown as number })}</p>
      {preview.sample.length > 0 ? (
        <div>
          <h3 className="field__label">{t('ins.bulk.sample')}</h3>
          <ul className="ins-sample">
            {preview.sample.map((m) => (
              <li key={m.id}>
                {m.name}
                {m.mobile ? <span className="muted"> · {m.mobile}</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <p>
        <strong>{t('ins.bulk.messages', { count: preview.messages.toLocaleString() as unknown as number })}</strong>
        <br />
        <span className="muted">{t('ins.bulk.messagesHint')}</span>
      </p>
      <p>
        {!q
          ? t('ins.bulk.quotaUnknown')
          : q.limit === null
            ? t('ins.bulk.quotaUnlimited')
            : t('ins.bulk.quota', { share: pct(q.shareOfRemaining ?? 0), used: q.used.toLocaleString(), limit: q.limit.toLocaleString() })}
      </p>
      {q?.exceedsReserve ? <Notice kind="error">{t('ins.bulk.quotaWarn')}</Notice> : null}
      {preview.problems > 0 ? <Notice kind="info">{t('ins.bulk.problems', { count: preview.problems })}</Notice> : null}
    </div>
  );
}
type Errors = Partial<Record<'name' | 'templateId' | 'month' | 'mobiles' | 'audience', string>>;

function CreateJobDialog({ onClose, onCreated, onScheduled }: { onClose: () => void; onCreated: (job: TBulkJobView) => void; onScheduled: (schedule: TBulkScheduleView) => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState('');
  const [offer, setOffer] = useState('');
  const [audience, setAudience] = useState<AudienceType>('all');
  const brandTime = useBrandTime();
  const { timeZone } = brandTime;
  const [month, setMonth] = useState(() => String(monthOf(new Date(), timeZone)));
  const [mobiles, setMobiles] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const editName = (value: string) => {
    setName(value);
    setErrors((x) => ({ ...x, name: undefined }));
  };
  const [formError, setFormError] = useState<string | null>(null);
  const [when, setWhen] = useState<When>('now');
  const [startLocal, setStartLocal] = useState('');
  const [day, setDay] = useState('1');
  const [clock, setClock] = useState('10:00');
  const [preview, setPreview] = useState<{ input: TBulkJobInput; result: TBulkPreview } | null>(null);

  /** The warning says what will happen: now, at the chosen time, or monthly on day N. */
  const warningFor = () => {
    if (when === 'monthly') return t('camp.bulk.form.warningMonthly', { day, time: clock });
    if (when === 'at') {
      const startAt = localInputToIso(startLocal, timeZone);
      return startAt ? t('camp.bulk.form.warningAt', { time: brandTime.dateTime(startAt) }) : t('camp.bulk.form.warningAtUnset');
    }
    return t('camp.bulk.form.warning');
  };

  const onFailure = (error: unknown) => {
      const raw = isApiError(error) ? error.field : undefined;
      const field = raw === 'bundleId' ? 'templateId' : raw?.startsWith('audience') ? (raw === 'audience.month' ? 'month' : 'audience') : raw;
      if (isApiError(error) && field && ['name', 'templateId', 'month', 'mobiles', 'audience'].includes(field)) {
        setErrors({ [field]: pickLanguage(error.fieldMessage, lang) });
        focusFirstInvalid(dialogRef.current, field);
      } else setFormError(errorMessage(error));
  };
  const create = useMutation({
    mutationFn: async (input: TBulkJobInput) => {
      if (when === 'monthly') {
        const schedule = await call('consoleCreateBulkSchedule', {
          body: { name: input.name, templateId: input.templateId ?? null, bundleId: input.bundleId ?? null, audience: input.audience.type === 'birth_month' ? { type: 'birth_month' } : { type: 'all' }, dayOfMonth: Number(day), time: clock },
        });
        return { schedule };
      }
      return { job: await call('consoleCreateBulkJob', { body: input }) };
    },
    onSuccess: (done) => {
      if ('job' in done && done.job) onCreated(done.job);
      if ('schedule' in done && done.schedule) onScheduled(done.schedule);
      dialogRef.current?.close();
    },
    onError: (error) => {
      setPreview(null);
      onFailure(error);
    },
  });
  const previewing = useMutation({
    mutationFn: (input: TBulkJobInput) => call('consolePreviewBulkJob', { body: { templateId: input.templateId ?? null, bundleId: input.bundleId ?? null, audience: input.audience, ...(input.mobiles ? { mobiles: input.mobiles } : {}) } }),
    onSuccess: (result, input) => setPreview({ input, result }),
    onError: onFailure,
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    if (preview) {
      create.mutate(preview.input);
      return;
    }
    const next: Errors = { name: nameProblem(name, t) };
    if (!offer) next.templateId = t('camp.form.noOffer');
    const lines = audience === 'mobiles' ? mobileLines(mobiles) : [];
    if (audience === 'mobiles' && !lines.some((line) => line !== '')) next.mobiles = t('camp.form.noMobiles');
    if (lines.length > 200_000) next.mobiles = t('camp.mobiles.tooMany', { max: (200_000).toLocaleString() });
    const startAt = when === 'at' ? localInputToIso(startLocal, timeZone) : null;
    if (when === 'at' && (!startAt || Date.parse(startAt) <= Date.now())) next.audience = t('ins.bulk.startAtRequired');
    if (when === 'monthly' && audience === 'mobiles') next.audience = t('ins.bulk.monthlyNoMobiles');
    setErrors(next);
    if (Object.values(next).some(Boolean)) {
      focusFirstInvalid(dialogRef.current);
      return;
    }
    previewing.mutate({
      name: name.trim(),
      ...offerIds(offer),
      audience: audience === 'birth_month' ? { type: 'birth_month', month: Number(month) } : { type: audience },
      ...(audience === 'mobiles' ? { mobiles: lines } : {}),
      ...(startAt ? { startAt } : {}),
    });
  };

  const editMobiles = (text: string) => {
    setMobiles(text);
    setErrors((x) => ({ ...x, mobiles: undefined }));
  };
  const monthField = (
    <Field label={t('camp.bulk.form.month')} error={errors.month} className="camp-narrow">
      {(control) => (
        <select {...control} data-field="month" className="field__input" value={month} onChange={(e) => setMonth(e.target.value)}>
          {Array.from({ length: 12 }, (_, i) => (
            <option key={i + 1} value={String(i + 1)}>
              {lang === 'en' ? englishMonth(i + 1) : t('camp.bulk.form.monthValue', { month: i + 1 })}
            </option>
          ))}
        </select>
      )}
    </Field>
  );

  return (
    <FormDialog dialogRef={dialogRef} size="wide" busy={create.isPending || previewing.isPending} error={formError} onSubmit={submit} onClose={onClose}
      labels={
        preview
          ? [t('ins.bulk.previewTitle'), t('camp.bulk.form.cancel'), when === 'now' ? t('ins.bulk.confirm') : t('ins.bulk.confirmLater'), t('camp.bulk.form.submitting')]
          : [t('camp.bulk.form.title'), t('camp.bulk.form.cancel'), t('ins.bulk.preview'), t('ins.bulk.previewing')]
      }
    >
      {preview ? (
        <>
          <PreviewPanel preview={preview.result} />
          <button type="button" className="btn btn--ghost" onClick={() => setPreview(null)}>
            {t('ins.bulk.back')}
          </button>
        </>
      ) : (
      <>
      <NameField label={t('camp.bulk.form.name')} hint={t('camp.bulk.form.nameHint')} value={name} error={errors.name} onChange={editName} />
      <OfferPicker
        value={offer}
        onChange={(value) => {
          setOffer(value);
          setErrors((x) => ({ ...x, templateId: undefined }));
        }}
        error={errors.templateId}
      />
      <ChoiceCards<AudienceType>
        name="audience"
        legend={t('camp.bulk.form.audience')}
        value={audience}
        onChange={(value) => {
          setAudience(value);
          setErrors((x) => ({ ...x, mobiles: undefined, month: undefined, audience: undefined }));
        }}
        options={[
          choice('all', t('camp.bulk.form.all'), t('camp.bulk.form.allHint')),
          choice('birth_month', t('camp.bulk.form.birthMonth'), t('camp.bulk.form.birthMonthHint'), monthField),
          choice('mobiles', t('camp.bulk.form.mobiles'), t('camp.bulk.form.mobilesHint'), <MobileListField value={mobiles} onChange={editMobiles} error={errors.mobiles} />),
        ]}
      />
      <ChoiceCards<When>
        name="when"
        legend={t('ins.bulk.when')}
        value={when}
        onChange={(value) => {
          setWhen(value);
          setErrors((x) => ({ ...x, audience: undefined }));
        }}
        options={[
          choice('now', t('ins.bulk.now'), t('ins.bulk.nowHint')),
          choice(
            'at',
            t('ins.bulk.at'),
            t('ins.bulk.atHint', { tz: timeZone }),
            <label className="field">
              <span className="field__label">{t('ins.bulk.startAt')}</span>
              <input type="datetime-local" className="field__input" data-field="startAt" value={startLocal} onChange={(e) => setStartLocal(e.target.value)} />
            </label>,
          ),
          choice(
            'monthly',
            t('ins.bulk.monthly'),
            t('ins.bulk.monthlyHint'),
            <span className="ins-inline-form">
              <label className="field">
                <span className="field__label">{t('ins.bulk.day')}</span>
                <select className="field__input" value={day} onChange={(e) => setDay(e.target.value)}>
                  {Array.from({ length: 28 }, (_, i) => (
                    <option key={i + 1} value={String(i + 1)}>
                      {t('ins.bulk.dayValue', { day: i + 1 })}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span className="field__label">{t('ins.bulk.time')}</span>
                <input type="time" className="field__input" value={clock} onChange={(e) => setClock(e.target.value || '10:00')} />
              </label>
            </span>,
          ),
        ]}
      />
      {errors.audience ? (
        <p className="field__error" role="alert">
          {errors.audience}
        </p>
      ) : null}
      <div className="camp-warning soft--warn">
        <Icon name="alert" size={18} />
        <span data-bulk-warning={when}>{warningFor()}</span>
      </div>
      </>
      )}
    </FormDialog>
  );
}
