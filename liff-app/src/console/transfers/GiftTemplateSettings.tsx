import { useTranslation } from 'react-i18next';
import { Field } from '../../components/Field.tsx';
import type { Draft } from '../coupons/draft.ts';
import { NumberInput } from '../coupons/controls.tsx';

/** The gift settings of a coupon template, under its 可轉贈 switch: partial gifts and how many times one coupon may be given on. */
export function GiftTemplateSettings({ draft, set, error }: { draft: Draft; set: <K extends keyof Draft>(key: K, value: Draft[K]) => void; error: (key: string) => string | undefined }) {
  const { t } = useTranslation();
  const multiUse = Number(draft.usesPerCoupon) > 1;
  return (
    <div className="xfer-template">
      {multiUse ? (
        <label className="switch-row">
          <input type="checkbox" data-field="allowPartialTransfer" checked={draft.allowPartialTransfer} onChange={(e) => set('allowPartialTransfer', e.target.checked)} />
          <span className="switch" aria-hidden="true" />
          <span>
            <strong>{t('xfer.template.partial')}</strong>
            <small>{t('xfer.template.partialHint')}</small>
          </span>
        </label>
      ) : null}
      <div className="cpn-row">
        <Field announce={false} label={t('xfer.template.maxTransfers')} hint={t('xfer.template.maxTransfersHint')} error={error('maxTransfers')} className="cpn-narrow">
          {(a) => <NumberInput {...a} field="maxTransfers" maxLength={1} value={draft.maxTransfers} onChange={(v) => set('maxTransfers', v)} after={t('xfer.template.timesUnit')} />}
        </Field>
      </div>
    </div>
  );
}
