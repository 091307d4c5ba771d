import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { followerLabel } from '../../../shared/glossary.ts';
import type { FlexActionEvent, QuickReplyItem } from '../flex/types.ts';
import { sandboxApi, type ChatItem, type SandboxEvent, type SandboxState, type ShownRichMenu } from './api.ts';
import { safeUri } from '../flex/actions.tsx';
import { RichMenu } from './RichMenu.tsx';
import { ChatLog } from './ChatLog.tsx';
import { Composer } from './Composer.tsx';
import { Icon } from '../components/Icon.tsx';
import { usePolling } from './usePolling.ts';
import { UserList } from './UserList.tsx';
import { SmsInbox } from './SmsInbox.tsx';
import { useSandboxLanguage } from './i18n.ts';

/**
 * In LINE a page of ours opens already signed in as the chat's user; in the sandbox the new tab
 * is told who that is (`?sandboxUser=`), for links to this server's member app: under the public
 * base the server's links are built on, or the address this page was opened at.
 */
function asChatUser(uri: string, userId: string, publicBaseUrl: string | undefined): string {
  try {
    const url = new URL(uri, window.location.href);
    const ours = [window.location.origin];
    if (publicBaseUrl) ours.push(new URL(publicBaseUrl).origin);
    if (ours.includes(url.origin) && /^\/app(\/|$)/.test(url.pathname)) {
      url.searchParams.set('sandboxUser', userId);
      return url.toString();
    }
  } catch {
    // not a URL we can read: open it as it is
  }
  return uri;
}

const POLL_MS = 1500;
/** While the webhook is still running, look once early so the tester's own message shows at once. */
const EARLY_REFRESH_MS = 250;

