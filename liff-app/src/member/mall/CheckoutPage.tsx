import './mall.css';
import '../gifts/gifts.css';
import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { TMallProduct } from '../../../../shared/api/mall.ts';
import { GIFT_MESSAGE_MAX } from '../../../../shared/api/transfers.ts';
import { normalizeMobile } from '../../../../shared/phone.ts';
import { call, errorMessage, isApiError } from '../../api/client.ts';
import { useMe } from '../../api/query.ts';
import { CharCount, Field } from '../../components/Field.tsx';
import { Icon } from '../../components/Icon.tsx';
import { ErrorState, Notice, SkeletonStack } from '../../components/ui.tsx';
import { addStrings } from '../../i18n/index.ts';
import { giftStrings } from '../gifts/strings.ts';
import { afterOrderChange, maxQuantity, useMallProduct } from './api.ts';
import { checkCarrier, listPriceOf, money } from './format.ts';
import { PriceTag } from './ProductCard.tsx';
import { PRODUCT_SKELETON } from './ProductPage.tsx';
import { mallStrings } from './strings.ts';

addStrings(mallStrings, giftStrings);

/** /app/mall/products/:id/checkout: quantity, the points it takes, for me or a friend, the carrier, then LINE Pay. */
export function CheckoutPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const productId = Number(id);
  const detail = useMallProduct(productId);
  if (detail.isError) return <ErrorState title={t('mall.product.loadFailed')} error={detail.error} onRetry={() => void detail.refetch()} />;
  if (!detail.data) return <SkeletonStack blocks={PRODUCT_SKELETON} />;
  return <CheckoutForm product={detail.data.product} pointsBalance={detail.data.pointsBalance} />;
}

type Recipient = 'self' | 'gift';
type FieldName = 'quantity' | 'points' | 'mobile' | 'message' | 'invoiceCarrier';

