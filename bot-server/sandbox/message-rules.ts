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

class Collector {
  readonly details: LineValidationDetail[] = [];
  add(property: string, message: string): void {
    this.details.push({ property, message });
  }
}

function checkAction(action: unknown, path: string, c: Collector, needsLabel: boolean): void {
  if (!isObject(action)) return c.add(path, 'must be specified');
  const type = action.type;
  if (typeof type !== 'string' || !ACTION_TYPES.has(type)) return c.add(`${path}.type`, 'invalid action type');
  if (needsLabel) {
    if (typeof action.label !== 'string' || action.label.length === 0) c.add(`${path}.label`, 'must be specified');
  }
  if (typeof action.label === 'string' && action.label.length > LIMITS.buttonLabelLength) {
    c.add(`${path}.label`, `size must be between 0 and ${LIMITS.buttonLabelLength}`);
  }
  if (type === 'uri') {
    const uri = action.uri;
    if (typeof uri !== 'string' || uri.length === 0) c.add(`${path}.uri`, 'must be specified');
    else if (uri.length > LIMITS.uriLength) c.add(`${path}.uri`, `size must be between 0 and ${LIMITS.uriLength}`);
    else if (!/^(https?|line|tel):/i.test(uri)) c.add(`${path}.uri`, 'invalid uri scheme');
  }
  if (type === 'postback') {
    if (typeof action.data !== 'string' || action.data.length === 0) c.add(`${path}.data`, 'must be specified');
    else if (action.data.length > 300) c.add(`${path}.data`, 'size must be between 0 and 300');
  }
  if (type === 'message' && (typeof action.text !== 'string' || action.text.length === 0)) c.add(`${path}.text`, 'must be specified');
}

function checkComponent(node: unknown, path: string, c: Collector): void {
  if (!isObject(node)) return c.add(path, 'must be an object');
  const type = node.type;
  if (typeof type !== 'string' || !COMPONENT_TYPES.has(type)) return c.add(`${path}.type`, 'invalid component type');
  if (node.action !== undefined) checkAction(node.action, `${path}.action`, c, false);
  switch (type) {
    case 'box': {
      if (!['horizontal', 'vertical', 'baseline'].includes(String(node.layout))) c.add(`${path}.layout`, 'must be specified');
      if (!Array.isArray(node.contents)) return c.add(`${path}.contents`, 'must be specified');
      node.contents.forEach((child, i) => checkComponent(child, `${path}.contents[${i}]`, c));
      return;
    }
    case 'text': {
      const hasSpans = Array.isArray(node.contents) && node.contents.length > 0;
      if (!hasSpans && (typeof node.text !== 'string' || node.text.length === 0)) c.add(`${path}.text`, 'must be specified');
      if (hasSpans) (node.contents as unknown[]).forEach((child, i) => checkComponent(child, `${path}.contents[${i}]`, c));
      return;
    }
    case 'span':
      if (typeof node.text !== 'string') c.add(`${path}.text`, 'must be specified');
      return;
    case 'button':
      return checkAction(node.action, `${path}.action`, c, true);
    case 'image':
    case 'icon': {
      const url = node.url;
      if (typeof url !== 'string' || !url.startsWith('https://')) c.add(`${path}.url`, 'must be an https URL');
      else if (url.length > 2000) c.add(`${path}.url`, 'size must be between 0 and 2000');
      return;
    }
    default:
      return;
  }
}

function checkBubble(bubble: unknown, path: string, c: Collector): void {
  if (!isObject(bubble) || bubble.type !== 'bubble') return c.add(`${path}.type`, 'must be bubble');
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
    case 'image': {
      for (const key of ['originalContentUrl', 'previewImageUrl'] as const) {
        const url = message[key];
        if (typeof url !== 'string' || !url.startsWith('https://')) c.add(`${path}.${key}`, 'must be an https URL');
      }
      break;
    }
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
  if (message.quickReply !== undefined) {
    const items = isObject(message.quickReply) ? message.quickReply.items : undefined;
    if (!Array.isArray(items) || items.length === 0 || items.length > 13) c.add(`${path}.quickReply.items`, 'size must be between 1 and 13');
    else items.forEach((item, i) => checkAction(isObject(item) ? item.action : undefined, `${path}.quickReply.items[${i}].action`, c, true));
  }
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
