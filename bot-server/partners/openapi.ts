import { z } from 'zod';
import { PARTNER_KINDS } from '../../shared/api/notifications.ts';
import { api, type RouteAccess, type RouteDef, type RouteName } from '../../shared/api/routes.ts';
import { IDEMPOTENCY_KEY_PATTERN } from '../../shared/api/schemas.ts';
import { ERROR_MESSAGES, ERROR_STATUS, type ErrorCode } from '../../shared/errors.ts';
import { KINDS, NOTIFICATION_KINDS, type VariableDef } from '../../shared/notifications/kinds.ts';

/**
 * The OpenAPI 3.1 documents, generated from the route contract (`shared/api/routes.ts`): every
 * path, method, operationId (the route's name), security, parameter and schema comes from it,
 * so a route cannot be served and undocumented. What the contract does not say (summaries,
 * answers other than 200, which errors a route gives, examples) is written down here, per route.
 *
 * - `buildOpenApi`: the POS and partner API (`access: 'pos' | 'partner'`), for vendors who
 *   generate a client from it; every status and example in it is checked against a live server.
 * - `buildApiOpenApi`: the whole API, each operation tagged with who may call it.
 */

type Json = Record<string, unknown>;
type Def = RouteDef;

/** Routes in no document, and why. */
export const UNDOCUMENTED_ROUTES: Partial<Record<RouteName, string>> = {
  partnerOpenApi: 'serves the POS/partner document itself',
  apiOpenApi: 'serves the whole-API document itself',
};

const ACCESS_TAG: Record<RouteAccess, string> = {
  public: 'Public',
  member: 'Member',
  registered: 'Registered member',
  staff: 'Staff',
  admin: 'Console',
  pos: 'POS',
  partner: 'Partner',
};

const ACCESS_TEXT: Record<RouteAccess, string> = {
  public: 'Anyone may call this.',
  member: 'A signed-in LINE user (session token), registered or not.',
  registered: 'A member who completed registration (session token).',
  staff: 'Store staff (any store) or an admin (session token); the store is checked when the request names it.',
  admin: 'A brand admin (session token).',
  pos: 'An API key with the `pos` scope; limited to the key\'s stores when it has any.',
  partner: 'An API key with the `partner` scope.',
};

/** Answers every operation may give before it is routed: the HTTP parser's refusals. */
const TRANSPORT_STATUSES = [414, 431] as const;

interface Notes {
  summary: string;
  description?: string;
  /** The status of a successful answer (default 200). */
  status?: number;
  success?: string;
  /** Error codes the route answers, by status; without it a default set from the route's shape. */
  errors?: Partial<Record<number, ErrorCode[]>>;
  /** Path parameter schemas (default: `id` a positive integer, `kind` a notification kind). */
  params?: Record<string, Json>;
  request?: Record<string, { summary: string; value: unknown }>;
  response?: Record<string, { summary: string; value: unknown }>;
  /** Component names for the request and response schemas (default: from the route name). */
  names?: { request?: string; response?: string };
}

const ID_UUID = { type: 'string', format: 'uuid', examples: ['0b8f6c3e-5a1d-4e9b-9a57-2f1c7d4e8a10'] };

// ── Examples (each is checked against its schema by test/integration/openapi.test.ts) ────
const exampleCoupon = {
  id: 4021,
  code: 'AA4821937750',
  status: 'active',
  usesTotal: 5,
  usesLeft: 4,
  validFrom: '2026-11-01T00:00:00.000Z',
  validUntil: '2026-12-31T15:59:59.000Z',
  issuedAt: '2026-11-01T02:14:09.000Z',
  source: 'campaign',
  unit: { key: 'use', label: '次', usesLeftText: '剩 4 次' },
  pass: null,
  template: {
    id: 12,
    name: '下午茶 9 折',
    terms: '每次限用一張，不可與其他優惠併用。',
    kind: 'percent_off',
    summary: '9 折，最高折 NT$200',
    imageUrl: null,
    color: '#06C755',
    transferable: false,
    allowPartialTransfer: false,
    minSpend: 0,
    stores: [{ id: 1, name: '信義店' }],
    weekdays: null,
    timeWindows: [{ start: '14:00', end: '17:00' }],
  },
};
const exampleRedemption = {
  id: '0b8f6c3e-5a1d-4e9b-9a57-2f1c7d4e8a10',
  couponId: 4021,
  couponName: '下午茶 9 折',
  code: 'AA4821937750',
  memberName: '王小明',
  storeId: 1,
  storeName: '信義店',
  uses: 1,
  usesLeft: 3,
  unit: 'use',
  discount: 120,
  orderAmount: 1200,
  channel: 'pos',
  createdAt: '2026-11-23T07:30:12.000Z',
  voidedAt: null,
  undoUntil: null,
};

