import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LinePayProvider } from '../../bot-server/payments/linepay.ts';
import { PaymentError } from '../../bot-server/payments/payment-provider.ts';

// The LINE Pay adapter's connection pool: a request written to a kept-alive socket the server
// closed meanwhile (the keep-alive race that made flash-sale payment requests fail as TIMEOUT)
// is sent again on a fresh connection — except a refund, which stays an unknown outcome.
// A tiny stand-in server: it answers like LINE Pay, and drops the connection (no answer) on the
// request numbers listed in `drop` when they arrive on a reused socket.

let server: Server;
let base: string;
let seen = 0;
const drop = new Set<number>();
const nonces: string[] = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    seen += 1;
    const socket = req.socket as Socket & { served?: number };
    socket.served = (socket.served ?? 0) + 1;
    nonces.push(String(req.headers['x-line-authorization-nonce']));
    if (drop.has(seen) && socket.served > 1) {
      socket.destroy();
      return;
    }
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('keep-alive', 'timeout=60');
      // LINE Pay's ids as bare 19-digit numbers (written by hand: a JS number would round them).
      res.end('{"returnCode":"0000","returnMessage":"Success.","info":{"transactionId":2026120100000000001,"paymentUrl":{"web":"https://pay.example/x"},"refundTransactionId":2026120100000000002}}');
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const request = (p: LinePayProvider, orderId: string) => p.request({ orderId, amount: 88, currency: 'TWD', title: '限時搶購', lines: [{ name: '限時搶購', quantity: 1, price: 88 }], confirmUrl: 'https://shop.example/c', cancelUrl: 'https://shop.example/x' });

describe('LINE Pay connection pool', () => {
  it('reuses the connection, and sends a request again (fresh nonce) when the reused socket was closed under it', async () => {
    const provider = new LinePayProvider({ channelId: '1234567890', channelSecret: 'secret', baseUrl: base });
    seen = 0;
    nonces.length = 0;
    expect((await request(provider, 'A-1')).transactionId).toBe('2026120100000000001');
    drop.add(2);
    // The second call goes out on the pooled socket, which the server drops: retried once on a new connection.
    expect((await request(provider, 'A-2')).transactionId).toBe('2026120100000000001');
    expect(seen).toBe(3);
    expect(new Set(nonces).size).toBe(3);
    provider.close();
  });

  it('a refund on a socket closed under it is not sent again: TIMEOUT (unknown), for the caller to check the details', async () => {
    const provider = new LinePayProvider({ channelId: '1234567890', channelSecret: 'secret', baseUrl: base });
    seen = 0;
    drop.clear();
    await request(provider, 'B-1');
    drop.add(2);
    const refused = await provider.refund('2026120100000000001', 88).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PaymentError);
    expect((refused as PaymentError).code).toBe('TIMEOUT');
    expect(seen).toBe(2);
    provider.close();
  });
});
