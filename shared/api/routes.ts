import { z } from 'zod';
import * as G from './campaigns.ts';
import * as J from './jobs.ts';
import * as C from './coupons.ts';
import * as N from './notifications.ts';
import * as S from './schemas.ts';
import * as MV from './mobiles.ts';
import * as RF from './referrals.ts';
import * as T from './transfers.ts';
import * as M from './member-card.ts';
import * as CR from './coupon-reminders.ts';
import * as P from './points.ts';
import * as B from './bulk.ts';
import * as I from './insights.ts';
import * as MI from './missions.ts';
import * as TI from './tiers.ts';
import * as MA from './mall.ts';
import * as RM from './richmenus.ts';

/**
 * Who may call a route, decided by the route binding before any input is read or validated
 * (no or bad credentials → 401, wrong kind of caller → 403, then 400 for bad input):
 * - `public`: anyone;
 * - `member`: a signed-in LINE user, registered or not;
 * - `registered`: a member who completed registration;
 * - `staff`: store staff (any store) or an admin; the store itself is checked by the service
 *   once the request names it;
 * - `admin`: a brand admin (the console);
 * - `pos` / `partner`: an API key with that scope.
 */
export type RouteAccess = 'public' | 'member' | 'registered' | 'staff' | 'admin' | 'pos' | 'partner';

export interface RouteDef<I extends z.ZodType | undefined = z.ZodType | undefined, O extends z.ZodType = z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Express-style path; `:name` segments are filled from `params`. */
  path: string;
  access: RouteAccess;
  /** Body schema (or query schema for GET). */
  input: I;
  output: O;
  /** What the body is when there is one: JSON (default) or a CSV upload. */
  body?: 'json' | 'csv';
  /** What the route answers: JSON (default) or a CSV download. */
  produces?: 'json' | 'csv';
  /** The route reads an `Idempotency-Key` header (a replay with the same key answers the first result). */
  idempotent?: boolean;
}

function route<I extends z.ZodType | undefined, O extends z.ZodType>(def: RouteDef<I, O>): RouteDef<I, O> {
  return def;
}

const ZCsv = z.string();

