import { useMutation } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TCampaignView } from '../../../../shared/api/campaigns.ts';
import { call, errorMessage } from '../../api/client.ts';
import { useConfig } from '../../api/query.ts';
import { Icon } from '../../components/Icon.tsx';
import { EmptyState, ErrorState, Notice } from '../../components/ui.tsx';
import { ActionsHeader, ConfirmRow, DataTable } from '../components.tsx';
import { PageHeader } from '../shared.tsx';
import { audienceLabel, campaignPhase, refreshCampaigns, shortDateTime, useCampaigns } from './api.ts';
import { AutoIssueCard } from './AutoIssueCard.tsx';
import { ProgressBar } from './controls.tsx';

/** /console/campaigns: every campaign with its claims so far, and the welcome-gift setting. */
export function CampaignsPage() {
  const { t } = useTranslation();
  const { data: config } = useConfig();
  const campaigns = useCampaigns();
  const [showArchived, setShowArchived] = useState(false);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const tz = config?.timezone ?? 'Asia/Taipei';

  const archive = useMutation({
    mutationFn: (c: TCampaignView) => call('consoleArchiveCampaign', { params: { id: c.id } }),
    onSuccess: (c) => {
      setConfirming(null);
      setMessage({ kind: 'success', text: t('camp.list.archived', { name: c.name }) });
      void refreshCampaigns();
    },
    onError: (error) => setMessage({ kind: 'error', text: errorMessage(error) }),
  });

  const all = [...(campaigns.data?.items ?? [])].sort((a, b) => b.id - a.id);
  const archivedCount = all.filter((c) => c.status === 'archived').length;
  const items = showArchived ? all : all.filter((c) => c.status !== 'archived');

  return (
    <div className="stack">
      <PageHeader title={t('camp.list.title')}>
        <Link to="/console/campaigns/new" className="btn btn--primary">
          <Icon name="plus" size={18} />
          {t('camp.list.create')}
        </Link>
      </PageHeader>
      <p className="page-intro muted">{t('camp.list.intro')}</p>
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}

      {archivedCount > 0 ? (
        <label className="check-row camp-archived-toggle">
          <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
          <span>
            {t('camp.list.showArchived')}（{archivedCount}）
          </span>
        </label>
      ) : null}

      {campaigns.isError ? (
        <ErrorState error={campaigns.error} onRetry={() => void campaigns.refetch()} />
      ) : campaigns.data && items.length === 0 ? (
        <EmptyState
          icon="gift"
          title={all.length === 0 ? t('camp.list.empty') : t('camp.list.emptyArchived')}
          body={all.length === 0 ? t('camp.list.emptyBody') : undefined}
          action={
            <Link to="/console/campaigns/new" className="btn btn--primary">
              <Icon name="plus" size={18} />
              {t('camp.list.create')}
            </Link>
          }
        />
      ) : (
        <DataTable
          className="table camp-table"
          caption={t('camp.list.title')}
          pending={campaigns.isPending}
          columns={7}
          skeletonRows={4}
          head={
            <>
              <th scope="col">{t('camp.list.name')}</th>
              <th scope="col">{t('camp.list.offer')}</th>
              <th scope="col">{t('camp.list.window')}</th>
              <th scope="col">{t('camp.list.audience')}</th>
              <th scope="col">{t('camp.list.progress')}</th>
              <th scope="col">{t('camp.list.status')}</th>
              <ActionsHeader label={t('camp.list.actions')} />
            </>
          }
        >
          {items.map((c) => {
            const phase = campaignPhase(c);
            return (
              <Fragment key={c.id}>
                <tr className={c.status === 'archived' ? 'is-muted' : undefined} data-campaign={c.id}>
                  <td className="camp-name">
                    <Link to={`/console/campaigns/${c.id}`} className="person__link">
                      {c.name}
                    </Link>
                    <span className="camp-name__meta">
                      <span className={`chip camp-mode camp-mode--${c.mode}`}>{t(`camp.mode.${c.mode}`)}</span>
                      {c.mode === 'code' ? (
                        c.sharedCode ? (
                          <code>{c.sharedCode}</code>
                        ) : (
                          <small className="muted">{t('camp.list.codesUsed', { used: (c.codesUsed ?? 0).toLocaleString(), total: (c.codesTotal ?? 0).toLocaleString() })}</small>
                        )
                      ) : null}
                    </span>
                    {c.description ? <small className="camp-sub camp-clamp">{c.description}</small> : null}
                  </td>
                  <td className="camp-offer">
                    <span className="camp-offer__name">
                      <span className="camp-swatch" style={{ background: c.offer.color }} aria-hidden="true" />
                      {c.offer.kind === 'bundle' ? <span className="badge">{t('camp.offer.bundleTag')}</span> : null}
                      <span>{c.offer.name}</span>
                    </span>
                    <small className="camp-sub camp-clamp">{c.offer.summary}</small>
                  </td>
                  <td className="camp-when camp-window">
                    <time dateTime={c.startsAt}>{shortDateTime(c.startsAt, tz)}</time>
                    <span className="camp-sub">– <time dateTime={c.endsAt}>{shortDateTime(c.endsAt, tz)}</time></span>
                  </td>
                  <td className="camp-audience">
                    {audienceLabel(c.audience, t)}
                    <small className="camp-sub">
                      {t('camp.list.perMember', { n: c.perMemberLimit })}
                      {c.audience.type === 'birth_month' ? `・${t('camp.list.birthdayYearly')}` : ''}
                    </small>
                  </td>
                  <td className="camp-progress-cell">
                    {c.totalStock === null ? (
                      <>
                        <strong>{t('camp.list.claimed', { claimed: c.claimedCount.toLocaleString() })}</strong>
                        <small className="camp-sub">{t('camp.list.unlimited')}</small>
                      </>
                    ) : (
                      <>
                        <span className="camp-progress-text">{t('camp.list.claimedOf', { claimed: c.claimedCount.toLocaleString(), total: c.totalStock.toLocaleString() })}</span>
                        <ProgressBar
                          value={c.claimedCount}
                          max={c.totalStock}
                          tone={c.remaining === 0 ? 'amber' : 'green'}
                          label={t('camp.list.progressLabel', { claimed: c.claimedCount.toLocaleString(), total: c.totalStock.toLocaleString() })}
                        />
                      </>
                    )}
                  </td>
                  <td>
                    <span className={`status camp-phase--${phase}`}>{t(`camp.status.${phase}`)}</span>
                  </td>
                  <td className="row-actions">
                    <Link to={`/console/campaigns/${c.id}`} className="btn btn--secondary btn--small" aria-label={t('camp.list.reportLabel', { name: c.name })}>
                      <Icon name="chart" size={16} />
                      {t('camp.list.report')}
                    </Link>
                    {c.status === 'active' ? (
                      <button
                        type="button"
                        className="btn btn--ghost btn--small camp-danger-text"
                        aria-expanded={confirming === c.id}
                        onClick={() => {
                          setMessage(null);
                          setConfirming(confirming === c.id ? null : c.id);
                        }}
                      >
                        {t('camp.list.archive')}
                      </button>
                    ) : null}
                  </td>
                </tr>
                {confirming === c.id && c.status === 'active' ? (
                  <ConfirmRow
                    prefix="camp"
                    colSpan={7}
                    text={t('camp.list.archiveConfirm', { name: c.name })}
                    cancelLabel={t('common.cancel')}
                    confirmLabel={t('camp.list.archiveYes')}
                    busy={archive.isPending}
                    onCancel={() => setConfirming(null)}
                    onConfirm={() => archive.mutate(c)}
                  />
                ) : null}
              </Fragment>
            );
          })}
        </DataTable>
      )}

      <AutoIssueCard />
    </div>
  );
}
