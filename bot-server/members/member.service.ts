import type { Db } from '../db/client.ts';
import type { LineProfile } from '../line/line-client.ts';
import { findMemberByLineUserId, insertMember, updateMember, type MemberRow } from './member.repo.ts';

export class MemberService {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  findByLineUserId(lineUserId: string): MemberRow | undefined {
    return findMemberByLineUserId(this.db, lineUserId);
  }

  /**
   * A follow (or unblock) creates the member or brings them back to active, refreshing the
   * LINE profile; their registration and history are kept across a block/unblock.
   */
  recordFollow(lineUserId: string, profile: LineProfile | null, at = new Date()): { member: MemberRow; isNew: boolean } {
    return this.db.transaction((tx) => {
      const existing = findMemberByLineUserId(tx, lineUserId);
      const profilePatch = profile
        ? { displayName: profile.displayName, pictureUrl: profile.pictureUrl ?? null, language: profile.language ?? null }
        : {};
      if (existing) {
        const member = updateMember(tx, existing.id, { ...profilePatch, status: 'active', isFollowing: true, followedAt: at });
        return { member, isNew: false };
      }
      const member = insertMember(tx, { lineUserId, ...profilePatch, status: 'active', isFollowing: true, followedAt: at });
      return { member, isNew: true };
    });
  }

  /** An unfollow is a block in LINE: the member stays, marked blocked, and gets no pushes. */
  recordUnfollow(lineUserId: string, at = new Date()): MemberRow | undefined {
    const existing = findMemberByLineUserId(this.db, lineUserId);
    if (!existing) return undefined;
    return updateMember(this.db, existing.id, { status: 'blocked', isFollowing: false, unfollowedAt: at });
  }
}
