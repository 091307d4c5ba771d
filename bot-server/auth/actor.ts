/**
 * Who is calling. Services receive an Actor and ask the policies module what it may do;
 * identity only ever comes from a verified token or API key, never from the request body.
 */
export type Actor =
  | {
      kind: 'member';
      memberId: number;
      lineUserId: string;
      isRegistered: boolean;
      isAdmin: boolean;
      /** Stores where this member is staff. */
      staffStoreIds: number[];
    }
  | { kind: 'apiKey'; keyId: number; name: string; scopes: string[]; storeIds: number[] | null }
  | { kind: 'system'; label: 'cli' | 'env' | 'worker' };

export type MemberActor = Extract<Actor, { kind: 'member' }>;

/** An actor as ledgers and events record it: its kind and id (member id, API key id, or the system's label). */
export interface ActorRef {
  kind: Actor['kind'];
  id: string | null;
}

export function actorRef(actor: Actor): ActorRef {
  if (actor.kind === 'member') return { kind: 'member', id: String(actor.memberId) };
  if (actor.kind === 'apiKey') return { kind: 'apiKey', id: String(actor.keyId) };
  return { kind: 'system', id: actor.label };
}