function variableExamples(kind: (typeof PARTNER_KINDS)[number]): Record<string, unknown> {
  const defs = KINDS[kind].variables as Record<string, VariableDef>;
  return Object.fromEntries(Object.entries(defs).map(([name, def]) => [name, def.example]));
}

const STORE_RULE = '`storeId` must be one of the brand\'s stores (else 400 `VALIDATION_FAILED` on `storeId`) and, for a key limited to stores, one of the key\'s (else 403).';

const NOTES: Partial<Record<RouteName, Notes>> = {
  posValidate: {
    summary: 'Check a coupon against a store and basket, without redeeming',
    description:
      'The code may be the rotating 18-digit number the member\'s coupon page shows (as its Code 128 barcode or typed; the current and previous 30-second window are accepted, an older one answers 400 `QR_EXPIRED`), ' +
      'the rotating QR token, or the coupon code as printed (spaces and case are ignored). ' +
      'The answer is 200 whether or not the coupon can be used now: `verdict.ok` says which, and `verdict.message` says why in plain words ' +
      '(zh-TW, or English with `Accept-Language: en`). Unknown codes count against the key: past the limit the answer is 429 with `Retry-After`. ' +
      STORE_RULE,
    success: 'The coupon, its owner\'s name and the verdict',
    errors: {
      400: ['VALIDATION_FAILED', 'INVALID_JSON', 'MALFORMED_REQUEST', 'QR_EXPIRED'],
      401: ['UNAUTHENTICATED', 'API_KEY_INVALID', 'API_KEY_REVOKED'],
      403: ['FORBIDDEN'],
      404: ['COUPON_NOT_FOUND'],
      413: ['PAYLOAD_TOO_LARGE'],
      415: ['UNSUPPORTED_MEDIA_TYPE'],
      429: ['RATE_LIMITED'],
      503: ['DATABASE_BUSY'],
    },
    names: { request: 'ValidateRequest', response: 'Validation' },
    request: {
      amount: { summary: 'A code and the order amount', value: { storeId: 1, code: 'AA4821937750', orderAmount: 1200 } },
      basket: { summary: 'A code and the basket lines (for coupons on named items)', value: { storeId: 1, code: 'AA4821937750', lines: [{ sku: 'LATTE-L', category: 'coffee', unitPrice: 150, quantity: 2 }] } },
    },
    response: {
      usable: {
        summary: 'Usable',
        value: { coupon: exampleCoupon, member: { name: '王小明' }, verdict: { ok: true, reason: null, message: '可使用，折抵 NT$120', discount: 120, needsAmount: false, shortBy: null } },
      },
      notUsable: {
        summary: 'Not usable here',
        value: { coupon: exampleCoupon, member: { name: '王小明' }, verdict: { ok: false, reason: 'STORE_NOT_ALLOWED', message: '本券限信義店使用', discount: null, needsAmount: false, shortBy: null } },
      },
    },
  },
  posRedeem: {
    summary: 'Redeem uses of a coupon',
    description:
      'One conditional update: exact under concurrency (two tills redeeming the last use: one gets 201, the other 409 `COUPON_ALREADY_USED`). ' +
      'Send an `Idempotency-Key` (your order number, say): a repeat with the same key and body answers the first result, so a timed-out call can be retried safely. ' +
      'A coupon whose discount depends on the amount (minimum spend, percent off, named items) needs `orderAmount` or `lines` (else 409 `COUPON_NOT_USABLE`, `details.reason` `AMOUNT_REQUIRED`). ' +
      STORE_RULE,
    status: 201,
    success: 'Redeemed (also the answer to a repeat with the same Idempotency-Key)',
    errors: {
      400: ['VALIDATION_FAILED', 'INVALID_JSON', 'MALFORMED_REQUEST', 'QR_EXPIRED'],
      401: ['UNAUTHENTICATED', 'API_KEY_INVALID', 'API_KEY_REVOKED'],
      403: ['FORBIDDEN'],
      404: ['COUPON_NOT_FOUND'],
      409: ['COUPON_NOT_USABLE', 'COUPON_ALREADY_USED'],
      413: ['PAYLOAD_TOO_LARGE'],
      415: ['UNSUPPORTED_MEDIA_TYPE'],
      422: ['IDEMPOTENCY_KEY_REUSED'],
      429: ['RATE_LIMITED'],
      503: ['DATABASE_BUSY'],
    },
    names: { request: 'RedeemRequest', response: 'Redemption' },
    request: { oneUse: { summary: 'One use, with the order amount', value: { storeId: 1, code: 'AA4821937750', orderAmount: 1200, uses: 1 } } },
    response: { redeemed: { summary: 'Redeemed', value: exampleRedemption } },
  },
  posMemberCard: {
    summary: 'Read a member card (會員條碼) at a store',
    description:
      'The code is the 18-digit number of the member card in the LIFF app, read from its Code 128 barcode or QR code, or typed (spaces and dashes are ignored). ' +
      'It rotates every 30 seconds; the current and previous window are accepted, an older one answers 400 `MEMBER_CARD_EXPIRED` (a screenshot), a wrong one 404. ' +
      'Unknown codes count against the key: past the limit the answer is 429 with `Retry-After`. The POS purchase API takes the same code to name the member. ' +
      STORE_RULE,
    success: 'The member\'s number and name (never the mobile or the LINE id)',
    errors: {
      400: ['VALIDATION_FAILED', 'INVALID_JSON', 'MALFORMED_REQUEST', 'MEMBER_CARD_EXPIRED'],
      401: ['UNAUTHENTICATED', 'API_KEY_INVALID', 'API_KEY_REVOKED'],
      403: ['FORBIDDEN'],
      404: ['MEMBER_CARD_NOT_FOUND'],
      413: ['PAYLOAD_TOO_LARGE'],
      415: ['UNSUPPORTED_MEDIA_TYPE'],
      429: ['RATE_LIMITED'],
      503: ['DATABASE_BUSY'],
    },
    names: { request: 'MemberCardLookupRequest', response: 'MemberCardLookup' },
    request: { scanned: { summary: 'A scanned member card', value: { storeId: 1, code: '800000012345123456' } } },
    response: { found: { summary: 'The member', value: { member: { memberNumber: '00000123', name: '王小明' } } } },
  },
  posVoidRedemption: {
    summary: 'Void a redemption this key made (a refund): the uses come back',
    description:
      'Voiding is idempotent by itself: voiding a redemption that is already void answers 200 with it as it is and gives no use back twice, ' +
      'so a timed-out void can simply be repeated. The route takes no `Idempotency-Key` (one sent is ignored). ' +
      'Only the key that made the redemption may void it; any other gets 404.',
    success: 'Voided (or already void)',
    params: { id: { ...ID_UUID, description: 'The redemption\'s `id`' } },
    errors: {
      400: ['VALIDATION_FAILED', 'INVALID_JSON', 'MALFORMED_REQUEST'],
      401: ['UNAUTHENTICATED', 'API_KEY_INVALID', 'API_KEY_REVOKED'],
      403: ['FORBIDDEN'],
      404: ['NOT_FOUND'],
      413: ['PAYLOAD_TOO_LARGE'],
      415: ['UNSUPPORTED_MEDIA_TYPE'],
      503: ['DATABASE_BUSY'],
    },
    names: { request: 'VoidRedemptionRequest', response: 'Redemption' },
    request: { reason: { summary: 'With a reason', value: { reason: '顧客退貨' } }, empty: { summary: 'Without one (the reason is "POS void")', value: {} } },
    response: { voided: { summary: 'Voided', value: { ...exampleRedemption, usesLeft: 4, voidedAt: '2026-11-23T08:02:40.000Z' } } },
  },
  posPurchase: {
    summary: 'Record a sale: the member earns points for what they paid',
    description:
      'Name the member by the rotating member-card code they show (`member.cardCode`, the current or previous 30-second window) or their verified mobile (`member.mobile`). ' +
      'Idempotent twice over: a repeat of the same store and `orderNo` answers the first result (200, even with a newer card code), and so does a repeat with the same `Idempotency-Key`; ' +
      'the same order number with a different sale is 409 `ORDER_NUMBER_REUSED`. Points come from `paid` (after coupons and points) under the brand\'s earn rules; `explain` says why, line by line, ' +
      'and `told` is what the member was sent on LINE. With a return window set, the points are pending until `pendingUntil`. Unknown members count against the key (429 past the limit). ' +
      STORE_RULE,
    status: 201,
    success: 'Recorded (200 for a repeat of the same order)',
    errors: {
      400: ['VALIDATION_FAILED', 'INVALID_JSON', 'MALFORMED_REQUEST', 'MOBILE_INVALID'],
      401: ['UNAUTHENTICATED', 'API_KEY_INVALID', 'API_KEY_REVOKED'],
      403: ['FORBIDDEN'],
      404: ['MEMBER_NOT_FOUND'],
      409: ['ORDER_NUMBER_REUSED'],
      413: ['PAYLOAD_TOO_LARGE'],
      415: ['UNSUPPORTED_MEDIA_TYPE'],
      422: ['IDEMPOTENCY_KEY_REUSED', 'PAID_EXCEEDS_TOTAL'],
      429: ['RATE_LIMITED'],
      503: ['DATABASE_BUSY'],
    },
    names: { request: 'PurchaseRequest', response: 'Purchase' },
    request: {
      card: {
        summary: 'By member card, with lines',
        value: { storeId: 1, orderNo: 'POS1-20261123-0042', member: { cardCode: '482193775012' }, lines: [{ sku: 'LATTE-L', category: 'coffee', quantity: 2, unitPrice: 150 }, { sku: 'BEAN-1KG', category: 'beans', quantity: 1, unitPrice: 700 }], total: 1000, paid: 1000, couponRedemptions: [] },
      },
    },
    response: {
      recorded: {
        summary: 'NT$1,000 → 20 points',
        value: {
          id: '0b8f6c3e-5a1d-4e9b-9a57-2f1c7d4e8a10', storeId: 1, orderNo: 'POS1-20261123-0042', total: 1000, paid: 1000, pointsEarned: 20, pendingUntil: null, balance: 120, pointsReversed: 0,
          explain: [{ source: 'base', text: '基本：消費 NT$1,000，每 NT$50 得 1 點', points: 20 }],
          told: { kind: 'points_earned', text: '消費 NT$1,000 獲得 20 點，目前可用 120 點' }, createdAt: '2026-11-23T07:30:00.000Z',
        },
      },
    },
  },
  posRefund: {
    summary: 'Return a sale, whole or by line: the points it earned are reversed in proportion',
    description:
      'Omit `lines` for a whole return, or name the returned lines by their index in the sale\'s `lines` and the quantity. The points reversed are the returned share of what the sale earned ' +
      '(by each line\'s earn weight, rounded down), never more in total than it earned; if the member already spent them the balance goes negative and their next points settle it. ' +
      'Idempotent on `refundNo` (per sale) and on `Idempotency-Key`. Only a key of the sale\'s store may return it.',
    status: 201,
    success: 'Returned (200 for a repeat of the same refundNo)',
    params: { id: { ...ID_UUID, description: 'The sale\'s `id`' } },
    errors: {
      400: ['VALIDATION_FAILED', 'INVALID_JSON', 'MALFORMED_REQUEST'],
      401: ['UNAUTHENTICATED', 'API_KEY_INVALID', 'API_KEY_REVOKED'],
      403: ['FORBIDDEN'],
      404: ['NOT_FOUND'],
      409: ['REFUND_EXCEEDS_PURCHASE', 'CONFLICT'],
      413: ['PAYLOAD_TOO_LARGE'],
      415: ['UNSUPPORTED_MEDIA_TYPE'],
      422: ['IDEMPOTENCY_KEY_REUSED'],
      503: ['DATABASE_BUSY'],
    },
    names: { request: 'RefundRequest', response: 'Refund' },
    request: { whole: { summary: 'The whole sale', value: { refundNo: 'R-0042' } }, line: { summary: 'One latte of line 0', value: { refundNo: 'R-0043', lines: [{ line: 0, quantity: 1 }] } } },
    response: {
      returned: {
        summary: 'Returned; 3 points reversed',
        value: { id: '5d1e2c3b-4a59-4e8b-9c7d-6f5e4d3c2b1a', purchaseId: '0b8f6c3e-5a1d-4e9b-9a57-2f1c7d4e8a10', refundNo: 'R-0043', amount: 150, pointsReversed: 3, balance: 117, told: { kind: 'points_reversed', text: '退貨 NT$150，扣回 3 點，目前可用 117 點' }, createdAt: '2026-11-24T03:00:00.000Z' },
      },
    },
  },
  posRedeemPoints: {
    summary: 'Spend a member\'s points as a discount at the counter',
    description:
      'One conditional update: the balance never goes below zero (409 `INSUFFICIENT_POINTS`; pending points do not count). `discount` is what the points pay in NT$ at the brand\'s rate. ' +
      'Send an `Idempotency-Key`: a repeat answers the first result. Reverse it with `POST /api/pos/points/redemptions/{id}/reverse`. ' +
      STORE_RULE,
    status: 201,
    success: 'Spent',
    errors: {
      400: ['VALIDATION_FAILED', 'INVALID_JSON', 'MALFORMED_REQUEST', 'MOBILE_INVALID'],
      401: ['UNAUTHENTICATED', 'API_KEY_INVALID', 'API_KEY_REVOKED'],
      403: ['FORBIDDEN'],
      404: ['MEMBER_NOT_FOUND'],
      409: ['INSUFFICIENT_POINTS', 'POINTS_DISABLED'],
      413: ['PAYLOAD_TOO_LARGE'],
      415: ['UNSUPPORTED_MEDIA_TYPE'],
      422: ['IDEMPOTENCY_KEY_REUSED'],
      429: ['RATE_LIMITED'],
      503: ['DATABASE_BUSY'],
    },
    names: { request: 'PointsRedemptionRequest', response: 'PointsRedemption' },
    request: { mobile: { summary: '100 points, member by mobile', value: { storeId: 1, member: { mobile: '0912345678' }, points: 100, orderNo: 'POS1-20261123-0042' } } },
    response: { spent: { summary: 'Spent', value: { id: '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d', storeId: 1, points: 100, discount: 100, balance: 20, reversedAt: null, createdAt: '2026-11-23T07:31:00.000Z' } } },
  },
  posReversePointsRedemption: {
    summary: 'Give back the points of a redemption this key made',
    description: 'Idempotent by itself: reversing again answers 200 with the redemption as it is and gives nothing back twice. Points from lots that expired meanwhile do not come back. Only the key that made it may reverse it; any other gets 404.',
    success: 'Reversed (or already reversed)',
    params: { id: { ...ID_UUID, description: 'The points redemption\'s `id`' } },
    errors: {
      400: ['VALIDATION_FAILED', 'INVALID_JSON', 'MALFORMED_REQUEST'],
      401: ['UNAUTHENTICATED', 'API_KEY_INVALID', 'API_KEY_REVOKED'],
      403: ['FORBIDDEN'],
      404: ['NOT_FOUND'],
      413: ['PAYLOAD_TOO_LARGE'],
      415: ['UNSUPPORTED_MEDIA_TYPE'],
      503: ['DATABASE_BUSY'],
    },
    names: { request: 'ReversePointsRedemptionRequest', response: 'PointsRedemption' },
    request: { reason: { summary: 'With a reason', value: { reason: '顧客退貨' } } },
    response: { reversed: { summary: 'Reversed', value: { id: '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d', storeId: 1, points: 100, discount: 100, balance: 120, reversedAt: '2026-11-23T08:00:00.000Z', createdAt: '2026-11-23T07:31:00.000Z' } } },
  },
  partnerNotify: {
    summary: 'Notify a member from the brand\'s LINE account',
    description:
      'One schema per `kind` (told apart by `kind`), each with its own `variables`: ' +
      PARTNER_KINDS.map((k) => `\`${k}\` (${KINDS[k].label.en})`).join(', ') +
      '. The member is named by `id`, `lineUserId` or `mobile`. The notification is queued and pushed at `sendAt` or now (`sendAt` at most 30 days ahead, else 400 `VALIDATION_FAILED` on `sendAt`); ' +
      'follow it at `GET /api/partner/notifications/{id}`. Unknown members count against the key: past the limit the answer is 429 with `Retry-After`.',
    status: 202,
    success: 'Queued',
    errors: {
      400: ['VALIDATION_FAILED', 'INVALID_JSON', 'MALFORMED_REQUEST', 'MOBILE_INVALID'],
      401: ['UNAUTHENTICATED', 'API_KEY_INVALID', 'API_KEY_REVOKED'],
      403: ['FORBIDDEN'],
      404: ['MEMBER_NOT_FOUND'],
      413: ['PAYLOAD_TOO_LARGE'],
      415: ['UNSUPPORTED_MEDIA_TYPE'],
      422: ['IDEMPOTENCY_KEY_REUSED'],
      429: ['RATE_LIMITED'],
      503: ['DATABASE_BUSY'],
    },
    names: { request: 'PartnerNotificationRequest', response: 'PartnerNotificationAccepted' },
    request: {
      ...Object.fromEntries(PARTNER_KINDS.map((k, i) => [k, { summary: KINDS[k].label.en, value: { member: i % 2 === 0 ? { mobile: '0912345678' } : { id: 1 }, kind: k, variables: variableExamples(k) } }])),
      scheduled: {
        summary: 'A reservation reminder later, with a button to your own page',
        value: { member: { lineUserId: 'U0000000000000000000000000000a001' }, kind: 'reservation', variables: variableExamples('reservation'), cta: { label: '查看訂位', url: 'https://booking.example.com/r/8812' }, sendAt: '2026-11-28T09:30:00+08:00' },
      },
    },
    response: { queued: { summary: 'Queued', value: { id: '6f1d2b8a-3c4e-4f5a-8b9c-0d1e2f3a4b5c', status: 'pending' } } },
  },
  partnerNotificationStatus: {
    summary: 'Delivery status of a notification this key requested',
    params: { id: { ...ID_UUID, description: 'The `id` the request answered' } },
    errors: {
      400: ['MALFORMED_REQUEST'],
      401: ['UNAUTHENTICATED', 'API_KEY_INVALID', 'API_KEY_REVOKED'],
      403: ['FORBIDDEN'],
      404: ['NOT_FOUND'],
      503: ['DATABASE_BUSY'],
    },
    names: { response: 'NotificationStatus' },
    response: {
      sent: { summary: 'Sent', value: { id: '6f1d2b8a-3c4e-4f5a-8b9c-0d1e2f3a4b5c', kind: 'reservation', status: 'sent', reason: null, attempts: 1, dueAt: '2026-11-23T07:30:00.000Z', sentAt: '2026-11-23T07:30:01.000Z', createdAt: '2026-11-23T07:30:00.000Z' } },
    },
  },
};

