import { useEffect, useMemo, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router';
import type { TRichMenuDesign, TRichMenuOptions, TRichMenuPublication, TRichMenuRender, TRichMenuSize, TRichMenuTemplate, TRichMenuVersionParsed, TRichMenuVersionView } from '../../../../shared/api/richmenus.ts';
import { MAX_CUSTOM_COLUMNS, MAX_CUSTOM_ROWS, TEMPLATES } from '../../../../shared/richmenus/layouts.ts';
import { charCount, RICH_MENU_LIMITS, validateImage, validateVersion } from '../../../../shared/richmenus/validate.ts';
import { call, errorMessage } from '../../api/client.ts';
import { useConfig } from '../../api/query.ts';
import { CharCount, Field } from '../../components/Field.tsx';
import { Icon } from '../../components/Icon.tsx';
import { ErrorState, LoadingBlock, Notice, SkeletonStack, useDocumentTitle } from '../../components/ui.tsx';
import { useLanguage } from '../../i18n/index.ts';
import { localInputFromNow } from '../../lib/dates.ts';
import { BackLink } from '../components.tsx';
import { PageHeader } from '../shared.tsx';
import { currentPublication, refreshRichMenus, useRichMenuOptions, useRichMenuOverview, useRichMenuVersion } from './api.ts';
import { AreaEditor } from './AreaEditor.tsx';
import { boundsOf, canvasOf, messagesAt, newMenu, newVersion, nextKey, PUBLISH_STEPS, stepStates, withLayout, MAX_AREAS } from './draft.ts';
import { PhonePreview } from './Preview.tsx';

type Images = Map<number, { width: number; height: number; url: string }>;

/** /console/richmenus/new and /console/richmenus/:id — the designer of one version. */
export function RichMenuEditorPage() {
  const { t } = useTranslation();
  const { id: idParam } = useParams();
  const id = idParam && /^\d+$/.test(idParam) ? Number(idParam) : null;
  const version = useRichMenuVersion(id);
  const options = useRichMenuOptions();
  useDocumentTitle(t('rmenu.editor.newTitle'));
  if ((id !== null && version.isError) || options.isError) {
    return (
      <div className="stack">
        <BackLink to="/console/richmenus" label={t('rmenu.editor.back')} />
        <ErrorState title={t('rmenu.editor.loadFailed')} error={version.error ?? options.error} onRetry={() => void (version.isError ? version.refetch() : options.refetch())} />
      </div>
    );
  }
  if ((id !== null && !version.data) || !options.data) {
    return (
      <div className="stack">
        <BackLink to="/console/richmenus" label={t('rmenu.editor.back')} />
        <h1>{t('rmenu.editor.newTitle')}</h1>
        <LoadingBlock>
          <SkeletonStack blocks={[{ height: 40 }, { height: 220 }, { height: 320 }]} />
        </LoadingBlock>
      </div>
    );
  }
  return <Designer key={version.data?.id ?? 'new'} view={version.data ?? null} options={options.data} />;
}

function Designer({ view, options }: { view: TRichMenuVersionView | null; options: TRichMenuOptions }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const navigate = useNavigate();
  // What the new page's first save or publish said, carried across its move to /richmenus/:id.
  const carried = (useLocation().state ?? null) as { message?: { kind: 'success' | 'error' | 'info'; text: string }; publication?: TRichMenuPublication } | null;
  const { data: config } = useConfig();
  const tz = config?.timezone ?? 'Asia/Taipei';
  const frozen = view !== null && view.status !== 'draft';
  const [draft, setDraft] = useState<TRichMenuVersionParsed>(() => (view ? { name: view.name, menus: view.menus, audiences: view.audiences } : newVersion(lang === 'en' ? 'New menu' : '新的圖文選單', lang)));
  const [tab, setTab] = useState(0);
  const [areaIndex, setAreaIndex] = useState(0);
  const [images, setImages] = useState<Images>(new Map());
  const [busy, setBusy] = useState<null | 'save' | 'publish' | 'schedule' | 'copy' | 'upload' | 'render'>(null);
  const [message, setMessage] = useState<{ kind: 'success' | 'error' | 'info'; text: string } | null>(carried?.message ?? null);
  const [uploadProblems, setUploadProblems] = useState<string[]>([]);
  const [publication, setPublication] = useState<TRichMenuPublication | null>(carried?.publication ?? null);
  const [render, setRender] = useState<{ key: string; result: TRichMenuRender } | null>(null);
  const [period, setPeriod] = useState(() => ({ from: localInputFromNow(1, tz, '00:00'), until: localInputFromNow(7, tz, '23:59') }));
  // The version a publish request is out for (a new one gets its id from the save first).
  const [publishingId, setPublishingId] = useState<number | null>(null);
  const overview = useRichMenuOverview({ watch: busy === 'publish' });
  const shownPublication = currentPublication(publishingId ?? view?.id ?? null, overview.data, publication);

  const menu = draft.menus[Math.min(tab, draft.menus.length - 1)]!;
  const menuPath = `menus.${draft.menus.indexOf(menu)}`;
  const dims = useMemo(() => new Map([...images].map(([k, v]) => [k, { width: v.width, height: v.height }])), [images]);
  const validation = useMemo(() => validateVersion(draft, { images: dims, ...(options.tiers.length > 0 ? { tierIds: new Set(options.tiers.map((x) => x.id)) } : {}) }), [draft, dims, options.tiers]);
  const errors = validation.problems.filter((p) => p.severity === 'error');
  const warnings = validation.problems.filter((p) => p.severity === 'warning');
  const canvas = canvasOf(menu, dims);
  const bounds = boundsOf(menu, dims);
  const menuKey = JSON.stringify(menu);
  const serverImage = render && render.key === menuKey ? render.result : null;
  const uploadedUrl = menu.layout.kind === 'image' ? (images.get(menu.layout.imageId)?.url ?? null) : null;

  // An uploaded image of a saved version: its size and pixels come from the server's render.
  useEffect(() => {
    const missing = draft.menus.filter((m) => m.layout.kind === 'image' && !images.has(m.layout.imageId));
    for (const m of missing) {
      void call('consoleRenderRichMenu', { body: { menu: m } })
        .then((r) => setImages((prev) => new Map(prev).set((m.layout as { imageId: number }).imageId, { width: r.width, height: r.height, url: r.dataUrl })))
        .catch(() => undefined);
    }
  }, [draft.menus, images]);

  // A publication still under way when the request came back: follow it in the overview (polled).
  useEffect(() => {
    if (!publication || publication.finishedAt !== null) return;
    const latest = overview.data?.publications.find((p) => p.id === publication.id);
    if (latest && latest.finishedAt !== null) {
      setPublication(latest);
      void refreshRichMenus();
    }
  }, [overview.data, publication]);

  const setMenu = (next: TRichMenuDesign) => setDraft((d) => ({ ...d, menus: d.menus.map((m) => (m === menu ? next : m)) }));
  const menuErrs = (sub: string) => messagesAt(validation.problems, `${menuPath}.${sub}`, lang);

  const addTab = () => {
    const key = nextKey(draft.menus);
    const name = lang === 'en' ? `Tab ${draft.menus.length + 1}` : `分頁 ${draft.menus.length + 1}`;
    setDraft((d) => ({ ...d, menus: [...d.menus, newMenu(key, name, name, lang)] }));
    setTab(draft.menus.length);
    setAreaIndex(0);
  };
  const removeTab = () => {
    if (draft.menus.length <= 1) return;
    setDraft((d) => {
      const menus = d.menus.filter((m) => m !== menu);
      const keys = new Set(menus.map((m) => m.key));
      const fix = (k: string | null) => (k !== null && keys.has(k) ? k : null);
      return { ...d, menus, audiences: { default: keys.has(d.audiences.default) ? d.audiences.default : menus[0]!.key, unregistered: fix(d.audiences.unregistered), registered: fix(d.audiences.registered), tiers: d.audiences.tiers.filter((x) => keys.has(x.menu)) } };
    });
    setTab(0);
  };
  const renameKey = (key: string) => {
    const old = menu.key;
    setDraft((d) => {
      const swap = (k: string | null) => (k === old ? key : k);
      return {
        ...d,
        menus: d.menus.map((m) => (m === menu ? { ...m, key } : { ...m, areas: m.areas.map((a) => (a.action.type === 'switch' && a.action.to === old ? { ...a, action: { type: 'switch', to: key } } : a)) })),
        audiences: { default: swap(d.audiences.default)!, unregistered: swap(d.audiences.unregistered), registered: swap(d.audiences.registered), tiers: d.audiences.tiers.map((x) => ({ ...x, menu: swap(x.menu)! })) },
      };
    });
  };

  const pickSize = (size: TRichMenuSize) => {
    setMenu(withLayout(menu, menu.layout, size));
    setAreaIndex(0);
  };
  const pickLayout = (value: string) => {
    if (value === 'custom') setMenu(withLayout(menu, { kind: 'custom', rows: 2, columns: 3 }));
    else if (value === 'image') setMenu({ ...menu, layout: { kind: 'image', imageId: menu.layout.kind === 'image' ? menu.layout.imageId : 0 }, areas: menu.layout.kind === 'image' ? menu.areas : [] });
    else setMenu(withLayout(menu, { kind: 'template', template: value as TRichMenuTemplate }));
    setAreaIndex(0);
  };
  const layoutValue = menu.layout.kind === 'template' ? menu.layout.template : menu.layout.kind;

  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setUploadProblems([]);
    setMessage(null);
    const url = URL.createObjectURL(file);
    const size = await new Promise<{ width: number; height: number } | null>((resolve) => {
      const img = new Image();
      img.onload = () => resolve({ width: img.naturalWidth, height: img.naturalHeight });
      img.onerror = () => resolve(null);
      img.src = url;
    });
    if (!size) {
      setUploadProblems([t('rmenu.image.readFailed')]);
      return;
    }
    const issues = validateImage({ contentType: file.type, width: size.width, height: size.height, bytes: file.size });
    if (issues.length > 0) {
      setUploadProblems(issues.map((i) => i[lang]));
      return;
    }
    setBusy('upload');
    try {
      const dataBase64 = await new Promise<string>((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
        reader.onerror = () => reject(reader.error);
        reader.readAsDataURL(file);
      });
      const image = await call('consoleUploadRichMenuImage', { body: { contentType: file.type as 'image/png' | 'image/jpeg', dataBase64 } });
      setImages((prev) => new Map(prev).set(image.id, { width: image.width, height: image.height, url }));
      setMenu({ ...menu, size: image.size ?? (image.width / image.height > 2.5 ? 'compact' : 'large'), layout: { kind: 'image', imageId: image.id }, areas: menu.layout.kind === 'image' ? menu.areas : [] });
      setMessage({ kind: 'success', text: t('rmenu.editor.uploaded', { width: image.width, height: image.height, kb: Math.ceil(image.bytes / 1024) }) });
    } catch (error) {
      const details = (error as { details?: { problems?: { 'zh-TW': string; en: string }[] } }).details;
      setUploadProblems(details?.problems?.map((p) => p[lang]) ?? [errorMessage(error)]);
    } finally {
      setBusy(null);
    }
  };

  const save = async (): Promise<TRichMenuVersionView | null> => {
    setBusy('save');
    setMessage(null);
    try {
      const saved = view ? await call('consoleUpdateRichMenuVersion', { params: { id: view.id }, body: draft }) : await call('consoleCreateRichMenuVersion', { body: draft });
      await refreshRichMenus();
      return saved;
    } catch (error) {
      setMessage({ kind: 'error', text: errorMessage(error) });
      return null;
    } finally {
      setBusy(null);
    }
  };
  const onSave = async () => {
    const saved = await save();
    if (!saved) return;
    if (!view) void navigate(`/console/richmenus/${saved.id}`, { replace: true, state: { message: { kind: 'success', text: t('rmenu.editor.saved') } } });
    else setMessage({ kind: 'success', text: t('rmenu.editor.saved') });
  };
  const onPublish = async () => {
    setPublication(null);
    const target = frozen ? view : await save();
    if (!target) return;
    setPublishingId(target.id);
    setBusy('publish');
    setMessage(null);
    try {
      const pub = await call('consolePublishRichMenuVersion', { params: { id: target.id } });
      setPublication(pub);
      await refreshRichMenus();
      const said = pub.status === 'succeeded' ? ({ kind: 'success', text: t('rmenu.editor.published', { name: target.name }) } as const) : pub.status === 'failed' ? ({ kind: 'error', text: t('rmenu.editor.publishFailed') } as const) : null;
      if (said) setMessage(said);
      if (!view) void navigate(`/console/richmenus/${target.id}`, { replace: true, state: { publication: pub, ...(said ? { message: said } : {}) } });
    } catch (error) {
      setMessage({ kind: 'error', text: errorMessage(error) });
    } finally {
      setBusy(null);
    }
  };
  const onCopy = async () => {
    if (!view) return;
    setBusy('copy');
    try {
      const copy = await call('consoleCopyRichMenuVersion', { params: { id: view.id } });
      await refreshRichMenus();
      void navigate(`/console/richmenus/${copy.id}`);
    } catch (error) {
      setMessage({ kind: 'error', text: errorMessage(error) });
    } finally {
      setBusy(null);
    }
  };
  const onSchedule = async () => {
    if (period.until <= period.from) {
      setMessage({ kind: 'error', text: t('rmenu.editor.scheduleOrder') });
      return;
    }
    const target = frozen ? view : await save();
    if (!target) return;
    setBusy('schedule');
    try {
      const s = await call('consoleScheduleRichMenuVersion', { params: { id: target.id }, body: { startsAt: period.from, endsAt: period.until } });
      await refreshRichMenus();
      const said = { kind: 'success', text: t('rmenu.editor.scheduled', { from: s.startsAt.replace('T', ' '), until: s.endsAt.replace('T', ' ') }) } as const;
      setMessage(said);
      if (!view) void navigate(`/console/richmenus/${target.id}`, { replace: true, state: { message: said } });
    } catch (error) {
      setMessage({ kind: 'error', text: errorMessage(error) });
    } finally {
      setBusy(null);
    }
  };
  const onRender = async () => {
    setBusy('render');
    try {
      const result = await call('consoleRenderRichMenu', { body: { menu } });
      setRender({ key: menuKey, result });
    } catch (error) {
      setMessage({ kind: 'error', text: errorMessage(error) });
    } finally {
      setBusy(null);
    }
  };

  const otherKeys = draft.menus.filter((m) => m !== menu).map((m) => m.key);
  const selectedArea = Math.min(areaIndex, Math.max(0, menu.areas.length - 1));
  const title = view ? (frozen ? t('rmenu.editor.viewTitle', { name: view.name }) : t('rmenu.editor.editTitle', { name: view.name })) : t('rmenu.editor.newTitle');
  const imageDims = menu.layout.kind === 'image' ? (dims.get(menu.layout.imageId) ?? null) : null;
  const keyOptions = draft.menus.map((m) => (
    <option key={m.key} value={m.key}>
      {m.name || m.key}
    </option>
  ));

  return (
    <div className="stack rm-editor">
      <BackLink to="/console/richmenus" label={t('rmenu.editor.back')} />
      <PageHeader title={title} />
      {frozen ? (
        <Notice kind="info">
          {t('rmenu.editor.frozen')}{' '}
          <button type="button" className="btn btn--secondary btn--small" onClick={() => void onCopy()} disabled={busy !== null}>
            <Icon name="copy" size={16} />
            {t('rmenu.editor.copy')}
          </button>
        </Notice>
      ) : null}
      {message ? (
        <div role={message.kind === 'error' ? 'alert' : 'status'}>
          <Notice kind={message.kind}>{message.text}</Notice>
        </div>
      ) : null}
      {shownPublication ? <PublishProgress publication={shownPublication} /> : null}

      <div className="rm-layout">
        <div className="rm-form">
          <fieldset className="panel rm-section" disabled={frozen}>
            <legend className="visually-hidden">{t('rmenu.editor.versionName')}</legend>
            <Field label={t('rmenu.editor.versionName')} hint={t('rmenu.editor.versionNameHint')} value={draft.name} maxLength={60} onChange={(e) => setDraft((d) => ({ ...d, name: e.target.value }))} data-field="name" />
          </fieldset>

          <section className="panel rm-section" aria-labelledby="rm-tabs-title">
            <div className="rm-section__head">
              <h2 id="rm-tabs-title">{t('rmenu.editor.tabs')}</h2>
              {!frozen && draft.menus.length < 10 ? (
                <button type="button" className="btn btn--secondary btn--small" onClick={addTab}>
                  <Icon name="plus" size={16} />
                  {t('rmenu.editor.addTab')}
                </button>
              ) : null}
            </div>
            <p className="muted rm-hint">{t('rmenu.editor.tabsHint')}</p>
            <div className="rm-tabs" role="group" aria-label={t('rmenu.editor.tabs')}>
              {draft.menus.map((m, i) => (
                <button key={i} type="button" className="rm-tab" aria-pressed={m === menu} onClick={() => (setTab(i), setAreaIndex(0))}>
                  {m.name || m.key}
                  <small>{m.key}</small>
                </button>
              ))}
            </div>

            <fieldset className="rm-menu-fields" disabled={frozen}>
              <legend className="visually-hidden">{t('rmenu.editor.tabLabel', { name: menu.name || menu.key })}</legend>
              <div className="rm-grid2">
                <Field label={t('rmenu.editor.menuName')} hint={t('rmenu.editor.menuNameHint')} value={menu.name} maxLength={300} onChange={(e) => setMenu({ ...menu, name: e.target.value })} errors={menuErrs('name')} />
                <Field label={t('rmenu.editor.key')} hint={t('rmenu.editor.keyHint')} value={menu.key} maxLength={32} autoCapitalize="off" spellCheck={false} onChange={(e) => renameKey(e.target.value)} errors={menuErrs('key')} />
                <Field
                  label={t('rmenu.editor.chatBar')}
                  hint={t('rmenu.editor.chatBarHint')}
                  value={menu.chatBarText}
                  maxLength={100}
                  onChange={(e) => setMenu({ ...menu, chatBarText: e.target.value })}
                  errors={menuErrs('chatBarText')}
                  invalid={charCount(menu.chatBarText) > RICH_MENU_LIMITS.chatBarTextMax}
                  labelAside={<CharCount value={menu.chatBarText} max={RICH_MENU_LIMITS.chatBarTextMax} />}
                  data-field={`${menuPath}.chatBarText`}
                />
                <Field label={t('rmenu.editor.menuBackground')}>
                  {(control) => (
                    <span className="rm-color">
                      <input {...control} type="color" value={menu.background.toLowerCase()} onChange={(e) => setMenu({ ...menu, background: e.target.value.toUpperCase() })} />
                      <code>{menu.background}</code>
                    </span>
                  )}
                </Field>
              </div>
              <label className="rm-check">
                <input type="checkbox" checked={menu.selected} onChange={(e) => setMenu({ ...menu, selected: e.target.checked })} />
                {t('rmenu.editor.selected')}
              </label>

              {menu.layout.kind !== 'image' ? (
                <fieldset className="rm-choice">
                  <legend>{t('rmenu.editor.size')}</legend>
                  {(['large', 'compact'] as const).map((size) => (
                    <label key={size} className="rm-radio">
                      <input type="radio" name={`size-${menuPath}`} checked={menu.size === size} onChange={() => pickSize(size)} />
                      {t(`rmenu.editor.${size}`)}
                    </label>
                  ))}
                </fieldset>
              ) : null}

              <fieldset className="rm-choice">
                <legend>{t('rmenu.editor.layout')}</legend>
                <div className="rm-layouts">
                  {(Object.keys(TEMPLATES) as TRichMenuTemplate[])
                    .filter((tpl) => TEMPLATES[tpl].sizes.includes(menu.size))
                    .map((tpl) => (
                      <label key={tpl} className="rm-layout-card">
                        <input type="radio" name={`layout-${menuPath}`} value={tpl} checked={layoutValue === tpl} onChange={() => pickLayout(tpl)} />
                        <LayoutThumb template={tpl} size={menu.size} />
                        <span>{TEMPLATES[tpl][lang]}</span>
                      </label>
                    ))}
                  <label className="rm-layout-card">
                    <input type="radio" name={`layout-${menuPath}`} value="custom" checked={layoutValue === 'custom'} onChange={() => pickLayout('custom')} />
                    <Icon name="settings" size={28} />
                    <span>{t('rmenu.editor.custom')}</span>
                  </label>
                  <label className="rm-layout-card">
                    <input type="radio" name={`layout-${menuPath}`} value="image" checked={layoutValue === 'image'} onChange={() => pickLayout('image')} />
                    <Icon name="upload" size={28} />
                    <span>{t('rmenu.editor.image')}</span>
                  </label>
                </div>
                {menuErrs('layout.template').concat(menuErrs('layout')).map((m) => (
                  <p key={m} className="field__error">
                    {m}
                  </p>
                ))}
              </fieldset>

              {menu.layout.kind === 'custom' ? (
                <div className="rm-grid2">
                  <Field label={t('rmenu.editor.rows')} type="number" min={1} max={MAX_CUSTOM_ROWS} value={String(menu.layout.rows)} onChange={(e) => setMenu(withLayout(menu, { kind: 'custom', rows: Math.max(1, Math.min(MAX_CUSTOM_ROWS, Number(e.target.value) || 1)), columns: (menu.layout as { columns: number }).columns }))} />
                  <Field label={t('rmenu.editor.columns')} type="number" min={1} max={MAX_CUSTOM_COLUMNS} value={String(menu.layout.columns)} onChange={(e) => setMenu(withLayout(menu, { kind: 'custom', rows: (menu.layout as { rows: number }).rows, columns: Math.max(1, Math.min(MAX_CUSTOM_COLUMNS, Number(e.target.value) || 1)) }))} />
                </div>
              ) : null}

              {menu.layout.kind === 'image' ? (
                <div className="rm-upload">
                  <Field label={t('rmenu.editor.upload')} hint={t('rmenu.editor.uploadHint')} errors={uploadProblems.length > 0 ? uploadProblems : menuErrs('layout.imageId')}>
                    {(control) => <input {...control} type="file" accept="image/png,image/jpeg" onChange={(e) => void upload(e)} disabled={busy === 'upload'} data-testid="rm-upload" />}
                  </Field>
                  {busy === 'upload' ? <p role="status">{t('rmenu.editor.uploading')}</p> : null}
                  {imageDims ? <p className="muted">{t('rmenu.editor.drawHint')}</p> : null}
                  {menuErrs('areas').map((m) => (
                    <p key={m} className="field__error">
                      {m}
                    </p>
                  ))}
                </div>
              ) : null}
            </fieldset>

            <h3 className="rm-subtitle">{t('rmenu.editor.areas')}</h3>
            <p className="muted rm-hint">{t('rmenu.editor.areasHint')}</p>
            {menu.layout.kind !== 'image'
              ? menuErrs('areas').map((m) => (
                  <p key={m} className="field__error">
                    {m}
                  </p>
                ))
              : null}
            <div className="rm-area-picks" role="group" aria-label={t('rmenu.editor.areas')}>
              {menu.areas.map((a, i) => {
                const bad = validation.problems.some((p) => p.severity === 'error' && p.path.startsWith(`${menuPath}.areas.${i}.`));
                return (
                  <button key={i} type="button" className={`rm-area-pick ${bad ? 'rm-area-pick--bad' : ''}`} aria-pressed={i === selectedArea} onClick={() => setAreaIndex(i)}>
                    {i + 1}. {a.label || '—'}
                  </button>
                );
              })}
            </div>
            {menu.areas[selectedArea] ? (
              <AreaEditor
                key={`${tab}-${selectedArea}`}
                index={selectedArea}
                area={menu.areas[selectedArea]}
                path={`${menuPath}.areas.${selectedArea}`}
                problems={validation.problems}
                otherKeys={otherKeys}
                image={imageDims}
                disabled={frozen}
                onChange={(area) => setMenu({ ...menu, areas: menu.areas.map((x, i) => (i === selectedArea ? area : x)) })}
                onRemove={
                  menu.layout.kind === 'image' && !frozen
                    ? () => {
                        setMenu({ ...menu, areas: menu.areas.filter((_, i) => i !== selectedArea) });
                        setAreaIndex(0);
                      }
                    : undefined
                }
              />
            ) : null}
            {!frozen && draft.menus.length > 1 ? (
              <button type="button" className="btn btn--ghost btn--small rm-remove-tab" onClick={removeTab}>
                <Icon name="x" size={16} />
                {t('rmenu.editor.removeTab')}
              </button>
            ) : null}
          </section>

          <fieldset className="panel rm-section" disabled={frozen}>
            <legend className="rm-legend">{t('rmenu.editor.audiences')}</legend>
            <p className="muted rm-hint">{t('rmenu.editor.audiencesHint')}</p>
            <div className="rm-grid2">
              <Field label={t('rmenu.editor.audienceDefault')} errors={messagesAt(validation.problems, 'audiences.default', lang)}>
                {(control) => (
                  <select {...control} className="field__input" value={draft.audiences.default} onChange={(e) => setDraft((d) => ({ ...d, audiences: { ...d.audiences, default: e.target.value } }))}>
                    {keyOptions}
                  </select>
                )}
              </Field>
              <Field label={t('rmenu.editor.audienceUnregistered')}>
                {(control) => (
                  <select {...control} className="field__input" value={draft.audiences.unregistered ?? ''} onChange={(e) => setDraft((d) => ({ ...d, audiences: { ...d.audiences, unregistered: e.target.value || null } }))}>
                    <option value="">{t('rmenu.editor.sameAsDefault')}</option>
                    {keyOptions}
                  </select>
                )}
              </Field>
              <Field label={t('rmenu.editor.audienceRegistered')}>
                {(control) => (
                  <select {...control} className="field__input" value={draft.audiences.registered ?? ''} onChange={(e) => setDraft((d) => ({ ...d, audiences: { ...d.audiences, registered: e.target.value || null } }))}>
                    <option value="">{t('rmenu.editor.sameAsDefault')}</option>
                    {keyOptions}
                  </select>
                )}
              </Field>
              {options.tiers.map((tier) => (
                <Field key={tier.id} label={t('rmenu.editor.audienceTier', { name: tier.name })}>
                  {(control) => (
                    <select
                      {...control}
                      className="field__input"
                      value={draft.audiences.tiers.find((x) => x.tierId === tier.id)?.menu ?? ''}
                      onChange={(e) =>
                        setDraft((d) => ({
                          ...d,
                          audiences: { ...d.audiences, tiers: [...d.audiences.tiers.filter((x) => x.tierId !== tier.id), ...(e.target.value ? [{ tierId: tier.id, menu: e.target.value }] : [])] },
                        }))
                      }
                    >
                      <option value="">{t('rmenu.editor.sameAsRegistered')}</option>
                      {keyOptions}
                    </select>
                  )}
                </Field>
              ))}
            </div>
            {options.tiers.length === 0 ? <p className="muted rm-hint">{t('rmenu.editor.noTiers')}</p> : null}
          </fieldset>

          <section className="panel rm-section" aria-labelledby="rm-check-title">
            <h2 id="rm-check-title" className={errors.length > 0 ? 'rm-bad' : 'rm-good'}>
              <Icon name={errors.length > 0 ? 'alert' : 'check'} size={20} />
              {errors.length > 0 ? t('rmenu.editor.problems', { count: errors.length }) : t('rmenu.editor.noProblems')}
            </h2>
            {errors.length + warnings.length > 0 ? (
              <ul className="rm-problems" data-testid="rm-problems">
                {[...errors, ...warnings].map((p, i) => (
                  <li key={i} className={p.severity === 'error' ? 'rm-problem--error' : 'rm-problem--warning'}>
                    {p[lang]}
                    <small> ({p.path})</small>
                  </li>
                ))}
              </ul>
            ) : null}
            <div className="rm-actions">
              {!frozen ? (
                <button type="button" className="btn btn--secondary" onClick={() => void onSave()} disabled={busy !== null}>
                  {busy === 'save' ? t('rmenu.editor.saving') : t('rmenu.editor.save')}
                </button>
              ) : null}
              <button type="button" className="btn btn--primary" onClick={() => void onPublish()} disabled={busy !== null || errors.length > 0}>
                {busy === 'publish' ? t('rmenu.editor.publishing') : frozen && view?.status !== 'live' ? t('rmenu.list.rollback') : t('rmenu.editor.publish')}
              </button>
            </div>
          </section>

          <fieldset className="panel rm-section" disabled={busy !== null || errors.length > 0}>
            <legend className="rm-legend">{t('rmenu.editor.schedule')}</legend>
            <p className="muted rm-hint">{t('rmenu.editor.scheduleHint')}</p>
            <div className="rm-grid2">
              <Field label={t('rmenu.editor.from')} type="datetime-local" value={period.from} onChange={(e) => setPeriod((w) => ({ ...w, from: e.target.value }))} />
              <Field label={t('rmenu.editor.until')} type="datetime-local" value={period.until} onChange={(e) => setPeriod((w) => ({ ...w, until: e.target.value }))} />
            </div>
            <button type="button" className="btn btn--secondary" onClick={() => void onSchedule()}>
              <Icon name="clock" size={18} />
              {t('rmenu.editor.scheduleSubmit')}
            </button>
          </fieldset>
        </div>

        <aside className="rm-side" aria-labelledby="rm-preview-title">
          <div className="panel rm-section rm-preview">
            <h2 id="rm-preview-title">{t('rmenu.editor.preview')}</h2>
            <p className="muted rm-hint">{t('rmenu.editor.previewHint')}</p>
            <PhonePreview
              menu={menu}
              canvas={canvas}
              bounds={bounds}
              imageUrl={menu.layout.kind === 'image' ? uploadedUrl : (serverImage?.dataUrl ?? null)}
              selected={selectedArea}
              onSelect={setAreaIndex}
              onDraw={
                menu.layout.kind === 'image' && !frozen && menu.areas.length < MAX_AREAS
                  ? (b) => {
                      setMenu({ ...menu, areas: [...menu.areas, { label: '', icon: null, background: '#FFFFFF', color: '#1F2937', action: { type: 'page', page: 'wallet' }, bounds: b }] });
                      setAreaIndex(menu.areas.length);
                    }
                  : undefined
              }
              brandName={config?.brandName ?? ''}
            />
            <p className="muted rm-hint" role="status">
              {menu.layout.kind === 'image'
                ? imageDims
                  ? t('rmenu.editor.uploaded', { width: imageDims.width, height: imageDims.height, kb: '—' })
                  : ''
                : serverImage
                  ? t('rmenu.editor.rendered', { width: serverImage.width, height: serverImage.height, kb: Math.ceil(serverImage.bytes / 1024) })
                  : t('rmenu.editor.drawn')}
            </p>
            {menu.layout.kind !== 'image' ? (
              <button type="button" className="btn btn--secondary btn--small" onClick={() => void onRender()} disabled={busy !== null || !canvas || bounds.length === 0}>
                <Icon name="refresh" size={16} />
                {busy === 'render' ? t('rmenu.editor.rendering') : t('rmenu.editor.renderServer')}
              </button>
            ) : null}
          </div>
        </aside>
      </div>
    </div>
  );
}

