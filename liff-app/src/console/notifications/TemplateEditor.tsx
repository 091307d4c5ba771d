import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type ReactNode, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { TTemplateInput, TTemplateView } from '../../../../shared/api/notifications.ts';
import { TEMPLATE_LIMITS } from '../../../../shared/notifications/render.ts';
import { call, errorMessage, isApiError } from '../../api/client.ts';
import { useConfig } from '../../api/query.ts';
import { Icon } from '../../components/Icon.tsx';
import { Notice, SwitchRow, TabList } from '../../components/ui.tsx';
import { CharCount, Field } from '../../components/Field.tsx';
import { fieldLabel, notifKeys, storeSavedTemplate, toInput, useDebounced } from './api.ts';
import { type Language as Lang, useLanguage } from '../../i18n/index.ts';
import { TemplatePreview, type PreviewMember } from './TemplatePreview.tsx';
import { BackLink } from '../components.tsx';
import { useUnsavedWarning } from '../../lib/useUnsavedWarning.ts';

type ContentField = 'title' | 'body' | 'ctaLabel' | 'altText';
type SettingField = 'ctaTarget' | 'heroImageUrl' | 'accentColor';
const CONTENT_FIELDS: readonly ContentField[] = ['title', 'body', 'ctaLabel', 'altText'];
const LANGS: readonly Lang[] = ['zh-TW', 'en'];
const LANG_TAB_IDS = { tab: (lang: Lang) => `notif-tab-${lang}`, panel: 'notif-tabpanel' };
const HEX = /^#[0-9A-Fa-f]{6}$/;

/** What is sent: an empty hero image means none. */
function normalize(draft: TTemplateInput): TTemplateInput {
  const hero = draft.heroImageUrl?.trim() ?? '';
  return { ...draft, heroImageUrl: hero ? hero : null };
}

type Message = { kind: 'success' | 'error' | 'info'; text: string; sandboxLink?: boolean };