/** Success statuses of the member, staff and console routes other than 200. */
const STATUS: Partial<Record<RouteName, number>> = {
  consoleCreateStore: 201,
  consoleCreateApiKey: 201,
  staffRedeem: 201,
  consoleCreateCouponTemplate: 201,
  consoleImportCodes: 201,
  consoleIssueCoupon: 201,
  claimCampaign: 201,
  redeemCode: 201,
  consoleCreateBundle: 201,
  consoleCreateCampaign: 201,
  consoleCreateBulkJob: 201,
};

/** Routes that count wrong guesses and answer 429 past the limit. */
const GUESS_LIMITED = new Set<RouteName>(['register', 'updateProfile', 'staffValidate', 'staffRedeem', 'redeemCode', 'posValidate', 'posRedeem', 'partnerNotify', 'requestMobileCode', 'confirmMobile']);

function codesWithStatus(status: number): ErrorCode[] {
  return (Object.keys(ERROR_STATUS) as ErrorCode[]).filter((c) => ERROR_STATUS[c] === status && c !== 'ROUTE_NOT_FOUND');
}

/** The error statuses of a route without notes: what every route of its shape can answer. */
function defaultErrors(name: RouteName, def: Def): Partial<Record<number, ErrorCode[]>> {
  const out: Partial<Record<number, ErrorCode[]>> = { 400: codesWithStatus(400) };
  if (def.access !== 'public') {
    out[401] = codesWithStatus(401);
    out[403] = codesWithStatus(403);
  }
  out[404] = codesWithStatus(404);
  if (def.method !== 'GET') out[409] = codesWithStatus(409);
  if (def.method !== 'GET') {
    out[413] = ['PAYLOAD_TOO_LARGE'];
    out[415] = ['UNSUPPORTED_MEDIA_TYPE'];
  }
  if (def.idempotent || name === 'consoleImportCodes') out[422] = codesWithStatus(422);
  if (GUESS_LIMITED.has(name)) out[429] = ['RATE_LIMITED'];
  out[503] = name === 'createSession' || name === 'consoleTestSend' ? ['DATABASE_BUSY', 'LINE_UNAVAILABLE'] : name === 'requestMobileCode' ? ['DATABASE_BUSY', 'SMS_UNAVAILABLE'] : ['DATABASE_BUSY'];
  return out;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'The request is not valid',
  401: 'No credentials, or ones that are not valid',
  403: 'Not allowed for this caller',
  404: 'Not found',
  409: 'Conflict with the current state',
  413: 'The body is too large',
  414: 'The URL is too long (over 8 KB)',
  415: 'The body is not of a type the route reads',
  422: 'Refused as sent',
  429: 'Too many attempts: wait `Retry-After` seconds',
  431: 'The request headers are too large (over 16 KB with the URL)',
  503: 'Busy: nothing was changed; retry after `Retry-After` seconds',
};

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function humanize(name: string): string {
  const words = name.replace(/([A-Z])/g, ' $1').toLowerCase().trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  delete json.$schema;
  return json;
}

