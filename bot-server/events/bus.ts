import { afterCommit, inTransaction, type Db, type DbOrTx } from '../db/client.ts';
import type { DomainEvent, EventOf, EventType } from './catalogue.ts';

export type Subscriber<T extends EventType> = (tx: DbOrTx, event: EventOf<T>) => void;
export type AfterCommitHook<T extends EventType> = (event: EventOf<T>) => void;

type AnySubscriber = (tx: DbOrTx, event: DomainEvent) => void;
type AnyHook = (event: DomainEvent) => void;

/**
 * Who listens to which event, for one database connection. Built and filled in the
 * composition root (main.ts) and attached to the connection; domains only publish().
 */
export class EventBus {
  private readonly subscribers = new Map<EventType, AnySubscriber[]>();
  private readonly hooks = new Map<EventType, AnyHook[]>();
  private readonly onHookError: (error: unknown, event: DomainEvent) => void;

  constructor(options: { onHookError?: (error: unknown, event: DomainEvent) => void } = {}) {
    this.onHookError = options.onHookError ?? ((error) => process.emitWarning(error instanceof Error ? error : new Error(String(error)), 'AfterCommitHookError'));
  }

  /**
   * Runs `subscriber` inside the publisher's transaction, before publish() returns: what it
   * writes commits or rolls back with the change, and if it throws, the whole change rolls
   * back. For reactions that must be atomic with the change (a welcome coupon, points).
   */
  subscribe<T extends EventType>(type: T, subscriber: Subscriber<T>): this {
    const list = this.subscribers.get(type) ?? [];
    list.push(subscriber as AnySubscriber);
    this.subscribers.set(type, list);
    return this;
  }

  /**
   * Runs `hook` once per event after the outermost transaction committed, never when it (or
   * the savepoint the event was published in) rolled back. For effects outside the database:
   * waking the dispatcher, dropping a cache. A throwing hook is reported, not rethrown.
   */
  afterCommit<T extends EventType>(type: T, hook: AfterCommitHook<T>): this {
    const list = this.hooks.get(type) ?? [];
    list.push(hook as AnyHook);
    this.hooks.set(type, list);
    return this;
  }

  /** @internal publish() calls this; domains never do. */
  deliver(tx: DbOrTx, event: DomainEvent): void {
    const subscribers = this.subscribers.get(event.type);
    if (subscribers) for (const subscriber of subscribers) subscriber(tx, event);
    const hooks = this.hooks.get(event.type);
    if (hooks) {
      afterCommit(tx, () => {
        for (const hook of hooks) {
          try {
            hook(event);
          } catch (error) {
            this.onHookError(error, event);
          }
        }
      });
    }
  }
}

const buses = new WeakMap<object, EventBus>();

/** Connects a bus to a database handle: events published in its transactions go to the bus. */
export function attachEventBus(db: Db, bus: EventBus): void {
  buses.set(db, bus);
}

/**
 * Tells the event's listeners what happened, inside the transaction that made the change (so
 * call it after the writes it announces, with the same `tx`). In-transaction subscribers run
 * now; after-commit hooks are queued for the outermost commit. A handle with no bus attached
 * (command-line tools, benchmarks) has no listeners. Throws outside transact(): an event
 * published after its change committed could no longer be rolled back with it.
 */
export function publish(tx: DbOrTx, event: DomainEvent): void {
  if (!inTransaction(tx)) throw new Error(`publish('${event.type}') must be called inside transact(), in the transaction that made the change`);
  buses.get(tx)?.deliver(tx, event);
}
