import { z } from 'zod';
import * as G from './campaigns.ts';
import * as C from './coupons.ts';
import * as N from './notifications.ts';
import * as S from './schemas.ts';

export interface RouteDef<I extends z.ZodType | undefined = z.ZodType | undefined, O extends z.ZodType = z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Express-style path; `:name` segments are filled from `params`. */
  path: string;
  /** Body schema (or query schema for GET). */
  input: I;
  output: O;
}

function route<I extends z.ZodType | undefined, O extends z.ZodType>(def: RouteDef<I, O>): RouteDef<I, O> {
  return def;
}

/** One contract for the member/staff/console API: the server validates with it, the LIFF app infers its types from it. */
export const api = {
  getConfig: route({ method: 'GET', path: '/api/config', input: undefined, output: S.ZPublicConfig }),
  createSession: route({ method: 'POST', path: '/api/session', input: S.ZCreateSessionRequest, output: S.ZCreateSessionResponse }),
  deleteSession: route({ method: 'DELETE', path: '/api/session', input: undefined, output: S.ZOk }),
  getMe: route({ method: 'GET', path: '/api/me', input: undefined, output: S.ZMe }),
  register: route({ method: 'POST', path: '/api/me/registration', input: S.ZRegisterRequest, output: S.ZMe }),
  updateProfile: route({ method: 'PATCH', path: '/api/me', input: S.ZUpdateProfileRequest, output: S.ZMe }),
  listStores: route({ method: 'GET', path: '/api/stores', input: undefined, output: S.ZStoreList }),

  consoleListStores: route({ method: 'GET', path: '/api/console/stores', input: undefined, output: S.ZStoreList }),
  consoleCreateStore: route({ method: 'POST', path: '/api/console/stores', input: S.ZStoreInput, output: S.ZStore }),
  consoleUpdateStore: route({ method: 'PATCH', path: '/api/console/stores/:id', input: S.ZStoreUpdate, output: S.ZStore }),
  consoleSearchMembers: route({ method: 'GET', path: '/api/console/members', input: S.ZMemberSearchQuery, output: S.ZMemberPage }),
  consoleGetMember: route({ method: 'GET', path: '/api/console/members/:id', input: undefined, output: S.ZMemberDetail }),
  consoleSetRoles: route({ method: 'PUT', path: '/api/console/members/:id/roles', input: S.ZSetRolesRequest, output: S.ZMemberDetail }),
  consoleListStaff: route({ method: 'GET', path: '/api/console/staff', input: undefined, output: S.ZStaffList }),
  consoleAuditLog: route({ method: 'GET', path: '/api/console/audit', input: S.ZAuditQuery, output: S.ZAuditPage }),

  consoleListTemplates: route({ method: 'GET', path: '/api/console/notification-templates', input: undefined, output: N.ZTemplateList }),
  consoleSaveTemplate: route({ method: 'PUT', path: '/api/console/notification-templates/:kind', input: N.ZTemplateInput, output: N.ZTemplateView }),
  consoleResetTemplate: route({ method: 'DELETE', path: '/api/console/notification-templates/:kind', input: undefined, output: N.ZTemplateView }),
  consolePreviewTemplate: route({ method: 'POST', path: '/api/console/notification-templates/:kind/preview', input: N.ZPreviewRequest, output: N.ZPreviewResponse }),
  consoleTestSend: route({ method: 'POST', path: '/api/console/notification-templates/:kind/test', input: N.ZTestSendRequest, output: N.ZNotificationStatus }),
  consoleDeliveries: route({ method: 'GET', path: '/api/console/deliveries', input: N.ZDeliveryQuery, output: N.ZDeliveryPage }),
  consoleListApiKeys: route({ method: 'GET', path: '/api/console/api-keys', input: undefined, output: N.ZApiKeyList }),
  consoleCreateApiKey: route({ method: 'POST', path: '/api/console/api-keys', input: N.ZCreateApiKeyRequest, output: N.ZCreateApiKeyResponse }),
  consoleRevokeApiKey: route({ method: 'POST', path: '/api/console/api-keys/:id/revoke', input: undefined, output: N.ZApiKeyView }),

  walletList: route({ method: 'GET', path: '/api/wallet', input: C.ZWalletQuery, output: C.ZWallet }),
  walletCoupon: route({ method: 'GET', path: '/api/wallet/:id', input: undefined, output: C.ZCouponView }),
  walletQr: route({ method: 'GET', path: '/api/wallet/:id/qr', input: undefined, output: C.ZQrToken }),

  /** Send an `Idempotency-Key` header with redemptions so a double tap redeems once. */
  staffValidate: route({ method: 'POST', path: '/api/staff/validations', input: C.ZValidateRequest, output: C.ZValidation }),
  staffRedeem: route({ method: 'POST', path: '/api/staff/redemptions', input: C.ZRedeemRequest, output: C.ZRedemptionView }),
  staffRedemptions: route({ method: 'GET', path: '/api/staff/redemptions', input: C.ZStaffRedemptionsQuery, output: C.ZRedemptionList }),
  staffUndo: route({ method: 'POST', path: '/api/staff/redemptions/:id/undo', input: undefined, output: C.ZRedemptionView }),

  consoleCouponTemplates: route({ method: 'GET', path: '/api/console/coupon-templates', input: undefined, output: z.object({ items: z.array(C.ZCouponTemplateView) }) }),
  consoleCreateCouponTemplate: route({ method: 'POST', path: '/api/console/coupon-templates', input: C.ZCouponTemplateInput, output: C.ZCouponTemplateView }),
  consoleGetCouponTemplate: route({ method: 'GET', path: '/api/console/coupon-templates/:id', input: undefined, output: C.ZCouponTemplateView }),
  consoleUpdateCouponTemplate: route({ method: 'PUT', path: '/api/console/coupon-templates/:id', input: C.ZCouponTemplateInput, output: C.ZCouponTemplateView }),
  consoleArchiveCouponTemplate: route({ method: 'POST', path: '/api/console/coupon-templates/:id/archive', input: undefined, output: C.ZCouponTemplateView }),
  /** CSV of a template's issued codes: GET /api/console/coupon-templates/:id/codes.csv. Import: POST text/csv to /api/console/coupon-templates/:id/codes. */
  consoleImportCodes: route({ method: 'POST', path: '/api/console/coupon-templates/:id/codes', input: undefined, output: C.ZImportCodesResponse }),
  consoleCoupons: route({ method: 'GET', path: '/api/console/coupons', input: C.ZConsoleCouponQuery, output: C.ZConsoleCouponPage }),
  consoleIssueCoupon: route({ method: 'POST', path: '/api/console/coupons/issue', input: C.ZIssueCouponRequest, output: C.ZConsoleCoupon }),
  consoleVoidCoupon: route({ method: 'POST', path: '/api/console/coupons/:id/void', input: C.ZVoidCouponRequest, output: C.ZCouponView }),

  claimCentre: route({ method: 'GET', path: '/api/claims', input: undefined, output: G.ZClaimCentre }),
  claimCampaign: route({ method: 'POST', path: '/api/claims/:id', input: undefined, output: G.ZClaimResult }),
  redeemCode: route({ method: 'POST', path: '/api/claims/code', input: G.ZRedeemCodeRequest, output: G.ZClaimResult }),

  consoleBundles: route({ method: 'GET', path: '/api/console/bundles', input: undefined, output: z.object({ items: z.array(G.ZBundleView) }) }),
  consoleCreateBundle: route({ method: 'POST', path: '/api/console/bundles', input: G.ZBundleInput, output: G.ZBundleView }),
  consoleCampaigns: route({ method: 'GET', path: '/api/console/campaigns', input: undefined, output: z.object({ items: z.array(G.ZCampaignView) }) }),
  consoleCreateCampaign: route({ method: 'POST', path: '/api/console/campaigns', input: G.ZCampaignInput, output: G.ZCampaignView }),
  consoleArchiveCampaign: route({ method: 'POST', path: '/api/console/campaigns/:id/archive', input: undefined, output: G.ZCampaignView }),
  /** Single-use codes as CSV: GET /api/console/campaigns/:id/codes.csv */
  consoleCampaignReport: route({ method: 'GET', path: '/api/console/campaigns/:id/report', input: undefined, output: G.ZCampaignReport }),
  consoleAutoIssue: route({ method: 'GET', path: '/api/console/auto-issue', input: undefined, output: G.ZAutoIssueView }),
  consoleSetAutoIssue: route({ method: 'PUT', path: '/api/console/auto-issue', input: G.ZAutoIssueInput, output: G.ZAutoIssueView }),
  consoleBulkJobs: route({ method: 'GET', path: '/api/console/bulk-jobs', input: undefined, output: z.object({ items: z.array(G.ZBulkJobView) }) }),
  consoleCreateBulkJob: route({ method: 'POST', path: '/api/console/bulk-jobs', input: G.ZBulkJobInput, output: G.ZBulkJobView }),
  consoleBulkJob: route({ method: 'GET', path: '/api/console/bulk-jobs/:id', input: undefined, output: G.ZBulkJobView }),
  /** Result per member as CSV: GET /api/console/bulk-jobs/:id/result.csv */
  consoleCancelBulkJob: route({ method: 'POST', path: '/api/console/bulk-jobs/:id/cancel', input: undefined, output: G.ZBulkJobView }),
} as const;

export type Api = typeof api;
export type RouteName = keyof Api;
export type RouteInput<N extends RouteName> = Api[N]['input'] extends z.ZodType ? z.input<Api[N]['input']> : undefined;
export type RouteOutput<N extends RouteName> = z.output<Api[N]['output']>;

/** Fills `:name` segments, encoding each value. */
export function buildPath(path: string, params: Record<string, string | number> = {}): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
}
