/**
 * LINE's acceptance rules for messages, so the sandbox refuses what LINE refuses
 * (400 with LINE's `details` list) instead of letting a bad Flex message "work" in dev.
 */
export interface LineValidationDetail {
  message: string;
  property: string;
}

export const LIMITS = {
  messagesPerRequest: 5,
  textLength: 5000,
  altTextLength: 1500,
  bubbleBytes: 30 * 1024,
  carouselBytes: 50 * 1024,
  carouselBubbles: 12,
  uriLength: 1000,
  buttonLabelLength: 40,
  multicastRecipients: 500,
} as const;

const COMPONENT_TYPES = new Set(['box', 'button', 'image', 'video', 'icon', 'text', 'span', 'separator', 'filler']);
const ACTION_TYPES = new Set(['postback', 'message', 'uri', 'datetimepicker', 'camera', 'cameraRoll', 'location', 'richmenuswitch', 'clipboard']);

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class Collector {
  readonly details: LineValidationDetail[] = [];
  add(property: string, message: string): void {
    this.details.push({ property, message });
  }
}

/** A URL as LINE's `format: uri` takes it: parses, no whitespace, one of the schemes LINE opens. */
export function isLineUri(value: string): boolean {
  if (/\s/.test(value)) return false;
  if (/^tel:[0-9+\-#*(),;]+$/i.test(value)) return true;
  if (/^line:\/\//i.test(value)) return true;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

function isHttpsUrl(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('https://') && isLineUri(value);
}

function checkHttpsUrl(value: unknown, path: string, c: Collector, max = 2000): void {
  if (!isHttpsUrl(value)) c.add(path, 'must be an https URL');
  else if (value.length > max) c.add(path, `size must be between 0 and ${max}`);
}

function checkEnum(node: Json, key: string, allowed: readonly string[], path: string, c: Collector): void {
  const value = node[key];
  if (value !== undefined && (typeof value !== 'string' || !allowed.includes(value))) c.add(`${path}.${key}`, `must be one of ${allowed.join(', ')}`);
}

function checkBoolean(node: Json, key: string, path: string, c: Collector): void {
  if (node[key] !== undefined && typeof node[key] !== 'boolean') c.add(`${path}.${key}`, 'must be a boolean');
}

function checkInteger(node: Json, key: string, path: string, c: Collector, min = 0): void {
  const value = node[key];
  if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < min)) c.add(`${path}.${key}`, `must be an integer of at least ${min}`);
}

/** A keyword from LINE's enum, or pixels ("12px"), or (where allowed) a percentage. */
function checkSize(node: Json, key: string, keywords: readonly string[], path: string, c: Collector, percent = false): void {
  const value = node[key];
  if (value === undefined) return;
  const ok = typeof value === 'string' && (keywords.includes(value) || /^\d+(\.\d+)?px$/.test(value) || (percent && /^\d+(\.\d+)?%$/.test(value)));
  if (!ok) c.add(`${path}.${key}`, `must be one of ${keywords.join(', ')}, or pixels${percent ? ' or a percentage' : ''}`);
}

const SPACING = ['none', 'xs', 'sm', 'md', 'lg', 'xl', 'xxl'] as const;
const FONT_SIZES = ['xxs', 'xs', 'sm', 'md', 'lg', 'xl', 'xxl', '3xl', '4xl', '5xl'] as const;
const IMAGE_SIZES = [...FONT_SIZES, 'full'] as const;
const BORDER_WIDTHS = ['none', 'light', 'normal', 'medium', 'semi-bold', 'bold'] as const;
const POSITION = ['relative', 'absolute'] as const;
const GRAVITY = ['top', 'bottom', 'center'] as const;
const ALIGN = ['start', 'end', 'center'] as const;
const WEIGHT = ['regular', 'bold'] as const;
const TEXT_STYLE = ['normal', 'italic'] as const;
const DECORATION = ['none', 'underline', 'line-through'] as const;
const BUBBLE_SIZES = ['nano', 'micro', 'deca', 'hecto', 'kilo', 'mega', 'giga'] as const;
const DATETIME_MODES = ['date', 'time', 'datetime'] as const;

function checkPlacement(node: Json, path: string, c: Collector): void {
  checkSize(node, 'margin', SPACING, path, c);
  checkEnum(node, 'position', POSITION, path, c);
  for (const key of ['offsetTop', 'offsetBottom', 'offsetStart', 'offsetEnd']) checkSize(node, key, SPACING, path, c, true);
  checkInteger(node, 'flex', path, c);
}

export function checkAction(action: unknown, path: string, c: Collector, needsLabel: boolean): void {
  if (!isObject(action)) return c.add(path, 'must be specified');
  const type = action.type;
  if (typeof type !== 'string' || !ACTION_TYPES.has(type)) return c.add(`${path}.type`, 'invalid action type');
  if (needsLabel) {
    if (typeof action.label !== 'string' || action.label.length === 0) c.add(`${path}.label`, 'must be specified');
  }
  if (action.label !== undefined && typeof action.label !== 'string') c.add(`${path}.label`, 'must be a string');
  if (typeof action.label === 'string' && action.label.length > LIMITS.buttonLabelLength) {
    c.add(`${path}.label`, `size must be between 0 and ${LIMITS.buttonLabelLength}`);
  }
  const data = (max = 300) => {
    if (typeof action.data !== 'string' || action.data.length === 0) c.add(`${path}.data`, 'must be specified');
    else if (action.data.length > max) c.add(`${path}.data`, `size must be between 0 and ${max}`);
  };
  switch (type) {
    case 'uri': {
      const uri = action.uri;
      if (typeof uri !== 'string' || uri.length === 0) c.add(`${path}.uri`, 'must be specified');
      else if (uri.length > LIMITS.uriLength) c.add(`${path}.uri`, `size must be between 0 and ${LIMITS.uriLength}`);
      else if (!isLineUri(uri)) c.add(`${path}.uri`, 'must be a valid URL (http, https, line or tel)');
      if (action.altUri !== undefined) {
        const desktop = isObject(action.altUri) ? action.altUri.desktop : undefined;
        if (typeof desktop !== 'string' || !isLineUri(desktop)) c.add(`${path}.altUri.desktop`, 'must be a valid URL');
      }
      break;
    }
    case 'postback':
      data();
      for (const key of ['displayText', 'text', 'fillInText'] as const) {
        const value = action[key];
        if (value !== undefined && (typeof value !== 'string' || value.length > 300)) c.add(`${path}.${key}`, 'size must be between 0 and 300');
      }
      if (action.displayText !== undefined && action.text !== undefined) c.add(`${path}.text`, 'cannot be specified together with displayText');
      checkEnum(action, 'inputOption', ['closeRichMenu', 'openRichMenu', 'openKeyboard', 'openVoice'], path, c);
      break;
    case 'message':
      if (typeof action.text !== 'string' || action.text.length === 0) c.add(`${path}.text`, 'must be specified');
      else if (action.text.length > 300) c.add(`${path}.text`, 'size must be between 0 and 300');
      break;
    case 'datetimepicker':
      data();
      if (!DATETIME_MODES.includes(action.mode as never)) c.add(`${path}.mode`, `must be one of ${DATETIME_MODES.join(', ')}`);
      break;
    case 'richmenuswitch':
      data();
      if (typeof action.richMenuAliasId !== 'string' || !/^[a-z0-9_-]{1,32}$/.test(action.richMenuAliasId)) {
        c.add(`${path}.richMenuAliasId`, 'must match ^[a-z0-9_-]{1,32}$');
      }
      break;
    case 'clipboard':
      if (typeof action.clipboardText !== 'string' || action.clipboardText.length === 0 || action.clipboardText.length > 1000) {
        c.add(`${path}.clipboardText`, 'size must be between 1 and 1000');
      }
      break;
    default:
      break;
  }
}

function checkComponent(node: unknown, path: string, c: Collector): void {
  if (!isObject(node)) return c.add(path, 'must be an object');
  const type = node.type;
  if (typeof type !== 'string' || !COMPONENT_TYPES.has(type)) return c.add(`${path}.type`, 'invalid component type');
  if (node.action !== undefined && type !== 'button') checkAction(node.action, `${path}.action`, c, false);
  if (type !== 'span') checkPlacement(node, path, c);
  switch (type) {
    case 'box': {
      if (!['horizontal', 'vertical', 'baseline'].includes(String(node.layout))) c.add(`${path}.layout`, 'must be specified');
      checkSize(node, 'spacing', SPACING, path, c);
      checkSize(node, 'borderWidth', BORDER_WIDTHS, path, c);
      checkSize(node, 'cornerRadius', SPACING, path, c);
      for (const key of ['paddingAll', 'paddingTop', 'paddingBottom', 'paddingStart', 'paddingEnd']) checkSize(node, key, SPACING, path, c, true);
      checkEnum(node, 'justifyContent', ['center', 'flex-start', 'flex-end', 'space-between', 'space-around', 'space-evenly'], path, c);
      checkEnum(node, 'alignItems', ['center', 'flex-start', 'flex-end'], path, c);
      if (node.background !== undefined && (!isObject(node.background) || node.background.type !== 'linearGradient')) {
        c.add(`${path}.background.type`, 'must be linearGradient');
      }
      if (!Array.isArray(node.contents)) return c.add(`${path}.contents`, 'must be specified');
      node.contents.forEach((child, i) => checkComponent(child, `${path}.contents[${i}]`, c));
      return;
    }
    case 'text': {
      const hasSpans = Array.isArray(node.contents) && node.contents.length > 0;
      if (!hasSpans && (typeof node.text !== 'string' || node.text.length === 0)) c.add(`${path}.text`, 'must be specified');
      checkSize(node, 'size', FONT_SIZES, path, c);
      checkEnum(node, 'align', ALIGN, path, c);
      checkEnum(node, 'gravity', GRAVITY, path, c);
      checkEnum(node, 'weight', WEIGHT, path, c);
      checkEnum(node, 'style', TEXT_STYLE, path, c);
      checkEnum(node, 'decoration', DECORATION, path, c);
      checkEnum(node, 'adjustMode', ['shrink-to-fit'], path, c);
      checkBoolean(node, 'wrap', path, c);
      checkBoolean(node, 'scaling', path, c);
      checkInteger(node, 'maxLines', path, c);
      if (hasSpans) (node.contents as unknown[]).forEach((child, i) => checkComponent(child, `${path}.contents[${i}]`, c));
      return;
    }
    case 'span':
      if (typeof node.text !== 'string') c.add(`${path}.text`, 'must be specified');
      checkSize(node, 'size', FONT_SIZES, path, c);
      checkEnum(node, 'weight', WEIGHT, path, c);
      checkEnum(node, 'style', TEXT_STYLE, path, c);
      checkEnum(node, 'decoration', DECORATION, path, c);
      return;
    case 'button':
      checkEnum(node, 'style', ['primary', 'secondary', 'link'], path, c);
      checkEnum(node, 'height', ['md', 'sm'], path, c);
      checkEnum(node, 'gravity', GRAVITY, path, c);
      checkEnum(node, 'adjustMode', ['shrink-to-fit'], path, c);
      checkBoolean(node, 'scaling', path, c);
      return checkAction(node.action, `${path}.action`, c, true);
    case 'image':
    case 'icon': {
      checkHttpsUrl(node.url, `${path}.url`, c);
      checkSize(node, 'size', type === 'image' ? IMAGE_SIZES : FONT_SIZES, path, c, type === 'image');
      if (node.aspectRatio !== undefined && (typeof node.aspectRatio !== 'string' || !/^\d+(\.\d+)?:\d+(\.\d+)?$/.test(node.aspectRatio))) {
        c.add(`${path}.aspectRatio`, 'must be {width}:{height}');
      }
      if (type === 'image') {
        checkEnum(node, 'align', ALIGN, path, c);
        checkEnum(node, 'gravity', GRAVITY, path, c);
        checkEnum(node, 'aspectMode', ['fit', 'cover'], path, c);
        checkBoolean(node, 'animated', path, c);
      }
      checkBoolean(node, 'scaling', path, c);
      return;
    }
    case 'video':
      checkHttpsUrl(node.url, `${path}.url`, c);
      checkHttpsUrl(node.previewUrl, `${path}.previewUrl`, c);
      if (node.altContent === undefined) c.add(`${path}.altContent`, 'must be specified');
      else checkComponent(node.altContent, `${path}.altContent`, c);
      return;
    default:
      return;
  }
}

function checkBubble(bubble: unknown, path: string, c: Collector): void {
  if (!isObject(bubble) || bubble.type !== 'bubble') return c.add(`${path}.type`, 'must be bubble');
  checkEnum(bubble, 'size', BUBBLE_SIZES, path, c);
  checkEnum(bubble, 'direction', ['ltr', 'rtl'], path, c);
  if (bubble.action !== undefined) checkAction(bubble.action, `${path}.action`, c, false);
  for (const block of ['header', 'hero', 'body', 'footer'] as const) {
    const value = bubble[block];
    if (value === undefined) continue;
    if (block === 'hero') checkComponent(value, `${path}.${block}`, c);
    else if (!isObject(value) || value.type !== 'box') c.add(`${path}.${block}`, 'must be a box');
    else checkComponent(value, `${path}.${block}`, c);
  }
  const bytes = Buffer.byteLength(JSON.stringify(bubble));
  if (bytes > LIMITS.bubbleBytes) c.add(path, `bubble size must be at most ${LIMITS.bubbleBytes} bytes (was ${bytes})`);
}

function checkMessage(message: unknown, path: string, c: Collector): void {
  if (!isObject(message)) return c.add(path, 'must be an object');
  switch (message.type) {
    case 'text': {
      const text = message.text;
      if (typeof text !== 'string' || text.length === 0) c.add(`${path}.text`, 'must be specified');
      else if ([...text].length > LIMITS.textLength) c.add(`${path}.text`, `length must be between 0 and ${LIMITS.textLength}`);
      break;
    }
    case 'textV2': {
      const text = message.text;
      if (typeof text !== 'string' || text.length === 0) c.add(`${path}.text`, 'must be specified');
      else if ([...text].length > LIMITS.textLength) c.add(`${path}.text`, `length must be between 0 and ${LIMITS.textLength}`);
      if (message.substitution !== undefined) {
        if (!isObject(message.substitution)) c.add(`${path}.substitution`, 'must be an object');
        else {
          for (const [key, value] of Object.entries(message.substitution)) {
            const at = `${path}.substitution.${key}`;
            if (!isObject(value) || (value.type !== 'mention' && value.type !== 'emoji')) c.add(`${at}.type`, 'must be mention or emoji');
            else if (value.type === 'mention') {
              const m = value.mentionee;
              if (!isObject(m) || (m.type !== 'user' && m.type !== 'all')) c.add(`${at}.mentionee.type`, 'must be user or all');
              else if (m.type === 'user' && typeof m.userId !== 'string') c.add(`${at}.mentionee.userId`, 'must be specified');
            } else if (typeof value.productId !== 'string' || typeof value.emojiId !== 'string') c.add(at, 'productId and emojiId must be specified');
            if (typeof text === 'string' && !text.includes(`{${key}}`)) c.add(at, `is not used in text ({${key}})`);
          }
        }
      }
      break;
    }
    case 'image':
    case 'video':
      checkHttpsUrl(message.originalContentUrl, `${path}.originalContentUrl`, c);
      checkHttpsUrl(message.previewImageUrl, `${path}.previewImageUrl`, c);
      break;
    case 'audio':
      checkHttpsUrl(message.originalContentUrl, `${path}.originalContentUrl`, c);
      if (typeof message.duration !== 'number' || !Number.isInteger(message.duration) || message.duration < 1) c.add(`${path}.duration`, 'must be a positive integer (milliseconds)');
      break;
    case 'location':
      for (const key of ['title', 'address'] as const) {
        const value = message[key];
        if (typeof value !== 'string' || value.length === 0) c.add(`${path}.${key}`, 'must be specified');
        else if (value.length > 100) c.add(`${path}.${key}`, 'size must be between 1 and 100');
      }
      if (typeof message.latitude !== 'number' || Math.abs(message.latitude) > 90) c.add(`${path}.latitude`, 'must be a number between -90 and 90');
      if (typeof message.longitude !== 'number' || Math.abs(message.longitude) > 180) c.add(`${path}.longitude`, 'must be a number between -180 and 180');
      break;
    case 'imagemap':
      checkImagemap(message, path, c);
      break;
    case 'template':
      checkTemplateMessage(message, path, c);
      break;
    case 'coupon':
      if (typeof message.couponId !== 'string' || message.couponId.length === 0) c.add(`${path}.couponId`, 'must be specified');
      break;
    case 'sticker':
      if (typeof message.packageId !== 'string' || typeof message.stickerId !== 'string') c.add(path, 'packageId and stickerId must be specified');
      break;
    case 'flex': {
      const altText = message.altText;
      if (typeof altText !== 'string' || altText.trim().length === 0) c.add(`${path}.altText`, 'must be specified');
      else if ([...altText].length > LIMITS.altTextLength) c.add(`${path}.altText`, `length must be between 0 and ${LIMITS.altTextLength}`);
      const contents = message.contents;
      if (!isObject(contents)) {
        c.add(`${path}.contents`, 'must be specified');
      } else if (contents.type === 'bubble') {
        checkBubble(contents, `${path}.contents`, c);
      } else if (contents.type === 'carousel') {
        const bubbles = contents.contents;
        if (!Array.isArray(bubbles) || bubbles.length === 0) c.add(`${path}.contents.contents`, 'must be specified');
        else if (bubbles.length > LIMITS.carouselBubbles) c.add(`${path}.contents.contents`, `size must be between 1 and ${LIMITS.carouselBubbles}`);
        else bubbles.forEach((b, i) => checkBubble(b, `${path}.contents.contents[${i}]`, c));
        const bytes = Buffer.byteLength(JSON.stringify(contents));
        if (bytes > LIMITS.carouselBytes) c.add(`${path}.contents`, `carousel size must be at most ${LIMITS.carouselBytes} bytes (was ${bytes})`);
      } else {
        c.add(`${path}.contents.type`, 'must be bubble or carousel');
      }
      break;
    }
    default:
      c.add(`${path}.type`, 'invalid message type');
  }
  if (message.sender !== undefined) {
    const sender = message.sender;
    if (!isObject(sender)) c.add(`${path}.sender`, 'must be an object');
    else {
      if (sender.name !== undefined && (typeof sender.name !== 'string' || sender.name.length === 0 || [...sender.name].length > 20)) {
        c.add(`${path}.sender.name`, 'size must be between 1 and 20');
      }
      if (sender.iconUrl !== undefined) checkHttpsUrl(sender.iconUrl, `${path}.sender.iconUrl`, c, 2000);
    }
  }
  if (message.quickReply !== undefined) {
    const items = isObject(message.quickReply) ? message.quickReply.items : undefined;
    if (!Array.isArray(items) || items.length === 0 || items.length > 13) c.add(`${path}.quickReply.items`, 'size must be between 1 and 13');
    else
      items.forEach((item, i) => {
        checkAction(isObject(item) ? item.action : undefined, `${path}.quickReply.items[${i}].action`, c, true);
        if (isObject(item) && item.imageUrl !== undefined) checkHttpsUrl(item.imageUrl, `${path}.quickReply.items[${i}].imageUrl`, c, 1000);
      });
  }
}

function checkAltText(message: Json, path: string, c: Collector, max: number): void {
  const altText = message.altText;
  if (typeof altText !== 'string' || altText.trim().length === 0) c.add(`${path}.altText`, 'must be specified');
  else if ([...altText].length > max) c.add(`${path}.altText`, `length must be between 0 and ${max}`);
}

function checkImagemapArea(area: unknown, path: string, c: Collector): void {
  if (!isObject(area) || ['x', 'y', 'width', 'height'].some((k) => typeof area[k] !== 'number' || !Number.isInteger(area[k]) || (area[k] as number) < 0)) {
    c.add(path, 'x, y, width and height must be non-negative integers');
  }
}

function checkImagemap(message: Json, path: string, c: Collector): void {
  checkHttpsUrl(message.baseUrl, `${path}.baseUrl`, c, 2000);
  checkAltText(message, path, c, LIMITS.altTextLength);
  const size = message.baseSize;
  if (!isObject(size) || size.width !== 1040 || typeof size.height !== 'number' || !Number.isInteger(size.height) || size.height < 1) {
    c.add(`${path}.baseSize`, 'width must be 1040 and height a positive integer');
  }
  const actions = message.actions;
  if (!Array.isArray(actions) || actions.length > 50) return c.add(`${path}.actions`, 'size must be between 0 and 50');
  actions.forEach((action, i) => {
    const at = `${path}.actions[${i}]`;
    if (!isObject(action)) return c.add(at, 'must be an object');
    checkImagemapArea(action.area, `${at}.area`, c);
    if (action.type === 'uri') {
      if (typeof action.linkUri !== 'string' || !isLineUri(action.linkUri) || action.linkUri.length > 1000) c.add(`${at}.linkUri`, 'must be a valid URL');
    } else if (action.type === 'message') {
      if (typeof action.text !== 'string' || action.text.length === 0 || action.text.length > 400) c.add(`${at}.text`, 'size must be between 1 and 400');
    } else if (action.type === 'clipboard') {
      if (typeof action.clipboardText !== 'string' || action.clipboardText.length === 0 || action.clipboardText.length > 1000) c.add(`${at}.clipboardText`, 'size must be between 1 and 1000');
    } else c.add(`${at}.type`, 'must be uri, message or clipboard');
  });
  if (message.video !== undefined) {
    const video = message.video;
    if (!isObject(video)) c.add(`${path}.video`, 'must be an object');
    else {
      checkHttpsUrl(video.originalContentUrl, `${path}.video.originalContentUrl`, c);
      checkHttpsUrl(video.previewImageUrl, `${path}.video.previewImageUrl`, c);
      checkImagemapArea(video.area, `${path}.video.area`, c);
    }
  }
}

function checkTemplateActions(actions: unknown, path: string, c: Collector, min: number, max: number): void {
  if (!Array.isArray(actions) || actions.length < min || actions.length > max) return c.add(path, `size must be between ${min} and ${max}`);
  actions.forEach((action, i) => checkAction(action, `${path}[${i}]`, c, true));
}

function checkTemplateText(value: unknown, path: string, c: Collector, max: number): void {
  if (typeof value !== 'string' || value.length === 0) c.add(path, 'must be specified');
  else if ([...value].length > max) c.add(path, `size must be between 1 and ${max}`);
}

function checkTemplateMessage(message: Json, path: string, c: Collector): void {
  checkAltText(message, path, c, 400);
  const t = message.template;
  const at = `${path}.template`;
  if (!isObject(t)) return c.add(at, 'must be specified');
  const optionalImage = (node: Json, p: string) => {
    if (node.thumbnailImageUrl !== undefined) checkHttpsUrl(node.thumbnailImageUrl, `${p}.thumbnailImageUrl`, c, 2000);
    if (node.defaultAction !== undefined) checkAction(node.defaultAction, `${p}.defaultAction`, c, false);
  };
  switch (t.type) {
    case 'buttons': {
      const compact = t.thumbnailImageUrl !== undefined || t.title !== undefined;
      checkTemplateText(t.text, `${at}.text`, c, compact ? 60 : 160);
      if (t.title !== undefined) checkTemplateText(t.title, `${at}.title`, c, 40);
      checkEnum(t, 'imageAspectRatio', ['rectangle', 'square'], at, c);
      checkEnum(t, 'imageSize', ['cover', 'contain'], at, c);
      optionalImage(t, at);
      checkTemplateActions(t.actions, `${at}.actions`, c, 1, 4);
      return;
    }
    case 'confirm':
      checkTemplateText(t.text, `${at}.text`, c, 240);
      checkTemplateActions(t.actions, `${at}.actions`, c, 2, 2);
      return;
    case 'carousel': {
      checkEnum(t, 'imageAspectRatio', ['rectangle', 'square'], at, c);
      checkEnum(t, 'imageSize', ['cover', 'contain'], at, c);
      const columns = t.columns;
      if (!Array.isArray(columns) || columns.length === 0 || columns.length > 10) return c.add(`${at}.columns`, 'size must be between 1 and 10');
      columns.forEach((column, i) => {
        const p = `${at}.columns[${i}]`;
        if (!isObject(column)) return c.add(p, 'must be an object');
        const compact = column.thumbnailImageUrl !== undefined || column.title !== undefined;
        checkTemplateText(column.text, `${p}.text`, c, compact ? 60 : 120);
        if (column.title !== undefined) checkTemplateText(column.title, `${p}.title`, c, 40);
        optionalImage(column, p);
        checkTemplateActions(column.actions, `${p}.actions`, c, 1, 3);
      });
      return;
    }
    case 'image_carousel': {
      const columns = t.columns;
      if (!Array.isArray(columns) || columns.length === 0 || columns.length > 10) return c.add(`${at}.columns`, 'size must be between 1 and 10');
      columns.forEach((column, i) => {
        const p = `${at}.columns[${i}]`;
        if (!isObject(column)) return c.add(p, 'must be an object');
        checkHttpsUrl(column.imageUrl, `${p}.imageUrl`, c, 2000);
        checkAction(column.action, `${p}.action`, c, false);
      });
      return;
    }
    default:
      c.add(`${at}.type`, 'must be buttons, confirm, carousel or image_carousel');
  }
}

/** The request-level fields next to `messages` (push, multicast, reply): `notificationDisabled` must be a boolean. */
export function validateSendOptions(body: unknown): LineValidationDetail[] {
  const details: LineValidationDetail[] = [];
  if (isObject(body) && body.notificationDisabled !== undefined && typeof body.notificationDisabled !== 'boolean') {
    details.push({ property: 'notificationDisabled', message: 'must be a boolean' });
  }
  if (isObject(body) && body.customAggregationUnits !== undefined) {
    const units = body.customAggregationUnits;
    if (!Array.isArray(units) || units.length > 1 || units.some((u) => typeof u !== 'string' || !/^[a-zA-Z0-9_]{1,30}$/.test(u))) {
      details.push({ property: 'customAggregationUnits', message: 'must be one unit name of 1 to 30 letters, digits or _' });
    }
  }
  return details;
}

/** Returns LINE-style details for everything wrong with `messages`; empty when LINE would accept it. */
export function validateMessages(messages: unknown): LineValidationDetail[] {
  const c = new Collector();
  if (!Array.isArray(messages) || messages.length === 0) {
    c.add('messages', 'must be specified');
    return c.details;
  }
  if (messages.length > LIMITS.messagesPerRequest) {
    c.add('messages', `size must be between 1 and ${LIMITS.messagesPerRequest}`);
    return c.details;
  }
  messages.forEach((m, i) => checkMessage(m, `messages[${i}]`, c));
  return c.details;
}
