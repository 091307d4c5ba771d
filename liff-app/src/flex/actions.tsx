import { createContext, useContext, type CSSProperties, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import type { Action, FlexActionEvent, OnFlexAction } from './types.ts';

interface ActionScope {
  onAction: OnFlexAction | undefined;
  /** True below an element that already reacts to taps: HTML forbids nesting links and buttons. */
  nested: boolean;
}

const ActionContext = createContext<ActionScope>({ onAction: undefined, nested: false });

export function ActionProvider({ onAction, children }: { onAction: OnFlexAction | undefined; children: ReactNode }) {
  return <ActionContext value={{ onAction, nested: false }}>{children}</ActionContext>;
}

/** The schemes LINE itself accepts for uri actions; anything else (javascript:, data:) is not a link. */
const SAFE_URI = /^(https?:|line:|tel:|mailto:)/i;

export function safeUri(uri: string | undefined): string | undefined {
  return uri && SAFE_URI.test(uri.trim()) ? uri.trim() : undefined;
}

/** What a tap on this action asks the host to do; undefined for links and app-only actions. */
export function toFlexActionEvent(action: Action): FlexActionEvent | undefined {
  switch (action.type) {
    case 'postback': {
      const displayText = action.displayText ?? action.text;
      return { type: 'postback', data: action.data, ...(displayText ? { displayText } : {}), ...(action.label ? { label: action.label } : {}) };
    }
    case 'message':
      return { type: 'message', text: action.text, ...(action.label ? { label: action.label } : {}) };
    case 'datetimepicker':
      return { type: 'datetimepicker', data: action.data, mode: action.mode, ...(action.label ? { label: action.label } : {}) };
    default:
      return undefined;
  }
}

function perform(action: Action, onAction: OnFlexAction | undefined): void {
  if (action.type === 'uri') {
    const uri = safeUri(action.uri);
    if (uri) window.open(uri, '_blank', 'noopener');
    return;
  }
  if (action.type === 'clipboard') {
    void navigator.clipboard?.writeText(action.clipboardText).catch(() => undefined);
    return;
  }
  const event = toFlexActionEvent(action);
  if (event) onAction?.(event);
}

const APP_ONLY_HINT = '此動作僅能在 LINE App 中使用';

interface ActionableProps {
  action: Action | undefined;
  className: string;
  style?: CSSProperties | undefined;
  children?: ReactNode;
  /** Render tap actions as a native <button> (the Flex button component) when HTML allows it. */
  asButton?: boolean;
}

/**
 * An element that does what its Flex action says: uri actions are real links (so the target is
 * readable and opens like a link), postback/message actions report to the host's onAction.
 */
export function Actionable({ action, className, style, children, asButton = false }: ActionableProps) {
  const scope = useContext(ActionContext);
  if (!action) return <div className={className} style={style}>{children}</div>;

  const inner = <ActionContext value={{ onAction: scope.onAction, nested: true }}>{children}</ActionContext>;
  const uri = action.type === 'uri' ? safeUri(action.uri) : undefined;
  const appOnly = action.type === 'camera' || action.type === 'cameraRoll' || action.type === 'location' || action.type === 'richmenuswitch';
  const title = appOnly ? APP_ONLY_HINT : undefined;
  const ariaLabel = action.label || undefined;

  if (uri && !scope.nested) {
    return (
      <a className={className} style={style} href={uri} target="_blank" rel="noopener" aria-label={ariaLabel}>
        {inner}
      </a>
    );
  }

  const onClick = (event: MouseEvent) => {
    // Inside an outer link or tappable box, this tap is ours alone.
    event.preventDefault();
    event.stopPropagation();
    perform(action, scope.onAction);
  };

  if (asButton && !scope.nested) {
    return (
      <button type="button" className={className} style={style} onClick={onClick} title={title} aria-label={ariaLabel}>
        {inner}
      </button>
    );
  }

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    event.stopPropagation();
    perform(action, scope.onAction);
  };
  return (
    <div
      className={className}
      style={style}
      role={action.type === 'uri' ? 'link' : 'button'}
      tabIndex={0}
      onClick={onClick}
      onKeyDown={onKeyDown}
      title={title}
      aria-label={ariaLabel}
      data-href={uri}
    >
      {inner}
    </div>
  );
}
