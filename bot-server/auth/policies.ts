import type { RouteAccess } from '../../shared/api/routes.ts';
import { AppError } from '../../shared/errors.ts';
import type { Actor, MemberActor } from './actor.ts';

/** The one place that decides what each kind of caller may do. */

export function requireMember(actor: Actor | undefined): MemberActor {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (actor.kind !== 'member') throw new AppError('FORBIDDEN');
  return actor;
}

/** Member features (wallet, claims, transfers) need a completed registration. */
export function requireRegisteredMember(actor: Actor | undefined): MemberActor {
  const member = requireMember(actor);
  if (!member.isRegistered) throw new AppError('REGISTRATION_REQUIRED');
  return member;
}

export function requireAdmin(actor: Actor | undefined): MemberActor {
  const member = requireMember(actor);
  if (!member.isAdmin) throw new AppError('FORBIDDEN', { message: '需要管理員權限', messageEn: 'Admins only' });
  return member;
}

/** Console actions that the server's own command-line tools may also take. */
export function requireAdminOrSystem(actor: Actor | undefined): Actor {
  if (actor?.kind === 'system') return actor;
  return requireAdmin(actor);
}

export function canActAtStore(actor: Actor, storeId: number): boolean {
  if (actor.kind === 'member') return actor.isAdmin || actor.staffStoreIds.includes(storeId);
  if (actor.kind === 'apiKey') return actor.storeIds === null || actor.storeIds.includes(storeId);
  return actor.kind === 'system';
}

declare const proven: unique symbol;

/**
 * Evidence that `actor` may work the counter (scanner or POS) at `storeId`. Only
 * authorizeCounter() makes one, and validating, redeeming and listing a store's redemptions
 * take one instead of an Actor: a counter operation cannot be reached without the decision.
 */
export interface CounterProof {
  readonly actor: Actor;
  readonly storeId: number;
  readonly [proven]: 'counter';
}

/** Evidence that `actor` may reverse this redemption (staff undo, POS void); made by authorizeReversal(). */
export interface ReversalProof {
  readonly actor: Actor;
  readonly redemptionId: string;
  readonly [proven]: 'reversal';
}

/** The stores a decision needs to know about (the coupon catalogue's cached list). */
export interface StoreDirectory {
  hasStore(storeId: number): boolean;
  /** In English when asked and the brand wrote one; zh-TW otherwise. */
  storeName(storeId: number, lang?: 'zh-TW' | 'en'): string;
}

/**
 * Who may work a counter: a POS key (scope `pos`, at its stores), a member who is staff (at
 * their stores) or an admin (anywhere), the system. The store must exist (400 before 403, so
 * a typo reads as one).
 */
export function authorizeCounter(caller: Actor | undefined, storeId: number, stores: StoreDirectory): CounterProof {
  if (!caller) throw new AppError('UNAUTHENTICATED');
  if (caller.kind === 'apiKey') {
    if (!caller.scopes.includes('pos')) throw new AppError('FORBIDDEN');
  } else if (caller.kind === 'member') {
    if (!caller.isAdmin && caller.staffStoreIds.length === 0) throw new AppError('FORBIDDEN', { message: '此功能僅限門市人員', messageEn: 'Store staff only' });
  }
  if (!stores.hasStore(storeId)) throw new AppError('VALIDATION_FAILED', { message: 'storeId: 沒有這間門市', messageEn: 'storeId: no such store', field: 'storeId' });
  if (!canActAtStore(caller, storeId)) {
    const name = stores.storeName(storeId);
    throw new AppError('FORBIDDEN', { message: `您無權在${name}核銷`, messageEn: `You may not redeem at ${name}` });
  }
  return { actor: caller, storeId } as CounterProof;
}

/** Today's redemptions at a store are for the people at its counter, not for POS keys. */
export function authorizeStaffAtCounter(caller: Actor | undefined, storeId: number, stores: StoreDirectory): CounterProof {
  const proof = authorizeCounter(caller, storeId, stores);
  if (proof.actor.kind !== 'member') throw new AppError('FORBIDDEN');
  return proof;
}

/**
 * Who may reverse a redemption: the POS key that made it (any other key is told it does not
 * exist), staff of its store within `undoWindowMs` of it, an admin at any time, the system.
 */
export function authorizeReversal(
  caller: Actor | undefined,
  redemption: { id: string; storeId: number; apiKeyId: number | null; createdAt: Date },
  options: { now: Date; undoWindowMs: number },
): ReversalProof {
  if (!caller) throw new AppError('UNAUTHENTICATED');
  if (caller.kind === 'apiKey') {
    if (!caller.scopes.includes('pos') || redemption.apiKeyId !== caller.keyId) throw new AppError('NOT_FOUND', { message: '找不到這筆核銷', messageEn: 'No such redemption' });
  } else if (caller.kind === 'member') {
    if (!canActAtStore(caller, redemption.storeId)) throw new AppError('FORBIDDEN');
    if (!caller.isAdmin && options.now.getTime() - redemption.createdAt.getTime() > options.undoWindowMs) throw new AppError('UNDO_WINDOW_PASSED');
  }
  return { actor: caller, redemptionId: redemption.id } as ReversalProof;
}

export function requireStaff(actor: Actor | undefined): MemberActor {
  const member = requireMember(actor);
  if (!member.isAdmin && member.staffStoreIds.length === 0) {
    throw new AppError('FORBIDDEN', { message: '此頁面僅限門市人員', messageEn: 'Store staff only' });
  }
  return member;
}

export function requireApiScope(actor: Actor | undefined, scope: string): Extract<Actor, { kind: 'apiKey' }> {
  if (!actor) throw new AppError('UNAUTHENTICATED');
  if (actor.kind !== 'apiKey' || !actor.scopes.includes(scope)) throw new AppError('FORBIDDEN');
  return actor;
}

/**
 * The route-level decision, taken before a request's input is read: who may call at all.
 * Finer decisions (which store, whose coupon) stay with the services, which call the
 * functions above once the request names its store or object.
 */
export function authorizeRoute(access: RouteAccess, actor: Actor | undefined): void {
  switch (access) {
    case 'public':
      return;
    case 'member':
      requireMember(actor);
      return;
    case 'registered':
      requireRegisteredMember(actor);
      return;
    case 'staff':
      requireStaff(actor);
      return;
    case 'admin':
      requireAdmin(actor);
      return;
    case 'pos':
    case 'partner':
      requireApiScope(actor, access);
      return;
  }
}