/** The object schema's properties as query parameters (GET inputs). */
function queryParameters(schema: z.ZodType): Json[] {
  const json = jsonSchema(schema, 'input');
  const props = (json.properties ?? {}) as Record<string, Json>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => {
    const { description, ...rest } = s;
    return {
      name,
      in: 'query',
      required: required.has(name),
      ...(name === 'lang' ? { description: 'The language of messages in the answer: `en` or `zh-TW` (as Accept-Language)' } : description ? { description } : {}),
      schema: rest,
    };
  });
}

function pathParameters(def: Def, notes: Notes | undefined): Json[] {
  const names = [...def.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
  return names.map((name) => {
    const schema = notes?.params?.[name] ?? (name === 'kind' ? { type: 'string', enum: NOTIFICATION_KINDS } : { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
    const { description, ...rest } = schema as Json & { description?: string };
    return { name, in: 'path', required: true, ...(description ? { description } : {}), schema: rest };
  });
}

const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: Object.keys(ERROR_STATUS), description: 'Stable: switch on this' },
        message: { type: 'string', description: 'For people: zh-TW, or English with `Accept-Language: en`' },
        field: { type: 'string', description: 'The first field that is not valid, as a dotted path (`variables.partySize`)' },
        details: { type: 'object', additionalProperties: true, description: 'Facts for machines, e.g. `{ "reason": "MIN_SPEND_NOT_MET", "shortBy": 120 }` or `{ "retryAfterSeconds": 60 }`' },
        requestId: { type: 'string', description: 'Quote it when asking for help' },
      },
    },
  },
};

