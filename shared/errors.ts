/**
 * One error vocabulary for the server, the LIFF app and API callers.
 * Codes are stable (clients switch on them); messages are for people.
 */
export const ERROR_STATUS = {
  /** A request body or query failed schema validation; `field` names the first problem. */
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  /**
   * The request could not be read at all: a malformed percent-escape in the URL, a compressed
   * body that does not decompress, a request the HTTP parser refuses.
   */
  MALFORMED_REQUEST: 400,
  /** The URL is longer than the server reads (8 KB). */
  URI_TOO_LONG: 414,
  /** The request's header block (URL included) is larger than the server reads (16 KB). */
  HEADERS_TOO_LARGE: 431,
  /** The client took too long to send the request's headers or body. */
  REQUEST_TIMEOUT: 408,
  /** The mobile number is not a Taiwan (or other valid) mobile number. */
  MOBILE_INVALID: 400,
  /**
   * The mobile number cannot be this member's (another member holds it). The message never
   * says so, and repeated tries are locked out, so it does not tell who is a member.
   */
  MOBILE_TAKEN: 409,
  /** The SMS one-time code does not match; `details.triesLeft` says how many tries the code has left. */
  VERIFICATION_CODE_WRONG: 400,
  /** No live code for this number: never requested, older than 5 minutes, used, or replaced by a newer one. */
  VERIFICATION_CODE_EXPIRED: 400,
  /** The code was tried wrongly 5 times and no longer works; a new one must be requested. */
  VERIFICATION_TOO_MANY_TRIES: 400,
  /** A new mobile number needs the SMS code sent to it (the profile asks for one first). */
  MOBILE_CODE_REQUIRED: 400,
  /** The SMS provider could not be reached or refused the message; nothing was charged to the member's limits beyond this try. */
  SMS_UNAVAILABLE: 503,
  /** The webhook's x-line-signature header is missing or does not match the body. */
  INVALID_SIGNATURE: 401,
  UNAUTHENTICATED: 401,
  /** The LIFF ID token was rejected by LINE's verify endpoint (forged, unknown, wrong channel). */
  ID_TOKEN_INVALID: 401,
  ID_TOKEN_EXPIRED: 401,
  SESSION_EXPIRED: 401,
  /** The API key is unknown (never issued, or mistyped). */
  API_KEY_INVALID: 401,
  /** The API key was revoked in the console. */
  API_KEY_REVOKED: 401,
  FORBIDDEN: 403,
  /** The member has not completed registration (mobile, birthday, consent). */
  REGISTRATION_REQUIRED: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  /** The path exists but not with this method; the `Allow` header lists the ones it takes. */
  METHOD_NOT_ALLOWED: 405,
  /**
   * A write authenticated by the session cookie came from another origin (Sec-Fetch-Site or
   * Origin say so): cross-site request forgery. Bearer tokens and API keys are not affected.
   */
  CSRF_REJECTED: 403,
  CONFLICT: 409,
  /** The Idempotency-Key was used before with a different request body. */
  IDEMPOTENCY_KEY_REUSED: 422,
  /** A sale whose `paid` is more than its `total`. */
  PAID_EXCEEDS_TOTAL: 422,
  /** The member named by id, LINE user id or mobile number is not a member of this brand. */
  MEMBER_NOT_FOUND: 404,
  /** No coupon has that code (or the QR token names no coupon). */
  COUPON_NOT_FOUND: 404,
  /** The QR code is older than a minute: ask the member to show the live one. */
  QR_EXPIRED: 400,
  /** No member card has that code (mistyped, forged, or not a member card). */
  MEMBER_CARD_NOT_FOUND: 404,
  /** The member card code is older than a minute (a screenshot): ask the member to reopen the card. */
  MEMBER_CARD_EXPIRED: 400,
  /** The coupon cannot be used here and now; `details.reason` is the rule's reason. */
  COUPON_NOT_USABLE: 409,
  /** Another redemption took the last use first. */
  COUPON_ALREADY_USED: 409,
  /** A subscription pass already had today's use(s) (brand day, Asia/Taipei); it works again tomorrow. */
  PASS_USED_TODAY: 409,
  /** The template's stock is gone. */
  OUT_OF_STOCK: 409,
  /** The member already holds as many of these as allowed. */
  MEMBER_LIMIT_REACHED: 409,
  /**
   * A coupon or partner code that another coupon or imported code already holds (an imported
   * list that raced another import; generated codes retry before it could be seen).
   */
  CODE_TAKEN: 409,
  /** Rules of a coupon template cannot change once coupons were issued from it. */
  TEMPLATE_LOCKED: 409,
  /** Undo is only possible for 10 minutes after a redemption. */
  UNDO_WINDOW_PASSED: 409,
  /** The campaign has not started or has ended. */
  CAMPAIGN_NOT_OPEN: 409,
  /** The member is not in the campaign's audience (e.g. not a birthday this month). */
  NOT_IN_AUDIENCE: 403,
  /** The member already claimed as many times as allowed. */
  ALREADY_CLAIMED: 409,
  /** A redemption code that does not exist or was used: one answer for both, so codes cannot be probed. */
  CODE_INVALID: 400,
  RATE_LIMITED: 429,
  /** LINE (or the sandbox standing in for it) could not be reached or answered 5xx. */
  LINE_UNAVAILABLE: 503,
  /**
   * Another process held the database's write lock past the busy timeout; nothing was
   * written. Sent with Retry-After: the same request (same Idempotency-Key) can be repeated.
   */
  DATABASE_BUSY: 503,
  // ── gifts (bot-server/transfers) ──
  /** The coupon is held by a pending gift (轉贈中): not redeemable until the friend accepts or it returns. */
  COUPON_TRANSFER_PENDING: 409,
  /** Sending or receiving a gift needs a mobile number confirmed by SMS (profile page). */
  MOBILE_NOT_VERIFIED: 403,
  /** This coupon cannot be given: `details.reason` says why (NOT_TRANSFERABLE, NOT_UNUSED, MAX_GIVES, PARTIAL_NOT_ALLOWED, NOT_ACTIVE, EXPIRING). */
  GIFT_NOT_ALLOWED: 409,
  /** The number typed is the sender's own. */
  GIFT_TO_SELF: 400,
  /** No such gift for this member (another member's gift answers the same). */
  GIFT_NOT_FOUND: 404,
  /** The gift was accepted, declined, cancelled or returned already (another step got there first). */
  GIFT_NOT_PENDING: 409,
  // ── points (bot-server/points) ──
  /** The member's spendable points are fewer than asked (pending points cannot be spent yet). */
  INSUFFICIENT_POINTS: 409,
  /** This store's order number was already recorded with a different sale. */
  ORDER_NUMBER_REUSED: 409,
  /** A return names more of a line than was bought (or already returned), or a line the sale does not have. */
  REFUND_EXCEEDS_PURCHASE: 409,
  /** Points are switched off in the console (earn rules). */
  POINTS_DISABLED: 409,
  /** A mission members have progress on keeps its steps (their progress would mean something else): copy it into a new mission instead. */
  MISSION_STEPS_LOCKED: 409,
  /** No mission with that id is open to this member now (ended, not started, or for another audience). */
  MISSION_NOT_AVAILABLE: 404,
  // ── rich menus (bot-server/richmenus) ──
  RICH_MENU_VERSION_NOT_FOUND: 404,
  /** A version that has been published is kept as it was (it can be re-published): copy it to change it. */
  RICH_MENU_VERSION_FROZEN: 409,
  /** The version breaks a LINE rule (details.problems lists each, with zh-TW and English messages). */
  RICH_MENU_INVALID: 400,
  /** The uploaded image breaks a LINE rule (details.problems). */
  RICH_MENU_IMAGE_INVALID: 400,
  /** Another publication is still running; wait for it to finish. */
  RICH_MENU_PUBLISH_IN_PROGRESS: 409,
  /** LINE allows 100 rich-menu creations and deletions an hour; this publication would go over (details.retryAfterMinutes). */
  RICH_MENU_BUDGET_EXCEEDED: 429,
  RICH_MENU_SCHEDULE_NOT_FOUND: 404,
  /** The schedule ends before it starts, starts in the past, or overlaps another schedule. */
  RICH_MENU_SCHEDULE_INVALID: 400,
  // ── coupon mall (bot-server/mall) ──
  /** No product with that id is on sale to this member now (draft, archived, outside its window or audience). */
  PRODUCT_NOT_AVAILABLE: 404,
  /** Fewer units left than asked for (stock is held by unpaid orders for 15 minutes, so it may come back). */
  PRODUCT_SOLD_OUT: 409,
  /** The member already holds (paid or pending) as many units as the product allows per member. */
  PURCHASE_LIMIT_REACHED: 409,
  /** The points sent differ from the product's points price × quantity (the price changed: reload). */
  PRICE_CHANGED: 409,
  ORDER_NOT_FOUND: 404,
  /** The order is no longer pending (paid, cancelled or released): it cannot be paid or cancelled. */
  ORDER_NOT_PENDING: 409,
  /** Paid checkout is not configured (no payment provider): only all-points products can be bought. */
  PAYMENT_UNAVAILABLE: 503,
  /** The payment return does not match a payment of ours (unknown transaction, another order, another member). */
  PAYMENT_MISMATCH: 400,
  /** The stock cannot be set below what is already reserved and sold. */
  STOCK_BELOW_SOLD: 409,
  // ── mall after-sale (bot-server/mall refund*, fulfilment*) ──
  /** The order is not paid (pending, cancelled, released) or already wholly refunded: nothing can be refunded. */
  ORDER_NOT_REFUNDABLE: 409,
  /** The product was sold as non-refundable. */
  REFUND_NOT_ALLOWED: 409,
  /** The refund window (days after payment) has passed; `details.deadline` says when it ended. */
  REFUND_WINDOW_PASSED: 409,
  /** A ticket asked for cannot be refunded; `details.reason`: USED, GIFT_ACCEPTED, REFUNDED, NOT_ACTIVE, BUNDLE_PARTLY_USED. */
  TICKET_NOT_REFUNDABLE: 409,
  /** No ticket of the order can be refunded now; `details.reasons` says why per ticket. */
  NOTHING_TO_REFUND: 409,
  /** Only a refund the provider step gave up on can be retried. */
  REFUND_NOT_FAILED: 409,
  /** Fulfilment actions are for paid orders only. */
  ORDER_NOT_PAID: 409,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type Lang = 'zh-TW' | 'en';

/** Default human messages; an AppError may carry a more specific one. */
export const ERROR_MESSAGES: Record<ErrorCode, Record<Lang, string>> = {
  VALIDATION_FAILED: { 'zh-TW': '資料格式不正確', en: 'The request is not valid' },
  INVALID_JSON: { 'zh-TW': '無法解析的 JSON 內容', en: 'The body is not valid JSON' },
  PAYLOAD_TOO_LARGE: { 'zh-TW': '資料量過大', en: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { 'zh-TW': '請以 application/json 傳送', en: 'Send the body as application/json' },
  MALFORMED_REQUEST: { 'zh-TW': '無法讀取這個請求', en: 'The request could not be read' },
  URI_TOO_LONG: { 'zh-TW': '網址過長', en: 'The URL is too long' },
  HEADERS_TOO_LARGE: { 'zh-TW': '請求標頭過大', en: 'The request headers are too large' },
  REQUEST_TIMEOUT: { 'zh-TW': '請求逾時，請重試', en: 'The request took too long to arrive; try again' },
  MOBILE_INVALID: {
    'zh-TW': '手機號碼格式不正確，請輸入如 0912345678 的號碼',
    en: 'That is not a valid mobile number; use a number like 0912345678',
  },
  MOBILE_TAKEN: {
    'zh-TW': '這個手機號碼無法使用，請確認或洽門市',
    en: 'This mobile number cannot be used; check it or ask a store for help',
  },
  VERIFICATION_CODE_WRONG: { 'zh-TW': '驗證碼不正確，請再確認簡訊中的 6 位數字', en: 'That code is not right; check the 6 digits in the text message' },
  VERIFICATION_CODE_EXPIRED: { 'zh-TW': '驗證碼已失效，請重新取得驗證碼', en: 'That code is no longer valid; ask for a new one' },
  VERIFICATION_TOO_MANY_TRIES: { 'zh-TW': '驗證碼錯誤次數過多，請重新取得驗證碼', en: 'Too many wrong tries; ask for a new code' },
  MOBILE_CODE_REQUIRED: { 'zh-TW': '變更手機號碼需要簡訊驗證，請先取得驗證碼', en: 'A new mobile number needs the code we text to it; ask for a code first' },
  SMS_UNAVAILABLE: { 'zh-TW': '簡訊暫時無法發送，請稍後再試', en: 'Text messages cannot be sent right now; try again shortly' },
  INVALID_SIGNATURE: { 'zh-TW': '簽章驗證失敗', en: 'Signature validation failed' },
  UNAUTHENTICATED: { 'zh-TW': '請先登入', en: 'Please sign in first' },
  ID_TOKEN_INVALID: { 'zh-TW': 'LINE 登入驗證失敗，請重新開啟', en: 'LINE sign-in could not be verified; reopen the app' },
  ID_TOKEN_EXPIRED: { 'zh-TW': 'LINE 登入已逾時，請重新開啟', en: 'Your LINE sign-in has expired; reopen the app' },
  SESSION_EXPIRED: { 'zh-TW': '登入已逾時，請重新整理', en: 'Your session has expired; reload the page' },
  API_KEY_INVALID: { 'zh-TW': 'API 金鑰無效', en: 'The API key is not valid' },
  API_KEY_REVOKED: { 'zh-TW': 'API 金鑰已停用', en: 'The API key has been revoked' },
  FORBIDDEN: { 'zh-TW': '您沒有權限進行這個操作', en: 'You are not allowed to do this' },
  REGISTRATION_REQUIRED: { 'zh-TW': '請先完成會員註冊', en: 'Please complete your registration first' },
  NOT_FOUND: { 'zh-TW': '找不到資料', en: 'Not found' },
  ROUTE_NOT_FOUND: { 'zh-TW': '找不到這個網址', en: 'No such endpoint' },
  METHOD_NOT_ALLOWED: { 'zh-TW': '這個網址不接受此種請求方法', en: 'This endpoint does not accept this method' },
  CSRF_REJECTED: { 'zh-TW': '請從本站頁面操作（拒絕跨站請求）', en: 'Cross-site request refused; use this site\'s own pages' },
  CONFLICT: { 'zh-TW': '資料已被變更，請重新整理後再試', en: 'The data changed; reload and try again' },
  IDEMPOTENCY_KEY_REUSED: {
    'zh-TW': '這個 Idempotency-Key 已用於另一個不同的請求',
    en: 'This Idempotency-Key was already used for a different request',
  },
  PAID_EXCEEDS_TOTAL: { 'zh-TW': '實付金額（paid）不可大於消費總額（total）', en: 'paid cannot be more than total' },
  MEMBER_NOT_FOUND: { 'zh-TW': '找不到這位會員', en: 'No member matches' },
  COUPON_NOT_FOUND: { 'zh-TW': '查無此票券，請確認券號', en: 'No coupon with that code; check the code' },
  QR_EXPIRED: { 'zh-TW': 'QR Code 已逾時，請會員重新開啟票券', en: 'This QR code has expired; ask the member to reopen the coupon' },
  MEMBER_CARD_NOT_FOUND: { 'zh-TW': '查無此會員條碼，請重新掃描或輸入', en: 'No member card with that code; scan or type it again' },
  MEMBER_CARD_EXPIRED: { 'zh-TW': '會員條碼已逾時，請會員重新打開會員條碼', en: 'This member code has expired; ask the member to reopen their card' },
  COUPON_NOT_USABLE: { 'zh-TW': '此票券目前無法使用', en: 'This coupon cannot be used now' },
  COUPON_ALREADY_USED: { 'zh-TW': '此票券已被使用', en: 'This coupon has already been used' },
  PASS_USED_TODAY: { 'zh-TW': '今日已使用，明天再來', en: 'Already used today. Come back tomorrow' },
  OUT_OF_STOCK: { 'zh-TW': '已領完', en: 'All gone' },
  MEMBER_LIMIT_REACHED: { 'zh-TW': '已達每人領取上限', en: 'You already have the maximum allowed' },
  CODE_TAKEN: { 'zh-TW': '此券號已被使用，請換一個', en: 'That code is already taken; use another' },
  TEMPLATE_LOCKED: { 'zh-TW': '已發出的票券規則不可修改，請建立新的票券', en: 'Coupons were issued from this template; create a new one to change its rules' },
  UNDO_WINDOW_PASSED: { 'zh-TW': '核銷超過 10 分鐘，無法取消', en: 'Redemptions can only be undone within 10 minutes' },
  CAMPAIGN_NOT_OPEN: { 'zh-TW': '活動未開始或已結束', en: 'This offer is not open now' },
  NOT_IN_AUDIENCE: { 'zh-TW': '您不符合此活動的領取資格', en: 'This offer is not for you' },
  ALREADY_CLAIMED: { 'zh-TW': '您已經領取過了', en: 'You have already claimed this' },
  CODE_INVALID: { 'zh-TW': '兌換碼無效或已被使用，請確認後再試', en: 'That code is not valid or was already used' },
  RATE_LIMITED: { 'zh-TW': '操作太頻繁，請稍後再試', en: 'Too many attempts; try again shortly' },
  LINE_UNAVAILABLE: { 'zh-TW': 'LINE 暫時無法連線，請稍後再試', en: 'LINE is unavailable; try again shortly' },
  DATABASE_BUSY: { 'zh-TW': '系統忙碌中，這次操作沒有完成，請稍候幾秒再試', en: 'The system is busy and nothing was changed; try again in a few seconds' },
  COUPON_TRANSFER_PENDING: { 'zh-TW': '票券轉贈中，無法使用', en: 'This coupon is being given as a gift and cannot be used' },
  MOBILE_NOT_VERIFIED: { 'zh-TW': '請先到會員資料完成手機驗證，才能送出或接收禮物', en: 'Verify your mobile number in your profile first to send or receive gifts' },
  GIFT_NOT_ALLOWED: { 'zh-TW': '這張票券無法轉贈', en: 'This coupon cannot be given' },
  GIFT_TO_SELF: { 'zh-TW': '不能轉贈給自己，請輸入好友的手機號碼', en: 'You cannot give a coupon to yourself; enter your friend\'s number' },
  GIFT_NOT_FOUND: { 'zh-TW': '找不到這份禮物', en: 'No such gift' },
  GIFT_NOT_PENDING: { 'zh-TW': '這份禮物已被接受、婉拒、取消或退回', en: 'This gift was already accepted, declined, cancelled or returned' },
  INSUFFICIENT_POINTS: { 'zh-TW': '點數不足（待生效的點數尚不能使用）', en: 'Not enough points (pending points cannot be used yet)' },
  ORDER_NUMBER_REUSED: { 'zh-TW': '此門市的訂單編號已登錄過不同的交易，請確認訂單編號', en: 'This store already recorded a different sale under that order number; check the number' },
  REFUND_EXCEEDS_PURCHASE: { 'zh-TW': '退貨數量超過原交易（或已退過），請確認品項與數量', en: 'The return is more than was bought (or already returned); check the lines and quantities' },
  POINTS_DISABLED: { 'zh-TW': '點數功能目前未開啟', en: 'Points are switched off' },
  MISSION_STEPS_LOCKED: { 'zh-TW': '已有會員參加此任務，步驟與完成條件不能再修改；可修改名稱、期間與獎勵，或建立新任務', en: 'Members have progress on this mission, so its steps and completion rule can no longer change; edit the name, dates or reward, or create a new mission' },
  MISSION_NOT_AVAILABLE: { 'zh-TW': '此任務目前無法參加（已結束、尚未開始或不適用於您）', en: 'This mission is not open to you now (ended, not started yet, or for other members)' },
  RICH_MENU_VERSION_NOT_FOUND: { 'zh-TW': '找不到這個圖文選單版本', en: 'This rich menu version was not found' },
  RICH_MENU_VERSION_FROZEN: { 'zh-TW': '已發布過的版本不能修改，請複製成新版本再編輯', en: 'A version that has been published cannot be edited; copy it into a new version' },
  RICH_MENU_INVALID: { 'zh-TW': '圖文選單有需要修正的地方，請依提示修改後再發布', en: 'The rich menu needs fixing before it can be published; see each problem' },
  RICH_MENU_IMAGE_INVALID: { 'zh-TW': '圖片不符合 LINE 圖文選單的規定', en: 'The image does not meet LINE\'s rich menu rules' },
  RICH_MENU_PUBLISH_IN_PROGRESS: { 'zh-TW': '另一個版本正在發布中，請稍候再試', en: 'Another version is being published; try again when it finishes' },
  RICH_MENU_BUDGET_EXCEEDED: { 'zh-TW': 'LINE 每小時最多建立或刪除 100 個圖文選單，請稍後再發布', en: 'LINE allows 100 rich menus to be created or deleted an hour; publish again later' },
  RICH_MENU_SCHEDULE_NOT_FOUND: { 'zh-TW': '找不到這個排程', en: 'This schedule was not found' },
  RICH_MENU_SCHEDULE_INVALID: { 'zh-TW': '排程時間不正確：結束須晚於開始、開始須在未來，且不可與其他排程重疊', en: 'Check the times: the end must be after the start, the start in the future, and no overlap with another schedule' },
  PRODUCT_NOT_AVAILABLE: { 'zh-TW': '這項商品目前無法購買', en: 'This product is not on sale to you right now' },
  PRODUCT_SOLD_OUT: { 'zh-TW': '商品已售完（未付款的訂單 15 分鐘後釋出，可稍後再試）', en: 'Sold out (unpaid orders are released after 15 minutes; try again later)' },
  PURCHASE_LIMIT_REACHED: { 'zh-TW': '已達每人購買上限', en: 'You have reached the limit per member for this product' },
  PRICE_CHANGED: { 'zh-TW': '商品價格已更新，請重新整理後再結帳', en: 'The price has changed; reload and check out again' },
  ORDER_NOT_FOUND: { 'zh-TW': '找不到這筆訂單', en: 'Order not found' },
  ORDER_NOT_PENDING: { 'zh-TW': '這筆訂單已付款、取消或逾時，無法再付款或取消', en: 'This order is already paid, cancelled or released' },
  PAYMENT_UNAVAILABLE: { 'zh-TW': '目前無法使用線上付款，請稍後再試', en: 'Online payment is not available right now; try again later' },
  PAYMENT_MISMATCH: { 'zh-TW': '付款資料與訂單不符，未扣款', en: 'The payment does not match this order; nothing was charged' },
  STOCK_BELOW_SOLD: { 'zh-TW': '庫存不可少於已售出與保留中的數量', en: 'Stock cannot be below what is sold and reserved' },
  ORDER_NOT_REFUNDABLE: { 'zh-TW': '這筆訂單尚未付款或已全額退款，無法退款', en: 'This order is not paid or is already fully refunded, so it cannot be refunded' },
  REFUND_NOT_ALLOWED: { 'zh-TW': '此商品不開放退款', en: 'This product cannot be refunded' },
  REFUND_WINDOW_PASSED: { 'zh-TW': '已超過可退款期限', en: 'The refund period for this order has ended' },
  TICKET_NOT_REFUNDABLE: { 'zh-TW': '這張票券無法退款（已使用、已被好友收下或已退款）', en: 'This ticket cannot be refunded (used, accepted by a friend, or already refunded)' },
  NOTHING_TO_REFUND: { 'zh-TW': '這筆訂單沒有可退款的票券', en: 'No ticket of this order can be refunded' },
  REFUND_NOT_FAILED: { 'zh-TW': '只有退款失敗的紀錄可以重試', en: 'Only a failed refund can be retried' },
  ORDER_NOT_PAID: { 'zh-TW': '只有已付款的訂單可以更新出貨狀態', en: 'Only a paid order can be marked ready or delayed' },
  INTERNAL: { 'zh-TW': '系統發生錯誤，請稍後再試', en: 'Something went wrong; try again shortly' },
};

export interface AppErrorOptions {
  /** zh-TW message for people, overriding the default for the code. */
  message?: string;
  /** English message for people. */
  messageEn?: string;
  /** The request field the error is about, e.g. `mobile`. */
  field?: string;
  /** Extra machine-readable facts (never secrets). */
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly messages: Record<Lang, string>;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    const defaults = ERROR_MESSAGES[code];
    const zh = options.message ?? defaults['zh-TW'];
    const en = options.messageEn ?? (options.message ? options.message : defaults.en);
    // A refusal (4xx) is an answer, not a fault: nobody reads its stack, and capturing one is most
    // of what throwing it costs (9,000 sold-out answers in a flash sale). 5xx keep theirs.
    const limits = Error as { stackTraceLimit?: number };
    const limit = limits.stackTraceLimit;
    if (ERROR_STATUS[code] < 500) limits.stackTraceLimit = 0;
    try {
      super(`${code}: ${en}`, options.cause === undefined ? undefined : { cause: options.cause });
    } finally {
      limits.stackTraceLimit = limit;
    }
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.field = options.field;
    this.details = options.details;
    this.messages = { 'zh-TW': zh, en };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** The JSON shape of every error response. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    field?: string;
    details?: Record<string, unknown>;
    requestId?: string;
  };
}
