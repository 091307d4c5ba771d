import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TJobView } from '../../../shared/api/jobs.ts';
import { call } from '../api/client.ts';
import { EmptyState, ErrorState } from '../components/ui.tsx';
import { useBrandTime } from '../lib/useBrandTime.ts';
import { DataTable } from './components.tsx';
import { PageHeader } from './shared.tsx';

const POLL_MS = 5000;

/** What a job or schedule does, in words; an unknown kind shows as it is. */
function useKindLabel() {
  const { t } = useTranslation();
  return (kind: string) => {
    switch (kind) {
      case 'bulk_issue':
        return t('console.jobs.kinds.bulk_issue');
      case 'birthday_packs':
        return t('console.jobs.kinds.birthday_packs');
      case 'dispatcher':
        return t('console.jobs.kinds.dispatcher');
      default:
        return kind;
    }
  };
}

/** A job's state, with a running job whose holder stopped renewing its lease told apart. */
function JobStatus({ job }: { job: TJobView }) {
  const { t } = useTranslation();
  if (job.leaseExpired) return <span className="status status--off">{t('console.jobs.status.lapsed')}</span>;
  const tone = job.status === 'done' ? 'status--on' : job.status === 'failed' ? 'status--off' : job.status === 'cancelled' ? '' : 'status--pending';
  const label = {
    pending: t('console.jobs.status.pending'),
    running: t('console.jobs.status.running'),
    done: t('console.jobs.status.done'),
    failed: t('console.jobs.status.failed'),
    cancelled: t('console.jobs.status.cancelled'),
  }[job.status];
  return (
    <span className={`status ${tone}`} data-testid="job-status">
      {label}
    </span>
  );
}

/** A job's result or checkpoint as `key: value` pairs, the error when it has one. */
function Details({ job }: { job: TJobView }) {
  if (job.error) return <small className="status--off">{job.error}</small>;
  const details = job.result ?? job.checkpoint;
  if (!details) return null;
  const text = Object.entries(details)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
  return <code>{text}</code>;
}

/** /console/jobs: the job runner's schedules (next run, last run) and its jobs (state, lease holder, result). */
export function JobsPage() {
  const { t } = useTranslation();
  const time = useBrandTime();
  const kindLabel = useKindLabel();
  const overview = useQuery({ queryKey: ['console', 'jobs'], queryFn: () => call('consoleJobs'), refetchInterval: POLL_MS });
  const when = (iso: string | null) => (iso ? <time dateTime={iso}>{time.dateTime(iso)}</time> : '—');
  const data = overview.data;

  return (
    <div className="stack">
      <PageHeader title={t('console.jobs.title')} />
      <p className="page-intro muted">{t('console.jobs.intro')}</p>
      {overview.isError ? (
        <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />
      ) : (
        <>
          <h2>{t('console.jobs.schedules')}</h2>
          {data && data.schedules.length === 0 ? (
            <EmptyState icon="clock" title={t('console.jobs.noSchedules')} body={t('console.jobs.noSchedulesBody')} />
          ) : (
            <DataTable
              className="table"
              caption={t('console.jobs.schedules')}
              columns={[t('console.jobs.name'), t('console.jobs.cron'), t('console.jobs.nextRun'), t('console.jobs.lastRun'), t('console.jobs.lastResult')]}
              pending={overview.isPending}
              skeletonRows={1}
              testId="job-schedules"
            >
              {data?.schedules.map((s) => (
                <tr key={s.name} data-schedule={s.name}>
                  <td>
                    <strong>{kindLabel(s.kind)}</strong>
                  </td>
                  <td className="nowrap">
                    <code>{s.cron}</code> <small className="muted">{s.timezone}</small>
                  </td>
                  <td className="nowrap">{when(s.nextRunAt)}</td>
                  <td className="nowrap">
                    {s.lastRun ? (
                      <>
                        {when(s.lastRun.dueAt)} <JobStatus job={s.lastRun} />
                      </>
                    ) : (
                      t('console.jobs.never')
                    )}
                  </td>
                  <td>{s.lastRun ? <Details job={s.lastRun} /> : null}</td>
                </tr>
              ))}
            </DataTable>
          )}

          <h2>{t('console.jobs.jobs')}</h2>
          {data && data.jobs.length === 0 ? (
            <EmptyState icon="list" title={t('console.jobs.noJobs')} />
          ) : (
            <DataTable
              className="table"
              caption={t('console.jobs.jobs')}
              columns={[t('console.jobs.name'), t('console.jobs.state'), t('console.jobs.holder'), t('console.jobs.started'), t('console.jobs.finished'), t('console.jobs.lastResult')]}
              pending={overview.isPending}
              skeletonRows={3}
              testId="job-list"
            >
              {data?.jobs.map((job) => (
                <tr key={job.id} data-job={job.key} className={job.status === 'cancelled' ? 'is-muted' : undefined}>
                  <td>
                    <strong>{kindLabel(job.kind)}</strong>
                    <br />
                    <small className="muted">{job.key}</small>
                  </td>
                  <td className="nowrap">
                    <JobStatus job={job} />
                    {job.attempts > 1 ? (
                      <>
                        <br />
                        <small className="muted">{t('console.jobs.attempts', { count: job.attempts })}</small>
                      </>
                    ) : null}
                  </td>
                  <td>
                    {job.leaseOwner ? (
                      <>
                        <code>{job.leaseOwner}</code>
                        <br />
                    <small className="muted">{t('console.jobs.leaseUntil', { time: job.leaseUntil ? time.dateTime(job.leaseUntil) : job.leaseUntil })}</small>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="nowrap">{when(job.startedAt ?? job.runAt)}</td>
                  <td className="nowrap">{when(job.finishedAt)}</td>
                  <td>
                    <Details job={job} />
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </>
      )}
    </div>
  );
}
