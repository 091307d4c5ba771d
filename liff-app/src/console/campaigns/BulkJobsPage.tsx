import { useMutation, useQuery } from '@tanstack/react-query';
import { Fragment, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TBulkJobInput, TBulkJobView } from '../../../../shared/api/campaigns.ts';
import { call, errorMessage, isApiError } from '../../api/client.ts';
import { queryClient, useConfig } from '../../api/query.ts';
import { Icon } from '../../components/Icon.tsx';
import { EmptyState, ErrorState, Field, Notice } from '../../components/ui.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { ActionsHeader, ConfirmRow, CreateButton, DataTable, DialogActions, ModalDialog } from '../components.tsx';
import { PageHeader } from '../shared.tsx';
import { bulkResultCsv, campKeys, focusFirstInvalid, isOpenJob, localDay, mobileLines, offerIds, pickLang, useUiLang } from './api.ts';
import { MobileReport } from './CampaignFormPage.tsx';
import { ChoiceCards, describedBy, FieldShell, MobileListField, OfferPicker, ProgressBar } from './controls.tsx';

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
  const lang = useUiLang();
  const jobs = useQuery({ queryKey: campKeys.bulkJobs, queryFn: () => call('consoleBulkJobs') });
  const [creating, setCreating] = useState(false);
  const [message, setMessage] = useState<{ kind: 'success' | 'error' | 'info'; text: string } | null>(null);
  const [started, setStarted] = useState<TBulkJobView | null>(null);
  const items = jobs.data?.items ?? [];

  const open = () => {
    setMessage(null);
    setCreating(true);
  };

  return (
    <div className="stack">
      <PageHeader title={t('camp.bulk.title')}>
        <CreateButton label={t('camp.bulk.create')} onClick={open} />
      </PageHeader>
      <p className="page-intro muted">{t('camp.bulk.intro')}</p>
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
      {started && started.report.length > 0 ? (
        <div className="panel camp-started-report">
          <MobileReport title={t('camp.bulk.reportTitle', { count: started.report.length.toLocaleString() })} problems={started.report} lang={lang} />
          <div className="camp-started-report__actions">
            <button type="button" className="btn btn--secondary btn--small" onClick={() => void bulkResultCsv(started.id).catch((error: unknown) => setMessage({ kind: 'error', text: errorMessage(error) }))}>
              {t('camp.bulk.download')}
            </button>
            <button type="button" className="btn btn--ghost btn--small" onClick={() => setStarted(null)}>
              {t('camp.bulk.reportDismiss')}
            </button>
          </div>
        </div>
      ) : null}

      {jobs.isError ? (
        <ErrorState error={jobs.error} onRetry={() => void jobs.refetch()} />
      ) : jobs.data && items.length === 0 ? (
        <EmptyState
          icon="users"
          title={t('camp.bulk.empty')}
          body={t('camp.bulk.emptyBody')}
          action={<CreateButton label={t('camp.bulk.create')} onClick={open} />}
        />
      ) : (
        <DataTable
          className="table camp-table camp-jobs"
          caption={t('camp.bulk.title')}
          pending={jobs.isPending}
          columns={6}
          skeletonRows={3}
          head={
            <>
              <th scope="col">{t('camp.bulk.name')}</th>
              <th scope="col">{t('camp.bulk.offer')}</th>
              <th scope="col" className="camp-jobs__progress-col">
                {t('camp.bulk.progress')}
              </th>
              <th scope="col">{t('camp.bulk.status')}</th>
              <th scope="col">{t('camp.bulk.createdAt')}</th>
              <ActionsHeader label={t('camp.bulk.actions')} />
            </>
          }
        >
          {items.map((job) => (
            <JobRow key={job.id} job={job} listUpdatedAt={jobs.dataUpdatedAt} onMessage={setMessage} />
          ))}
        </DataTable>
      )}

      {creating ? (
        <CreateJobDialog
          onClose={() => setCreating(false)}
          onCreated={(job) => {
            queryClient.setQueryData<{ items: TBulkJobView[] }>(campKeys.bulkJobs, (old) => ({ items: [job, ...(old?.items ?? []).filter((x) => x.id !== job.id)] }));
            void queryClient.invalidateQueries({ queryKey: campKeys.bulkJobs });
            setStarted(job);
            setMessage({ kind: job.total === 0 ? 'info' : 'success', text: job.total === 0 ? t('camp.bulk.startedEmpty', { name: job.name }) : t('camp.bulk.started', { name: job.name, total: job.total.toLocaleString() }) });
          }}
        />
      ) : null}
    </div>
  );
}

