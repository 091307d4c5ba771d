import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { addStrings } from '../../i18n/index.ts';
import { englishVersionStrings } from './strings.ts';

addStrings(englishVersionStrings);

/**
 * The optional English texts of a console form, folded away under 「英文版（選填）」 (open when
 * one is already filled in, so an edit shows what members see in English).
 */
export function EnglishVersion({ filled, children }: { filled: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <details className="english-version" open={filled || undefined} data-testid="english-version">
      <summary>
        {t('enVer.summary')}
        {filled ? <span className="chip">{t('enVer.filled')}</span> : null}
      </summary>
      <p className="muted english-version__hint">{t('enVer.hint')}</p>
      <div className="english-version__fields" lang="en">
        {children}
      </div>
    </details>
  );
}