interface Banner {
  text: string;
  /** Poll failures clear themselves when polling recovers; action failures stay until dismissed. */
  fromPoll: boolean;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sameItems(a: ChatItem[], b: ChatItem[]): boolean {
  return a.length === b.length && a.every((item, i) => item.id === b[i]!.id && item.delivered === b[i]!.delivered);
}

function initialUserId(): string | undefined {
  return new URLSearchParams(window.location.search).get('user') ?? undefined;
}

export function SandboxApp() {
  const { t } = useTranslation();
  const lang = useSandboxLanguage();
  const [state, setState] = useState<SandboxState | null>(null);
  const [selectedId, setSelectedId] = useState<string | undefined>(initialUserId);
  const [chat, setChat] = useState<{ userId: string; items: ChatItem[] } | null>(null);
  const [richMenu, setRichMenu] = useState<{ userId: string; menu: ShownRichMenu | null } | null>(null);
  const [error, setError] = useState<Banner | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [scrollTick, setScrollTick] = useState(0);
  // Read by async refreshes, which must not write one user's chat under another.
  const selectedRef = useRef(selectedId);

  const select = useCallback((userId: string | undefined) => {
    selectedRef.current = userId;
    setSelectedId(userId);
  }, []);

  const refresh = useCallback(async () => {
    try {
      const next = await sandboxApi.state();
      setState((previous) => (previous && JSON.stringify(previous) === JSON.stringify(next) ? previous : next));
      let userId = selectedRef.current;
      if (!userId || !next.users.some((user) => user.userId === userId)) {
        userId = next.users[0]?.userId;
        select(userId);
      }
      if (userId) {
        const [items, menu] = await Promise.all([sandboxApi.chat(userId), sandboxApi.richMenu(userId)]);
        if (selectedRef.current === userId) {
          setChat((previous) => (previous?.userId === userId && sameItems(previous.items, items) ? previous : { userId, items }));
          setRichMenu((previous) =>
            previous?.userId === userId && JSON.stringify(previous.menu) === JSON.stringify(menu) ? previous : { userId, menu },
          );
        }
      }
      setError((previous) => (previous?.fromPoll ? null : previous));
    } catch (failure) {
      setError((previous) => (previous && !previous.fromPoll ? previous : { text: t('sandbox.chat.refreshFailed', { error: errorText(failure) }), fromPoll: true }));
    }
  }, [select, t]);

  usePolling(refresh, POLL_MS);

  useEffect(() => {
    void refresh();
    const url = new URL(window.location.href);
    if (selectedId) url.searchParams.set('user', selectedId);
    else url.searchParams.delete('user');
    window.history.replaceState(null, '', url);
  }, [selectedId, refresh]);

  useEffect(() => {
    if (state) document.title = `${state.account.name} · LINE Sandbox`;
  }, [state]);

  const user = state?.users.find((candidate) => candidate.userId === selectedId);
  const items = chat && chat.userId === selectedId ? chat.items : [];

  const send = useCallback(
    async (event: SandboxEvent): Promise<boolean> => {
      setNotice(null);
      setScrollTick((tick) => tick + 1);
      const early = setTimeout(() => void refresh(), EARLY_REFRESH_MS);
      try {
        const result = await sandboxApi.sendEvent(event);
        if (!(result.webhookStatus >= 200 && result.webhookStatus < 300)) {
          setNotice(t('sandbox.chat.webhookStatus', { status: result.webhookStatus }));
        }
        setError(null);
        return true;
      } catch (failure) {
        setError({ text: errorText(failure), fromPoll: false });
        return false;
      } finally {
        clearTimeout(early);
        await refresh();
        setScrollTick((tick) => tick + 1);
      }
    },
    [refresh, t],
  );

  const asUser = useCallback(
    (build: (userId: string) => SandboxEvent): Promise<boolean> => {
      const userId = selectedRef.current;
      if (!userId) {
        setError({ text: t('sandbox.chat.chooseUserFirst'), fromPoll: false });
        return Promise.resolve(false);
      }
      return send(build(userId));
    },
    [send, t],
  );

  const onAction = useCallback(
    (action: FlexActionEvent) => {
      // The events API carries only `data` for a postback: displayText and picker params are not sent.
      if (action.type === 'message') void asUser((userId) => ({ type: 'message', userId, text: action.text }));
      else void asUser((userId) => ({ type: 'postback', userId, data: action.data }));
    },
    [asUser],
  );

  const shownMenu = richMenu && richMenu.userId === selectedId ? richMenu.menu : null;
  const publicBaseUrl = state?.publicBaseUrl;

  /** A tap on the rich menu: a uri opens here and now (as the chat's links do); the rest LINE turns into events. */
  const onRichMenuTap = useCallback(
    async (areaIndex: number) => {
      const userId = selectedRef.current;
      const menu = shownMenu;
      if (!userId || !menu) return;
      const action = menu.areas[areaIndex]?.action;
      if (action?.type === 'uri') {
        const uri = safeUri(action.uri);
        if (uri) window.open(asChatUser(uri, userId, publicBaseUrl), '_blank', 'noopener');
        return;
      }
      setNotice(null);
      setScrollTick((tick) => tick + 1);
      try {
        const result = await sandboxApi.tapRichMenu({ userId, richMenuId: menu.richMenuId, areaIndex });
        if (result.unsupported) setNotice(t('sandbox.chat.appOnly'));
        else if (result.webhookStatus !== undefined && !(result.webhookStatus >= 200 && result.webhookStatus < 300)) {
          setNotice(t('sandbox.chat.webhookStatus', { status: result.webhookStatus }));
        }
        setError(null);
      } catch (failure) {
        setError({ text: errorText(failure), fromPoll: false });
      } finally {
        await refresh();
        setScrollTick((tick) => tick + 1);
      }
    },
    [refresh, shownMenu, publicBaseUrl, t],
  );

  const addUser = useCallback(
    async (displayName: string) => {
      try {
        const created = await sandboxApi.addUser(displayName);
        setError(null);
        select(created.userId);
        await refresh();
        return true;
      } catch (failure) {
        setError({ text: t('sandbox.chat.addUserFailed', { error: errorText(failure) }), fromPoll: false });
        return false;
      }
    },
    [refresh, select, t],
  );

  const last = items.at(-1);
  const quickReplies: QuickReplyItem[] = last?.direction === 'out' && Array.isArray(last.message.quickReply?.items) ? last.message.quickReply.items : [];
  const accountName = state?.account.name ?? t('sandbox.chat.officialAccount');

  return (
    <div className="sb-app">
      <UserList users={state?.users ?? []} selectedId={selectedId} onSelect={select} onAdd={addUser} />

      <main className="sb-chat" aria-label={t('sandbox.chat.region')}>
        <header className="sb-chat-head">
          <Icon name="chevronLeft" size={22} strokeWidth={2.2} />
          <div className="sb-chat-title">
            <h1>
              <Icon name="officialBadge" size={16} />
              <span>{accountName}</span>
            </h1>
            {user ? (
              <p>
                {t('sandbox.chat.chattingAs', { name: user.displayName })}
                <span className={user.isFollowing ? 'sb-following' : 'sb-not-following'}>{followerLabel(user.isFollowing, lang)}</span>
              </p>
            ) : null}
          </div>
          {user ? (
            <a className="sb-open-app" href={`/app?sandboxUser=${encodeURIComponent(user.userId)}`} target="_blank" rel="noopener">
              <Icon name="external" size={15} strokeWidth={2} />
              {/* Two lines on a phone header, one on wide screens. */}
              <span className="sb-open-app-label">
                <span>{t('sandbox.chat.openAppLine1')}</span>
                <span>{t('sandbox.chat.openAppLine2')}</span>
              </span>
            </a>
          ) : null}
        </header>

        {error ? (
          <div className="sb-banner sb-banner--error" role="alert">
            <span className="sb-banner-text">{error.text}</span>
            <button type="button" className="sb-banner-close" onClick={() => setError(null)} aria-label={t('sandbox.chat.closeError')} />
          </div>
        ) : null}
        {notice ? (
          <div className="sb-banner sb-banner--warning" role="status">
            <span className="sb-banner-text">{notice}</span>
            <button type="button" className="sb-banner-close" onClick={() => setNotice(null)} aria-label={t('sandbox.chat.closeNotice')} />
          </div>
        ) : null}
        {user && !user.isFollowing ? (
          <div className="sb-friend-bar">
            <span>{t('sandbox.chat.notFriend')}</span>
            <button type="button" className="sb-btn sb-btn--primary sb-btn--small" onClick={() => void asUser((userId) => ({ type: 'follow', userId }))}>
              {t('sandbox.chat.addFriend')}
            </button>
          </div>
        ) : null}

        <ChatLog
          account={state?.account ?? { name: accountName, pictureUrl: null }}
          items={items}
          onAction={onAction}
          scrollToken={`${selectedId ?? ''}:${scrollTick}`}
          empty={
            !state
              ? t('sandbox.chat.loading')
              : !user
                ? t('sandbox.chat.noUser')
                : user.isFollowing
                  ? t('sandbox.chat.emptyFollowing')
                  : t('sandbox.chat.emptyNotFollowing')
          }
        />

        {user && shownMenu ? <RichMenu menu={shownMenu} disabled={!user} onTap={(index) => void onRichMenuTap(index)} /> : null}

        <Composer
          disabled={!user}
          isFollowing={user?.isFollowing ?? false}
          quickReplies={quickReplies}
          onAction={onAction}
          onSendText={(text) => asUser((userId) => ({ type: 'message', userId, text }))}
          onPostback={(data) => asUser((userId) => ({ type: 'postback', userId, data }))}
          onFollow={() => void asUser((userId) => ({ type: 'follow', userId }))}
          onUnfollow={() => void asUser((userId) => ({ type: 'unfollow', userId }))}
        />
      </main>
      <SmsInbox />
    </div>
  );
}
