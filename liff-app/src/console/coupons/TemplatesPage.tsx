import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useConfig } from '../../api/query.ts';
import { Icon } from '../../components/Icon.tsx';
import { EmptyState } from '../../components/ui.tsx';
import { CreateButton, ListTable } from '../components.tsx';
import { PageHeader, useStores } from '../shared.tsx';
import { useCouponTemplates, type TCouponTemplateView } from './api.ts';
import { useLanguage } from '../../i18n/index.ts';
import { StockBar } from './controls.tsx';
import { conditionsText, validityShort } from './labels.ts';
import { ReminderSettings } from './ReminderSettings.tsx';

type Filter = 'active' | 'archived';

/** /console/coupons: every template with its rules in one line, stock and state. */
export function CouponTemplatesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: config } = useConfig();
  const timeZone = config?.timezone ?? 'Asia/Taipei';
  const templates = useCouponTemplates();
  const stores = useStores();
  const lang = useLanguage();
  const storeName = (id: number) => stores.data?.items.find((s) => s.id === id)?.name ?? `#${id}`;
  const [params, setParams] = useSearchParams();
  const filter: Filter = params.get('status') === 'archived' ? 'archived' : 'active';
  const items = templates.data?.items ?? [];
  const counts = { active: items.filter((i) => i.status === 'active').length, archived: items.filter((i) => i.status === 'archived').length };
  const shown = items.filter((i) => i.status === filter);

  return (
    <div className="stack">
      <PageHeader title={t('cpn.list.title')} intro={t('cpn.list.intro')}>
        <CreateButton to="/console/coupons/new" label={t('cpn.list.add')} />
      </PageHeader>
      <div className="segments cpn-filter" role="group" aria-label={t('cpn.list.filterLabel')}>
        {(['active', 'archived'] as const).map((f) => (
          <button
            key={f}
            type="button"
            className="segments__option cpn-filter__option"
            aria-pressed={filter === f}
            onClick={() => setParams(f === 'active' ? {} : { status: f }, { replace: true })}
          >
            {t(`cpn.status.${f}`)}
            <span className="segments__count cpn-filter__count">{templates.isPending ? '…' : counts[f]}</span>
          </button>
        ))}
      </div>
      <ListTable
        query={templates}
        columns={[t('cpn.list.colTemplate'), t('cpn.list.colKind'), t('cpn.list.colValidity'), t('cpn.list.colStock'), t('cpn.list.colStatus')]}
        isEmpty={shown.length === 0}
        empty={
          filter === 'active' ? (
            <EmptyState
              icon="ticket"
              title={t('cpn.list.empty')}
              body={t('cpn.list.emptyBody')}
              link={{ to: '/console/coupons/new', label: t('cpn.list.add') }}
            />
          ) : (
            <EmptyState icon="ticket" title={t('cpn.list.emptyArchived')} />
          )
        }
        className="table table--hover cpn-table"
        caption={t('cpn.list.title')}
      >
        {shown.map((view) => (
          <Row key={view.id} view={view} timeZone={timeZone} conditions={conditionsText(view, storeName, lang)} onOpen={() => void navigate(`/console/coupons/${view.id}`)} />
        ))}
      </ListTable>
      <ReminderSettings />
    </div>
  );
}

function Row({ view, timeZone, conditions, onOpen }: { view: TCouponTemplateView; timeZone: string; conditions: string; onOpen: () => void }) {
  const { t } = useTranslation();
  return (
    <tr
      className={view.status === 'archived' ? 'is-muted' : undefined}
      onClick={(e) => {
        // The whole row opens the template; the link inside stays the keyboard way in.
        if (!(e.target as HTMLElement).closest('a, button')) onOpen();
      }}
    >
      <td>
        <span className="cpn-name">
          <span className="cpn-swatch-bar" style={{ background: view.color }} aria-hidden="true" />
          <span>
            <Link to={`/console/coupons/${view.id}`} className="person__link">
              {view.name}
            </Link>
            <small className="cpn-summary">
              {view.summary}
              {conditions ? <span className="cpn-conditions"> · {conditions}</span> : null}
            </small>
          </span>
        </span>
      </td>
      <td>
        <span className="chips">
          <KindBadge kind={view.kind} />
          {view.usesPerCoupon > 1 ? <span className="chip">{t('cpn.list.uses', { count: view.usesPerCoupon })}</span> : null}
          {view.codeMode === 'imported' ? <span className="chip">{t('cpn.list.imported')}</span> : null}
        </span>
      </td>
      <td className="nowrap">{validityShort(view, timeZone, t)}</td>
      <td>
        <StockBar issued={view.issuedCount} total={view.totalStock} />
        {view.codeMode === 'imported' && view.importedCodesLeft !== null ? <small className="cpn-sub">{t('cpn.list.codesLeft', { count: view.importedCodesLeft })}</small> : null}
      </td>
      <td>
        <span className="cpn-state-cell">
          <StatusBadge status={view.status} />
          {view.isLocked ? <LockedChip title={t('cpn.list.lockedHint')} /> : null}
        </span>
      </td>
    </tr>
  );
}

export function KindBadge({ kind }: { kind: TCouponTemplateView['kind'] }) {
  const { t } = useTranslation();
  return <span className={`cpn-kind cpn-kind--${kind}`}>{t(`cpn.kind.${kind}`)}</span>;
}

/** 已鎖定: the rules of a template that has issued coupons no longer change. */
export function LockedChip({ title }: { title?: string }) {
  const { t } = useTranslation();
  return (
    <span className="pill cpn-locked-chip" title={title}>
      <Icon name="lock" size={14} />
      {t('cpn.locked')}
    </span>
  );
}

export function StatusBadge({ status }: { status: TCouponTemplateView['status'] }) {
  const { t } = useTranslation();
  return <span className={`status ${status === 'active' ? 'status--on' : 'cpn-status--archived'}`}>{t(`cpn.status.${status}`)}</span>;
}
