import { JSONParseError, middleware as lineSignature, SignatureValidationFailed } from '@line/bot-sdk';
import express, { type ErrorRequestHandler, type Request, type Response, Router } from 'express';
import { AppError } from '../../shared/errors.ts';
import type { Db } from '../db/client.ts';
import { eventHandlers } from './handlers/index.ts';
import { userIdOf, type HandlerContext } from './handlers/types.ts';
import { parseWebhookEvent, webhookEventIdOf, webhookEventTypeOf } from './webhook-event.schema.ts';
import { claimWebhookEvent, finishWebhookEvent } from './webhook-events.repo.ts';

/**
 * Handles events after LINE has its 200: each on its own, deduped on webhookEventId,
 * so one failing event never fails the others and a redelivery is processed once.
 */
export class WebhookProcessor {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly db: Db;
  private readonly ctx: HandlerContext;
  constructor(db: Db, ctx: HandlerContext) {
    this.db = db;
    this.ctx = ctx;
  }

  /** Takes the batch as received: each event's shape is checked on its own (see processEvent). */
  enqueue(events: unknown[]): void {
    const job = this.processBatch(events).finally(() => this.inFlight.delete(job));
    this.inFlight.add(job);
  }

  /** Resolves once every event received so far has been handled (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async processBatch(events: unknown[]): Promise<void> {
    // Events of one batch keep their order (follow before the first message).
    for (const event of events) {
      try {
        await this.processEvent(event);
      } catch (error) {
        this.ctx.log.error({ err: error }, 'webhook event processing failed');
      }
    }
  }

  /**
   * An event whose fields do not have LINE's documented types is recorded as failed, with the
   * first problem, and logged as a warning: it is not our fault, and not a reason to stop the
   * batch. One without a usable webhookEventId cannot be recorded and is only logged.
   */
  private async processEvent(raw: unknown): Promise<void> {
    const parsed = parseWebhookEvent(raw);
    if (!parsed.ok) {
      const id = webhookEventIdOf(raw);
      const log = this.ctx.log.child({ webhookEventId: id ?? null, eventType: webhookEventTypeOf(raw) });
      log.warn({ reason: parsed.reason }, 'malformed webhook event');
      if (id && claimWebhookEvent(this.db, { id, type: webhookEventTypeOf(raw), lineUserId: null, isRedelivery: false })) {
        finishWebhookEvent(this.db, id, 'failed', parsed.reason);
      }
      return;
    }
    const { event } = parsed;
    const log = this.ctx.log.child({ webhookEventId: event.webhookEventId, eventType: event.type });
    let claimed: boolean;
    try {
      claimed = claimWebhookEvent(this.db, {
        id: event.webhookEventId,
        type: event.type,
        lineUserId: userIdOf(event) ?? null,
        isRedelivery: event.deliveryContext?.isRedelivery ?? false,
      });
    } catch (error) {
      log.error({ err: error }, 'could not record webhook event');
      return;
    }
    if (!claimed) {
      log.info({ isRedelivery: event.deliveryContext?.isRedelivery ?? false }, 'duplicate webhook event skipped');
      return;
    }
    const handler = eventHandlers[event.type];
    if (!handler) {
      log.info('webhook event type not handled');
      finishWebhookEvent(this.db, event.webhookEventId, 'ignored');
      return;
    }
    try {
      await handler(event, { ...this.ctx, log });
      finishWebhookEvent(this.db, event.webhookEventId, 'done');
    } catch (error) {
      log.error({ err: error }, 'webhook event handler failed');
      try {
        finishWebhookEvent(this.db, event.webhookEventId, 'failed', error instanceof Error ? error.message.slice(0, 500) : String(error));
      } catch (dbError) {
        log.error({ err: dbError }, 'could not record webhook failure');
      }
    }
  }
}

const signatureErrors: ErrorRequestHandler = (error, req, _res, next) => {
  if (error instanceof SignatureValidationFailed) {
    // Logged without the body: it is unauthenticated input.
    req.log?.warn({ reason: error.message, bytes: req.get('content-length') }, 'webhook signature rejected');
    next(new AppError('INVALID_SIGNATURE'));
    return;
  }
  if (error instanceof JSONParseError) {
    next(new AppError('INVALID_JSON'));
    return;
  }
  next(error);
};

/**
 * POST /webhook: the raw body is read (with a size cap) and its signature checked before
 * anything parses it; the answer goes back at once and events are handled after.
 */
export function createWebhookRouter(channelSecret: string, processor: WebhookProcessor): Router {
  const router = Router();
  router.post(
    '/webhook',
    express.raw({ type: () => true, limit: '1mb' }),
    lineSignature({ channelSecret }),
    (req: Request, res: Response) => {
      const body = req.body as { events?: unknown };
      if (!body || !Array.isArray(body.events)) throw new AppError('VALIDATION_FAILED', { message: 'events: 必須是陣列', messageEn: 'events: must be an array' });
      res.status(200).json({});
      if (body.events.length > 0) processor.enqueue(body.events);
    },
    signatureErrors,
  );
  return router;
}
