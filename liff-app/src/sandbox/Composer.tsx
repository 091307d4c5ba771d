import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { safeUri, toFlexActionEvent } from '../flex/actions.tsx';
import type { OnFlexAction, QuickReplyItem } from '../flex/types.ts';
import { Icon } from '../components/Icon.tsx';
import { useSandboxLanguage } from './i18n.ts';

/** Typed by testers often enough to deserve a chip: the bot's wallet keywords (both work in either language; the page's first). */
const PRESET_REPLIES = { 'zh-TW': ['我的票券', 'my coupons'], en: ['my coupons', '我的票券'] } as const;

interface ComposerProps {
  disabled: boolean;
  isFollowing: boolean;
  /** Quick-reply buttons the bot attached to its latest message. */
  quickReplies: QuickReplyItem[];
  onSendText: (text: string) => Promise<boolean>;
  onPostback: (data: string) => Promise<boolean>;
  onFollow: () => void;
  onUnfollow: () => void;
  onAction: OnFlexAction;
}

function QuickReplyChip({ item, disabled, onAction }: { item: QuickReplyItem; disabled: boolean; onAction: OnFlexAction }) {
  const { t } = useTranslation();
  const { action } = item;
  const label = action?.label ?? '';
  const icon = item.imageUrl ? <img src={item.imageUrl} alt="" className="sb-chip-icon" /> : null;
  const uri = action?.type === 'uri' ? safeUri(action.uri) : undefined;
  if (uri) {
    return (
      <a className="sb-chip" href={uri} target="_blank" rel="noopener">
        {icon}
        {label}
      </a>
    );
  }
  const event = action ? toFlexActionEvent(action) : undefined;
  return (
    <button
      type="button"
      className="sb-chip"
      disabled={disabled || !event}
      title={event ? undefined : t('sandbox.chat.appOnly')}
      onClick={() => event && onAction(event)}
    >
      {icon}
      {label}
    </button>
  );
}

export function Composer({ disabled, isFollowing, quickReplies, onSendText, onPostback, onFollow, onUnfollow, onAction }: ComposerProps) {
  const { t } = useTranslation();
  const lang = useSandboxLanguage();
  const [text, setText] = useState('');
  const [postbackData, setPostbackData] = useState('');

  const sendText = async (event: FormEvent) => {
    event.preventDefault();
    const value = text.trim();
    if (!value || disabled) return;
    setText('');
    // Put the text back if it did not go, so the tester need not retype it.
    if (!(await onSendText(value))) setText((current) => current || value);
  };

  const sendPostback = async (event: FormEvent) => {
    event.preventDefault();
    const value = postbackData.trim();
    if (!value || disabled) return;
    await onPostback(value);
  };

  // Enter that confirms a 注音/倉頡 candidate must not also send the message.
  const guardComposition = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' && (event.nativeEvent.isComposing || event.keyCode === 229)) event.preventDefault();
  };

  return (
    <div className="sb-composer">
      <div className="sb-quick-replies" role="toolbar" aria-label={t('sandbox.composer.quickReplies')}>
        {quickReplies.map((item, index) => (
          <QuickReplyChip key={`bot-${index}`} item={item} disabled={disabled} onAction={onAction} />
        ))}
        {PRESET_REPLIES[lang].map((reply) => (
          <button key={reply} type="button" className="sb-chip" disabled={disabled} onClick={() => onAction({ type: 'message', text: reply })}>
            {reply}
          </button>
        ))}
      </div>

      <form className="sb-input-bar" onSubmit={sendText}>
        <input
          className="sb-input"
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={guardComposition}
          placeholder={disabled ? t('sandbox.composer.chooseUser') : t('sandbox.composer.placeholder')}
          aria-label={t('sandbox.composer.message')}
          maxLength={5000}
          disabled={disabled}
          enterKeyHint="send"
        />
        <button type="submit" className="sb-send" disabled={disabled || !text.trim()} aria-label={t('sandbox.composer.send')}>
          <Icon name="sendFilled" size={20} />
        </button>
      </form>

      <div className="sb-devtools" aria-label={t('sandbox.composer.devtools')}>
        <div className="sb-devtools-group">
          <button type="button" className={`sb-btn${isFollowing ? '' : ' sb-btn--primary'}`} disabled={disabled} onClick={onFollow}>
            {t('sandbox.composer.follow')}
          </button>
          <button type="button" className="sb-btn sb-btn--danger" disabled={disabled} onClick={onUnfollow}>
            {t('sandbox.composer.block')}
          </button>
        </div>
        <form className="sb-devtools-group sb-postback-form" onSubmit={sendPostback}>
          <input
            className="sb-postback-input"
            value={postbackData}
            onChange={(event) => setPostbackData(event.target.value)}
            placeholder={t('sandbox.composer.postbackPlaceholder')}
            aria-label="postback data"
            maxLength={300}
            disabled={disabled}
            spellCheck={false}
          />
          <button type="submit" className="sb-btn" disabled={disabled || !postbackData.trim()}>
            {t('sandbox.composer.sendPostback')}
          </button>
        </form>
      </div>
    </div>
  );
}
