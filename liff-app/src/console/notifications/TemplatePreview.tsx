import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TPreviewResponse } from '../../../../shared/api/notifications.ts';
import { call } from '../../api/client.ts';
import { Icon } from '../../components/Icon.tsx';
import { Avatar, ErrorState, Skeleton } from '../../components/ui.tsx';
import { FlexMessageView } from '../../flex/FlexMessage.tsx';
import type { LineMessage } from '../../flex/types.ts';
import { fieldLabel, formatBytes, LINE_FLEX_LIMIT_BYTES, notifKeys, useDebounced } from './api.ts';
import { type Language as Lang } from '../../i18n/index.ts';

export interface PreviewMember {
  id: number;
  name: string;
}

interface TemplatePreviewProps {
  brandName: string;
  data: TPreviewResponse | undefined;
  error: unknown;
  updating: boolean;
  lang: Lang;
  onLang: (lang: Lang) => void;
  member: PreviewMember | null;
  onMember: (member: PreviewMember | null) => void;
  onRetry: () => void;
}

/** The notification as the member will see it: LINE's chat room, drawn by the Flex renderer. */
export function TemplatePreview({ brandName, data, error, updating, lang, onLang, member, onMember, onRetry }: TemplatePreviewProps) {
  const { t } = useTranslation();
  const message = data?.message as unknown as LineMessage | undefined;
  const altText = message && message.type === 'flex' ? message.altText : '';
  const bytes = data?.bytes ?? 0;
  const tooBig = bytes > LINE_FLEX_LIMIT_BYTES;

  return (
    <aside className="notif-preview" aria-labelledby="notif-preview-title">
      <div className="panel notif-preview__panel">
        <div className="panel__header">
          <h2 id="notif-preview-title">{t('notif.preview.title')}</h2>
          <span className={`notif-preview__status ${error && message ? 'is-error' : ''}`} aria-live="polite">
            {updating ? t('notif.preview.updating') : error && message ? t('notif.preview.failed') : ''}
          </span>
        </div>

        <div className="notif-preview__controls">
          <div className="notif-segment" role="group" aria-label={t('notif.preview.lang')}>
            {(['zh-TW', 'en'] as const).map((value) => (
              <button key={value} type="button" aria-pressed={lang === value} onClick={() => onLang(value)} lang={value === 'en' ? 'en' : 'zh-Hant-TW'}>
                {value === 'en' ? 'English' : '中文'}
              </button>
            ))}
          </div>
          <MemberPicker member={member} onMember={onMember} />
        </div>

        <div className="notif-phone" data-testid="notif-preview">
          <div className="notif-phone__push" aria-label={t('notif.preview.notification')}>
            <span className="notif-phone__app" aria-hidden="true">
              LINE
            </span>
            <span className="notif-phone__push-text">
              <strong>{brandName}</strong>
              <span>{data ? altText : <Skeleton height={12} width="70%" />}</span>
            </span>
            <small>{t('notif.preview.now')}</small>
          </div>
          <div className="notif-phone__head">
            <Icon name="chevronLeft" size={20} />
            <strong>{t('notif.preview.chatTitle', { brand: brandName })}</strong>
          </div>
          <div className={`notif-phone__room ${updating || error ? 'is-updating' : ''}`}>
            {error && !message ? (
              <ErrorState error={error} title={t('notif.preview.failed')} onRetry={onRetry} />
            ) : message ? (
              <div className="notif-phone__row">
                <Avatar name={brandName} pictureUrl={null} size={34} />
                <div className="notif-phone__msg">
                  <span className="notif-phone__sender">{brandName}</span>
                  <FlexMessageView message={message} />
                </div>
              </div>
            ) : (
              <div className="notif-phone__row" aria-busy="true">
                <Skeleton width={34} height={34} radius={17} />
                <Skeleton width={260} height={240} radius={16} />
              </div>
            )}
          </div>
        </div>

        <div className={`notif-size ${tooBig ? 'notif-size--over' : ''}`}>
          <div className="notif-size__top">
            <span>{t('notif.preview.size')}</span>
            <span aria-label={t('notif.preview.sizeLabel', { size: formatBytes(bytes) })}>{data ? t('notif.preview.sizeValue', { size: formatBytes(bytes) }) : '—'}</span>
          </div>
          <div className="notif-size__bar" aria-hidden="true">
            <span style={{ width: `${Math.min(100, (bytes / LINE_FLEX_LIMIT_BYTES) * 100)}%` }} />
          </div>
          {tooBig ? <p className="field__error">{t('notif.preview.tooBig')}</p> : null}
        </div>

        {data && data.problems.length > 0 ? (
          <ul className="notif-problems" aria-label={t('notif.editor.problemsTitle', { count: data.problems.length })}>
            {data.problems.map((p, i) => (
              <li key={`${p.field}-${i}`}>
                <Icon name="alert" size={16} />
                <span>
                  <strong>{fieldLabel(p.field, t)}</strong> {p.message}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </aside>
  );
}

function MemberPicker({ member, onMember }: { member: PreviewMember | null; onMember: (member: PreviewMember | null) => void }) {
  const { t } = useTranslation();
  const inputId = useId();
  const listId = useId();
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const query = useDebounced(q.trim(), 250);
  const results = useQuery({
    queryKey: notifKeys.memberSearch(query),
    queryFn: ({ signal }) => call('consoleSearchMembers', { query: { q: query, page: 1, pageSize: 6 }, signal }),
    enabled: open && query.length > 0,
    staleTime: 60_000,
  });

  if (member) {
    return (
      <div className="notif-member">
        <span className="notif-member__label">{t('notif.preview.member')}</span>
        <span className="notif-member__chosen soft--green">
          <strong>{member.name}</strong>
          <small>#{member.id}</small>
        </span>
        <button type="button" className="btn btn--ghost btn--small" onClick={() => onMember(null)}>
          {t('notif.preview.useExample')}
        </button>
        <small className="notif-member__hint">{t('notif.preview.memberHint', { name: member.name })}</small>
      </div>
    );
  }

  return (
    <div className="notif-member notif-member--search">
      <label className="notif-member__label" htmlFor={inputId}>
        <span className="nowrap">{t('notif.preview.member')}</span>
        <small>
          {t('notif.preview.exampleValues')} · {t('notif.preview.exampleHint')}
        </small>
      </label>
      <span className="search-bar__field notif-member__field">
        <Icon name="search" size={16} />
        <input
          id={inputId}
          type="search"
          value={q}
          placeholder={t('notif.preview.searchMember')}
          aria-label={t('notif.preview.searchLabel')}
          aria-controls={listId}
          aria-expanded={open && query.length > 0}
          autoComplete="off"
          maxLength={40}
          onFocus={() => setOpen(true)}
          onChange={(e) => {
            setQ(e.target.value);
            setOpen(true);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setOpen(false);
          }}
        />
      </span>
      {open && query.length > 0 ? (
        <ul id={listId} className="notif-member__results" aria-busy={results.isFetching}>
          {results.data?.items.length === 0 ? <li className="muted">{t('notif.preview.noMatch')}</li> : null}
          {results.data?.items.map((m) => {
            const name = m.name ?? m.displayName;
            return (
              <li key={m.id}>
                <button
                  type="button"
                  onClick={() => {
                    onMember({ id: m.id, name });
                    setQ('');
                    setOpen(false);
                  }}
                >
                  <Avatar name={name} pictureUrl={m.pictureUrl} size={28} />
                  <span>
                    <strong>{name}</strong>
                    <small>
                      #{m.id}
                      {m.mobile ? ` · ${m.mobile}` : ''}
                    </small>
                  </span>
                </button>
              </li>
            );
          })}
          {results.isPending && results.fetchStatus === 'fetching' ? (
            <li>
              <Skeleton height={14} width="60%" />
            </li>
          ) : null}
        </ul>
      ) : null}
    </div>
  );
}
