import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsoleTiers } from './api.ts';

/** The campaign form's tier-only field: any tier, or one of the brand's tiers. */
export function TierAudienceField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const tiers = useConsoleTiers();
  const list = tiers.data?.tiers ?? [];
  if (list.length === 0) return null;
  return (
    <div className="field">
      <label htmlFor={id}>{t('tiersC.campaignField')}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} data-field="audienceTierId" aria-describedby={`${id}-hint`}>
        <option value="">{t('tiersC.campaignAny')}</option>
        {list.map((x) => (
          <option key={x.id} value={String(x.id)}>
            {x.name}
          </option>
        ))}
      </select>
      <p id={`${id}-hint`} className="field__hint">{t('tiersC.campaignHint')}</p>
    </div>
  );
}
