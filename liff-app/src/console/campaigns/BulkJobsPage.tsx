import { useMutation, useQuery } from '@tanstack/react-query';
import { Fragment, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TBulkJobInput, TBulkJobView } from '../../../../shared/api/campaigns.ts';
import { call, errorMessage, isApiError } from '../../api/client.ts';
import { queryClient } from '../../api/query.ts';
import { Icon } from '../../components/Icon.tsx';
import { EmptyState, Notice } from '../../components/ui.tsx';
import { Field } from '../../components/Field.tsx';
import { useBrandTime } from '../../lib/useBrandTime.ts';
import { englishMonth, monthOf } from '../../lib/dates.ts';
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
type Errors = Partial<Record<'name' | 'templateId' | 'month' | 'mobiles' | 'audience', string>>;

function CreateJobDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (job: TBulkJobView) => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState('');
  const [offer, setOffer] = useState('');
  const [audience, setAudience] = useState<AudienceType>('all');
  const { timeZone } = useBrandTime();
  const [month, setMonth] = useState(() => String(monthOf(new Date(), timeZone)));
  const [mobiles, setMobiles] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const editName = (value: string) => {
    setName(value);
    setErrors((x) => ({ ...x, name: undefined }));
  };
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
        setErrors({ [field]: pickLanguage(error.fieldMessage, lang) });
        focusFirstInvalid(dialogRef.current, field);
      } else setFormError(errorMessage(error));
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const next: Errors = { name: nameProblem(name, t) };
    if (!offer) next.templateId = t('camp.form.noOffer');
    const lines = audience === 'mobiles' ? mobileLines(mobiles) : [];
    if (audience === 'mobiles' && !lines.some((line) => line !== '')) next.mobiles = t('camp.form.noMobiles');
    if (lines.length > 200_000) next.mobiles = t('camp.mobiles.tooMany', { max: (200_000).toLocaleString() });
    setErrors(next);
    if (Object.values(next).some(Boolean)) {
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
    <FormDialog dialogRef={dialogRef} size="wide" busy={create.isPending} error={formError} onSubmit={submit} onClose={onClose}
      labels={[t('camp.bulk.form.title'), t('camp.bulk.form.cancel'), t('camp.bulk.form.submit'), t('camp.bulk.form.submitting')]}
    >
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
      {errors.audience ? (
        <p className="field__error" role="alert">
          {errors.audience}
        </p>
      ) : null}
      <div className="camp-warning soft--warn">
        <Icon name="alert" size={18} />
        <span>{t('camp.bulk.form.warning')}</span>
      </div>
    </FormDialog>
  );
}
