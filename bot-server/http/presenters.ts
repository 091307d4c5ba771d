import type { TMe, TMemberDetail, TMemberSummary, TRoles, TStore } from '../../shared/api/schemas.ts';
import type { MemberRow } from '../members/member.repo.ts';
import type { StoreRow } from '../stores/store.repo.ts';

/** Presenters whitelist what leaves the server. */

function nationalMobile(e164: string | null): string | null {
  if (!e164) return null;
  return e164.startsWith('+886') ? `0${e164.slice(4)}` : e164;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentMe(member: MemberRow, roles: TRoles): TMe {
  return {
    id: member.id,
    displayName: member.displayName,
    pictureUrl: member.pictureUrl,
    name: member.name,
    mobile: nationalMobile(member.mobile),
    birthday: member.birthday,
    isRegistered: member.registeredAt !== null,
    registeredAt: iso(member.registeredAt),
    isMobileVerified: member.mobile !== null && member.mobileVerifiedAt !== null,
    marketingOptIn: member.marketingOptIn !== false,
    roles,
  };
}

export function presentMemberSummary(member: MemberRow): TMemberSummary {
  return {
    id: member.id,
    displayName: member.displayName,
    pictureUrl: member.pictureUrl,
    name: member.name,
    mobile: nationalMobile(member.mobile),
    isRegistered: member.registeredAt !== null,
    status: member.status,
    isFollowing: member.isFollowing,
    createdAt: member.createdAt.toISOString(),
  };
}

export function presentMemberDetail(member: MemberRow, roles: TRoles): TMemberDetail {
  return {
    ...presentMemberSummary(member),
    lineUserId: member.lineUserId,
    birthday: member.birthday,
    registeredAt: iso(member.registeredAt),
    consentAt: iso(member.consentAt),
    followedAt: iso(member.followedAt),
    unfollowedAt: iso(member.unfollowedAt),
    roles,
  };
}

export function presentStore(store: StoreRow): TStore {
  return {
    id: store.id,
    code: store.code,
    name: store.name,
    nameEn: store.nameEn,
    address: store.address,
    phone: store.phone,
    openingHours: store.openingHours,
    isActive: store.isActive,
  };
}

