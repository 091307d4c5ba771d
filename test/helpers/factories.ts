import type { TCampaignInput } from '../../shared/api/campaigns.ts';
import type { TCouponTemplateInput } from '../../shared/api/coupons.ts';
import type { TCreateApiKeyRequest } from '../../shared/api/notifications.ts';
import type { TStoreInput } from '../../shared/api/schemas.ts';
import type { RouteName } from '../../shared/api/routes.ts';
import type { CallResult } from './client.ts';
import { updateMember } from '../../bot-server/members/member.repo.ts';
import { templateInput } from './coupons.ts';
import { followingMember, registerMember, signInAs, signInNewUser, uniqueMobile } from './members.ts';
import type { TestServer } from './server.ts';

/**
 * Test factories: each makes what a test needs through the real flows (sandbox sign-in, the
 * console API) and returns the ids and credentials, so tests need neither hard-coded paths nor
 * the demo seed's user ids. `auth` is the headers to pass as `headers`.
 */

export type Auth = Record<string, string>;

let counter = 0;
const next = () => (counter += 1);

function ok<N extends RouteName>(res: CallResult<N>, what: string, status = [200, 201]): CallResult<N>['body'] {
  if (!status.includes(res.status)) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export interface MemberFixture {
  userId: string;
  memberId: number;
  auth: Auth;
  token: string;
  name: string;
  /** The mobile number registered, as typed (0912345678). */
  mobile: string;
}

/**
 * A signed-in, registered member (optionally following the account, so pushes reach them).
 * `mobileVerified` sets or clears mobile_verified_at directly (as if the SMS code was confirmed, or not).
 */
export async function makeMember(server: TestServer, options: { name?: string; mobile?: string; birthday?: string; displayName?: string; following?: boolean; mobileVerified?: boolean } = {}): Promise<MemberFixture> {
  const displayName = options.displayName ?? `Member ${next()}`;
  const user = options.following ? await signInAs(server, (await followingMember(server, displayName)).userId) : await signInNewUser(server, displayName);
  const mobile = options.mobile ?? uniqueMobile();
  const name = options.name ?? '測試會員';
  const me = (await registerMember(server, user.auth, { name, mobile, ...(options.birthday ? { birthday: options.birthday } : {}) })) as { id: number };
  if (options.mobileVerified !== undefined) updateMember(server.db.db, me.id, { mobileVerifiedAt: options.mobileVerified ? new Date() : null });
  return { userId: user.userId, memberId: me.id, auth: user.auth, token: user.token, name, mobile };
}

/** A signed-in LINE user who has not registered. */
export async function makeUnregistered(server: TestServer, displayName = `Visitor ${next()}`): Promise<{ userId: string; auth: Auth; token: string }> {
  return signInNewUser(server, displayName);
}

/** A brand admin: a registered member granted admin as `npm run admin -- grant` does. */
export async function makeAdmin(server: TestServer, options: { name?: string } = {}): Promise<MemberFixture> {
  const member = await makeMember(server, { name: options.name ?? '測試管理員', displayName: `Admin ${next()}` });
  server.services.roles.grantAdminFromCli(member.userId, true);
  return member;
}

/** A store, created in the console. */
export async function makeStore(server: TestServer, admin: Auth, overrides: Partial<TStoreInput> = {}): Promise<{ id: number; code: string; name: string }> {
  const n = next();
  const res = await server.client.call('consoleCreateStore', { headers: admin, body: { code: `T${n}${Date.now() % 100_000}`, name: `測試店 ${n}`, ...overrides } });
  return ok(res, 'store');
}

/** A member who works as staff at the given stores (a new store when none is given). */
export async function makeStaff(server: TestServer, admin: Auth, storeIds?: number[]): Promise<MemberFixture & { storeIds: number[] }> {
  const stores = storeIds ?? [(await makeStore(server, admin)).id];
  const member = await makeMember(server, { name: '測試店員', displayName: `Staff ${next()}` });
  ok(await server.client.call('consoleSetRoles', { headers: admin, params: { id: member.memberId }, body: { isAdmin: false, staffStoreIds: stores } }), 'staff roles');
  return { ...member, storeIds: stores };
}

/** A coupon template (NT$100 off, 30 days, unless overridden). */
export async function makeTemplate(server: TestServer, admin: Auth, overrides: Partial<TCouponTemplateInput> = {}) {
  return ok(await server.client.call('consoleCreateCouponTemplate', { headers: admin, body: templateInput(overrides) }), 'template');
}

/** A coupon of a template, issued to a member by mobile number in the console. */
export async function issueCoupon(server: TestServer, admin: Auth, templateId: number, mobile: string) {
  return ok(await server.client.call('consoleIssueCoupon', { headers: admin, body: { templateId, mobile } }), 'issue');
}

/** A claim campaign open now for a week, offering `templateId` (or what `overrides` say). */
export async function makeCampaign(server: TestServer, admin: Auth, overrides: Partial<TCampaignInput> & { templateId?: number | null } = {}) {
  const now = Date.now();
  const body: TCampaignInput = { name: `測試活動 ${next()}`, mode: 'claim', startsAt: new Date(now - 60_000).toISOString(), endsAt: new Date(now + 7 * 86_400_000).toISOString(), ...overrides };
  if (body.templateId == null && body.bundleId == null) body.templateId = (await makeTemplate(server, admin)).id;
  return ok(await server.client.call('consoleCreateCampaign', { headers: admin, body }), 'campaign');
}

/** An API key with scopes (and stores), created in the console; `auth` is its bearer header. */
export async function makeApiKey(server: TestServer, admin: Auth, options: Partial<TCreateApiKeyRequest> = {}): Promise<{ key: string; id: number; auth: Auth }> {
  const res = await server.client.call('consoleCreateApiKey', { headers: admin, body: { name: `測試金鑰 ${next()}`, scopes: ['pos', 'partner'], ...options } });
  const body = ok(res, 'api key');
  return { key: body.key, id: body.apiKey.id, auth: { authorization: `Bearer ${body.key}` } };
}
