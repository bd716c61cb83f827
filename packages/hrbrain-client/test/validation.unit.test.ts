import {
  createFakeHrbrain,
  createHrbrainHandlers,
  type HrbrainPayloadInput,
} from '@mikiwame/hrbrain-mock';
import { describe, expect, it } from 'vitest';
import { buildHrbrainClient } from '../src/client';
import { HrbrainResponseValidationError } from '../src/index';
import { fastTiming, rejectionOf, SECRET, useMswServer } from './support/harness';

const msw = useMswServer();

function clientFor(payload: HrbrainPayloadInput) {
  const tenant = createFakeHrbrain({ clientId: 'acme', clientSecret: SECRET, payload });
  const handlers = createHrbrainHandlers(tenant);
  msw.server.use(...handlers);
  return {
    client: buildHrbrainClient({ clientId: 'acme', clientSecret: SECRET }, fastTiming),
    handlers,
  };
}

const validPayload: HrbrainPayloadInput = {
  fields: [{ id: 'f1', label: '主部署', organizationId: 'org-1' }],
  members: [{ id: 'm1', fields: [{ id: 'f1', type: 'organizationPulldown', value: 'd1' }] }],
  organizations: {
    'org-1': { type: 'tree', items: [{ id: 'd1', value: '本社', code: 'HQ', items: [] }] },
  },
};

describe('response validation (one zod schema per endpoint)', () => {
  it.each([
    [
      'a field without a label',
      { ...validPayload, fields: [{ id: 'f1' }] },
      (client: ReturnType<typeof clientFor>['client']) => client.fields.list(),
      'GET /members/v1/fields',
      [0, 'label'],
    ],
    [
      'a field definition that is not an object',
      { ...validPayload, fields: [{ id: 'f1', label: '氏' }, 'f2'] },
      (client: ReturnType<typeof clientFor>['client']) => client.fields.list(),
      'GET /members/v1/fields',
      [1],
    ],
    [
      'a member whose fields are missing',
      { ...validPayload, members: [{ id: 'm1' }] },
      (client: ReturnType<typeof clientFor>['client']) => client.members.listAll(),
      'GET /members/v1/members',
      ['data', 0, 'fields'],
    ],
    [
      'a member id that is a number',
      { ...validPayload, members: [validPayload.members[0], { id: 2, fields: [] }] },
      (client: ReturnType<typeof clientFor>['client']) => client.members.listAll(),
      'GET /members/v1/members',
      ['data', 1, 'id'],
    ],
    [
      'a nested organization item without a value',
      {
        ...validPayload,
        organizations: {
          'org-1': {
            type: 'tree',
            items: [
              { id: 'd1', value: '本社', items: [{ id: 'd2', value: '営業部' }, { id: 'd3' }] },
            ],
          },
        },
      },
      (client: ReturnType<typeof clientFor>['client']) => client.organizations.items('org-1'),
      'GET /members/v1.1/organization/{organizationId}/items',
      ['items', 0, 'items', 1, 'value'],
    ],
    [
      'an organization without a type',
      { ...validPayload, organizations: { 'org-1': { items: [] } } },
      (client: ReturnType<typeof clientFor>['client']) => client.organizations.items('org-1'),
      'GET /members/v1.1/organization/{organizationId}/items',
      ['type'],
    ],
  ])(
    '%s → HrbrainResponseValidationError at the first bad value, not retried',
    async (_name, payload, call, endpoint, path) => {
      const { client, handlers } = clientFor(payload);
      const error = await rejectionOf(call(client));
      expect(error).toBeInstanceOf(HrbrainResponseValidationError);
      const invalid = error as HrbrainResponseValidationError;
      expect(invalid.reason).toBe('schema');
      expect(invalid.endpoint).toBe(endpoint);
      expect(invalid.path).toEqual(path);
      expect(invalid.message).toContain(endpoint);
      expect(handlers.requests.filter((entry) => entry.path !== '/auth/token')).toHaveLength(1);
    },
  );

  it('a token response that is not JSON is a validation error of POST /auth/token', async () => {
    const tenant = createFakeHrbrain({
      clientId: 'acme',
      clientSecret: SECRET,
      payload: validPayload,
    });
    msw.server.use(
      ...createHrbrainHandlers(tenant, {
        faults: { malformedJson: { count: Infinity, path: '/auth/token' } },
      }),
    );
    const client = buildHrbrainClient(
      { clientId: 'acme', clientSecret: SECRET, maxRetries: 0 },
      fastTiming,
    );
    const error = await rejectionOf(client.fields.list());
    expect(error).toBeInstanceOf(HrbrainResponseValidationError);
    expect((error as HrbrainResponseValidationError).endpoint).toBe('POST /auth/token');
    expect((error as HrbrainResponseValidationError).reason).toBe('malformed-json');
  });

  it('keeps unknown keys everywhere (looseObject): HRBrain adding a key breaks nothing', async () => {
    const payload: HrbrainPayloadInput = {
      fields: [
        { id: 'f1', label: '主部署', organizationId: 'org-1', required: true, meta: { x: 1 } },
      ],
      members: [
        { id: 'm1', updatedAt: '2026-11-01', fields: [{ id: 'f1', value: 'd1', extra: [1, 2] }] },
      ],
      organizations: {
        'org-1': {
          type: 'tree',
          version: 3,
          items: [{ id: 'd1', value: '本社', sort: 1, items: null }],
        },
      },
    };
    const { client } = clientFor(payload);
    await expect(client.fields.list()).resolves.toEqual(payload.fields);
    await expect(client.members.listAll()).resolves.toEqual(payload.members);
    await expect(client.organizations.items('org-1')).resolves.toEqual(
      payload.organizations['org-1'],
    );
  });

  it('accepts null or absent optional values (organizationId, alias, type, value, code, items)', async () => {
    const payload: HrbrainPayloadInput = {
      fields: [{ id: 'f1', label: '氏', organizationId: null, alias: null, type: null }],
      members: [
        { id: 'm1', fields: [{ id: 'f1', alias: null, type: null, value: null }] },
        { id: 'm2', fields: [{ id: 'f1' }] },
      ],
      organizations: {
        'org-1': { type: 'list', items: [{ id: 'i1', value: '正社員', code: null, items: null }] },
      },
    };
    const { client } = clientFor(payload);
    await expect(client.fields.list()).resolves.toEqual(payload.fields);
    await expect(client.members.listAll()).resolves.toEqual(payload.members);
    await expect(client.organizations.items('org-1')).resolves.toEqual(
      payload.organizations['org-1'],
    );
  });
});