/** One job; while it runs it polls GET /api/console/bulk-jobs/:id every second. */
function JobRow({ job: listed, listUpdatedAt, onMessage }: { job: TBulkJobView; listUpdatedAt: number; onMessage: (m: { kind: 'success' | 'error'; text: string }) => void }) {
  const { t } = useTranslation();
  const { data: config } = useConfig();
  const [confirming, setConfirming] = useState(false);
  const [downloading, setDownloading] = useState(false);
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

  const download = async () => {
    setDownloading(true);
    try {
      await bulkResultCsv(job.id);
    } catch (error) {
      onMessage({ kind: 'error', text: errorMessage(error) });
    } finally {
      setDownloading(false);
    }
  };

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
          {job.error ? <small className="camp-sub camp-danger-text">{job.error}</small> : null}
        </td>
        <td className="nowrap camp-when">
          <time dateTime={job.createdAt}>{config ? formatDateTime(job.createdAt, config.timezone) : job.createdAt}</time>
        </td>
        <td className="row-actions">
          {open ? (
            <button type="button" className="btn btn--ghost btn--small camp-danger-text" aria-expanded={confirming} aria-label={t('camp.bulk.cancelLabel', { name: job.name })} onClick={() => setConfirming((x) => !x)}>
              {t('camp.bulk.cancel')}
            </button>
          ) : (
            <button type="button" className="btn btn--secondary btn--small" onClick={() => void download()} disabled={downloading} aria-label={t('camp.bulk.downloadLabel', { name: job.name })}>
              {downloading ? t('camp.bulk.downloading') : t('camp.bulk.download')}
            </button>
          )}
        </td>
      </tr>
      {confirming && open ? (
        <ConfirmRow
          prefix="camp"
          colSpan={6}
          text={t('camp.bulk.cancelConfirm', { name: job.name })}
          cancelLabel={t('camp.bulk.cancelNo')}
          confirmLabel={t('camp.bulk.cancelYes')}
          busy={cancel.isPending}
          onCancel={() => setConfirming(false)}
          onConfirm={() => cancel.mutate()}
        />
      ) : null}
    </Fragment>
  );
}

type AudienceType = 'all' | 'birth_month' | 'mobiles';
type Errors = Partial<Record<'name' | 'templateId' | 'month' | 'mobiles' | 'audience', string>>;

function CreateJobDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (job: TBulkJobView) => void }) {
  const { t } = useTranslation();
  const lang = useUiLang();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const monthId = useId();
  const [name, setName] = useState('');
  const [offer, setOffer] = useState('');
  const [audience, setAudience] = useState<AudienceType>('all');
  const { data: config } = useConfig();
  const [month, setMonth] = useState(() => String(Number(localDay(new Date(), config?.timezone ?? 'Asia/Taipei').slice(5, 7))));
  const [mobiles, setMobiles] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const create = useMutation({
    mutationFn: (input: TBulkJobInput) => call('consoleCreateBulkJob', { body: input }),
    onSuccess: (job) => {
      onCreated(job);
      dialogRef.current?.close();
    },
    onError: (error) => {
      const raw = isApiError(error) ? error.field : undefined;
      const field = raw === 'bundleId' ? 'templateId' : raw?.startsWith('audience') ? (raw === 'audience.month' ? 'month' : 'audience') : raw;
      if (isApiError(error) && field && ['name', 'templateId', 'month', 'mobiles', 'audience'].includes(field)) {
        setErrors({ [field]: pickLang(error.fieldMessage, lang) });
        focusFirstInvalid(dialogRef.current, field);
      } else setFormError(errorMessage(error));
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const next: Errors = {};
    if (!name.trim()) next.name = t('form.required');
    else if ([...name.trim()].length > 60) next.name = t('form.tooLong', { max: 60 });
    if (!offer) next.templateId = t('camp.form.noOffer');
    const lines = audience === 'mobiles' ? mobileLines(mobiles) : [];
    if (audience === 'mobiles' && !lines.some((line) => line !== '')) next.mobiles = t('camp.form.noMobiles');
    if (lines.length > 200_000) next.mobiles = t('camp.mobiles.tooMany', { max: (200_000).toLocaleString() });
    setErrors(next);
    if (Object.keys(next).length > 0) {
      focusFirstInvalid(dialogRef.current);
      return;
    }
    create.mutate({
      name: name.trim(),
      ...offerIds(offer),
      audience: audience === 'birth_month' ? { type: 'birth_month', month: Number(month) } : { type: audience },
      ...(audience === 'mobiles' ? { mobiles: lines } : {}),
    });
  };

  return (
    <ModalDialog dialogRef={dialogRef} className="camp-dialog camp-dialog--wide" titleId={titleId} busy={create.isPending} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <h2 id={titleId}>{t('camp.bulk.form.title')}</h2>
        {formError ? <Notice kind="error">{formError}</Notice> : null}
        <Field
          label={t('camp.bulk.form.name')}
          hint={t('camp.bulk.form.nameHint')}
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setErrors((x) => ({ ...x, name: undefined }));
          }}
          error={errors.name}
          autoFocus
          maxLength={80}
          autoComplete="off"
          data-field="name"
        />
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
            { value: 'all', label: t('camp.bulk.form.all'), hint: t('camp.bulk.form.allHint') },
            {
              value: 'birth_month',
              label: t('camp.bulk.form.birthMonth'),
              hint: t('camp.bulk.form.birthMonthHint'),
              extra: (
                <FieldShell id={monthId} label={t('camp.bulk.form.month')} error={errors.month} className="camp-narrow">
                  <select id={monthId} data-field="month" className="field__input" value={month} onChange={(e) => setMonth(e.target.value)} aria-invalid={errors.month ? true : undefined} aria-describedby={describedBy(monthId, false, errors.month)}>
                    {Array.from({ length: 12 }, (_, i) => (
                      <option key={i + 1} value={String(i + 1)}>
                        {lang === 'en' ? new Intl.DateTimeFormat('en', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, i, 1))) : t('camp.bulk.form.monthValue', { month: i + 1 })}
                      </option>
                    ))}
                  </select>
                </FieldShell>
              ),
            },
            {
              value: 'mobiles',
              label: t('camp.bulk.form.mobiles'),
              hint: t('camp.bulk.form.mobilesHint'),
              extra: (
                <MobileListField
                  value={mobiles}
                  onChange={(text) => {
                    setMobiles(text);
                    setErrors((x) => ({ ...x, mobiles: undefined }));
                  }}
                  error={errors.mobiles}
                />
              ),
            },
          ]}
        />
        {errors.audience ? (
          <p className="field__error" role="alert">
            {errors.audience}
          </p>
        ) : null}
        <div className="camp-warning">
          <Icon name="alert" size={18} />
          <span>{t('camp.bulk.form.warning')}</span>
        </div>
        <DialogActions
          busy={create.isPending}
          onCancel={() => dialogRef.current?.close()}
          cancelLabel={t('camp.bulk.form.cancel')}
          submitLabel={t('camp.bulk.form.submit')}
          submittingLabel={t('camp.bulk.form.submitting')}
        />
      </form>
    </ModalDialog>
  );
}
