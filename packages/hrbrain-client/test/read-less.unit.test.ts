import { createFakeHrbrain, createHrbrainHandlers } from '@mikiwame/hrbrain-mock';
import { describe, expect, it } from 'vitest';
import { buildHrbrainClient } from '../src/client';
import type { HrbrainFieldDefinition, HrbrainSnapshotProgress } from '../src/index';
import example from './fixtures/example-snapshot.json' with { type: 'json' };
import { fastTiming, rejectionOf, SECRET, useMswServer } from './support/harness';

const msw = useMswServer();
const SALARY = '給与-9876543円';

/** The worked example plus a 給与 field on every member (what a `member:all` token sees). */
function salariedTenant(faults: Parameters<typeof createHrbrainHandlers>[1] = {}) {
  const payload = structuredClone(example) as typeof example & {
    fields: Record<string, unknown>[];
  };
  payload.fields.push({ id: 'fld-salary', label: '給与', type: 'number' });
  for (const member of payload.members as { fields: Record<string, unknown>[] }[]) {
    member.fields.push({ id: 'fld-salary', type: 'number', value: SALARY });
  }
  const tenant = createFakeHrbrain({ clientId: 'acme', clientSecret: SECRET, payload });
  const handlers = createHrbrainHandlers(tenant, faults);
  msw.server.use(...handlers);
  const client = buildHrbrainClient({ clientId: 'acme', clientSecret: SECRET }, fastTiming);
  return { tenant, handlers, client };
}

const byLabel = (label: string) => (fields: readonly HrbrainFieldDefinition[]) =>
  fields.filter((field) => field.label === label).map((field) => field.id);

