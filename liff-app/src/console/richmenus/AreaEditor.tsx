import { useTranslation } from 'react-i18next';
import type { TRichMenuAction, TRichMenuArea, TRichMenuBounds, TRichMenuIcon, TRichMenuPage, TRichMenuProblem } from '../../../../shared/api/richmenus.ts';
import { AA_TEXT, contrastRatio } from '../../../../shared/a11y/contrast.ts';
import { RICH_MENU_ICON_PATHS } from '../../../../shared/richmenus/icons.ts';
import { RICH_MENU_PAGE_TARGETS } from '../../../../shared/richmenus/pages.ts';
import { RICH_MENU_LIMITS } from '../../../../shared/richmenus/validate.ts';
import { CharCount, Field } from '../../components/Field.tsx';
import { Icon } from '../../components/Icon.tsx';
import { useLanguage } from '../../i18n/index.ts';
import { actionOfType, messagesAt } from './draft.ts';

/** The bounds fields' labels (literal keys, so the strings test can check them). */
const BOUNDS_LABEL = { x: 'rmenu.editor.boundsX', y: 'rmenu.editor.boundsY', width: 'rmenu.editor.boundsW', height: 'rmenu.editor.boundsH' } as const;

const ACTION_TYPES: TRichMenuAction['type'][] = ['page', 'uri', 'message', 'postback', 'switch'];
const ICONS = Object.keys(RICH_MENU_ICON_PATHS) as TRichMenuIcon[];
const PAGES = Object.keys(RICH_MENU_PAGE_TARGETS) as TRichMenuPage[];

interface AreaEditorProps {
  index: number;
  area: TRichMenuArea;
  /** `menus.0.areas.2`: where the validator's problems for this area are. */
  path: string;
  problems: readonly TRichMenuProblem[];
  /** The other tabs' keys (a switch's targets). */
  otherKeys: readonly string[];
  /** Drawn on an uploaded image: its bounds are edited here too, and it can be removed. */
  image: { width: number; height: number } | null;
  disabled: boolean;
  onChange: (area: TRichMenuArea) => void;
  onRemove?: (() => void) | undefined;
}