const RETRY_AFTER = { required: true, description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 1 } };

function errorResponse(status: number, codes: ErrorCode[], idempotent: boolean): Json {
  const description = `${STATUS_TEXT[status] ?? 'Error'}: ${codes.map((c) => `\`${c}\``).join(', ')}${status === 503 && idempotent ? '. Repeat it with the same Idempotency-Key' : ''}`;
  const code = codes[0]!;
  return {
    description,
    ...(status === 429 || status === 503 ? { headers: { 'Retry-After': RETRY_AFTER } } : {}),
    content: {
      'application/json': {
        schema: { allOf: [{ $ref: '#/components/schemas/Error' }, { properties: { error: { properties: { code: { enum: codes } } } } }] },
        examples: {
          [code]: { summary: code, value: { error: { code, message: ERROR_MESSAGES[code]['zh-TW'], requestId: '8a0c2f0e-1b7d-4f0a-9c55-3d2b6e7f9a01' } } },
        },
      },
    },
  };
}

/** Turns `PartnerNotificationRequest`'s oneOf into named variants with a discriminator, as client generators expect. */
function withDiscriminator(schema: Json, components: Record<string, Json>): Json {
  const variants = schema.oneOf as Json[] | undefined;
  if (!variants) return schema;
  const mapping: Record<string, string> = {};
  const refs = variants.map((variant) => {
    const kind = ((variant.properties as Record<string, Json>).kind as { const: string }).const;
    const variantName = `${pascal(kind.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()))}Notification`;
    components[variantName] = variant;
    mapping[kind] = `#/components/schemas/${variantName}`;
    return { $ref: mapping[kind] };
  });
  const first = variants[0]!.properties as Record<string, Json>;
  // The common fields again at the top, for readers and generators that do not follow oneOf.
  return {
    type: 'object',
    description: `One of: ${Object.keys(mapping).map((k) => `\`${k}\``).join(', ')}, told apart by \`kind\``,
    required: ['member', 'kind', 'variables'],
    properties: { member: first.member, kind: { type: 'string', enum: Object.keys(mapping) }, variables: { type: 'object' }, cta: first.cta, sendAt: first.sendAt },
    oneOf: refs,
    discriminator: { propertyName: 'kind', mapping },
  };
}