/** A template's cells as a small picture (its exact proportions, 60 px wide). */
function LayoutThumb({ template, size }: { template: TRichMenuTemplate; size: TRichMenuSize }) {
  const w = 2500;
  const h = size === 'large' ? 1686 : 843;
  const cells = TEMPLATES[template].cells(w, h);
  return (
    <svg viewBox={`0 0 ${w} ${h}`} width={60} height={Math.round((60 * h) / w)} aria-hidden="true" focusable="false" className="rm-thumb">
      {cells.map((c, i) => (
        <rect key={i} x={c.x + 40} y={c.y + 40} width={c.width - 80} height={c.height - 80} rx={60} />
      ))}
    </svg>
  );
}

/** The six publishing steps with their outcome; a failed one says which, and that nothing live changed. */
export function PublishProgress({ publication }: { publication: TRichMenuPublication }) {
  const { t } = useTranslation();
  const states = stepStates(publication);
  return (
    <section className={`panel rm-progress rm-progress--${publication.status}`} aria-labelledby="rm-progress-title" data-testid="rm-progress" aria-busy={publication.finishedAt === null}>
      <h2 id="rm-progress-title">
        {t('rmenu.editor.progress')}
        {publication.status === 'running' ? ` · ${t('rmenu.status.running')}` : ''}
      </h2>
      <ol className="rm-steps">
        {PUBLISH_STEPS.map((step) => (
          <li key={step} className={`rm-step rm-step--${states[step]}`} data-step={step} data-state={states[step]}>
            <Icon name={states[step] === 'done' ? 'check' : states[step] === 'failed' ? 'alert' : 'clock'} size={16} />
            <span>{t(`rmenu.step.${step}`)}</span>
            <small>
              {t(`rmenu.stepState.${states[step]}`)}
              {step === 'link' && publication.linkTotal !== null ? ` · ${t('rmenu.list.linked', { done: publication.linkDone, total: publication.linkTotal })}` : ''}
            </small>
          </li>
        ))}
      </ol>
      {publication.status === 'failed' && publication.error ? <p className="field__error">{publication.error}</p> : null}
    </section>
  );
}