/** One contract for the member/staff/console API: the server validates with it, the LIFF app infers its types from it. */
export const api = {
  getConfig: route({ method: 'GET', path: '/api/config', access: 'public', input: undefined, output: S.ZPublicConfig }),
  createSession: route({ method: 'POST', path: '/api/session', access: 'public', input: S.ZCreateSessionRequest, output: S.ZCreateSessionResponse }),
  deleteSession: route({ method: 'DELETE', path: '/api/session', access: 'public', input: undefined, output: S.ZOk }),
  getMe: route({ method: 'GET', path: '/api/me', access: 'member', input: undefined, output: S.ZMe }),
  register: route({ method: 'POST', path: '/api/me/registration', access: 'member', input: S.ZRegisterRequest, output: S.ZMe }),
  updateProfile: route({ method: 'PATCH', path: '/api/me', access: 'member', input: S.ZUpdateProfileRequest, output: S.ZMe }),
  listStores: route({ method: 'GET', path: '/api/stores', access: 'member', input: undefined, output: S.ZStoreList }),

  consoleListStores: route({ method: 'GET', path: '/api/console/stores', access: 'admin', input: undefined, output: S.ZStoreList }),
  consoleCreateStore: route({ method: 'POST', path: '/api/console/stores', access: 'admin', input: S.ZStoreInput, output: S.ZStore }),
  consoleUpdateStore: route({ method: 'PATCH', path: '/api/console/stores/:id', access: 'admin', input: S.ZStoreUpdate, output: S.ZStore }),
  consoleSearchMembers: route({ method: 'GET', path: '/api/console/members', access: 'admin', input: S.ZMemberSearchQuery, output: S.ZMemberPage }),
  consoleGetMember: route({ method: 'GET', path: '/api/console/members/:id', access: 'admin', input: undefined, output: S.ZMemberDetail }),
  consoleSetRoles: route({ method: 'PUT', path: '/api/console/members/:id/roles', access: 'admin', input: S.ZSetRolesRequest, output: S.ZMemberDetail }),
  consoleListStaff: route({ method: 'GET', path: '/api/console/staff', access: 'admin', input: undefined, output: S.ZStaffList }),
  consoleAuditLog: route({ method: 'GET', path: '/api/console/audit', access: 'admin', input: S.ZAuditQuery, output: S.ZAuditPage }),

  consoleListTemplates: route({ method: 'GET', path: '/api/console/notification-templates', access: 'admin', input: undefined, output: N.ZTemplateList }),
  consoleSaveTemplate: route({ method: 'PUT', path: '/api/console/notification-templates/:kind', access: 'admin', input: N.ZTemplateInput, output: N.ZTemplateView }),
  consoleResetTemplate: route({ method: 'DELETE', path: '/api/console/notification-templates/:kind', access: 'admin', input: undefined, output: N.ZTemplateView }),
  consolePreviewTemplate: route({ method: 'POST', path: '/api/console/notification-templates/:kind/preview', access: 'admin', input: N.ZPreviewRequest, output: N.ZPreviewResponse }),
  consoleTestSend: route({ method: 'POST', path: '/api/console/notification-templates/:kind/test', access: 'admin', input: N.ZTestSendRequest, output: N.ZNotificationStatus }),
  consoleDeliveries: route({ method: 'GET', path: '/api/console/deliveries', access: 'admin', input: N.ZDeliveryQuery, output: N.ZDeliveryPage }),
  consoleListApiKeys: route({ method: 'GET', path: '/api/console/api-keys', access: 'admin', input: undefined, output: N.ZApiKeyList }),
  consoleCreateApiKey: route({ method: 'POST', path: '/api/console/api-keys', access: 'admin', input: N.ZCreateApiKeyRequest, output: N.ZCreateApiKeyResponse }),
  consoleRevokeApiKey: route({ method: 'POST', path: '/api/console/api-keys/:id/revoke', access: 'admin', input: undefined, output: N.ZApiKeyView }),

  walletList: route({ method: 'GET', path: '/api/wallet', access: 'registered', input: C.ZWalletQuery, output: C.ZWallet }),
  walletCoupon: route({ method: 'GET', path: '/api/wallet/:id', access: 'registered', input: undefined, output: C.ZCouponView }),
  walletQr: route({ method: 'GET', path: '/api/wallet/:id/qr', access: 'registered', input: undefined, output: C.ZQrToken }),

  /** Send an `Idempotency-Key` header with redemptions so a double tap redeems once. */
  staffValidate: route({ method: 'POST', path: '/api/staff/validations', access: 'staff', input: C.ZValidateRequest, output: C.ZValidation }),
  staffRedeem: route({ method: 'POST', path: '/api/staff/redemptions', access: 'staff', input: C.ZRedeemRequest, output: C.ZRedemptionView, idempotent: true }),
  staffRedemptions: route({ method: 'GET', path: '/api/staff/redemptions', access: 'staff', input: C.ZStaffRedemptionsQuery, output: C.ZRedemptionList }),
  staffUndo: route({ method: 'POST', path: '/api/staff/redemptions/:id/undo', access: 'staff', input: undefined, output: C.ZRedemptionView }),

  consoleCouponTemplates: route({ method: 'GET', path: '/api/console/coupon-templates', access: 'admin', input: undefined, output: z.object({ items: z.array(C.ZCouponTemplateView) }) }),
  consoleCreateCouponTemplate: route({ method: 'POST', path: '/api/console/coupon-templates', access: 'admin', input: C.ZCouponTemplateInput, output: C.ZCouponTemplateView }),
  consoleGetCouponTemplate: route({ method: 'GET', path: '/api/console/coupon-templates/:id', access: 'admin', input: undefined, output: C.ZCouponTemplateView }),
  consoleUpdateCouponTemplate: route({ method: 'PUT', path: '/api/console/coupon-templates/:id', access: 'admin', input: C.ZCouponTemplateInput, output: C.ZCouponTemplateView }),
  consoleArchiveCouponTemplate: route({ method: 'POST', path: '/api/console/coupon-templates/:id/archive', access: 'admin', input: undefined, output: C.ZCouponTemplateView }),
  /** A template's issued codes as CSV. */
  consoleExportCodes: route({ method: 'GET', path: '/api/console/coupon-templates/:id/codes.csv', access: 'admin', input: undefined, output: ZCsv, produces: 'csv' }),
  /** Imports partner codes: the body is text/csv, one code per line. */
  consoleImportCodes: route({ method: 'POST', path: '/api/console/coupon-templates/:id/codes', access: 'admin', input: undefined, output: C.ZImportCodesResponse, body: 'csv' }),
  consoleCoupons: route({ method: 'GET', path: '/api/console/coupons', access: 'admin', input: C.ZConsoleCouponQuery, output: C.ZConsoleCouponPage }),
  consoleIssueCoupon: route({ method: 'POST', path: '/api/console/coupons/issue', access: 'admin', input: C.ZIssueCouponRequest, output: C.ZConsoleCoupon }),
  consoleVoidCoupon: route({ method: 'POST', path: '/api/console/coupons/:id/void', access: 'admin', input: C.ZVoidCouponRequest, output: C.ZCouponView }),

  claimCentre: route({ method: 'GET', path: '/api/claims', access: 'registered', input: undefined, output: G.ZClaimCentre }),
  claimCampaign: route({ method: 'POST', path: '/api/claims/:id', access: 'registered', input: undefined, output: G.ZClaimResult }),
  redeemCode: route({ method: 'POST', path: '/api/claims/code', access: 'registered', input: G.ZRedeemCodeRequest, output: G.ZClaimResult }),

  consoleBundles: route({ method: 'GET', path: '/api/console/bundles', access: 'admin', input: undefined, output: z.object({ items: z.array(G.ZBundleView) }) }),
  consoleCreateBundle: route({ method: 'POST', path: '/api/console/bundles', access: 'admin', input: G.ZBundleInput, output: G.ZBundleView }),
  consoleCampaigns: route({ method: 'GET', path: '/api/console/campaigns', access: 'admin', input: undefined, output: z.object({ items: z.array(G.ZCampaignView) }) }),
  consoleCreateCampaign: route({ method: 'POST', path: '/api/console/campaigns', access: 'admin', input: G.ZCampaignInput, output: G.ZCampaignView }),
  consoleArchiveCampaign: route({ method: 'POST', path: '/api/console/campaigns/:id/archive', access: 'admin', input: undefined, output: G.ZCampaignView }),
  /** A campaign's single-use codes as CSV. */
  consoleCampaignCodes: route({ method: 'GET', path: '/api/console/campaigns/:id/codes.csv', access: 'admin', input: undefined, output: ZCsv, produces: 'csv' }),
  consoleCampaignReport: route({ method: 'GET', path: '/api/console/campaigns/:id/report', access: 'admin', input: undefined, output: G.ZCampaignReport }),
  consoleAutoIssue: route({ method: 'GET', path: '/api/console/auto-issue', access: 'admin', input: undefined, output: G.ZAutoIssueView }),
  consoleSetAutoIssue: route({ method: 'PUT', path: '/api/console/auto-issue', access: 'admin', input: G.ZAutoIssueInput, output: G.ZAutoIssueView }),
  consoleBulkJobs: route({ method: 'GET', path: '/api/console/bulk-jobs', access: 'admin', input: undefined, output: z.object({ items: z.array(G.ZBulkJobView) }) }),
  consoleCreateBulkJob: route({ method: 'POST', path: '/api/console/bulk-jobs', access: 'admin', input: G.ZBulkJobInput, output: G.ZBulkJobView }),
  consoleBulkJob: route({ method: 'GET', path: '/api/console/bulk-jobs/:id', access: 'admin', input: undefined, output: G.ZBulkJobView }),
  /** A bulk job's result per member as CSV. */
  consoleBulkJobResult: route({ method: 'GET', path: '/api/console/bulk-jobs/:id/result.csv', access: 'admin', input: undefined, output: ZCsv, produces: 'csv' }),
  consoleCancelBulkJob: route({ method: 'POST', path: '/api/console/bulk-jobs/:id/cancel', access: 'admin', input: undefined, output: G.ZBulkJobView }),
  /** The job runner: schedules (next run, last run) and recent jobs (status, lease holder, result). */
  consoleJobs: route({ method: 'GET', path: '/api/console/jobs', access: 'admin', input: undefined, output: J.ZJobsOverview }),

  // ── gifts (好友轉贈, bot-server/transfers) ──
  /** Gives a coupon to a friend by mobile number; the answer is the same whether or not the number is a member's. */
  giftSend: route({ method: 'POST', path: '/api/gifts', access: 'registered', input: T.ZSendGiftRequest, output: T.ZSendGiftResponse, idempotent: true }),
  giftList: route({ method: 'GET', path: '/api/gifts', access: 'registered', input: T.ZGiftListQuery, output: T.ZGiftList }),
  giftAccept: route({ method: 'POST', path: '/api/gifts/:id/accept', access: 'registered', input: undefined, output: T.ZGiftView }),
  giftDecline: route({ method: 'POST', path: '/api/gifts/:id/decline', access: 'registered', input: undefined, output: T.ZGiftView }),
  giftCancel: route({ method: 'POST', path: '/api/gifts/:id/cancel', access: 'registered', input: undefined, output: T.ZGiftView }),
  consoleGiftSettings: route({ method: 'GET', path: '/api/console/gifts/settings', access: 'admin', input: undefined, output: T.ZGiftSettings }),
  consoleSaveGiftSettings: route({ method: 'PUT', path: '/api/console/gifts/settings', access: 'admin', input: T.ZGiftSettings, output: T.ZGiftSettings }),
  consoleGifts: route({ method: 'GET', path: '/api/console/gifts', access: 'admin', input: T.ZConsoleGiftQuery, output: T.ZConsoleGiftPage }),

  // ── console insights: dashboard, member 360°, bulk preview and schedules (bot-server/reporting, campaigns/bulk-issue.ts) ──
  /** Today / 7 / 30 brand-local days: members joined, coupons issued and redeemed, claims, notifications; campaigns ending soon. */
  consoleOverview: route({ method: 'GET', path: '/api/console/overview', access: 'admin', input: I.ZOverviewQuery, output: I.ZOverview }),
  /** One member's wallet, redemptions, claims, notifications and audit entries. */
  consoleMember360: route({ method: 'GET', path: '/api/console/members/:id/360', access: 'admin', input: I.ZOverviewQuery, output: I.ZMember360 }),
  /** What a bulk job would do: audience count and sample, messages and their share of the monthly quota. Writes nothing. */
  consolePreviewBulkJob: route({ method: 'POST', path: '/api/console/bulk-jobs/preview', access: 'admin', input: B.ZBulkPreviewRequest, output: B.ZBulkPreview }),
  consoleBulkSchedules: route({ method: 'GET', path: '/api/console/bulk-schedules', access: 'admin', input: undefined, output: B.ZBulkScheduleList }),
  consoleCreateBulkSchedule: route({ method: 'POST', path: '/api/console/bulk-schedules', access: 'admin', input: B.ZBulkScheduleInput, output: B.ZBulkScheduleView }),
  consoleCancelBulkSchedule: route({ method: 'POST', path: '/api/console/bulk-schedules/:id/cancel', access: 'admin', input: undefined, output: B.ZBulkScheduleView }),

  // ── POS and partner API (API keys; documented in /api/partner/openapi.json) ──
  partnerOpenApi: route({ method: 'GET', path: '/api/partner/openapi.json', access: 'public', input: undefined, output: z.record(z.string(), z.unknown()) }),
  /** The OpenAPI document of the whole API (member, staff, console, POS, partner), generated from this contract. */
  apiOpenApi: route({ method: 'GET', path: '/api/openapi.json', access: 'public', input: undefined, output: z.record(z.string(), z.unknown()) }),
  posValidate: route({ method: 'POST', path: '/api/pos/validations', access: 'pos', input: C.ZValidateRequest, output: C.ZValidation }),
  posRedeem: route({ method: 'POST', path: '/api/pos/redemptions', access: 'pos', input: C.ZRedeemRequest, output: C.ZRedemptionView, idempotent: true }),
  posVoidRedemption: route({ method: 'POST', path: '/api/pos/redemptions/:id/void', access: 'pos', input: C.ZVoidRedemptionRequest, output: C.ZRedemptionView }),
  partnerNotify: route({ method: 'POST', path: '/api/partner/notifications', access: 'partner', input: N.ZPartnerNotificationRequest, output: N.ZPartnerNotificationAccepted, idempotent: true }),
  partnerNotificationStatus: route({ method: 'GET', path: '/api/partner/notifications/:id', access: 'partner', input: undefined, output: N.ZNotificationStatus }),

  // ── points (ledger, earn rules, POS purchases; bot-server/points) ──
  /** The member's points: spendable balance, pending (return window), the soonest expiry. */
  pointsSummary: route({ method: 'GET', path: '/api/points', access: 'registered', input: undefined, output: P.ZPointsSummary }),
  pointsHistory: route({ method: 'GET', path: '/api/points/history', access: 'registered', input: P.ZPointsHistoryQuery, output: P.ZPointsHistory }),
  /** A sale at the POS: earns points for the member (idempotent on store + order number and on Idempotency-Key). */
  posPurchase: route({ method: 'POST', path: '/api/pos/purchases', access: 'pos', input: P.ZPurchaseRequest, output: P.ZPurchaseView, idempotent: true }),
  /** A whole or partial (by line) return: reverses the points in proportion to what was returned. */
  posRefund: route({ method: 'POST', path: '/api/pos/purchases/:id/refunds', access: 'pos', input: P.ZRefundRequest, output: P.ZRefundView, idempotent: true }),
  /** Points as a discount at the counter; never takes the balance below zero. */
  posRedeemPoints: route({ method: 'POST', path: '/api/pos/points/redemptions', access: 'pos', input: P.ZPointsRedemptionRequest, output: P.ZPointsRedemptionView, idempotent: true }),
  posReversePointsRedemption: route({ method: 'POST', path: '/api/pos/points/redemptions/:id/reverse', access: 'pos', input: P.ZReverseRedemptionRequest, output: P.ZPointsRedemptionView }),
  consolePointsSettings: route({ method: 'GET', path: '/api/console/points/settings', access: 'admin', input: undefined, output: P.ZPointsSettings }),
  consoleSavePointsSettings: route({ method: 'PUT', path: '/api/console/points/settings', access: 'admin', input: P.ZPointsSettings, output: P.ZPointsSettings }),
  /** What a sample basket earns under the given (or saved) rules, line by line. */
  consolePointsCalculate: route({ method: 'POST', path: '/api/console/points/calculate', access: 'admin', input: P.ZCalculateRequest, output: P.ZCalculateResponse }),
  consolePointsReport: route({ method: 'GET', path: '/api/console/points/report', access: 'admin', input: P.ZPointsReportQuery, output: P.ZPointsReport }),
  consoleMemberPoints: route({ method: 'GET', path: '/api/console/members/:id/points', access: 'admin', input: undefined, output: P.ZMemberPoints }),
  consoleAdjustPoints: route({ method: 'POST', path: '/api/console/members/:id/points/adjustments', access: 'admin', input: P.ZAdjustRequest, output: P.ZMemberPoints }),

  // ── member card (會員條碼; bot-server/members/member-card.service.ts) ──
  /** The member's card: a rotating 18-digit code (QR and Code 128), asked for again at `refreshAt`. */
  memberCard: route({ method: 'GET', path: '/api/member-card', access: 'registered', input: undefined, output: M.ZMemberCard }),
  /** The staff scanner reads a member card at a store: the member's name and number. */
  staffMemberCard: route({ method: 'POST', path: '/api/staff/member-cards', access: 'staff', input: M.ZMemberCardLookupRequest, output: M.ZMemberCardLookup }),
  /** A POS reads a member card (current or previous 30-second code) at a store its key may act for. */
  posMemberCard: route({ method: 'POST', path: '/api/pos/member-cards', access: 'pos', input: M.ZMemberCardLookupRequest, output: M.ZMemberCardLookup }),
  /** Coupon expiry reminders: on or off, and how many days before a coupon's last day. */
  consoleCouponReminders: route({ method: 'GET', path: '/api/console/coupon-reminders', access: 'admin', input: undefined, output: CR.ZCouponReminderSettingsView }),
  consoleSaveCouponReminders: route({ method: 'PUT', path: '/api/console/coupon-reminders', access: 'admin', input: CR.ZSaveCouponReminderSettings, output: CR.ZCouponReminderSettingsView }),

  // ── verified mobiles and referrals (bot-server/mobiles, bot-server/referrals) ──
  /** Texts a 6-digit code to the number; the same answer whoever holds it. Limits: 60 s between codes, per number / member / IP. */
  requestMobileCode: route({ method: 'POST', path: '/api/me/mobile/code', access: 'member', input: MV.ZRequestMobileCode, output: MV.ZMobileCodeSent }),
  /** Confirms (or changes to) a number with its code: the number is then the member's, verified. */
  confirmMobile: route({ method: 'POST', path: '/api/me/mobile', access: 'registered', input: MV.ZConfirmMobile, output: S.ZMe }),
  myInvite: route({ method: 'GET', path: '/api/referrals/me', access: 'registered', input: undefined, output: RF.ZMyInvite }),
  /** The invite link was opened by this LINE user: the first link counts. */
  recordInvite: route({ method: 'POST', path: '/api/referrals/visits', access: 'member', input: RF.ZRecordInviteRequest, output: RF.ZRecordInviteResponse }),
  consoleReferralSettings: route({ method: 'GET', path: '/api/console/referrals/settings', access: 'admin', input: undefined, output: RF.ZReferralSettings }),
  consoleSaveReferralSettings: route({ method: 'PUT', path: '/api/console/referrals/settings', access: 'admin', input: RF.ZReferralSettingsInput, output: RF.ZReferralSettings }),
  consoleReferralReport: route({ method: 'GET', path: '/api/console/referrals/report', access: 'admin', input: RF.ZReferralReportQuery, output: RF.ZReferralReport }),
  // ── tiers (會員等級; bot-server/tiers) ──
  /** The member's tier, progress to the next, the next evaluation and what keeps it, every tier's benefits. */
  myTier: route({ method: 'GET', path: '/api/tiers/me', access: 'registered', input: undefined, output: TI.ZMyTier }),
  consoleTiers: route({ method: 'GET', path: '/api/console/tiers', access: 'admin', input: undefined, output: TI.ZConsoleTiers }),
  consoleSaveTiers: route({ method: 'PUT', path: '/api/console/tiers', access: 'admin', input: TI.ZSaveTiersRequest, output: TI.ZConsoleTiers }),
  /** How many members would move up / down if every member were evaluated today (nothing is changed). */
  consoleTierPreview: route({ method: 'GET', path: '/api/console/tiers/preview', access: 'admin', input: undefined, output: TI.ZTierPreview }),
  consoleMemberTier: route({ method: 'GET', path: '/api/console/members/:id/tier', access: 'admin', input: undefined, output: TI.ZMemberTier }),
  /** Manual assignment with a reason (audited). */
  consoleAssignTier: route({ method: 'POST', path: '/api/console/members/:id/tier', access: 'admin', input: TI.ZAssignTierRequest, output: TI.ZMemberTier }),

  // ── missions (闖關; bot-server/missions) ──
  /** The member's missions: open ones (joinable or joined) with each step's progress, and the completed ones with what they earned. */
  myMissions: route({ method: 'GET', path: '/api/missions', access: 'registered', input: undefined, output: MI.ZMemberMissions }),
  joinMission: route({ method: 'POST', path: '/api/missions/:id/join', access: 'registered', input: undefined, output: MI.ZMemberMissions }),
  consoleMissions: route({ method: 'GET', path: '/api/console/missions', access: 'admin', input: undefined, output: MI.ZMissionAdminList }),
  consoleMission: route({ method: 'GET', path: '/api/console/missions/:id', access: 'admin', input: undefined, output: MI.ZMissionAdminView }),
  consoleCreateMission: route({ method: 'POST', path: '/api/console/missions', access: 'admin', input: MI.ZMissionInput, output: MI.ZMissionAdminView }),
  /** Steps and their combination are locked once members have progress (MISSION_STEPS_LOCKED); name, window, reward and policies may change. */
  consoleUpdateMission: route({ method: 'PUT', path: '/api/console/missions/:id', access: 'admin', input: MI.ZMissionInput, output: MI.ZMissionAdminView }),
  /** Joined → each step reached → completed, and the rewards granted, skipped and clawed back. */
  consoleMissionFunnel: route({ method: 'GET', path: '/api/console/missions/:id/funnel', access: 'admin', input: undefined, output: MI.ZMissionFunnel }),

  // ── rich menus (圖文選單; bot-server/richmenus) ──
  /** Sizes, templates with their pixel cells, pages, icons, tiers and LINE's limits, for the designer. */
  consoleRichMenuOptions: route({ method: 'GET', path: '/api/console/richmenus/options', access: 'admin', input: undefined, output: RM.ZRichMenuOptions }),
  /** The live version, every version, schedules and the latest publications. */
  consoleRichMenus: route({ method: 'GET', path: '/api/console/richmenus', access: 'admin', input: undefined, output: RM.ZRichMenuOverview }),
  consoleRichMenuVersion: route({ method: 'GET', path: '/api/console/richmenus/versions/:id', access: 'admin', input: undefined, output: RM.ZRichMenuVersionView }),
  /** Saves a draft (problems are returned in `validation`; a draft with errors is saved but cannot be published). */
  consoleCreateRichMenuVersion: route({ method: 'POST', path: '/api/console/richmenus/versions', access: 'admin', input: RM.ZRichMenuVersionInput, output: RM.ZRichMenuVersionView }),
  /** Drafts only; a published version is frozen (RICH_MENU_VERSION_FROZEN) — copy it instead. */
  consoleUpdateRichMenuVersion: route({ method: 'PUT', path: '/api/console/richmenus/versions/:id', access: 'admin', input: RM.ZRichMenuVersionInput, output: RM.ZRichMenuVersionView }),
  /** A new draft with this version's menus and audiences. */
  consoleCopyRichMenuVersion: route({ method: 'POST', path: '/api/console/richmenus/versions/:id/copy', access: 'admin', input: undefined, output: RM.ZRichMenuVersionView }),
  /** Checks a version without saving it: every LINE limit, with zh-TW and English messages. */
  consoleValidateRichMenuVersion: route({ method: 'POST', path: '/api/console/richmenus/validate', access: 'admin', input: RM.ZRichMenuVersionInput, output: RM.ZRichMenuValidation }),
  /** Renders one menu as publishing would (PNG/JPEG ≤ 1 MB), for the live preview. */
  consoleRenderRichMenu: route({ method: 'POST', path: '/api/console/richmenus/render', access: 'admin', input: RM.ZRichMenuRenderRequest, output: RM.ZRichMenuRender }),
  /** The brand's own image (PNG/JPEG, 800–2500 wide, ≥ 250 high, width/height ≥ 1.45, ≤ 1 MB). */
  consoleUploadRichMenuImage: route({ method: 'POST', path: '/api/console/richmenus/images', access: 'admin', input: RM.ZRichMenuImageUpload, output: RM.ZRichMenuImage }),
  /** Makes the version live now: a first publish, or a rollback to an earlier one. A failed step leaves the live version as it was (the publication says which step). */
  consolePublishRichMenuVersion: route({ method: 'POST', path: '/api/console/richmenus/versions/:id/publish', access: 'admin', input: undefined, output: RM.ZRichMenuPublication }),
  /** The version is live from startsAt until endsAt (brand time), then the version live before it returns. */
  consoleScheduleRichMenuVersion: route({ method: 'POST', path: '/api/console/richmenus/versions/:id/schedules', access: 'admin', input: RM.ZRichMenuScheduleInput, output: RM.ZRichMenuSchedule }),
  consoleCancelRichMenuSchedule: route({ method: 'POST', path: '/api/console/richmenus/schedules/:id/cancel', access: 'admin', input: undefined, output: RM.ZRichMenuSchedule }),

  // ── coupon mall: products, checkout, orders, LINE Pay return (超級票券商城; bot-server/mall) ──
  /** Products on sale to this member (sale window, audience, stock), by category. */
  mallProducts: route({ method: 'GET', path: '/api/mall/products', access: 'registered', input: MA.ZMallProductQuery, output: MA.ZMallProductList }),
  mallProduct: route({ method: 'GET', path: '/api/mall/products/:id', access: 'registered', input: undefined, output: MA.ZMallProductDetail }),
  /** Reserves stock (and holds points) for 15 minutes; answers LINE Pay's paymentUrl, or a paid order when there is nothing to pay. */
  mallCreateOrder: route({ method: 'POST', path: '/api/mall/orders', access: 'registered', input: MA.ZCreateOrderRequest, output: MA.ZCheckoutResponse, idempotent: true }),
  mallMyOrders: route({ method: 'GET', path: '/api/mall/orders', access: 'registered', input: MA.ZMyOrdersQuery, output: MA.ZOrderList }),
  mallOrder: route({ method: 'GET', path: '/api/mall/orders/:id', access: 'registered', input: undefined, output: MA.ZOrderView }),
  /** A new payment attempt for a pending order (the hold is not extended). */
  mallPayOrder: route({ method: 'POST', path: '/api/mall/orders/:id/pay', access: 'registered', input: undefined, output: MA.ZCheckoutResponse }),
  mallCancelOrder: route({ method: 'POST', path: '/api/mall/orders/:id/cancel', access: 'registered', input: undefined, output: MA.ZOrderView }),
  /** LINE Pay's confirmUrl: confirms the payment (never trusting the browser's amount), then redirects to /app/mall/orders/:id. */
  mallLinePayConfirm: route({ method: 'GET', path: '/api/mall/linepay/confirm', access: 'public', input: MA.ZPaymentReturnQuery, output: z.undefined() }),
  /** LINE Pay's cancelUrl: the attempt is cancelled, the order stays pending (pay again) until its hold ends; redirects to the order page. */
  mallLinePayCancel: route({ method: 'GET', path: '/api/mall/linepay/cancel', access: 'public', input: MA.ZPaymentReturnQuery, output: z.undefined() }),
  consoleProducts: route({ method: 'GET', path: '/api/console/mall/products', access: 'admin', input: MA.ZConsoleProductQuery, output: MA.ZConsoleProductList }),
  consoleProduct: route({ method: 'GET', path: '/api/console/mall/products/:id', access: 'admin', input: undefined, output: MA.ZConsoleProduct }),
  /** Creates a product; warnings say e.g. that a paid ticket has an expiry (禮券 rules). */
  consoleCreateProduct: route({ method: 'POST', path: '/api/console/mall/products', access: 'admin', input: MA.ZProductInput, output: MA.ZProductSaved }),
  /** Replaces a product (stock may not go below what is reserved and sold). */
  consoleUpdateProduct: route({ method: 'PUT', path: '/api/console/mall/products/:id', access: 'admin', input: MA.ZProductInput, output: MA.ZProductSaved }),
  consoleOrders: route({ method: 'GET', path: '/api/console/mall/orders', access: 'admin', input: MA.ZConsoleOrderQuery, output: MA.ZConsoleOrderList }),
  consoleOrder: route({ method: 'GET', path: '/api/console/mall/orders/:id', access: 'admin', input: undefined, output: MA.ZConsoleOrderView }),

  // ── mall after-sale: refunds, order status, sales report (購、退票 · 訂單動態; bot-server/mall refund*, fulfilment*, mall-report*) ──
  /** What refunding every refundable ticket would give back now, unit by unit (寄杯: paid − unit value × collected), or why not. */
  mallRefundQuote: route({ method: 'GET', path: '/api/mall/orders/:id/refund-quote', access: 'registered', input: MA.ZMallRefundQuoteQuery, output: MA.ZRefundQuote }),
  /** The buyer refunds unused tickets of their paid order: voided, points back, stock restored; the LINE Pay refund follows (refund_pending → refunded). */
  mallRequestRefund: route({ method: 'POST', path: '/api/mall/orders/:id/refunds', access: 'registered', input: MA.ZRefundRequest, output: MA.ZRefundView, idempotent: true }),
  mallOrderRefunds: route({ method: 'GET', path: '/api/mall/orders/:id/refunds', access: 'registered', input: undefined, output: MA.ZRefundList }),
  /** Ready for pickup / delayed (with the admin's note and the new expected date). */
  mallOrderFulfilment: route({ method: 'GET', path: '/api/mall/orders/:id/fulfilment', access: 'registered', input: undefined, output: MA.ZFulfilmentView }),
  consoleRefundQuote: route({ method: 'GET', path: '/api/console/mall/orders/:id/refund-quote', access: 'admin', input: MA.ZMallRefundQuoteQuery, output: MA.ZRefundQuote }),
  /** An admin refunds on the buyer's behalf (same rules, audited). */
  consoleRefundOrder: route({ method: 'POST', path: '/api/console/mall/orders/:id/refunds', access: 'admin', input: MA.ZRefundRequest, output: MA.ZRefundView, idempotent: true }),
  consoleOrderRefunds: route({ method: 'GET', path: '/api/console/mall/orders/:id/refunds', access: 'admin', input: undefined, output: MA.ZConsoleRefundList }),
  /** Sends a refund the provider step gave up on (`failed`) to LINE Pay again (audited). */
  consoleRetryRefund: route({ method: 'POST', path: '/api/console/mall/refunds/:id/retry', access: 'admin', input: undefined, output: MA.ZConsoleRefundView }),
  consoleOrderFulfilment: route({ method: 'GET', path: '/api/console/mall/orders/:id/fulfilment', access: 'admin', input: undefined, output: MA.ZFulfilmentView }),
  /** Marks a paid pre-order ready for pickup and tells the member (order_ready); audited. */
  consoleMarkOrderReady: route({ method: 'POST', path: '/api/console/mall/orders/:id/ready', access: 'admin', input: MA.ZMarkReadyRequest, output: MA.ZFulfilmentView }),
  /** Marks a paid order delayed by a stock-out with a note and a new expected date, and tells the member (order_delayed); audited. */
  consoleMarkOrderDelayed: route({ method: 'POST', path: '/api/console/mall/orders/:id/delayed', access: 'admin', input: MA.ZMarkDelayedRequest, output: MA.ZFulfilmentView }),
  /** Revenue, units and refunds by brand-local day and by product, for the charts. */
  consoleSalesReport: route({ method: 'GET', path: '/api/console/mall/report', access: 'admin', input: MA.ZSalesReportQuery, output: MA.ZSalesReport }),
  /** Orders created in the period, one line per order line, as CSV. */
  consoleOrdersCsv: route({ method: 'GET', path: '/api/console/mall/orders.csv', access: 'admin', input: MA.ZOrdersCsvQuery, output: ZCsv, produces: 'csv' }),
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
