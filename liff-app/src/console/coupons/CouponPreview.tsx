import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { summarizeRules } from '../../../../shared/coupons/summary.ts';
import { cardColors } from '../../lib/colors.ts';
import type { TCouponTemplateInput } from './api.ts';
import { formatDateTime, untilInstant, weekdayRuns } from '../../lib/dates.ts';
import { useLanguage } from '../../i18n/index.ts';
import { Facts } from '../../components/ui.tsx';

const HEX = /^#[0-9A-Fa-f]{6}$/;

/**
 * The coupon as a member will see it in the wallet: the brand colour, the name, one line of
 * rules, when and how often it can be used, and a code in the brand's pattern.
 */
export function CouponPreview({
  input,
  brandName,
  timeZone,
  storeName,
  exampleCode,
}: {
  input: TCouponTemplateInput;
  brandName: string;
  timeZone: string;
  storeName: (id: number) => string;
  exampleCode: string | null;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [brokenImage, setBrokenImage] = useState<string | null>(null);
  // The wallet card's colours (lib/colors.ts): the colour deepened until its text reads at AA.
  const card = cardColors(input.color && HEX.test(input.color) ? input.color : '#06C755');
  const color = card.solid;
  const ink = card.ink === 'light' ? '#ffffff' : '#111827';
  const kind = input.kind;
  const summary = summarizeRules(
    {
      kind,
      amountOff: input.amountOff ?? null,
      percentOff: input.percentOff ?? null,
      maxDiscount: input.maxDiscount ?? null,
      exchangeItem: input.exchangeItem ? { name: input.exchangeItem.name, sku: input.exchangeItem.sku ?? null } : null,
      minSpend: Number.isFinite(input.minSpend) ? (input.minSpend ?? 0) : 0,
      scope: input.scope?.type === 'items' ? { type: 'items', skus: input.scope.skus ?? [], categories: input.scope.categories ?? [] } : { type: 'order' },
    },
    lang,
  );
  const incomplete = (kind === 'amount_off' && !input.amountOff) || (kind === 'percent_off' && !input.percentOff) || (kind === 'exchange' && !input.exchangeItem);

  const validity = (() => {
    const v = input.validity;
    if (v.type === 'relative') return Number.isFinite(v.days) && v.days > 0 ? t('cpn.preview.relative', { days: v.days }) : t('cpn.preview.dash');
    if (v.type === 'none') return t('cpn.preview.none');
    const ok = !Number.isNaN(Date.parse(v.from)) && !Number.isNaN(Date.parse(v.until));
    return ok ? t('cpn.preview.fixed', { from: formatDateTime(v.from, timeZone, lang), until: formatDateTime(untilInstant(v.until, timeZone), timeZone, lang) }) : t('cpn.preview.dash');
  })();
  const uses = input.usesPerCoupon && input.usesPerCoupon > 1 ? t('cpn.preview.usesMany', { count: input.usesPerCoupon }) : t('cpn.preview.usesOne');
  const stores = input.storeIds ? (input.storeIds.length ? input.storeIds.map(storeName).join(lang === 'en' ? ', ' : '、') : t('cpn.preview.dash')) : t('cpn.preview.allStores');
  const days = input.weekdays?.length ? weekdayRuns(input.weekdays, lang) : null;
  const windows = input.timeWindows?.length ? input.timeWindows.map((w) => `${w.start || '--:--'}–${w.end || '--:--'}`).join(lang === 'en' ? ', ' : '、') : null;
  const when = days || windows ? [days, windows].filter(Boolean).join(' ') : t('cpn.preview.anyTime');
  const items = input.scope?.type === 'items' ? [...(input.scope.skus ?? []), ...(input.scope.categories ?? [])] : [];
  const image = input.imageUrl && /^https:\/\/\S+$/.test(input.imageUrl) && brokenImage !== input.imageUrl ? input.imageUrl : null;

  return (
    <aside className="cpn-preview" aria-labelledby="cpn-preview-title">
      <div className="panel cpn-preview__panel">
        <div className="cpn-preview__head">
          <h2 id="cpn-preview-title">{t('cpn.preview.title')}</h2>
          <span className="muted">{t('cpn.preview.hint')}</span>
        </div>
        <div className="cpn-ticket" data-testid="coupon-preview" style={{ ['--cpn-color' as string]: color, ['--cpn-ink' as string]: ink }}>
          {image ? <img className="cpn-ticket__image" src={image} alt="" onError={() => setBrokenImage(image)} /> : null}
          <div className="cpn-ticket__top">
            <div className="cpn-ticket__brand">
              <span>{brandName}</span>
              <span className="cpn-ticket__kind">{t(`cpn.kind.${kind}`)}</span>
            </div>
            <p className="cpn-ticket__name">{input.name?.trim() || t('cpn.preview.untitled')}</p>
            <p className="cpn-ticket__summary">{incomplete ? t('cpn.preview.noRule') : summary}</p>
          </div>
          <div className="cpn-ticket__tear" aria-hidden="true" />
          <Facts
            className="cpn-ticket__facts"
            rows={[
              [t('cpn.preview.validity'), validity],
              [t('cpn.preview.uses'), uses],
              input.scope?.type === 'items' && [t('cpn.preview.items'), items.length ? items.join(lang === 'en' ? ', ' : '、') : t('cpn.preview.dash')],
              [t('cpn.preview.stores'), stores],
              [t('cpn.preview.when'), when],
            ]}
          />
          {input.transferable ? <p className="cpn-ticket__gift">{t('cpn.preview.transferable')}</p> : null}
          <div className="cpn-ticket__code">
            <span className="cpn-ticket__qr" aria-hidden="true" />
            <span>
              <small>{t('cpn.preview.code')}</small>
              <code>{exampleCode ?? t('cpn.preview.importedCode')}</code>
            </span>
          </div>
          {input.terms?.trim() ? (
            <details className="cpn-ticket__terms" open>
              <summary>{t('cpn.preview.terms')}</summary>
              <p>{input.terms}</p>
            </details>
          ) : null}
        </div>
      </div>
    </aside>
  );
}
