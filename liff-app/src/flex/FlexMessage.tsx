import { Component, type ErrorInfo, type ReactNode } from 'react';
import { ActionProvider, safeUri } from './actions.tsx';
import { ContainerView } from './bubble.tsx';
import { Unsupported } from './components.tsx';
import type { FlexContainer, LineMessage, OnFlexAction } from './types.ts';
import './flex.css';

export type * from './types.ts';

export interface FlexMessageViewProps {
  /** A LINE message object as sent to the Messaging API: text, flex, image (others show a placeholder). */
  message: LineMessage;
  /** Called when the reader taps a postback, message or datetime-picker action. uri actions are plain links. */
  onAction?: OnFlexAction;
  /** Who sent it, for text bubbles: the account (left, white) or the reader (right, green). */
  sender?: 'bot' | 'user';
  /** Draw the speech-bubble tail, as LINE does on the first of consecutive messages. */
  tail?: boolean;
}

/** Renders one LINE message the way LINE's chat draws it. Props in, DOM out: no fetching, no globals. */
export function FlexMessageView({ message, onAction, sender = 'bot', tail = false }: FlexMessageViewProps) {
  return (
    <ActionProvider onAction={onAction}>
      <RenderGuard resetKey={message}>
        <MessageBody message={message} sender={sender} tail={tail} />
      </RenderGuard>
    </ActionProvider>
  );
}

export interface FlexContainerViewProps {
  /** The `contents` of a flex message: a bubble or a carousel. */
  contents: FlexContainer;
  onAction?: OnFlexAction;
}

/** Just the Flex container, without a message around it (for previews of a template's contents). */
export function FlexContainerView({ contents, onAction }: FlexContainerViewProps) {
  return (
    <ActionProvider onAction={onAction}>
      <RenderGuard resetKey={contents}>
        <div className="lf-root">
          <ContainerView container={contents} />
        </div>
      </RenderGuard>
    </ActionProvider>
  );
}

function MessageBody({ message, sender, tail }: { message: LineMessage; sender: 'bot' | 'user'; tail: boolean }) {
  switch (message?.type) {
    case 'text':
      return (
        <div className={`lf-root lf-text-bubble lf-text-bubble--${sender}${tail ? ' lf-text-bubble--tail' : ''}`}>
          <Linkified text={String(message.text ?? '')} />
        </div>
      );
    case 'flex':
      return (
        <div className="lf-root lf-flex-message" role="group" aria-label={message.altText}>
          <ContainerView container={message.contents} />
        </div>
      );
    case 'image': {
      const src = message.previewImageUrl || message.originalContentUrl;
      const href = safeUri(message.originalContentUrl);
      const image = <img className="lf-image-message" src={src} alt="圖片訊息" loading="lazy" />;
      return <div className="lf-root">{href ? <a href={href} target="_blank" rel="noopener">{image}</a> : image}</div>;
    }
    case 'sticker':
      return <div className="lf-root lf-placeholder-message">[貼圖]</div>;
    case 'template':
      return (
        <div className="lf-root lf-placeholder-message">
          <span className="lf-placeholder-kind">[template]</span> {message.altText}
        </div>
      );
    default:
      return (
        <div className="lf-root lf-placeholder-message">
          <Unsupported type={(message as { type?: unknown } | null)?.type} />
        </div>
      );
  }
}

const URL_PATTERN = /(https?:\/\/[^\s<>"'）」]+)/g;

/** LINE turns URLs in text messages into links. */
function Linkified({ text }: { text: string }) {
  const parts = text.split(URL_PATTERN);
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <a key={index} href={part} target="_blank" rel="noopener">
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </>
  );
}

interface GuardState {
  error: Error | null;
}

/**
 * Keeps one malformed message from blanking the whole chat or preview.
 * A class because React still offers error boundaries only as class components.
 */
class RenderGuard extends Component<{ children: ReactNode; resetKey: unknown }, GuardState> {
  override state: GuardState = { error: null };

  static getDerivedStateFromError(error: Error): GuardState {
    return { error };
  }

  // A live preview fixes its template in place: try again whenever the input changes.
  override componentDidUpdate(previous: { resetKey: unknown }): void {
    if (this.state.error && previous.resetKey !== this.props.resetKey) this.setState({ error: null });
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Flex message failed to render', error, info.componentStack);
  }

  override render() {
    if (this.state.error) return <div className="lf-root lf-unsupported">[無法顯示此訊息：{this.state.error.message}]</div>;
    return this.props.children;
  }
}
