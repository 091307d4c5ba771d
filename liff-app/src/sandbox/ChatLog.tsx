import { Fragment, useEffect, useLayoutEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FlexMessageView } from '../flex/FlexMessage.tsx';
import type { LineMessage, OnFlexAction } from '../flex/types.ts';
import type { ChatItem, PostbackRecord, SandboxAccount } from './api.ts';
import { Avatar } from './Avatar.tsx';
import { dayKey, formatDay, formatFull, formatTime } from './format.ts';
import { useSandboxLanguage } from './i18n.ts';

interface ChatLogProps {
  account: SandboxAccount;
  items: ChatItem[];
  onAction: OnFlexAction;
  empty: ReactNode;
  /** Changes whenever the log must jump to the newest message (another user, our own action). */
  scrollToken: string;
}

/** Within this distance of the bottom, new messages keep the log pinned there. */
const PIN_THRESHOLD_PX = 80;

export function ChatLog({ account, items, onAction, empty, scrollToken }: ChatLogProps) {
  const { t } = useTranslation();
  const lang = useSandboxLanguage();
  const logRef = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);

  const scrollToBottom = () => {
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  };

  useLayoutEffect(() => {
    pinned.current = true;
    scrollToBottom();
  }, [scrollToken]);

  useLayoutEffect(() => {
    if (pinned.current) scrollToBottom();
  }, [items]);

  // A banner appearing, the phone keyboard opening or a window resize shrinks the log: stay at the bottom.
  useEffect(() => {
    const log = logRef.current;
    if (!log) return;
    const observer = new ResizeObserver(() => pinned.current && scrollToBottom());
    observer.observe(log);
    return () => observer.disconnect();
  }, []);

  return (
    <div
      ref={logRef}
      className="sb-log"
      role="log"
      aria-live="polite"
      aria-label={t('sandbox.chat.log')}
      onScroll={(event) => {
        const log = event.currentTarget;
        pinned.current = log.scrollHeight - log.scrollTop - log.clientHeight < PIN_THRESHOLD_PX;
      }}
      // Images arrive after layout; keep the newest message in view as they grow the log.
      onLoadCapture={() => pinned.current && scrollToBottom()}
    >
      {items.length === 0 ? <div className="sb-log-empty">{empty}</div> : null}
      {items.map((item, index) => {
        const previous = items[index - 1];
        const newDay = !previous || dayKey(previous.at) !== dayKey(item.at);
        const firstOfRun = newDay || previous?.direction !== item.direction;
        return (
          <Fragment key={item.id}>
            {newDay ? (
              <div className="sb-day">
                <span>{formatDay(item.at, lang, { today: t('sandbox.chat.today'), yesterday: t('sandbox.chat.yesterday') })}</span>
              </div>
            ) : null}
            <ChatRow item={item} account={account} firstOfRun={firstOfRun} onAction={onAction} />
          </Fragment>
        );
      })}
    </div>
  );
}

function isPostback(message: ChatItem['message']): message is PostbackRecord {
  return message?.type === 'postback';
}

function Meta({ item, align }: { item: ChatItem; align: 'start' | 'end' }) {
  const { t } = useTranslation();
  const lang = useSandboxLanguage();
  // How the bot sent it (reply / push / multicast): the thing a developer checks first.
  const via = item.direction === 'out' ? item.via : undefined;
  return (
    <span className={`sb-meta sb-meta--${align}`} title={formatFull(item.at, lang)}>
      {item.direction === 'out' && !item.delivered ? <span className="sb-undelivered">{t('sandbox.chat.undelivered')}</span> : null}
      {via ? <span className="sb-via">{via}</span> : null}
      <time dateTime={item.at}>{formatTime(item.at, lang)}</time>
    </span>
  );
}

function ChatRow({ item, account, firstOfRun, onAction }: { item: ChatItem; account: SandboxAccount; firstOfRun: boolean; onAction: OnFlexAction }) {
  const lang = useSandboxLanguage();
  if (item.direction === 'system') {
    return (
      <div className={`sb-row sb-row--system${firstOfRun ? ' sb-row--first' : ''}`} data-testid="chat-message" data-direction="system" title={formatFull(item.at, lang)}>
        <span className="sb-system">{item.message?.text ?? ''}</span>
      </div>
    );
  }

  if (item.direction === 'in') {
    const { message } = item;
    return (
      <div className={`sb-row sb-row--in${firstOfRun ? ' sb-row--first' : ''}`} data-testid="chat-message" data-direction="in">
        <Meta item={item} align="end" />
        {isPostback(message) ? (
          <PostbackBubble postback={message} />
        ) : (
          <FlexMessageView message={message} sender="user" tail={firstOfRun} />
        )}
      </div>
    );
  }

  const message: LineMessage = item.message;
  const wide = message?.type === 'flex' && message.contents?.type === 'carousel';
  return (
    <div className={`sb-row sb-row--out${firstOfRun ? ' sb-row--first' : ''}${wide ? ' sb-row--wide' : ''}${item.delivered ? '' : ' sb-row--undelivered'}`} data-testid="chat-message" data-direction="out">
      <div className="sb-row-avatar">{firstOfRun ? <Avatar name={account.name} pictureUrl={account.pictureUrl} official size={36} /> : null}</div>
      <div className="sb-out-body">
        <div className="sb-out-line">
          <FlexMessageView message={message} sender="bot" tail={firstOfRun} onAction={onAction} />
          <Meta item={item} align="start" />
        </div>
      </div>
    </div>
  );
}

/** LINE shows nothing for a postback without displayText; developers want to see that it went. */
function PostbackBubble({ postback }: { postback: PostbackRecord }) {
  return (
    <div className="sb-postback">
      {postback.displayText ? <div className="sb-postback-text">{postback.displayText}</div> : null}
      <div className="sb-postback-data">
        <span className="sb-postback-kind">postback</span>
        <code>{postback.data}</code>
      </div>
    </div>
  );
}