describe('issue 12: a run reads only what it needs', () => {
  it('a departments run (members: false) reads the fields and the 主部署 organization only, no members', async () => {
    const { handlers, client } = salariedTenant();
    const snapshot = await client.snapshot({
      members: false,
      organizationFieldIds: byLabel('主部署'),
    });
    expect(snapshot.members).toEqual([]);
    expect(Object.keys(snapshot.organizations)).toEqual(['org-dept']);
    expect(snapshot.organizations['org-dept']).toEqual(example.organizations['org-dept']);
    expect(handlers.requestCounts()).toEqual({
      'POST /auth/token': 1,
      'GET /members/v1/fields': 1,
      'GET /members/v1.1/organization/org-dept/items': 1,
    });
  });

  it('members: false without organizationFieldIds reads every referenced organization, still no members', async () => {
    const { handlers, client } = salariedTenant();
    const snapshot = await client.snapshot({ members: false });
    expect(Object.keys(snapshot.organizations).sort()).toEqual(
      Object.keys(example.organizations).sort(),
    );
    expect(handlers.requestCounts()['GET /members/v1/members']).toBeUndefined();
  });

  it('an employees run asks for columns= and reads only the organizations those fields reference', async () => {
    const { handlers, client } = salariedTenant();
    const columns = ['fld-ln', 'fld-fn', 'fld-mail', 'fld-team', 'fld-emp'];
    const snapshot = await client.snapshot({ columns: () => columns });
    const memberRequests = handlers.requests.filter((r) => r.path === '/members/v1/members');
    expect(memberRequests.length).toBeGreaterThan(0);
    for (const request of memberRequests) {
      expect(new URLSearchParams(request.search).get('columns')).toBe(columns.join(','));
    }
    expect(Object.keys(snapshot.organizations).sort()).toEqual(['org-dept', 'org-emptype']);
    expect(snapshot.members).toHaveLength(example.members.length);
    for (const member of snapshot.members) {
      expect(member.fields.every((field) => columns.includes(field.id))).toBe(true);
    }
    expect(JSON.stringify(snapshot)).not.toContain(SALARY);
  });

  it('columns and organizationFieldIds also take plain arrays', async () => {
    const { handlers, client } = salariedTenant();
    const snapshot = await client.snapshot({
      columns: ['fld-ln', 'fld-status'],
      organizationFieldIds: ['fld-status', 'fld-team'],
    });
    expect(Object.keys(snapshot.organizations).sort()).toEqual(['org-dept', 'org-status']);
    expect(
      handlers.requestCounts()['GET /members/v1.1/organization/org-pos/items'],
    ).toBeUndefined();
  });

  it('a server that ignores columns: unrequested fields (給与) are dropped client-side', async () => {
    const { handlers, client } = salariedTenant({ faults: { ignoreColumns: true } });
    const snapshot = await client.snapshot({ columns: ['fld-ln', 'fld-team'] });
    expect(handlers.requests.some((r) => r.search.includes('columns='))).toBe(true);
    for (const member of snapshot.members) {
      expect(member.fields.map((field) => field.id).sort()).toEqual(['fld-ln', 'fld-team']);
    }
    expect(JSON.stringify(snapshot)).not.toContain(SALARY);

    const listed = await client.members.listAll({ columns: ['fld-mail'] });
    expect(listed.every((m) => m.fields.every((f) => f.id === 'fld-mail'))).toBe(true);
    expect(JSON.stringify(listed)).not.toContain(SALARY);
  });

  it('a server that ignores columns, members listing their fields in different orders: each keeps only what was asked for', async () => {
    const payload = structuredClone(example) as typeof example & {
      fields: Record<string, unknown>[];
    };
    payload.fields.push({ id: 'fld-salary', label: '給与', type: 'number' });
    const members = payload.members as { fields: Record<string, unknown>[] }[];
    members.forEach((member, i) => {
      // 給与 last on the first member, then one position further forward on each next one:
      // always where an earlier member of the page had a wanted field
      const at = Math.max(0, member.fields.length - i);
      member.fields.splice(at, 0, { id: 'fld-salary', type: 'number', value: SALARY });
    });
    const tenant = createFakeHrbrain({ clientId: 'acme', clientSecret: SECRET, payload });
    msw.server.use(...createHrbrainHandlers(tenant, { faults: { ignoreColumns: true } }));
    const client = buildHrbrainClient({ clientId: 'acme', clientSecret: SECRET }, fastTiming);
    // every field but 給与
    const wanted = payload.fields
      .map((field) => field.id as string)
      .filter((id) => id !== 'fld-salary');
    const listed = await client.members.listAll({ columns: wanted, pageSize: 100 });
    expect(listed).toHaveLength(members.length);
    listed.forEach((member, i) => {
      const expected = members[i]!.fields.filter((field) =>
        wanted.includes(field.id as string),
      ).map((field) => field.id);
      expect(member.fields.map((field) => field.id)).toEqual(expected);
    });
    expect(JSON.stringify(listed)).not.toContain(SALARY);
  });

  it('the members listing stays streamable page by page with columns', async () => {
    const { client } = salariedTenant();
    const pages: number[] = [];
    for await (const page of client.members.list({ columns: ['fld-ln'], pageSize: 3 }).pages()) {
      pages.push(page.members.length);
    }
    expect(pages).toEqual([3, 3, 1]);
  });

  it('onProgress (DECISIONS #4) carries fetched and total per members page', async () => {
    const { client } = salariedTenant();
    const events: HrbrainSnapshotProgress[] = [];
    await client.snapshot({ members: { pageSize: 3 }, onProgress: (p) => events.push({ ...p }) });
    const memberEvents = events.filter((e) => e.phase === 'members');
    expect(memberEvents.map((e) => [e.fetched, e.total])).toEqual([
      [3, 7],
      [6, 7],
      [7, 7],
    ]);
    const fieldsEvent = events.find((e) => e.phase === 'fields');
    expect(fieldsEvent?.fetched).toBe(0);
  });

  it('columns given twice (top level and members.columns) is an HrbrainConfigError before any request', async () => {
    const { handlers, client } = salariedTenant();
    const error = await rejectionOf(
      client.snapshot({ columns: ['fld-ln'], members: { columns: ['fld-fn'] } }),
    );
    expect(error).toMatchObject({ code: 'INVALID_CONFIG', option: 'columns' });
    expect(handlers.requests).toEqual([]);
  });

  it('a columns selector that returns an unknown field id fails with HrbrainConfigError', async () => {
    const { client } = salariedTenant();
    const error = await rejectionOf(client.snapshot({ columns: () => ['fld-nope'] }));
    expect(error).toMatchObject({ code: 'INVALID_CONFIG', option: 'columns' });
  });
});
