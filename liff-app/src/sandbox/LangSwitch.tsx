import { useTranslation } from 'react-i18next';
import { Icon } from '../components/Icon.tsx';
import { setSandboxLanguage, useSandboxLanguage } from './i18n.ts';

/** The app's language switch (components/ui.tsx LangSwitch): the same words, icon and accessible name, for this page. */
export function SandboxLangSwitch() {
  const { t } = useTranslation();
  const isEnglish = useSandboxLanguage() === 'en';
  return (
    <button type="button" className="sb-lang-switch" onClick={() => void setSandboxLanguage(isEnglish ? 'zh-TW' : 'en')}>
      <Icon name="globe" size={16} />
      {/* The visible word starts the accessible name (WCAG 2.5.3, label in name); the hint follows unseen. */}
      <span lang={isEnglish ? 'zh-Hant-TW' : 'en'}>{isEnglish ? t('sandbox.lang.switchToChinese') : t('sandbox.lang.switchToEnglish')}</span>
      <span className="sb-visually-hidden">{` · ${t('sandbox.lang.switchLabel')}`}</span>
    </button>
  );
}