interface BuildOptions {
  title: string;
  description: string;
  routes: [RouteName, Def][];
  tags: { name: string; description: string }[];
}

function build(serverUrl: string, options: BuildOptions): Json {
  const components: Record<string, Json> = { Error: ERROR_SCHEMA };
  const named = new Map<z.ZodType, string>();
  const ref = (schema: z.ZodType, io: 'input' | 'output', wanted: string): Json => {
    const key = named.get(schema);
    if (key) return { $ref: `#/components/schemas/${key}` };
    let json = jsonSchema(schema, io);
    if (wanted === 'PartnerNotificationRequest') json = withDiscriminator(json, components);
    components[wanted] = json;
    named.set(schema, wanted);
    return { $ref: `#/components/schemas/${wanted}` };
  };
  // The names the POS/partner document gives its schemas win in the whole-API document too.
  for (const [name, def] of options.routes) {
    const names = NOTES[name]?.names;
    if (names?.request && def.input) ref(def.input, 'input', names.request);
    if (names?.response) ref(def.output, 'output', names.response);
  }
  const paths: Record<string, Json> = {};
  for (const [name, def] of options.routes) {
    const notes = NOTES[name];
    const path = def.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const status = notes?.status ?? STATUS[name] ?? 200;
    const parameters: Json[] = [...pathParameters(def, notes)];
    if (def.method === 'GET' && def.input) parameters.push(...queryParameters(def.input));
    if (def.idempotent) {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: false,
        description: 'e.g. your order number: a repeat with the same key and body answers the first result; the same key with another body is 422',
        schema: { type: 'string', pattern: IDEMPOTENCY_KEY_PATTERN.source },
        example: 'order-20261123-0042',
      });
    }
    const operation: Json = {
      operationId: name,
      tags: [ACCESS_TAG[def.access]],
      summary: notes?.summary ?? humanize(name),
      description: [notes?.description, ACCESS_TEXT[def.access]].filter(Boolean).join('\n\n'),
      'x-access': def.access,
      security: def.access === 'public' ? [] : def.access === 'pos' || def.access === 'partner' ? [{ apiKey: [] }] : [{ session: [] }],
    };
    if (parameters.length > 0) operation.parameters = parameters;
    if (def.method !== 'GET') {
      if (def.body === 'csv') {
        operation.requestBody = { required: true, content: { 'text/csv': { schema: { type: 'string', description: 'One code per line' } } } };
      } else if (def.input) {
        const media: Json = { schema: ref(def.input, 'input', notes?.names?.request ?? `${pascal(name)}Request`) };
        if (notes?.request) media.examples = notes.request;
        operation.requestBody = { required: !def.input.safeParse({}).success, content: { 'application/json': media } };
      }
    }
    const success: Json =
      def.produces === 'csv'
        ? { description: notes?.success ?? 'CSV (UTF-8)', content: { 'text/csv': { schema: { type: 'string' } } } }
        : {
            description: notes?.success ?? 'OK',
            content: { 'application/json': { schema: ref(def.output, 'output', notes?.names?.response ?? `${pascal(name)}Response`), ...(notes?.response ? { examples: notes.response } : {}) } },
          };
    const responses: Json = { [String(status)]: success };
    if (name === 'consoleImportCodes') responses['422'] = { description: 'No code was imported: `problems` says why per line', content: { 'application/json': { schema: ref(def.output, 'output', 'ConsoleImportCodesResponse') } } };
    const errors = notes?.errors ?? defaultErrors(name, def);
    for (const s of [...Object.keys(errors).map(Number), ...TRANSPORT_STATUSES].sort((a, b) => a - b)) {
      if (responses[String(s)]) continue;
      responses[String(s)] = errorResponse(s, errors[s] ?? codesWithStatus(s), def.idempotent === true);
    }
    operation.responses = responses;
    paths[path] = { ...(paths[path] ?? {}), [def.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: { title: options.title, version: '1.0.0', description: options.description },
    servers: [{ url: serverUrl }],
    tags: options.tags,
    security: [],
    paths,
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key (`lmc_…`), created in the console or with `npm run apikey`' },
        session: { type: 'http', scheme: 'bearer', description: 'A session token from `POST /api/session` (the LIFF app also sends it as the `sid` cookie)' },
      },
      schemas: components,
    },
  };
}

