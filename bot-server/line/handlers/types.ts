import type { webhook } from '@line/bot-sdk';
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import type { Links } from '../../links.ts';
import type { MemberService } from '../../members/member.service.ts';
import type { WelcomeOffers } from '../../members/welcome.port.ts';
import type { LineClient } from '../line-client.ts';

export interface HandlerContext {
  config: Config;
  line: LineClient;
  members: MemberService;
  links: Links;
  /** What the brand has switched on, so the welcome promises only that (members/welcome.port.ts). */
  describeWelcome?: () => WelcomeOffers;
  log: Logger;
}

export type EventHandler<E extends webhook.Event = webhook.Event> = (event: E, ctx: HandlerContext) => Promise<void>;

export function userIdOf(event: webhook.Event): string | undefined {
  return event.source?.type === 'user' ? event.source.userId : undefined;
}
