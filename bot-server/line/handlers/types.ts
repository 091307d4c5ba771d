import type { webhook } from '@line/bot-sdk';
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { Links } from '../../links.ts';
import type { MemberService } from '../../members/member.service.ts';
import type { LineClient } from '../line-client.ts';

export interface HandlerContext {
  config: Config;
  line: LineClient;
  members: MemberService;
  links: Links;
  log: Logger;
}

export type EventHandler<E extends webhook.Event = webhook.Event> = (event: E, ctx: HandlerContext) => Promise<void>;

export function userIdOf(event: webhook.Event): string | undefined {
  return event.source?.type === 'user' ? event.source.userId : undefined;
}
