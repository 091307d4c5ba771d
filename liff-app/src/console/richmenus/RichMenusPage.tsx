import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TRichMenuOverview, TRichMenuVersionSummary } from '../../../../shared/api/richmenus.ts';
import { call } from '../../api/client.ts';
import { useConfig } from '../../api/query.ts';
import { EmptyState, ErrorState, Notice, useDocumentTitle } from '../../components/ui.tsx';
import { useLanguage } from '../../i18n/index.ts';
import { formatDateTime } from '../../lib/dates.ts';
import { ConfirmRow, ConfirmToggle, CreateButton, DataTable, useRowActions } from '../components.tsx';
import { PageHeader } from '../shared.tsx';
import { refreshRichMenus, useRichMenuOverview, versionState, type VersionState } from './api.ts';

function StateBadge({ state }: { state: VersionState }) {
  const { t } = useTranslation();
  const tone = state.kind === 'live' ? 'on' : state.kind === 'failed' ? 'off' : state.kind === 'scheduled' || state.kind === 'running' ? 'pending' : 'idle';
  const text = state.kind === 'failed' ? (state.step ? t('rmenu.status.failedAt', { step: t(`rmenu.step.${state.step}`) }) : t('rmenu.status.failed')) : t(`rmenu.status.${state.kind}`);
  return (
    <span className={`status status--${tone}`} data-state={state.kind}>
      {text}
    </span>
  );
}

/** /console/richmenus — the versions (live, scheduled, drafts, failed), schedules and publishing history. */
export function RichMenusPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('rmenu.list.title'));
  const overview = useRichMenuOverview();
  const data = overview.data;
  const live = data?.versions.find((v) => v.id === data.liveVersionId) ?? null;
  return (
    <div className="stack rm-list">
      <PageHeader title={t('rmenu.list.title')} intro={t('rmenu.list.intro')}>
        <CreateButton label={t('rmenu.list.create')} to="/console/richmenus/new" />
      </PageHeader>
      {overview.isError ? (
        <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />
      ) : data && data.versions.length === 0 ? (
        <EmptyState icon="list" title={t('rmenu.list.empty')} body={t('rmenu.list.emptyBody')} link={{ to: '/console/richmenus/new', label: t('rmenu.list.create') }} />
      ) : (
        <>
          {data ? (
            <p className="rm-live" data-testid="rm-live">
              <strong>{live ? t('rmenu.list.live', { name: live.name }) : t('rmenu.list.noneLive')}</strong>
              <span className="muted">{t('rmenu.list.budget', { used: data.createDeleteBudget.used, limit: data.createDeleteBudget.limit })}</span>
            </p>
          ) : null}
          <h2 className="rm-list__title">{t('rmenu.list.versions')}</h2>
          <Versions overview={overview} />
          {data ? (
            <>
              <h2 className="rm-list__title">{t('rmenu.list.schedules')}</h2>
              <Schedules overview={data} />
              <h2 className="rm-list__title">{t('rmenu.list.history')}</h2>
              <History overview={data} />
            </>
          ) : null}
        </>
      )}
    </div>
  );
}

function Versions({ overview }: { overview: ReturnType<typeof useRichMenuOverview> }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { data: config } = useConfig();
  const tz = config?.timezone ?? 'Asia/Taipei';
  const rows = useRowActions();
  const [busy, setBusy] = useState(false);
  const data = overview.data;
  const rollback = async (v: TRichMenuVersionSummary) => {
    setBusy(true);
    try {
      const pub = await call('consolePublishRichMenuVersion', { params: { id: v.id } });
      await refreshRichMenus();
      if (pub.status === 'failed') rows.failed(new Error(`${t('rmenu.editor.publishFailed')} ${t('rmenu.list.failedStep', { step: t(`rmenu.step.${pub.failedStep ?? 'create'}`) })}`));
      else rows.done(t('rmenu.list.rolledBack', { name: v.name }));
    } catch (error) {
      rows.failed(error);
    } finally {
      setBusy(false);
    }
  };
  const columns = [t('rmenu.list.name'), t('rmenu.list.state'), t('rmenu.list.menus'), t('rmenu.list.updated'), { actions: t('rmenu.list.actions') }];
  return (
    <>
      {rows.message ? (
        <div role={rows.message.kind === 'error' ? 'alert' : 'status'}>
          <Notice kind={rows.message.kind}>{rows.message.text}</Notice>
        </div>
      ) : null}
      <DataTable className="table rm-table" caption={t('rmenu.list.versions')} columns={columns} pending={!data} testId="rm-versions">
        {data?.versions.map((v) => {
          const state = versionState(v, data);
          const canRollback = v.status === 'published' && state.kind !== 'running';
          return (
            <Fragment key={v.id}>
              <tr data-version={v.id}>
                <td>
                  <Link className="link" to={`/console/richmenus/${v.id}`} aria-label={v.status === 'draft' ? t('rmenu.list.editLabel', { name: v.name }) : t('rmenu.list.viewLabel', { name: v.name })}>
                    {v.name}
                  </Link>
                </td>
                <td>
                  <StateBadge state={state} />
                </td>
                <td>{t('rmenu.list.menuCount', { count: v.menuCount })}</td>
                <td>{formatDateTime(v.updatedAt, tz, lang)}</td>
                <td className="rm-table__actions">
                  {canRollback ? <ConfirmToggle label={t('rmenu.list.rollback')} open={rows.confirming === v.id} onToggle={() => rows.toggle(v.id)} className="rm-rollback" /> : null}
                </td>
              </tr>
              {rows.confirming === v.id ? (
                <ConfirmRow colSpan={5} text={t('rmenu.list.rollbackConfirm', { name: v.name })} labels={[t('rmenu.list.cancel'), t('rmenu.list.rollbackYes')]} busy={busy} onCancel={rows.cancel} onConfirm={() => void rollback(v)} />
              ) : null}
            </Fragment>
          );
        })}
      </DataTable>
    </>
  );
}

