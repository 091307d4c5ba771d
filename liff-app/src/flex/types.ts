/**
 * The JSON shapes of LINE messages and Flex Messages, as the Messaging API documents them.
 * Everything beyond `type` is optional here: the renderer draws whatever it is given (a
 * template being edited in the console is often incomplete) and must never throw on it.
 */

export type Spacing = 'none' | 'xs' | 'sm' | 'md' | 'lg' | 'xl' | 'xxl' | (string & {});
export type TextSize = 'xxs' | 'xs' | 'sm' | 'md' | 'lg' | 'xl' | 'xxl' | '3xl' | '4xl' | '5xl' | (string & {});
export type ImageSize = TextSize | 'full';
export type BubbleSize = 'nano' | 'micro' | 'deca' | 'hecto' | 'kilo' | 'mega' | 'giga';

export interface UriAction {
  type: 'uri';
  label?: string;
  uri: string;
  altUri?: { desktop?: string };
}
export interface PostbackAction {
  type: 'postback';
  label?: string;
  data: string;
  displayText?: string;
  /** Deprecated by LINE in favour of displayText, still seen in the wild. */
  text?: string;
  inputOption?: string;
  fillInText?: string;
}
export interface MessageAction {
  type: 'message';
  label?: string;
  text: string;
}
export interface DatetimePickerAction {
  type: 'datetimepicker';
  label?: string;
  data: string;
  mode: 'date' | 'time' | 'datetime';
  initial?: string;
  max?: string;
  min?: string;
}
export interface ClipboardAction {
  type: 'clipboard';
  label?: string;
  clipboardText: string;
}
/** Actions that only mean something inside the LINE app (camera, location, rich menu switch). */
export interface AppOnlyAction {
  type: 'camera' | 'cameraRoll' | 'location' | 'richmenuswitch';
  label?: string;
  data?: string;
}
export type Action = UriAction | PostbackAction | MessageAction | DatetimePickerAction | ClipboardAction | AppOnlyAction;

/** What a tap inside a message asks the host (the chat page, a preview) to do. */
export type FlexActionEvent =
  | { type: 'postback'; data: string; displayText?: string; label?: string }
  | { type: 'message'; text: string; label?: string }
  | { type: 'datetimepicker'; data: string; mode: DatetimePickerAction['mode']; label?: string };

export type OnFlexAction = (event: FlexActionEvent) => void;

interface ComponentBase {
  flex?: number;
  margin?: Spacing;
  position?: 'relative' | 'absolute';
  offsetTop?: string;
  offsetBottom?: string;
  offsetStart?: string;
  offsetEnd?: string;
}

export interface LinearGradient {
  type: 'linearGradient';
  angle: string;
  startColor: string;
  endColor: string;
  centerColor?: string;
  centerPosition?: string;
}

export interface FlexBox extends ComponentBase {
  type: 'box';
  layout: 'vertical' | 'horizontal' | 'baseline';
  contents?: FlexComponent[];
  spacing?: Spacing;
  backgroundColor?: string;
  background?: LinearGradient;
  borderColor?: string;
  borderWidth?: string;
  cornerRadius?: string;
  width?: string;
  maxWidth?: string;
  height?: string;
  maxHeight?: string;
  paddingAll?: string;
  paddingTop?: string;
  paddingBottom?: string;
  paddingStart?: string;
  paddingEnd?: string;
  justifyContent?: 'flex-start' | 'center' | 'flex-end' | 'space-between' | 'space-around' | 'space-evenly';
  alignItems?: 'flex-start' | 'center' | 'flex-end';
  action?: Action;
}

export interface FlexSpan {
  type: 'span';
  text: string;
  size?: TextSize;
  color?: string;
  weight?: 'regular' | 'bold';
  style?: 'normal' | 'italic';
  decoration?: 'none' | 'underline' | 'line-through';
}

export interface FlexText extends ComponentBase {
  type: 'text';
  text?: string;
  contents?: FlexSpan[];
  size?: TextSize;
  color?: string;
  weight?: 'regular' | 'bold';
  style?: 'normal' | 'italic';
  decoration?: 'none' | 'underline' | 'line-through';
  align?: 'start' | 'end' | 'center';
  gravity?: 'top' | 'bottom' | 'center';
  wrap?: boolean;
  maxLines?: number;
  lineSpacing?: string;
  action?: Action;
}

export interface FlexImage extends ComponentBase {
  type: 'image';
  url: string;
  size?: ImageSize;
  aspectRatio?: string;
  aspectMode?: 'cover' | 'fit';
  backgroundColor?: string;
  align?: 'start' | 'end' | 'center';
  gravity?: 'top' | 'bottom' | 'center';
  action?: Action;
}

export interface FlexVideo {
  type: 'video';
  url: string;
  previewUrl: string;
  altContent?: FlexComponent;
  aspectRatio?: string;
  action?: UriAction;
}

export interface FlexButton extends ComponentBase {
  type: 'button';
  action: Action;
  style?: 'primary' | 'secondary' | 'link';
  color?: string;
  height?: 'sm' | 'md';
  gravity?: 'top' | 'bottom' | 'center';
}

export interface FlexIcon extends ComponentBase {
  type: 'icon';
  url: string;
  size?: TextSize;
  aspectRatio?: string;
}

export interface FlexSeparator {
  type: 'separator';
  margin?: Spacing;
  color?: string;
}

export interface FlexFiller {
  type: 'filler';
  flex?: number;
}

/** Deprecated by LINE, still accepted. */
export interface FlexSpacer {
  type: 'spacer';
  size?: Spacing;
}

export type FlexComponent =
  | FlexBox
  | FlexText
  | FlexSpan
  | FlexImage
  | FlexVideo
  | FlexButton
  | FlexIcon
  | FlexSeparator
  | FlexFiller
  | FlexSpacer;

export interface BlockStyle {
  backgroundColor?: string;
  separator?: boolean;
  separatorColor?: string;
}

export interface FlexBubble {
  type: 'bubble';
  size?: BubbleSize;
  direction?: 'ltr' | 'rtl';
  header?: FlexBox;
  hero?: FlexBox | FlexImage | FlexVideo;
  body?: FlexBox;
  footer?: FlexBox;
  styles?: { header?: BlockStyle; hero?: BlockStyle; body?: BlockStyle; footer?: BlockStyle };
}

export interface FlexCarousel {
  type: 'carousel';
  contents: FlexBubble[];
}

export type FlexContainer = FlexBubble | FlexCarousel;

export interface QuickReplyItem {
  type: 'action';
  imageUrl?: string;
  action: Action;
}
interface MessageBase {
  quickReply?: { items: QuickReplyItem[] };
}

export interface TextMessage extends MessageBase {
  type: 'text';
  text: string;
}
export interface FlexMessage extends MessageBase {
  type: 'flex';
  altText: string;
  contents: FlexContainer;
}
export interface ImageMessage extends MessageBase {
  type: 'image';
  originalContentUrl: string;
  previewImageUrl?: string;
}
export interface StickerMessage extends MessageBase {
  type: 'sticker';
  packageId: string;
  stickerId: string;
}
export interface TemplateMessage extends MessageBase {
  type: 'template';
  altText: string;
}

export type LineMessage = TextMessage | FlexMessage | ImageMessage | StickerMessage | TemplateMessage;
