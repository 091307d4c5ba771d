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

/** Staff actions (scanning, redeeming) at one store: that store's staff, or an admin. */
export function requireStaffAt(actor: Actor | undefined, storeId: number): MemberActor {
  const member = requireMember(actor);
  if (!canActAtStore(member, storeId)) {
    throw new AppError('FORBIDDEN', { message: '您不是這間門市的人員', messageEn: 'You are not staff at this store' });
  }
  return member;
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
