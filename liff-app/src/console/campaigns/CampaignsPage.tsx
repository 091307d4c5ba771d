import { useMutation } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TCampaignView } from '../../../../shared/api/campaigns.ts';
import { call } from '../../api/client.ts';
import { Icon } from '../../components/Icon.tsx';
import { EmptyState, Notice } from '../../components/ui.tsx';
import { useBrandTime } from '../../lib/useBrandTime.ts';
import { ConfirmRow, ConfirmToggle, CreateButton, ListTable, useRowActions } from '../components.tsx';
import { PageHeader } from '../shared.tsx';
import { audienceLabel, campaignPhase, refreshCampaigns, useCampaigns } from './api.ts';
import { AutoIssueCard } from './AutoIssueCard.tsx';
import { ProgressBar } from './controls.tsx';

/** /console/campaigns: every campaign with its claims so far, and the welcome-gift setting. */
export function CampaignsPage() {
  const { t } = useTranslation();
  const time = useBrandTime();
  const campaigns = useCampaigns();
  const [showArchived, setShowArchived] = useState(false);
  const rows = useRowActions();
  const { confirming, message } = rows;

  const archive = useMutation({
    mutationFn: (c: TCampaignView) => call('consoleArchiveCampaign', { params: { id: c.id } }),
    onSuccess: (c) => {
      rows.done(t('camp.list.archived', { name: c.name }));
      void refreshCampaigns();
    },
    onError: rows.failed,
  });

  const all = [...(campaigns.data?.items ?? [])].sort((a, b) => b.id - a.id);
  const archivedCount = all.filter((c) => c.status === 'archived').length;
  const items = showArchived ? all : all.filter((c) => c.status !== 'archived');

  return (
    <div className="stack">
      <PageHeader title={t('camp.list.title')} intro={t('camp.list.intro')}>
        <CreateButton to="/console/campaigns/new" label={t('camp.list.create')} />
      </PageHeader>
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}

      {archivedCount > 0 ? (
        <label className="check-row camp-archived-toggle">
          <input type="checkbox" checked={showArchived} onChange={(e) => setShowArchived(e.target.checked)} />
          <span>
            {t('camp.list.showArchived')}（{archivedCount}）
          </span>
        </label>
      ) : null}

      <ListTable
        query={campaigns}
        columns={[t('camp.list.name'), t('camp.list.offer'), t('camp.list.window'), t('camp.list.audience'), t('camp.list.progress'), t('camp.list.status'), { actions: t('camp.list.actions') }]}
        isEmpty={items.length === 0}
        empty={
          <EmptyState
            icon="gift"
            title={all.length === 0 ? t('camp.list.empty') : t('camp.list.emptyArchived')}
            body={all.length === 0 ? t('camp.list.emptyBody') : undefined}
            action={<CreateButton to="/console/campaigns/new" label={t('camp.list.create')} />}
          />
        }
        className="table camp-table"
        caption={t('camp.list.title')}
        skeletonRows={4}
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
                  <time dateTime={c.startsAt}>{time.numericDateTime(c.startsAt)}</time>
                  <span className="camp-sub">– <time dateTime={c.endsAt}>{time.numericDateTime(c.endsAt)}</time></span>
                </td>
                <td className="camp-audience">
                  {audienceLabel(c.audience, t)}
                  <small className="camp-sub">
                    {t('camp.list.perMember', { n: c.perMemberLimit })}
                    {c.audience.type === 'birth_month' ? `・${t('camp.list.birthdayYearly')}` : ''}
                    {c.pointsCost !== null ? `・${t('camp.summary.points', { count: c.pointsCost.toLocaleString() })}` : ''}
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
                    <ConfirmToggle label={t('camp.list.archive')} className="camp-danger-text" open={confirming === c.id} onToggle={() => rows.toggle(c.id)} />
                  ) : null}
                </td>
              </tr>
              {confirming === c.id && c.status === 'active' ? (
                <ConfirmRow colSpan={7} text={t('camp.list.archiveConfirm', { name: c.name })} busy={archive.isPending} onCancel={rows.cancel} onConfirm={() => archive.mutate(c)} labels={[t('common.cancel'), t('camp.list.archiveYes')]} />
              ) : null}
            </Fragment>
          );
        })}
      </ListTable>

      <AutoIssueCard />
    </div>
  );
}
