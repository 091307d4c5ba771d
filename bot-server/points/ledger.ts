import { allocateFifo } from '../../shared/points/rules.ts';
import { AppError } from '../../shared/errors.ts';
import type { ActorRef } from '../auth/actor.ts';
import type { DbOrTx } from '../db/client.ts';
import { publish } from '../events/bus.ts';
import { activateLot, activeLots, changeAccount, dueUnlocks, findAccount, findLot, giveToLot, insertEntry, insertLot, setLotRemaining, takeFromBalance, takeFromLot, type EntryType } from './points.repo.ts';

/**
 * The ledger's moves, each inside the caller's transaction (BEGIN IMMEDIATE, so reads and the
 * conditional updates that follow are one serial step). What they keep true, per member:
 * - balance + pending = Σ entries.delta (every move writes its entries and the account together);
 * - balance ≥ 0 ⇒ balance = Σ remaining of active lots; balance < 0 ⇒ no active lot holds points
 *   (a debt from a return after the points were spent, settled by the next points to arrive);
 * - pending = Σ remaining of pending lots.
 */

export interface Move {
  memberId: number;
  reason: string;
  ref: string | null;
  actor: ActorRef;
  at: Date;
}

function entry(tx: DbOrTx, m: Move, type: EntryType, delta: number, lotId: number | null): number {
  return insertEntry(tx, { memberId: m.memberId, type, delta, lotId, ref: m.ref, reason: m.reason, actorKind: m.actor.kind, actorId: m.actor.id, createdAt: m.at });
}

function changed(tx: DbOrTx, m: Move, delta: number, balance: number): void {
  publish(tx, { type: 'points.changed', memberId: m.memberId, delta, balance, reason: m.reason, at: m.at });
}

/** What an arriving `points` leaves in its lot once a debt (negative balance) is settled from it. */
function afterDebt(tx: DbOrTx, memberId: number, points: number): number {
  const balance = findAccount(tx, memberId)?.balance ?? 0;
  return balance >= 0 ? points : Math.max(0, points + balance);
}

/**
 * Earns (or grants) points as a new lot: pending until `unlocksAt` when given, else spendable at
 * once (settling a debt first). Answers the lot and the account after it.
 */
export function creditLot(tx: DbOrTx, m: Move, type: 'earn' | 'adjust', points: number, opts: { expiresAt: number | null; unlocksAt: number | null; purchaseId: string | null }): { lotId: number; balance: number; pending: number } {
  const pending = opts.unlocksAt !== null && opts.unlocksAt > m.at.getTime();
  const remaining = pending ? points : afterDebt(tx, m.memberId, points);
  const lotId = insertLot(tx, { memberId: m.memberId, status: pending ? 'pending' : 'active', points, remaining, expiresAt: opts.expiresAt, unlocksAt: pending ? opts.unlocksAt : null, purchaseId: opts.purchaseId, createdAt: m.at });
  entry(tx, m, type, points, lotId);
  const account = pending ? changeAccount(tx, m.memberId, 0, points, m.at) : changeAccount(tx, m.memberId, points, 0, m.at);
  changed(tx, m, points, account.balance);
  return { lotId, ...account };
}

/**
 * Spends `points` from the spendable balance (one conditional update), taking the lots that
 * expire first; INSUFFICIENT_POINTS when the balance is smaller. Pending points are not spendable.
 */
export function spend(tx: DbOrTx, m: Move, points: number, type: 'spend' | 'adjust' = 'spend'): { balance: number; taken: { lotId: number; points: number }[] } {
  unlockDueFor(tx, m.memberId, m.at);
  const account = takeFromBalance(tx, m.memberId, points, m.at);
  if (!account) {
    const have = findAccount(tx, m.memberId)?.balance ?? 0;
    throw new AppError('INSUFFICIENT_POINTS', { message: `點數不足：可用 ${Math.max(0, have)} 點，需要 ${points} 點`, messageEn: `Not enough points: ${Math.max(0, have)} available, ${points} needed`, details: { balance: have, needed: points } });
  }
  const taken = allocateFifo(activeLots(tx, m.memberId), points);
  // The invariant says the lots hold the balance; a shortfall means the ledger is broken: roll back.
  if (!taken) throw new Error(`points lots of member ${m.memberId} hold less than the balance`);
  for (const t of taken) {
    if (!takeFromLot(tx, t.lotId, t.points)) throw new Error(`points lot ${t.lotId} changed under a spend`);
    entry(tx, m, type, -t.points, t.lotId);
  }
  changed(tx, m, -points, account.balance);
  return { balance: account.balance, taken };
}

/**
 * Takes back up to `points` a purchase earned: from its own lot first (pending or spendable),
 * then from other lots by expiry, and what is left makes the balance negative.
 */
export function reverse(tx: DbOrTx, m: Move, points: number, lotId: number | null): { balance: number; pending: number } {
  let left = points;
  let dBalance = 0;
  let dPending = 0;
  const lot = lotId === null ? undefined : findLot(tx, lotId);
  if (lot && lot.remaining > 0 && lot.status !== 'expired') {
    const x = Math.min(left, lot.remaining);
    setLotRemaining(tx, lot.id, lot.remaining - x);
    entry(tx, m, 'reverse', -x, lot.id);
    if (lot.status === 'pending') dPending -= x;
    else dBalance -= x;
    left -= x;
  }
  if (left > 0) {
    for (const other of activeLots(tx, m.memberId)) {
      if (left <= 0) break;
      const x = Math.min(left, other.remaining);
      takeFromLot(tx, other.id, x);
      entry(tx, m, 'reverse', -x, other.id);
      dBalance -= x;
      left -= x;
    }
  }
  if (left > 0) {
    entry(tx, m, 'reverse', -left, null);
    dBalance -= left;
  }
  const account = changeAccount(tx, m.memberId, dBalance, dPending, m.at);
  changed(tx, m, dBalance + dPending, account.balance);
  return account;
}

/** Gives points back into the lots they were spent from (a reversed POS redemption); expired lots keep theirs. */
export function restore(tx: DbOrTx, m: Move, taken: { lotId: number; points: number }[]): { balance: number; restored: number } {
  let restored = 0;
  for (const t of taken) {
    const lot = findLot(tx, t.lotId);
    if (!lot || lot.status !== 'active') continue;
    const kept = afterDebt(tx, m.memberId, t.points);
    if (kept > 0) giveToLot(tx, lot.id, kept);
    entry(tx, m, 'reverse', t.points, lot.id);
    changeAccount(tx, m.memberId, t.points, 0, m.at);
    restored += t.points;
  }
  const balance = findAccount(tx, m.memberId)?.balance ?? 0;
  if (restored > 0) changed(tx, m, restored, balance);
  return { balance, restored };
}

/** Makes pending lots whose return window ended spendable (settling a debt first). No entry: the points were entered when earned. */
export function unlockLot(tx: DbOrTx, lot: { id: number; memberId: number; remaining: number }, at: Date): boolean {
  const kept = afterDebt(tx, lot.memberId, lot.remaining);
  if (!activateLot(tx, lot.id, kept)) return false;
  changeAccount(tx, lot.memberId, lot.remaining, -lot.remaining, at);
  return true;
}

/** Unlocks a member's due pending lots now, so a spend never waits for the job. */
export function unlockDueFor(tx: DbOrTx, memberId: number, at: Date): void {
  for (const lot of dueUnlocks(tx, at.getTime(), 100, memberId)) unlockLot(tx, lot, at);
}
