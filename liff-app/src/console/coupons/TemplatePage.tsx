import { useMutation } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { call, errorMessage, isApiError } from '../../api/client.ts';
import { queryClient, useConfig } from '../../api/query.ts';
import { Icon } from '../../components/Icon.tsx';
import { EmptyState, ErrorState, Notice, Skeleton, TabList } from '../../components/ui.tsx';
import { useStores } from '../shared.tsx';
import { couponKeys, downloadCodesCsv, refreshCoupons, useCouponTemplate, type TCouponTemplateView } from './api.ts';
import { useLanguage } from '../../i18n/index.ts';
import { CodesPanel } from './CodesPanel.tsx';
import { draftFromView, emptyDraft } from './draft.ts';
import { conditionsText } from './labels.ts';
import { IssuePanel } from './IssuePanel.tsx';
import { TemplateForm } from './TemplateForm.tsx';
import { KindBadge, LockedChip, StatusBadge } from './TemplatesPage.tsx';
import { BackLink } from '../components.tsx';
import { useDownload } from '../../api/download.ts';

type Tab = 'settings' | 'codes' | 'issue';
const TABS: readonly Tab[] = ['settings', 'codes', 'issue'];
const TAB_IDS = { tab: (key: Tab) => `cpn-tab-${key}`, panel: 'cpn-tabpanel' };

function BackToList() {
  const { t } = useTranslation();
  return <BackLink to="/console/coupons" label={t('cpn.detail.back')} />;
}

function EditorSkeleton() {
  return (
    <div className="stack" aria-busy="true">
      <Skeleton height={20} width={140} />
      <Skeleton height={34} width={280} />
      <div className="cpn-editor">
        <div className="stack">
          <Skeleton height={260} radius={14} />
          <Skeleton height={320} radius={14} />
        </div>
        <Skeleton height={460} radius={14} />
      </div>
    </div>
  );
}

/** /console/coupons/new (optionally ?from=<id> to start from a copy). */
export function NewCouponTemplatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: config } = useConfig();
  const [params] = useSearchParams();
  const fromId = Number(params.get('from')) || null;
  const source = useCouponTemplate(fromId);
  const timeZone = config?.timezone ?? 'Asia/Taipei';

  if (!config || (fromId && source.isPending)) return <EditorSkeleton />;
  const initial =
    fromId && source.data ? { ...draftFromView(source.data, timeZone), name: t('cpn.detail.copyName', { name: source.data.name }).slice(0, 60) } : emptyDraft(timeZone);
  return (
    <div className="stack">
      <BackToList />
      <div className="page-header">
        <h1>{fromId && source.data ? t('cpn.detail.newFrom', { name: source.data.name }) : t('cpn.detail.newTitle')}</h1>
      </div>
      {fromId && source.isError ? <Notice kind="error">{errorMessage(source.error)}</Notice> : null}
      <TemplateForm
        key={fromId ?? 'new'}
        initial={initial}
        onSaved={(saved) => void navigate(`/console/coupons/${saved.id}${saved.codeMode === 'imported' ? '?tab=codes' : ''}`, { state: { created: saved.name } })}
      />
    </div>
  );
}

/** /console/coupons/:id — settings, codes, and issuing / voiding, on tabs. */
export function CouponTemplatePage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const templateId = Number(id);
  const valid = Number.isSafeInteger(templateId) && templateId > 0;
  const template = useCouponTemplate(valid ? templateId : null);

  if (!valid || (template.isError && isApiError(template.error) && template.error.status === 404)) {
    return (
      <div className="stack">
        <BackToList />
        <EmptyState icon="ticket" title={t('cpn.detail.notFound')} />
      </div>
    );
  }
  if (template.isError) return <ErrorState error={template.error} onRetry={() => void template.refetch()} />;
  if (template.isPending) return <EditorSkeleton />;
  return <TemplateDetail view={template.data} />;
}

