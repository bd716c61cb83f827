import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { AuthenticationError, ConnectionError, PermissionDeniedError } from '../src/index';
import { rejectionOf, useFakeHrbrain, useMswServer } from './support/harness';

const msw = useMswServer();

describe('verifyConnection (C2)', () => {
  it('C2: proves the secret, member:read and organization:read with real reads', async () => {
    const fake = useFakeHrbrain(msw, { members: 42 });
    const check = await fake.client().verifyConnection();
    const { tenant } = fake.handlers;
    const mainTeam = tenant.payload.fields.find((field) => field.alias === 'MainTeam');
    expect(check).toEqual({
      ok: true,
      clientId: 'acme',
      verifiedScopes: ['member:read', 'organization:read'],
      memberCount: 42,
      fieldCount: tenant.payload.fields.length,
      checkedOrganizationId: mainTeam?.organizationId,
    });
    expect(fake.requestLines()).toEqual([
      'POST /auth/token',
      'GET /members/v1/fields',
      'GET /members/v1/members',
      `GET /members/v1.1/organization/${mainTeam?.organizationId}/items`,
    ]);
    // One member is enough to prove the read, and one field of it (issue 12: no 給与 …).
    expect(fake.handlers.requests[2]?.search).toContain('limit=1');
    expect(new URLSearchParams(fake.handlers.requests[2]?.search).get('columns')).toBe(
      mainTeam?.id,
    );
  });

  it('C2: a bad secret says the secret is wrong', async () => {
    const fake = useFakeHrbrain(msw);
    const error = await rejectionOf(fake.client({ clientSecret: 'wrong' }).verifyConnection());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toMatch(/refused the client secret/);
  });

  it('C2: an unknown tenant says the client ID is unknown', async () => {
    const fake = useFakeHrbrain(msw);
    const client = fake.client({ clientId: 'no-such-tenant', baseUrl: fake.handlers.baseUrl });
    const error = await rejectionOf(client.verifyConnection());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).toMatch(/does not know the client ID "no-such-tenant"/);
  });

  it('C2: a 401 without a telling body still says the client ID or secret is wrong', async () => {
    const fake = useFakeHrbrain(msw);
    msw.server.use(
      http.post(
        `${fake.handlers.baseUrl}/auth/token`,
        () => new HttpResponse(null, { status: 401 }),
      ),
    );
    const error = await rejectionOf(fake.client().verifyConnection());
    expect((error as Error).message).toMatch(/rejected the client ID or client secret/);
  });

  it('C2: a secret without member:read names member:read', async () => {
    const fake = useFakeHrbrain(msw, { scopes: ['organization:read'] });
    const error = await rejectionOf(fake.client().verifyConnection());
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect((error as PermissionDeniedError).requiredScope).toBe('member:read');
    expect((error as Error).message).toContain('`member:read`');
  });

  it('C2: a secret without organization:read names organization:read', async () => {
    const fake = useFakeHrbrain(msw, { scopes: ['member:read'] });
    const error = await rejectionOf(fake.client().verifyConnection());
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect((error as PermissionDeniedError).requiredScope).toBe('organization:read');
    expect((error as Error).message).toContain('`organization:read`');
  });

  it('C2: broader scopes (all) pass', async () => {
    const fake = useFakeHrbrain(msw, { scopes: ['all'] });
    await expect(fake.client().verifyConnection()).resolves.toMatchObject({ ok: true });
  });

  it('C2: HRBrain unreachable is a ConnectionError', async () => {
    const fake = useFakeHrbrain(msw, {}, { networkError: { count: Infinity, path: /./ } });
    const error = await rejectionOf(fake.client({ maxRetries: 0 }).verifyConnection());
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/Could not reach HRBrain/);
  });
});
