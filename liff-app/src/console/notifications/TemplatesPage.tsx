import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { TTemplateView } from '../../../../shared/api/notifications.ts';
import { call, errorMessage } from '../../api/client.ts';
import { EmptyState, ErrorState, Notice, Skeleton } from '../../components/ui.tsx';
import { useBrandTime } from '../../lib/useBrandTime.ts';
import { ListTable } from '../components.tsx';
import { PageHeader } from '../shared.tsx';
import { storeSavedTemplate, toInput, useTemplates } from './api.ts';
import { TemplateEditor } from './TemplateEditor.tsx';

/** /console/notifications: the 14 kinds; `?kind=` opens one in the editor. */
export function TemplatesPage() {
  const [params] = useSearchParams();
  const kind = params.get('kind');
  return kind ? <EditorRoute kind={kind} /> : <TemplateList />;
}

function EditorRoute({ kind }: { kind: string }) {
  const { t } = useTranslation();
  const templates = useTemplates();
  if (templates.isError) return <ErrorState error={templates.error} onRetry={() => void templates.refetch()} />;
  if (templates.isPending) {
    return (
      <div className="stack" aria-busy="true">
        <Skeleton height={20} width={140} />
        <Skeleton height={34} width={260} />
        <div className="notif-editor">
          <Skeleton height={520} radius={14} />
          <Skeleton height={520} radius={14} />
        </div>
      </div>
    );
  }
  const view = templates.data.items.find((item) => item.kind === kind);
  if (!view) {
    return (
      <div className="stack">
        <Link to="/console/notifications" className="link back-link">
          {t('notif.editor.back')}
        </Link>
        <EmptyState icon="chat" title={t('notif.editor.notFound')} />
      </div>
    );
  }
  // Keyed by kind: switching to another kind starts a fresh draft.
  return <TemplateEditor key={view.kind} view={view} />;
}

function TemplateList() {
  const { t } = useTranslation();
  const time = useBrandTime();
  const templates = useTemplates();
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);

  const toggle = useMutation({
    mutationFn: (view: TTemplateView) => call('consoleSaveTemplate', { params: { kind: view.kind }, body: { ...toInput(view), enabled: !view.enabled } }),
    onSuccess: (saved) => {
      storeSavedTemplate(saved);
      setMessage({ kind: 'success', text: t(saved.enabled ? 'notif.templates.toggledOn' : 'notif.templates.toggledOff', { label: saved.label }) });
    },
    onError: (error) => setMessage({ kind: 'error', text: errorMessage(error) }),
  });

  return (
    <div className="stack">
      <PageHeader title={t('notif.templates.title')} intro={t('notif.templates.intro')} />
      {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
      <ListTable
        query={templates}
        columns={[t('notif.templates.kind'), t('notif.templates.type'), t('notif.templates.status'), t('notif.templates.updated'), { actions: t('notif.templates.actions') }]}
        isEmpty={templates.data?.items.length === 0}
        empty={<EmptyState icon="chat" title={t('notif.templates.empty')} />}
        caption={t('notif.templates.title')}
        skeletonRows={8}
      >
        {templates.data?.items.map((view) => (
          <tr key={view.kind} className={view.enabled ? undefined : 'is-muted'}>
            <td>
              <span className="notif-kind">
                <span className="notif-kind__swatch" style={{ background: view.accentColor }} aria-hidden="true" />
                <span>
                  <Link to={`?kind=${view.kind}`} className="person__link">
                    {view.label}
                  </Link>
                  <small>
                    <code>{view.kind}</code>
                  </small>
                </span>
              </span>
            </td>
            <td>
              <span className="chips">
                <span className={`notif-priority notif-priority--${view.priority}`} title={t(`notif.priorityHint.${view.priority}`)}>
                  {t(`notif.priority.${view.priority}`)}
                </span>
                {view.partner ? <span className="chip">{t('notif.templates.partner')}</span> : null}
              </span>
            </td>
            <td>
              <span className="notif-state">
                <button
                  type="button"
                  role="switch"
                  className="notif-switch"
                  aria-checked={view.enabled}
                  aria-label={t('notif.templates.toggleLabel', { label: view.label })}
                  disabled={toggle.isPending && toggle.variables?.kind === view.kind}
                  onClick={() => {
                    setMessage(null);
                    toggle.mutate(view);
                  }}
                />
                <span className={`status ${view.enabled ? 'status--on' : 'status--off'}`}>{view.enabled ? t('notif.templates.enabled') : t('notif.templates.disabled')}</span>
                {view.isCustom ? <span className="badge">{t('notif.templates.custom')}</span> : null}
              </span>
            </td>
            <td className="nowrap muted">
              {view.updatedAt ? <time dateTime={view.updatedAt}>{time.dateTime(view.updatedAt)}</time> : t('notif.templates.default')}
            </td>
            <td className="row-actions">
              <Link to={`?kind=${view.kind}`} className="btn btn--secondary btn--small" aria-label={t('notif.templates.editLabel', { label: view.label })}>
                {t('notif.templates.edit')}
              </Link>
            </td>
          </tr>
        ))}
      </ListTable>
    </div>
  );
}
