import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import type { HrbrainLogEntry } from '../src/index';
import { SECRET, useFakeHrbrain, useMswServer } from './support/harness';

const msw = useMswServer();

describe('logger: one redacted line per attempt and per retry (C5)', () => {
  it('logs method, path with query, status, duration and attempt — nothing else', async () => {
    const fake = useFakeHrbrain(msw, { members: 3 }, { serverError: { count: 1, status: 503 } });
    const lines: { level: string; message: string; entry: HrbrainLogEntry }[] = [];
    const client = fake.client({
      logger: {
        debug: (message, entry) => lines.push({ level: 'debug', message, entry }),
        warn: (message, entry) => lines.push({ level: 'warn', message, entry }),
      },
    });
    await client.members.listAll({ pageSize: 2 });
    expect(lines.map(({ level, message }) => [level, message])).toEqual([
      ['debug', 'POST /auth/token → 200'],
      ['debug', 'GET /members/v1/members?limit=2&offset=0 → 503'],
      ['warn', 'retry 1/3 in 1 ms after SERVER_ERROR'],
      ['debug', 'GET /members/v1/members?limit=2&offset=0 → 200'],
      ['debug', 'GET /members/v1/members?limit=2&offset=2 → 200'],
    ]);
    expect(lines[1]?.entry).toEqual({
      event: 'response',
      method: 'GET',
      path: '/members/v1/members?limit=2&offset=0',
      attempt: 1,
      status: 503,
      durationMs: expect.any(Number),
    });
    expect(lines[2]?.entry).toEqual({
      event: 'retry',
      method: 'GET',
      path: '/members/v1/members?limit=2&offset=0',
      attempt: 1,
      status: 503,
      errorCode: 'SERVER_ERROR',
      delayMs: 1,
    });
    expect(lines[3]?.entry.attempt).toBe(2);
    for (const { entry } of lines) {
      expect(
        Object.keys(entry).every((key) =>
          [
            'event',
            'method',
            'path',
            'attempt',
            'status',
            'durationMs',
            'errorCode',
            'delayMs',
          ].includes(key),
        ),
      ).toBe(true);
    }
  });

  it('an attempt without a response is logged as a failure at warn', async () => {
    const fake = useFakeHrbrain(msw, {}, { networkError: { count: 1 } });
    const warned: HrbrainLogEntry[] = [];
    await fake.client({ logger: { warn: (_message, entry) => warned.push(entry) } }).fields.list();
    expect(warned.map((entry) => entry.event)).toEqual(['failure', 'retry']);
    expect(warned[1]?.errorCode).toBe('CONNECTION_FAILED');
  });

  it('a logger that throws neither fails the call nor leaves an unhandled rejection', async () => {
    const fake = useFakeHrbrain(msw, { members: 5 }, { serverError: { count: 1, status: 503 } });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const broken = () => {
        throw new Error('log sink is down');
      };
      const client = fake.client({ logger: { debug: broken, warn: broken } });
      await expect(client.members.listAll()).resolves.toHaveLength(5);
      // Let the status callbacks (which nothing awaits) settle.
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });

  it('C5: a path that echoes the access token or the secret (a hostile organizationId) is logged redacted', async () => {
    const fake = useFakeHrbrain(msw, { members: 1 });
    // The fields answer names the caller's own token (and the secret) as an organization id.
    msw.server.use(
      http.get('https://acme.oapi.hrbrain.jp/members/v1/fields', ({ request }) => {
        const token = (request.headers.get('authorization') ?? '').replace(/^Bearer /, '');
        return HttpResponse.json([
          { id: 'f-1', label: '主部署', type: 'organizationPulldown', organizationId: token },
          { id: 'f-2', label: '雇用形態', type: 'organizationPulldown', organizationId: SECRET },
        ]);
      }),
      http.get('https://acme.oapi.hrbrain.jp/members/v1.1/organization/:id/items', () =>
        HttpResponse.json({ type: 'list', items: [] }),
      ),
    );
    const lines: unknown[] = [];
    const client = fake.client({
      logger: {
        debug: (message, entry) => lines.push([message, entry]),
        warn: (message, entry) => lines.push([message, entry]),
      },
    });
    await client.snapshot().catch(() => undefined);
    const text = JSON.stringify(lines);
    expect(msw.issuedTokens.length).toBeGreaterThan(0);
    expect(text).toContain('/members/v1.1/organization/');
    for (const secret of [SECRET, ...msw.issuedTokens]) expect(text).not.toContain(secret);
  });
});
