import './mall.css';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { TProductKind } from '../../../../shared/api/mall.ts';
import { useConfig } from '../../api/query.ts';
import { Icon } from '../../components/Icon.tsx';
import { EmptyState, ErrorState, SkeletonStack, TabList } from '../../components/ui.tsx';
import { addStrings } from '../../i18n/index.ts';
import { useMallProducts } from './api.ts';
import { MALL_KINDS } from './format.ts';
import { ProductCard } from './ProductCard.tsx';
import { mallStrings } from './strings.ts';

addStrings(mallStrings);

type Tab = 'all' | TProductKind;
const IDS = { tab: (key: Tab) => `mall-tab-${key}`, panel: 'mall-panel' };

function isTab(value: string | null): value is Tab {
  return value === 'all' || MALL_KINDS.includes(value as TProductKind);
}

export const MALL_SKELETON = [{ width: 140, height: 26 }, { height: 40, radius: 20 }, { height: 240, radius: 16 }, { height: 240, radius: 16 }];

/** 票券商城 (/app/mall): the products on sale to this member, by kind (?kind=multi_pickup). */
export function MallHome() {
  const { t } = useTranslation();
  const { data: config } = useConfig();
  const [params, setParams] = useSearchParams();
  const products = useMallProducts();
  const kindParam = params.get('kind');
  const tab: Tab = isTab(kindParam) ? kindParam : 'all';
  const items = products.data?.items ?? [];
  const kinds = MALL_KINDS.filter((kind) => items.some((p) => p.kind === kind));
  const tabs: Tab[] = ['all', ...kinds];
  const shown = tab === 'all' ? items : items.filter((p) => p.kind === tab);

  return (
    <div className="stack mall">
      <div className="mall-head">
        <div>
          <h1 className="page-title">{t('mall.title')}</h1>
          <p className="muted mall-head__intro">{t('mall.intro')}</p>
        </div>
        <Link to="/app/mall/orders" className="btn btn--ghost btn--small">
          <Icon name="list" size={16} />
          {t('mall.myOrders')}
        </Link>
      </div>
      {products.isError ? (
        <ErrorState title={t('mall.loadFailed')} error={products.error} onRetry={() => void products.refetch()} />
      ) : !products.data || !config ? (
        <SkeletonStack blocks={MALL_SKELETON.slice(1)} />
      ) : items.length === 0 ? (
        <EmptyState icon="ticket" title={t('mall.empty.title')} body={t('mall.empty.body')} />
      ) : (
        <>
          {tabs.length > 2 ? (
            <TabList
              label={t('mall.category.label')}
              tabs={tabs}
              value={tabs.includes(tab) ? tab : 'all'}
              onSelect={(next) => setParams(next === 'all' ? {} : { kind: next }, { replace: true })}
              ids={IDS}
              className="mall-tabs"
              tabClassName="mall-tab"
            >
              {(key) => t(`mall.category.${key}`)}
            </TabList>
          ) : null}
          <section id={IDS.panel} role={tabs.length > 2 ? 'tabpanel' : undefined} aria-labelledby={tabs.length > 2 ? IDS.tab(tab) : undefined}>
            {shown.length === 0 ? (
              <EmptyState icon="ticket" title={t('mall.empty.categoryTitle')} body={t('mall.empty.categoryBody')} />
            ) : (
              <ul className="mall-grid">
                {shown.map((product) => (
                  <li key={product.id}>
                    <ProductCard product={product} timeZone={config.timezone} />
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </div>
  );
}