export function TemplateEditor({ view }: { view: TTemplateView }) {
  const { t } = useTranslation();
  const uiLang = useLanguage();
  const { data: config } = useConfig();
  const kind = view.kind;

  const [baseline, setBaseline] = useState(() => toInput(view));
  const [draft, setDraft] = useState(() => toInput(view));
  const [editLang, setEditLang] = useState<Lang>('zh-TW');
  const [previewLang, setPreviewLang] = useState<Lang>('zh-TW');
  const [member, setMember] = useState<PreviewMember | null>(null);
  const [saveError, setSaveError] = useState<{ field: string | undefined; message: string } | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  /** The content field variables go into: the one last focused. */
  const [target, setTarget] = useState<ContentField>('body');
  const contentRefs = useRef<Partial<Record<ContentField, HTMLInputElement | HTMLTextAreaElement | null>>>({});
  const settingRefs = useRef<Partial<Record<SettingField, HTMLInputElement | null>>>({});
  const selections = useRef<Partial<Record<string, { start: number; end: number }>>>({});
  const pendingCaret = useRef<{ field: ContentField; pos: number } | null>(null);
  const [focusRequest, setFocusRequest] = useState<string | null>(null);

  const draftKey = JSON.stringify(normalize(draft));
  const dirty = draftKey !== JSON.stringify(normalize(baseline));
  // Debounce the serialised draft (a string compares by value), and preview what it settles on.
  const settledKey = useDebounced(draftKey, 300);
  const settled = useMemo(() => JSON.parse(settledKey) as TTemplateInput, [settledKey]);

  const preview = useQuery({
    queryKey: notifKeys.preview(kind, previewLang, uiLang, member?.id ?? null, settled),
    queryFn: ({ signal }) =>
      call('consolePreviewTemplate', { params: { kind }, body: { template: settled, lang: previewLang, ...(member ? { memberId: member.id } : {}) }, signal }),
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
  // A draft the contract itself refuses (e.g. a 1,001-character link) gets no preview, only the error.
  const previewError = preview.isError ? preview.error : null;
  const problems = [
    ...(preview.data?.problems ?? []),
    ...(isApiError(previewError) && previewError.field ? [{ field: previewError.field.replace(/^template\./, ''), message: previewError.fieldMessage }] : []),
  ];
  const upToDate = !preview.isPlaceholderData && !preview.isError && draftKey === settledKey;

  // "Saved" fades after a while so the sticky action bar stays slim; errors and links stay.
  useEffect(() => {
    if (message?.kind !== 'success' || message.sandboxLink) return;
    const timer = setTimeout(() => setMessage(null), 6000);
    return () => clearTimeout(timer);
  }, [message]);

  // Opened from further down the list: start at the top of the editor. (A block body: newer
  // Chromium returns a promise from scrollTo, which React would take for a cleanup function.)
  useEffect(() => {
    window.scrollTo(0, 0);
  }, []);

  useUnsavedWarning(dirty);

  // After inserting a variable, the caret goes right after it.
  useLayoutEffect(() => {
    const pending = pendingCaret.current;
    if (!pending) return;
    pendingCaret.current = null;
    const el = contentRefs.current[pending.field];
    if (!el) return;
    el.focus();
    el.setSelectionRange(pending.pos, pending.pos);
    selections.current[`${editLang}.${pending.field}`] = { start: pending.pos, end: pending.pos };
  }, [draft, editLang]);

  // A save error names a field: show its tab and put the cursor there.
  useEffect(() => {
    if (!focusRequest) return;
    setFocusRequest(null);
    const [, , field] = focusRequest.split('.');
    const el = focusRequest.startsWith('content.') ? contentRefs.current[field as ContentField] : settingRefs.current[focusRequest as SettingField];
    el?.focus();
  }, [focusRequest, editLang]);

  const clearSaveError = (field: string) => {
    if (saveError && (saveError.field === field || !saveError.field)) setSaveError(null);
  };

  const setContent = (lang: Lang, field: ContentField, value: string) => {
    clearSaveError(`content.${lang}.${field}`);
    setDraft((d) => ({ ...d, content: { ...d.content, [lang]: { ...d.content[lang], [field]: value } } }));
  };

  const setSetting = <K extends 'enabled' | SettingField>(key: K, value: TTemplateInput[K]) => {
    clearSaveError(key);
    setDraft((d) => ({ ...d, [key]: value }));
  };

  const insertVariable = (name: string) => {
    const field = target;
    const value = draft.content[editLang][field];
    const token = `{{${name}}}`;
    // The field keeps its caret after the chip takes the focus, so read it there. The
    // `select` event alone is not enough: it fires for a selection, not for a caret moved
    // with End or a click, and only after the input it belongs to.
    const el = contentRefs.current[field];
    const selection =
      el && el.value === value && el.selectionStart !== null && el.selectionEnd !== null
        ? { start: el.selectionStart, end: el.selectionEnd }
        : (selections.current[`${editLang}.${field}`] ?? { start: value.length, end: value.length });
    const start = Math.min(selection.start, value.length);
    const end = Math.min(Math.max(selection.end, start), value.length);
    pendingCaret.current = { field, pos: start + token.length };
    setContent(editLang, field, value.slice(0, start) + token + value.slice(end));
  };

  const problemsFor = (field: string): string[] => {
    const list = problems.filter((p) => p.field === field).map((p) => p.message);
    if (saveError?.field === field && !list.includes(saveError.message)) list.unshift(saveError.message);
    return list;
  };

  const onServerError = (error: unknown) => {
    if (isApiError(error) && error.field) {
      setSaveError({ field: error.field, message: error.fieldMessage });
      setMessage({ kind: 'error', text: t('notif.editor.saveRefused', { field: fieldLabel(error.field, t), message: error.fieldMessage }) });
      const lang = /^content\.(zh-TW|en)\./.exec(error.field)?.[1] as Lang | undefined;
      if (lang) setEditLang(lang);
      setFocusRequest(error.field);
    } else {
      setMessage({ kind: 'error', text: errorMessage(error) });
    }
  };

  const adopt = (saved: TTemplateView) => {
    storeSavedTemplate(saved);
    const input = toInput(saved);
    setBaseline(input);
    setDraft(input);
    setSaveError(null);
  };

  const save = useMutation({
    mutationFn: () => call('consoleSaveTemplate', { params: { kind }, body: normalize(draft) }),
    onMutate: () => setMessage(null),
    onSuccess: (saved) => {
      adopt(saved);
      setMessage({ kind: 'success', text: t('notif.editor.saved', { label: view.label }) });
    },
    onError: onServerError,
  });

  const reset = useMutation({
    mutationFn: () => call('consoleResetTemplate', { params: { kind } }),
    onMutate: () => setMessage(null),
    onSuccess: (saved) => {
      adopt(saved);
      setConfirmReset(false);
      setMessage({ kind: 'success', text: t('notif.editor.resetDone', { label: view.label }) });
    },
    onError: (error) => {
      setConfirmReset(false);
      setMessage({ kind: 'error', text: errorMessage(error) });
    },
  });

  const testSend = useMutation({
    mutationFn: () => call('consoleTestSend', { params: { kind }, body: { template: normalize(draft), lang: previewLang } }),
    onMutate: () => setMessage(null),
    onSuccess: (status) => {
      if (status.status === 'sent') {
        setMessage({ kind: 'success', text: t('notif.editor.testSent', { lang: previewLang === 'en' ? 'English' : '中文' }), sandboxLink: config?.sandbox ?? false });
      } else {
        setMessage({ kind: 'error', text: t('notif.editor.testFailed', { reason: status.reason ?? status.status }) });
      }
    },
    onError: onServerError,
  });

  /** A link, image or colour setting's field: its words, value, problems and change. */
  const setting = (field: SettingField) => ({
    label: t(`notif.editor.${field}`),
    hint: t(`notif.editor.${field}Hint`),
    value: draft[field] ?? '',
    errors: problemsFor(field),
    inputRef: (el: HTMLInputElement | null) => {
      settingRefs.current[field] = el;
    },
    onChange: (value: string) => setSetting(field, value),
  });

  const busy = save.isPending || reset.isPending;
  const langHasProblems = (lang: Lang) => problems.some((p) => p.field.startsWith(`content.${lang}.`)) || Boolean(saveError?.field?.startsWith(`content.${lang}.`));
  const openProblems = upToDate || previewError ? problems.length : null;
  const content = draft.content[editLang];
  const fieldNames: Record<ContentField, string> = {
    title: t('notif.editor.titleField'),
    body: t('notif.editor.body'),
    ctaLabel: t('notif.editor.ctaLabel'),
    altText: t('notif.editor.altText'),
  };

  return (
    <div className="stack">
      <BackLink
        to="/console/notifications"
        label={t('notif.editor.back')}
        onClick={(event) => {
          if (dirty && !window.confirm(t('notif.editor.discardConfirm'))) event.preventDefault();
        }}
      />
      <header className="notif-editor__head">
        <span className="notif-kind__swatch notif-kind__swatch--large" style={{ background: HEX.test(draft.accentColor) ? draft.accentColor : view.accentColor }} aria-hidden="true" />
        <h1>{view.label}</h1>
        <span className={`notif-priority notif-priority--${view.priority}`} title={t(`notif.priorityHint.${view.priority}`)}>
          {t(`notif.priority.${view.priority}`)}
        </span>
        {view.isCustom ? <span className="badge">{t('notif.templates.custom')}</span> : <span className="chip">{t('notif.templates.default')}</span>}
        {view.partner ? <span className="chip">{t('notif.templates.partner')}</span> : null}
        <code className="notif-editor__code">{kind}</code>
      </header>
      <p className="muted notif-editor__hint">{t(`notif.priorityHint.${view.priority}`)}</p>

      <div className="notif-editor">
        <div className="notif-editor__form">
          <section className="panel notif-section" aria-labelledby="notif-content-title">
            <div className="panel__header">
              <h2 id="notif-content-title">{t('notif.editor.content')}</h2>
              <TabList
                label={t('notif.editor.langTabs')}
                tabs={LANGS}
                value={editLang}
                onSelect={(lang) => {
                  setEditLang(lang);
                  setPreviewLang(lang);
                }}
                ids={LANG_TAB_IDS}
                className="segments"
                tabClassName="segments__option notif-tab"
                tabProps={(lang) => ({ lang: lang === 'en' ? 'en' : 'zh-Hant-TW' })}
              >
                {(lang) => (
                  <>
                    {lang === 'en' ? t('notif.editor.langEn') : t('notif.editor.langZh')}
                    {langHasProblems(lang) ? (
                      <span className="notif-tab__dot" role="img" aria-label={t('notif.editor.hasProblems')}>
                        <span aria-hidden="true">!</span>
                      </span>
                    ) : null}
                  </>
                )}
              </TabList>
            </div>
            <div id="notif-tabpanel" role="tabpanel" aria-labelledby={`notif-tab-${editLang}`} className="notif-fields" lang={editLang === 'en' ? 'en' : 'zh-Hant-TW'}>
              <VariableChips
                variables={view.variables}
                targetLabel={fieldNames[target]}
                onInsert={insertVariable}
              />
              {CONTENT_FIELDS.map((field) => (
                <ContentInput
                  key={`${editLang}.${field}`}
                  label={fieldNames[field]}
                  value={content[field]}
                  max={TEMPLATE_LIMITS[field]}
                  multiline={field === 'body' || field === 'altText'}
                  rows={field === 'body' ? 5 : 2}
                  hint={field === 'altText' ? t('notif.editor.altTextHint') : undefined}
                  errors={problemsFor(`content.${editLang}.${field}`)}
                  isTarget={target === field}
                  inputRef={(el) => {
                    contentRefs.current[field] = el;
                  }}
                  onChange={(value) => setContent(editLang, field, value)}
                  onFocus={() => setTarget(field)}
                  onSelect={(start, end) => {
                    selections.current[`${editLang}.${field}`] = { start, end };
                  }}
                />
              ))}
            </div>
          </section>

          <section className="panel notif-section" aria-labelledby="notif-settings-title">
            <h2 id="notif-settings-title">{t('notif.editor.settings')}</h2>
            <SwitchRow checked={draft.enabled} title={t('notif.editor.enabled')} hint={t('notif.editor.enabledHint')} onChange={(checked) => setSetting('enabled', checked)} />
            <SettingInput {...setting('ctaTarget')} inputMode="url" maxLength={TEMPLATE_LIMITS.url} />
            <SettingInput {...setting('heroImageUrl')} placeholder="https://" inputMode="url" maxLength={TEMPLATE_LIMITS.url} />
            <SettingInput
              {...setting('accentColor')}
              className="notif-color"
              spellCheck={false}
              maxLength={7}
              before={
                <input
                  type="color"
                  className="color-picker notif-color__picker"
                  aria-label={t('notif.editor.accentColorPick')}
                  value={HEX.test(draft.accentColor) ? draft.accentColor.toLowerCase() : '#06c755'}
                  onChange={(e) => setSetting('accentColor', e.target.value.toUpperCase())}
                />
              }
            />
          </section>

          <div className="notif-actionbar">
            {message ? (
              <Notice kind={message.kind}>
                {message.text}
                {message.sandboxLink ? (
                  <>
                    {' '}
                    <a href="/sandbox" target="_blank" rel="noopener" className="link">
                      {t('notif.editor.openSandbox')}
                    </a>
                  </>
                ) : null}
              </Notice>
            ) : null}
            {confirmReset ? (
              <div key="confirm-reset" className="notif-actionbar__row" role="group" aria-label={t('notif.editor.resetConfirm')}>
                <span className="confirm">{t('notif.editor.resetConfirm')}</span>
                <span className="notif-actionbar__buttons">
                  <button type="button" className="btn btn--ghost" onClick={() => setConfirmReset(false)} disabled={busy}>
                    {t('common.cancel')}
                  </button>
                  <button type="button" className="btn btn--danger" onClick={() => reset.mutate()} disabled={busy}>
                    {t('notif.editor.resetConfirmYes')}
                  </button>
                </span>
              </div>
            ) : (
              <div key="actions" className="notif-actionbar__row">
                <span className="notif-actionbar__state" aria-live="polite">
                  {openProblems ? (
                    <span className="notif-state-text notif-state-text--error">{t('notif.editor.problemsTitle', { count: openProblems })}</span>
                  ) : dirty ? (
                    <span className="notif-state-text notif-state-text--dirty">{t('notif.editor.unsaved')}</span>
                  ) : null}
                </span>
                <span className="notif-actionbar__buttons">
                  <button
                    type="button"
                    className="btn btn--ghost"
                    disabled={busy || (!view.isCustom && !dirty)}
                    onClick={() => {
                      setMessage(null);
                      if (view.isCustom) setConfirmReset(true);
                      else {
                        // Nothing stored yet: restoring is just dropping the draft.
                        setDraft(baseline);
                        setSaveError(null);
                      }
                    }}
                  >
                    {t('notif.editor.reset')}
                  </button>
                  <button type="button" className="btn btn--secondary" disabled={testSend.isPending} onClick={() => testSend.mutate()}>
                    <Icon name="chat" size={18} />
                    {testSend.isPending ? t('notif.editor.testSending') : t('notif.editor.testSend')}
                  </button>
                  <button type="button" className="btn btn--primary" disabled={busy || !dirty} onClick={() => save.mutate()}>
                    {save.isPending ? t('notif.editor.saving') : t('notif.editor.save')}
                  </button>
                </span>
              </div>
            )}
          </div>
        </div>

        <TemplatePreview
          brandName={config?.brandName ?? ''}
          data={preview.data}
          error={previewError}
          updating={preview.isFetching || (!upToDate && !previewError)}
          lang={previewLang}
          onLang={setPreviewLang}
          member={member}
          onMember={setMember}
          onRetry={() => void preview.refetch()}
        />
      </div>
    </div>
  );
}

function VariableChips({ variables, targetLabel, onInsert }: { variables: TTemplateView['variables']; targetLabel: string; onInsert: (name: string) => void }) {
  const { t } = useTranslation();
  const hintId = useId();
  return (
    <div className="notif-vars" role="group" aria-label={t('notif.editor.variables')} aria-describedby={hintId}>
      <div className="notif-vars__head">
        <span className="field__label">{t('notif.editor.variables')}</span>
        <span className="notif-vars__target">{t('notif.editor.insertInto', { field: targetLabel })}</span>
      </div>
      <div className="notif-vars__chips">
        {variables.map((v) => (
          <button
            key={v.name}
            type="button"
            className={`notif-var ${v.required ? 'notif-var--required' : ''}`}
            aria-label={`${t('notif.editor.variableChip', { label: v.label })}（{{${v.name}}}）${v.required ? `，${t('notif.editor.required')}` : ''}`}
            title={`{{${v.name}}} — ${String(v.example)}`}
            // Keep the caret where it is in the field being edited.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => onInsert(v.name)}
          >
            <span>{v.label}</span>
            <code>{`{{${v.name}}}`}</code>
          </button>
        ))}
      </div>
      <p id={hintId} className="field__hint">
        {t('notif.editor.variablesHint')}
      </p>
      <SectionsHint />
    </div>
  );
}

/** The conditional-section syntax (shared/notifications/render.ts resolveSections), with the tags shown as code. */
function SectionsHint() {
  const { t } = useTranslation();
  const tags = { show: '{{#x}}…{{/x}}', hide: '{{^x}}…{{/x}}' };
  // Marks stand in for the tags so each can be shown as <code> inside the translated sentence.
  const parts = t('notif.editor.sectionsHint', { show: '\u0001', hide: '\u0002' }).split(/(\u0001|\u0002)/);
  return (
    <p className="field__hint" data-sections-hint="">
      {parts.map((part, i) => (part === '\u0001' ? <code key={i}>{tags.show}</code> : part === '\u0002' ? <code key={i}>{tags.hide}</code> : part))}
    </p>
  );
}

function ContentInput(props: {
  label: string;
  value: string;
  max: number;
  multiline: boolean;
  rows: number;
  hint?: string | undefined;
  errors: string[];
  isTarget: boolean;
  inputRef: Ref<HTMLInputElement & HTMLTextAreaElement>;
  onChange: (value: string) => void;
  onFocus: () => void;
  onSelect: (start: number, end: number) => void;
}) {
  const { t } = useTranslation();
  const counterId = useId();
  const count = [...props.value].length;
  return (
    <Field
      label={props.label}
      hint={props.hint}
      errors={props.errors}
      invalid={count > props.max}
      className={`notif-field ${props.isTarget ? 'notif-field--target' : ''}`}
      labelAside={<CharCount id={counterId} value={props.value} max={props.max} label={t('notif.editor.counterLabel', { count, max: props.max })} />}
      describedBy={counterId}
    >
      {(control) => {
        const shared = {
          ...control,
          className: 'field__input notif-input',
          value: props.value,
          onFocus: props.onFocus,
          onSelect: (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => props.onSelect(e.currentTarget.selectionStart ?? 0, e.currentTarget.selectionEnd ?? 0),
        };
        return props.multiline ? (
          <textarea {...shared} ref={props.inputRef} rows={props.rows} onChange={(e) => props.onChange(e.target.value)} />
        ) : (
          <input {...shared} ref={props.inputRef} type="text" onChange={(e) => props.onChange(e.target.value)} />
        );
      }}
    </Field>
  );
}

function SettingInput(props: {
  label: string;
  hint: string;
  value: string;
  errors: string[];
  inputRef: Ref<HTMLInputElement>;
  onChange: (value: string) => void;
  placeholder?: string;
  inputMode?: 'url' | 'text';
  className?: string;
  spellCheck?: boolean;
  maxLength?: number;
  before?: ReactNode;
}) {
  return (
    <Field label={props.label} hint={props.hint} errors={props.errors} className={props.className}>
      {(control) => {
        const input = (
          <input
            {...control}
            ref={props.inputRef}
            className="field__input"
            value={props.value}
            placeholder={props.placeholder}
            inputMode={props.inputMode}
            spellCheck={props.spellCheck}
            maxLength={props.maxLength}
            autoComplete="off"
            onChange={(e) => props.onChange(e.target.value)}
          />
        );
        return props.before ? (
          <div className="notif-color__row">
            {props.before}
            {input}
          </div>
        ) : (
          input
        );
      }}
    </Field>
  );
}