function Schedules({ overview }: { overview: TRichMenuOverview }) {
  const { t } = useTranslation();
  const rows = useRowActions();
  const [busy, setBusy] = useState(false);
  if (overview.schedules.length === 0) return <p className="muted">{t('rmenu.list.schedulesEmpty')}</p>;
  const cancel = async (id: number) => {
    setBusy(true);
    try {
      await call('consoleCancelRichMenuSchedule', { params: { id } });
      await refreshRichMenus();
      rows.done(t('rmenu.list.scheduleCancelled'));
    } catch (error) {
      rows.failed(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      {rows.message ? (
        <div role={rows.message.kind === 'error' ? 'alert' : 'status'}>
          <Notice kind={rows.message.kind}>{rows.message.text}</Notice>
        </div>
      ) : null}
      <DataTable className="table" caption={t('rmenu.list.schedules')} columns={[t('rmenu.list.scheduleVersion'), t('rmenu.list.scheduleWindow'), t('rmenu.list.state'), { actions: t('rmenu.list.actions') }]} pending={false}>
        {overview.schedules.map((s) => (
          <tr key={s.id} data-schedule={s.id}>
            <td>{s.versionName}</td>
            <td>
              {s.startsAt.replace('T', ' ')} – {s.endsAt.replace('T', ' ')}
            </td>
            <td>
              <span className={`status status--${s.status === 'active' ? 'on' : s.status === 'failed' ? 'off' : s.status === 'pending' ? 'pending' : 'idle'}`}>{t(`rmenu.list.scheduleStatus.${s.status}`)}</span>
              {s.error ? <small className="field__error"> {s.error}</small> : null}
            </td>
            <td>
              {s.status === 'pending' || s.status === 'active' ? (
                <button type="button" className="btn btn--ghost btn--small" disabled={busy} aria-label={t('rmenu.list.cancelScheduleLabel', { name: s.versionName })} onClick={() => void cancel(s.id)}>
                  {t('rmenu.list.cancelSchedule')}
                </button>
              ) : null}
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}

function History({ overview }: { overview: TRichMenuOverview }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { data: config } = useConfig();
  const tz = config?.timezone ?? 'Asia/Taipei';
  if (overview.publications.length === 0) return <p className="muted">{t('rmenu.list.historyEmpty')}</p>;
  const names = new Map(overview.versions.map((v) => [v.id, v.name]));
  return (
    <DataTable className="table" caption={t('rmenu.list.history')} columns={[t('rmenu.list.historyAt'), t('rmenu.list.historyKind'), t('rmenu.list.historyVersion'), t('rmenu.list.historyResult')]} pending={false} testId="rm-history">
      {overview.publications.map((p) => (
        <tr key={p.id} data-publication={p.id}>
          <td>{formatDateTime(p.startedAt, tz, lang)}</td>
          <td>{t(`rmenu.kind.${p.kind}`)}</td>
          <td>{names.get(p.versionId) ?? `#${p.versionId}`}</td>
          <td>
            <span className={`status status--${p.status === 'succeeded' ? 'on' : p.status === 'failed' ? 'off' : 'pending'}`}>
              {p.status === 'succeeded' ? t('rmenu.list.succeeded') : p.status === 'running' ? t('rmenu.status.running') : t('rmenu.list.failedStep', { step: t(`rmenu.step.${p.failedStep ?? 'create'}`) })}
            </span>
            {p.linkTotal !== null ? <small className="muted"> · {t('rmenu.list.linked', { done: p.linkDone, total: p.linkTotal })}</small> : null}
            {p.status === 'failed' && p.error ? <small className="rm-history__error">{p.error}</small> : null}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