/** One area: its label, icon, colours (with the contrast verdict) and what a tap does. */
export function AreaEditor({ index, area, path, problems, otherKeys, image, disabled, onChange, onRemove }: AreaEditorProps) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const errs = (sub: string) => messagesAt(problems, `${path}.${sub}`, lang);
  const set = (patch: Partial<TRichMenuArea>) => onChange({ ...area, ...patch });
  const setAction = (action: TRichMenuAction) => set({ action });
  const a = area.action;
  const ratio = contrastRatio(area.color, area.background);
  const ratioText = ratio.toFixed(1);
  const lowContrast = ratio < AA_TEXT;

  const setBounds = (key: keyof TRichMenuBounds, value: string) => {
    const n = Math.round(Number(value));
    if (!Number.isFinite(n)) return;
    set({ bounds: { ...(area.bounds ?? { x: 0, y: 0, width: 1, height: 1 }), [key]: n } });
  };

  return (
    <fieldset className="rm-area-editor" disabled={disabled} data-area={index}>
      <legend>
        {t('rmenu.editor.areaN', { n: index + 1 })}
        {area.label ? `：${area.label}` : ''}
      </legend>
      <div className="rm-grid2">
        <Field
          label={t('rmenu.editor.label')}
          value={area.label}
          maxLength={40}
          onChange={(e) => set({ label: e.target.value })}
          errors={errs('label')}
          labelAside={<CharCount value={area.label} max={RICH_MENU_LIMITS.labelMax} />}
          data-field={`${path}.label`}
        />
        <Field label={t('rmenu.editor.icon')}>
          {(control) => (
            <div className="rm-icon-select">
              <select {...control} className="field__input" value={area.icon ?? ''} onChange={(e) => set({ icon: (e.target.value || null) as TRichMenuIcon | null })}>
                <option value="">{t('rmenu.editor.noIcon')}</option>
                {ICONS.map((icon) => (
                  <option key={icon} value={icon}>
                    {icon}
                  </option>
                ))}
              </select>
              {area.icon ? (
                <svg viewBox="0 0 24 24" width={28} height={28} aria-hidden="true" focusable="false">
                  <path d={RICH_MENU_ICON_PATHS[area.icon]} fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" />
                </svg>
              ) : null}
            </div>
          )}
        </Field>
        <Field label={t('rmenu.editor.background')}>
          {(control) => (
            <span className="rm-color">
              <input {...control} type="color" value={area.background.toLowerCase()} onChange={(e) => set({ background: e.target.value.toUpperCase() })} />
              <code>{area.background.toUpperCase()}</code>
            </span>
          )}
        </Field>
        <Field label={t('rmenu.editor.color')}>
          {(control) => (
            <span className="rm-color">
              <input {...control} type="color" value={area.color.toLowerCase()} onChange={(e) => set({ color: e.target.value.toUpperCase() })} />
              <code>{area.color.toUpperCase()}</code>
            </span>
          )}
        </Field>
      </div>
      {image === null ? (
        <p className={`rm-contrast ${lowContrast ? 'rm-contrast--low' : 'rm-contrast--ok'}`} data-testid="rm-contrast">
          <Icon name={lowContrast ? 'alert' : 'check'} size={16} />
          <span className="rm-contrast__swatch" style={{ background: area.background, color: area.color }} aria-hidden="true">
            Aa
          </span>
          {lowContrast ? t('rmenu.editor.contrastLow', { ratio: ratioText }) : t('rmenu.editor.contrastOk', { ratio: ratioText })}
        </p>
      ) : null}

      <div className="rm-grid2">
        <Field label={t('rmenu.editor.action')}>
          {(control) => (
            <select {...control} className="field__input" value={a.type} onChange={(e) => setAction(actionOfType(e.target.value as TRichMenuAction['type'], otherKeys))} data-field={`${path}.action.type`}>
              {ACTION_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`rmenu.editor.actionType.${type}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {a.type === 'page' ? (
          <Field label={t('rmenu.editor.page')}>
            {(control) => (
              <select {...control} className="field__input" value={a.page} onChange={(e) => setAction({ type: 'page', page: e.target.value as TRichMenuPage })}>
                {PAGES.map((page) => (
                  <option key={page} value={page}>
                    {RICH_MENU_PAGE_TARGETS[page][lang]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        {a.type === 'uri' ? (
          <Field label={t('rmenu.editor.uri')} type="url" inputMode="url" value={a.uri} maxLength={1000} onChange={(e) => setAction({ type: 'uri', uri: e.target.value })} errors={errs('action.uri')} />
        ) : null}
        {a.type === 'message' ? (
          <Field label={t('rmenu.editor.text')} value={a.text} maxLength={300} onChange={(e) => setAction({ type: 'message', text: e.target.value })} errors={errs('action.text')} />
        ) : null}
        {a.type === 'postback' ? (
          <>
            <Field label={t('rmenu.editor.data')} value={a.data} maxLength={300} onChange={(e) => setAction({ ...a, data: e.target.value })} errors={errs('action.data')} />
            <Field label={t('rmenu.editor.displayText')} value={a.displayText ?? ''} maxLength={300} onChange={(e) => setAction({ ...a, displayText: e.target.value || null })} errors={errs('action.displayText')} />
          </>
        ) : null}
        {a.type === 'switch' ? (
          <Field label={t('rmenu.editor.switchTo')} errors={errs('action.to')} hint={otherKeys.length === 0 ? t('rmenu.editor.noOtherTab') : undefined}>
            {(control) => (
              <select {...control} className="field__input" value={a.to} onChange={(e) => setAction({ type: 'switch', to: e.target.value })}>
                {a.to && !otherKeys.includes(a.to) ? <option value={a.to}>{a.to}</option> : null}
                {otherKeys.map((key) => (
                  <option key={key} value={key}>
                    {key}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
      </div>

      {image ? (
        <div className="rm-bounds">
          {(['x', 'y', 'width', 'height'] as const).map((key) => (
            <Field
              key={key}
              label={t(BOUNDS_LABEL[key])}
              type="number"
              step={1}
              min={0}
              max={key === 'x' || key === 'width' ? image.width : image.height}
              value={String(area.bounds?.[key] ?? 0)}
              onChange={(e) => setBounds(key, e.target.value)}
            />
          ))}
          {errs('bounds').length > 0 ? (
            <ul className="field__errors rm-bounds__errors">
              {errs('bounds').map((m) => (
                <li key={m} className="field__error">
                  {m}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {onRemove ? (
        <button type="button" className="btn btn--ghost btn--small" onClick={onRemove}>
          <Icon name="x" size={16} />
          {t('rmenu.editor.removeArea', { n: index + 1 })}
        </button>
      ) : null}
    </fieldset>
  );
}
