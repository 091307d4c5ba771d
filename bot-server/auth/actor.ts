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