const COMMON =
  'Errors are JSON `{ "error": { "code", "message", "field"?, "details"?, "requestId" } }`; `code` is stable, `message` is for people ' +
  '(zh-TW, or English with `Accept-Language: en`). Who may call is decided before the body is read: no or bad credentials 401, ' +
  'the wrong kind of caller 403, and only then 400/413/415 for the input. Bodies are `application/json` (UTF-8, at most 100 KB unless a route says otherwise). ' +
  'Times are ISO 8601; the server answers in UTC (`Z`). A 429 or 503 carries `Retry-After` in seconds.';

function routesWith(access: (a: RouteAccess) => boolean): [RouteName, Def][] {
  return (Object.entries(api) as [RouteName, Def][]).filter(([name, def]) => access(def.access) && !UNDOCUMENTED_ROUTES[name]);
}

const built = new Map<string, Json>();
/** Builds a document once per server URL: the contract does not change while the process runs. */
function once(key: string, make: () => Json): Json {
  let doc = built.get(key);
  if (!doc) built.set(key, (doc = make()));
  return doc;
}

/** The OpenAPI 3.1 document for the POS and partner API, generated from the contract (served at /api/partner/openapi.json). */
export function buildOpenApi(serverUrl: string): Json {
  return once(`partner ${serverUrl}`, () => build(serverUrl, {
    title: 'LINE member coupons — POS and partner API',
    description: `Authenticate with \`Authorization: Bearer <API key>\` (scopes \`pos\`, \`partner\`). ${COMMON}`,
    routes: routesWith((a) => a === 'pos' || a === 'partner'),
    tags: [
      { name: 'POS', description: 'Tills and POS systems: check, redeem and void coupons at a store' },
      { name: 'Partner', description: 'Third-party systems (reservations, e-commerce, subscriptions) notify members through the brand\'s LINE account' },
    ],
  }));
}

/** The whole API in one OpenAPI 3.1 document, each operation tagged with who may call it (served at /api/openapi.json). */
export function buildApiOpenApi(serverUrl: string): Json {
  return once(`api ${serverUrl}`, () => build(serverUrl, {
    title: 'LINE member coupons — API',
    description: `The API of the LIFF app, the staff scanner, the brand console, POS systems and partners. Members and staff sign in with a verified LINE ID token (\`POST /api/session\`); POS systems and partners use API keys. ${COMMON}`,
    routes: routesWith(() => true),
    tags: (Object.keys(ACCESS_TAG) as RouteAccess[]).map((a) => ({ name: ACCESS_TAG[a], description: ACCESS_TEXT[a] })),
  }));
}
