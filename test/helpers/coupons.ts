import type { TCouponTemplateInput } from '../../shared/api/coupons.ts';
import type { TestServer } from './server.ts';

export function templateInput(overrides: Partial<TCouponTemplateInput> = {}): TCouponTemplateInput {
  return {
    name: '測試券',
    kind: 'amount_off',
    amountOff: 100,
    validity: { type: 'relative', days: 30 },
    ...overrides,
  };
}

export async function createTemplate(server: TestServer, admin: Record<string, string>, overrides: Partial<TCouponTemplateInput> = {}) {
  const res = await server.client.call('consoleCreateCouponTemplate', { headers: admin, body: templateInput(overrides) });
  if (res.status !== 201) throw new Error(`template: ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function issueByMobile(server: TestServer, admin: Record<string, string>, templateId: number, mobile: string) {
  const res = await server.client.call('consoleIssueCoupon', { headers: admin, body: { templateId, mobile } });
  if (res.status !== 201) throw new Error(`issue: ${JSON.stringify(res.body)}`);
  return res.body;
}
