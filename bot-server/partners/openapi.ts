import { z } from 'zod';
import { ZRedeemRequest, ZRedemptionView, ZValidateRequest, ZValidation, ZVoidRedemptionRequest } from '../../shared/api/coupons.ts';
import { ZNotificationStatus, ZPartnerNotificationRequest } from '../../shared/api/notifications.ts';
import { ERROR_STATUS } from '../../shared/errors.ts';
import { KINDS, NOTIFICATION_KINDS } from '../../shared/notifications/kinds.ts';

function schema(s: z.ZodType, io: 'input' | 'output') {
  const json = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: Object.keys(ERROR_STATUS) },
        message: { type: 'string', description: 'For people: zh-TW, or English with Accept-Language: en' },
        field: { type: 'string' },
        requestId: { type: 'string' },
      },
    },
  },
};

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is not valid (`VALIDATION_FAILED`, `INVALID_JSON`, `MALFORMED_REQUEST`)',
  401: 'No, unknown or revoked API key',
  403: 'The key lacks the scope, or the store',
  404: 'Not found',
  409: 'Conflict (the coupon cannot be used, or was used first)',
  413: 'The body is too large',
  415: 'The body is not application/json',
  422: 'The Idempotency-Key was used with another body',
  429: 'Too many attempts: wait for the `Retry-After` header',
  503: 'Busy (`DATABASE_BUSY`): retry after `Retry-After` seconds with the same Idempotency-Key',
};
const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [
      String(c),
      {
        description: ERROR_DESCRIPTIONS[c] ?? 'Error',
        ...(c === 429 || c === 503 ? { headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait before retrying' } } } : {}),
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    ]),
  );

/** The OpenAPI 3.1 document for the POS and partner API, built from the same zod schemas the server validates with. */
export function buildOpenApi(serverUrl: string) {
  const partnerKinds = NOTIFICATION_KINDS.filter((k) => KINDS[k].partner);
  const kindDocs = partnerKinds
    .map((k) => {
      const vars = Object.entries(KINDS[k].variables as Record<string, { type: string; required: boolean }>)
        .map(([name, v]) => `\`${name}\` (${v.type}${v.required ? ', required' : ''})`)
        .join(', ');
      return `- \`${k}\`: ${vars}`;
    })
    .join('\n');
  return {
    openapi: '3.1.0',
    info: {
      title: 'LINE member coupons — POS and partner API',
      version: '1.0.0',
      description:
        'Authenticate with `Authorization: Bearer <API key>` (created in the console or with `npm run apikey`). ' +
        'POST requests accept an `Idempotency-Key` header: a replay with the same key and body returns the first result.\n\n' +
        `Notification kinds for partners and their variables:\n${kindDocs}`,
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key starting with lmc_' } },
      schemas: {
        Error: errorSchema,
        PartnerNotificationRequest: schema(ZPartnerNotificationRequest, 'input'),
        NotificationStatus: schema(ZNotificationStatus, 'output'),
        ValidateRequest: schema(ZValidateRequest, 'input'),
        Validation: schema(ZValidation, 'output'),
        RedeemRequest: schema(ZRedeemRequest, 'input'),
        Redemption: schema(ZRedemptionView, 'output'),
        VoidRedemptionRequest: schema(ZVoidRedemptionRequest, 'input'),
      },
    },
    security: [{ apiKey: [] }],
    paths: {
      '/api/pos/validations': {
        post: {
          summary: 'Check a coupon (code, barcode or QR token) against a store and basket, without redeeming',
          description: 'Needs an API key with the `pos` scope, limited to the key\'s stores. `verdict.message` is the reason in plain words (zh-TW, or English with Accept-Language: en).',
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ValidateRequest' } } } },
          responses: { '200': { description: 'The coupon and the verdict', content: { 'application/json': { schema: { $ref: '#/components/schemas/Validation' } } } }, ...errors(400, 401, 403, 404, 413, 415, 429, 503) },
        },
      },
      '/api/pos/redemptions': {
        post: {
          summary: 'Redeem uses of a coupon (one conditional update; exact under concurrency)',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, description: 'e.g. your order number: a replay returns the first result', schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{8,128}$' } }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/RedeemRequest' } } } },
          responses: {
            '201': { description: 'Redeemed', content: { 'application/json': { schema: { $ref: '#/components/schemas/Redemption' } } } },
            ...errors(400, 401, 403, 404, 409, 413, 415, 422, 429, 503),
          },
        },
      },
      '/api/pos/redemptions/{id}/void': {
        post: {
          summary: 'Void a redemption this key made (refund): the uses come back',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          requestBody: { required: false, content: { 'application/json': { schema: { $ref: '#/components/schemas/VoidRedemptionRequest' } } } },
          responses: { '200': { description: 'Voided', content: { 'application/json': { schema: { $ref: '#/components/schemas/Redemption' } } } }, ...errors(400, 401, 403, 404, 413, 415, 503) },
        },
      },
      '/api/partner/notifications': {
        post: {
          summary: 'Notify a member (reservation, order status, renewal reminder, third-party message)',
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{8,128}$' } }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/PartnerNotificationRequest' } } } },
          responses: {
            '202': {
              description: 'Queued; the dispatcher pushes it at `sendAt` (or now)',
              content: { 'application/json': { schema: { type: 'object', required: ['id', 'status'], properties: { id: { type: 'string', format: 'uuid' }, status: { type: 'string' } } } } },
            },
            ...errors(400, 401, 403, 404, 413, 415, 422, 429, 503),
          },
        },
      },
      '/api/partner/notifications/{id}': {
        get: {
          summary: 'Delivery status of a notification this key requested',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          responses: {
            '200': { description: 'Status', content: { 'application/json': { schema: { $ref: '#/components/schemas/NotificationStatus' } } } },
            ...errors(401, 403, 404, 503),
          },
        },
      },
    },
  };
}