function TemplateDetail({ view }: { view: TCouponTemplateView }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const location = useLocation();
  const navigate = useNavigate();
  const { data: config } = useConfig();
  const timeZone = config?.timezone ?? 'Asia/Taipei';
  const [params, setParams] = useSearchParams();
  const tab: Tab = TABS.includes(params.get('tab') as Tab) ? (params.get('tab') as Tab) : 'settings';
  const created = (location.state as { created?: string } | null)?.created;
  const [notice, setNotice] = useState<{ kind: 'success' | 'error' | 'info'; text: string } | null>(
    created ? { kind: 'success', text: view.codeMode === 'imported' ? t('cpn.detail.createdImported', { name: created }) : t('cpn.detail.created', { name: created }) } : null,
  );
  const [confirmArchive, setConfirmArchive] = useState(false);

  // The "created" notice is for this visit only: a reload should not repeat it.
  useEffect(() => {
    if (created) void navigate({ search: location.search }, { replace: true, state: null });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    window.scrollTo(0, 0);
  }, [view.id]);

  const archive = useMutation({
    mutationFn: () => call('consoleArchiveCouponTemplate', { params: { id: view.id } }),
    onSuccess: (saved) => {
      queryClient.setQueryData(couponKeys.template(saved.id, lang), saved);
      void refreshCoupons();
      setConfirmArchive(false);
      setNotice({ kind: 'success', text: t('cpn.detail.archived', { name: saved.name }) });
    },
    onError: (error) => {
      setConfirmArchive(false);
      setNotice({ kind: 'error', text: errorMessage(error) });
    },
  });

  const download = useDownload((message) => setNotice({ kind: 'error', text: t('cpn.detail.exportFailed', { message }) }));
  const exporting = download.busy;
  const exportCsv = () => {
    setNotice(null);
    return download.start(() => downloadCodesCsv(view.id));
  };

  const stores = useStores();
  const conditions = conditionsText(view, (id) => stores.data?.items.find((s) => s.id === id)?.name ?? `#${id}`, lang);
  const initial = useMemo(() => draftFromView(view, timeZone), [view, timeZone]);
  const tabLabel: Record<Tab, string> = {
    settings: t('cpn.detail.tabSettings'),
    codes: t('cpn.detail.tabCodes'),
    issue: t('cpn.detail.tabIssue', { count: view.issuedCount }),
  };

  return (
    <div className="stack">
      <BackToList />
      <header className="cpn-head">
        <span className="cpn-swatch-bar cpn-swatch-bar--large" style={{ background: view.color }} aria-hidden="true" />
        <div className="cpn-head__text">
          <div className="cpn-head__title">
            <h1>{view.name}</h1>
            <KindBadge kind={view.kind} />
            <StatusBadge status={view.status} />
            {view.isLocked ? <LockedChip /> : null}
          </div>
          <p className="cpn-head__summary">
            {view.summary}
            {conditions ? <span className="cpn-conditions"> · {conditions}</span> : null}
          </p>
        </div>
        <div className="cpn-head__actions">
          <button type="button" className="btn btn--secondary btn--small" onClick={() => void exportCsv()} disabled={exporting}>
            <Icon name="download" size={16} />
            {exporting ? t('cpn.detail.exporting') : t('cpn.detail.export')}
          </button>
          {view.status === 'active' && !confirmArchive ? (
            <button type="button" className="btn btn--ghost btn--small" onClick={() => setConfirmArchive(true)}>
              <Icon name="archive" size={16} />
              {t('cpn.detail.archive')}
            </button>
          ) : null}
        </div>
      </header>

      {confirmArchive ? (
        <div className="cpn-confirm" role="group" aria-label={t('cpn.detail.archiveConfirmTitle', { name: view.name })}>
          <div>
            <strong>{t('cpn.detail.archiveConfirmTitle', { name: view.name })}</strong>
            <p>{t('cpn.detail.archiveConfirmBody')}</p>
          </div>
          <span className="cpn-confirm__buttons">
            <button type="button" className="btn btn--ghost" onClick={() => setConfirmArchive(false)} disabled={archive.isPending}>
              {t('common.cancel')}
            </button>
            <button type="button" className="btn btn--danger" onClick={() => archive.mutate()} disabled={archive.isPending}>
              {archive.isPending ? t('cpn.detail.archiving') : t('cpn.detail.archiveYes')}
            </button>
          </span>
        </div>
      ) : null}
      {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
      {view.status === 'archived' ? <Notice kind="info">{t('cpn.detail.archivedBanner')}</Notice> : null}

      <TabList label={t('cpn.detail.tabsLabel')} tabs={TABS} value={tab} onSelect={(key) => setParams(key === 'settings' ? {} : { tab: key }, { replace: true })} ids={TAB_IDS} className="cpn-tabs" tabClassName="cpn-tab">
        {(key) => tabLabel[key]}
      </TabList>

      <div id="cpn-tabpanel" role="tabpanel" aria-labelledby={`cpn-tab-${tab}`}>
        {tab === 'settings' ? (
          <TemplateForm
            key={`${view.id}-${view.isLocked ? 'locked' : 'open'}`}
            view={view}
            initial={initial}
            onSaved={() => setNotice(null)}
            onLockedNow={(text) => setNotice({ kind: 'error', text })}
          />
        ) : tab === 'codes' ? (
          <CodesPanel view={view} onExport={() => void exportCsv()} exporting={exporting} />
        ) : (
          <IssuePanel view={view} />
        )}
      </div>
    </div>
  );
}