function CheckoutForm({ product, pointsBalance }: { product: TMallProduct; pointsBalance: number }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const titleId = useId();
  const max = maxQuantity(product);
  const [quantity, setQuantity] = useState(1);
  const [recipient, setRecipient] = useState<Recipient>('self');
  const [mobile, setMobile] = useState('');
  const [message, setMessage] = useState('');
  const [carrier, setCarrier] = useState('');
  const [carrierTouched, setCarrierTouched] = useState(false);
  const [error, setError] = useState<{ field?: FieldName; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  // One key per order the member means to place: a double tap or a retry creates it once.
  const key = useRef(crypto.randomUUID());

  const points = product.pricePoints * quantity;
  const cash = product.priceCash * quantity;
  const list = listPriceOf(product);
  const pointsShort = Math.max(0, points - pointsBalance);
  const carrierState = checkCarrier(carrier);
  const canGift = me?.isMobileVerified ?? false;

  const setQty = (next: number) => {
    setQuantity(Math.min(Math.max(1, next), Math.max(1, max)));
    key.current = crypto.randomUUID();
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (pointsShort > 0) return setError({ field: 'points', message: t('mall.checkout.pointsShort', { count: money(pointsShort) }) });
    let giftMobile: string | null = null;
    if (recipient === 'gift') {
      const parsed = normalizeMobile(mobile);
      if (!parsed.ok) return setError({ field: 'mobile', message: t(parsed.reason === 'EMPTY' ? 'gifts.send.mobileEmpty' : 'gifts.send.mobileInvalid') });
      if ([...message.trim()].length > GIFT_MESSAGE_MAX) return setError({ field: 'message', message: t('gifts.send.messageTooLong', { max: GIFT_MESSAGE_MAX }) });
      giftMobile = parsed.e164;
    }
    if (carrierState.state === 'incomplete' || carrierState.state === 'invalid') {
      setCarrierTouched(true);
      return setError({ field: 'invoiceCarrier', message: t('mall.checkout.carrierInvalid') });
    }
    setBusy(true);
    setError(null);
    try {
      const result = await call('mallCreateOrder', {
        body: {
          productId: product.id,
          quantity,
          points,
          recipient: giftMobile ? { type: 'gift', mobile: giftMobile, ...(message.trim() ? { message: message.trim() } : {}) } : { type: 'self' },
          invoiceCarrier: carrierState.state === 'ok' ? carrierState.value : null,
        },
        headers: { 'Idempotency-Key': key.current },
      });
      afterOrderChange(result.order);
      if (result.paymentUrl) {
        window.location.assign(result.paymentUrl);
        return;
      }
      navigate(`/app/mall/orders/${result.order.id}`);
    } catch (e) {
      const field = isApiError(e) ? e.field?.split('.')[0] : undefined;
      const named = field === 'recipient' ? 'mobile' : (field as FieldName | undefined);
      setError({ ...(named ? { field: named } : {}), message: errorMessage(e) });
      // A refused order is a new attempt next time.
      key.current = crypto.randomUUID();
      setBusy(false);
    }
  };

  const carrierError = error?.field === 'invoiceCarrier' ? error.message : carrierTouched && carrierState.state === 'invalid' ? t('mall.checkout.carrierInvalid') : undefined;
  const carrierHint =
    carrierState.state === 'incomplete' ? t('mall.checkout.carrierIncomplete', { count: carrierState.missing }) : carrierState.state === 'ok' ? t('mall.checkout.carrierOk') : t('mall.checkout.carrierHint');

  return (
    <form className="stack mall-checkout" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby={titleId}>
      <Link to={`/app/mall/products/${product.id}`} className="link back-link">
        <Icon name="chevronLeft" size={18} />
        {t('mall.checkout.back')}
      </Link>
      <h1 id={titleId} className="page-title">
        {t('mall.checkout.title')}
      </h1>
      <section className="card mall-checkout__product">
        <p className="mall-checkout__name">{product.name}</p>
        <PriceTag product={product} />
      </section>

      <section className="card stack">
        <Field label={t('mall.checkout.quantity')} hint={t('mall.checkout.maxHint', { count: max })} error={error?.field === 'quantity' ? error.message : undefined}>
          {(control) => (
            <div className="mall-stepper">
              <button type="button" className="round-btn" onClick={() => setQty(quantity - 1)} disabled={quantity <= 1 || busy} aria-label={t('mall.checkout.decrease')}>
                <Icon name="minus" size={20} />
              </button>
              <input
                {...control}
                className="mall-stepper__value"
                inputMode="numeric"
                value={quantity}
                onChange={(e) => {
                  const n = Number(e.target.value.replace(/\D/g, ''));
                  if (Number.isFinite(n) && n > 0) setQty(n);
                }}
              />
              <button type="button" className="round-btn" onClick={() => setQty(quantity + 1)} disabled={quantity >= max || busy} aria-label={t('mall.checkout.increase')}>
                <Icon name="plus" size={20} />
              </button>
            </div>
          )}
        </Field>

        {product.pricePoints > 0 ? (
          <div className={`mall-points ${pointsShort > 0 ? 'mall-points--short' : ''}`} role="group" aria-label={t('mall.checkout.points')}>
            <p className="field__label">{t('mall.checkout.points')}</p>
            <p>{t('mall.checkout.pointsFixed', { points: money(points), balance: money(pointsBalance) })}</p>
            {pointsShort > 0 ? (
              <p className="field__error" role="alert">
                {t('mall.checkout.pointsShort', { count: money(pointsShort) })}
              </p>
            ) : null}
          </div>
        ) : null}
      </section>

      <section className="card stack" aria-labelledby={`${titleId}-to`}>
        <h2 id={`${titleId}-to`} className="section-title">
          {t('mall.checkout.recipient')}
        </h2>
        <div className="segments mall-segments" role="radiogroup" aria-labelledby={`${titleId}-to`}>
          {(['self', 'gift'] as const).map((value) => (
            <label key={value} className={`mall-segment ${recipient === value ? 'is-selected' : ''}`}>
              <input type="radio" name="recipient" value={value} checked={recipient === value} onChange={() => setRecipient(value)} />
              <Icon name={value === 'self' ? 'user' : 'gift'} size={18} />
              {t(value === 'self' ? 'mall.checkout.forMe' : 'mall.checkout.forGift')}
            </label>
          ))}
        </div>
        {recipient === 'gift' ? (
          canGift ? (
            <div className="stack">
              <p className="muted">{t('mall.checkout.giftHint')}</p>
              <Field
                label={t('gifts.send.mobile')}
                hint={t('gifts.send.mobileHint')}
                type="tel"
                inputMode="tel"
                autoComplete="off"
                value={mobile}
                onChange={(e) => {
                  setMobile(e.target.value);
                  if (error?.field === 'mobile') setError(null);
                }}
                error={error?.field === 'mobile' ? error.message : undefined}
              />
              <Field label={t('gifts.send.message')} labelAside={<CharCount value={message} max={GIFT_MESSAGE_MAX} />} error={error?.field === 'message' ? error.message : undefined}>
                {(control) => (
                  <textarea
                    {...control}
                    className="input"
                    rows={2}
                    value={message}
                    placeholder={t('gifts.send.messagePlaceholder')}
                    onChange={(e) => {
                      setMessage(e.target.value);
                      if (error?.field === 'message') setError(null);
                    }}
                  />
                )}
              </Field>
            </div>
          ) : (
            <div className="stack stack--tight">
              <p className="muted">{t('mall.checkout.giftVerify')}</p>
              <Link className="btn btn--secondary btn--block" to="/app/profile">
                {t('mall.checkout.giftVerifyAction')}
              </Link>
            </div>
          )
        ) : null}
      </section>

      <section className="card stack">
        <Field
          label={t('mall.checkout.carrier')}
          hint={carrierHint}
          value={carrier}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={12}
          placeholder="/ABC+123"
          className={carrierState.state === 'ok' ? 'field--ok' : undefined}
          onChange={(e) => {
            setCarrier(e.target.value.toUpperCase());
            if (error?.field === 'invoiceCarrier') setError(null);
          }}
          onBlur={() => setCarrierTouched(true)}
          error={carrierError}
        />
      </section>

      <section className="card stack stack--tight" aria-labelledby={`${titleId}-sum`}>
        <h2 id={`${titleId}-sum`} className="section-title">
          {t('mall.checkout.summary')}
        </h2>
        <dl className="mall-summary">
          {list !== null ? (
            <div>
              <dt>{t('mall.checkout.listTotal')}</dt>
              <dd>
                <s>{`NT$${money(list * quantity)}`}</s>
              </dd>
            </div>
          ) : null}
          {points > 0 ? (
            <div>
              <dt>{t('mall.checkout.pointsPaid')}</dt>
              <dd>{t('mall.price.points', { points: money(points) })}</dd>
            </div>
          ) : null}
          <div className="mall-summary__total">
            <dt>{t('mall.checkout.total')}</dt>
            <dd data-testid="checkout-total">{`NT$${money(cash)}`}</dd>
          </div>
        </dl>
        <p className="muted mall-note">{cash > 0 ? t('mall.checkout.payNote') : t('mall.checkout.freeNote')}</p>
      </section>

      {error && (!error.field || error.field === 'points' || error.field === 'quantity') ? <Notice kind="error">{error.message}</Notice> : null}
      <div className="mall-buybar">
        <button type="submit" className={`btn btn--block btn--large ${cash > 0 ? 'btn--linepay' : 'btn--primary'}`} disabled={busy || max === 0 || (recipient === 'gift' && !canGift)}>
          {busy ? t('mall.checkout.paying') : cash > 0 ? t('mall.checkout.payLinePay', { amount: money(cash) }) : t('mall.checkout.payFree')}
        </button>
      </div>
    </form>
  );
}
