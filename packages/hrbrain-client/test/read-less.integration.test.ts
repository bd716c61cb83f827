import { createFakeHrbrain, startFakeHrbrainServer } from '@mikiwame/hrbrain-mock';
import { describe, expect, it } from 'vitest';
import { createHrbrainClient } from '../src/index';

describe('issue 12 over real loopback HTTP: counting requests at the fake', () => {
  it('a departments run makes no members request; an employees run asks for columns=', async () => {
    const tenant = createFakeHrbrain({ clientId: 'acme', clientSecret: 'secret', members: 250 });
    const server = await startFakeHrbrainServer({ tenant });
    try {
      const client = createHrbrainClient({
        clientId: 'acme',
        clientSecret: 'secret',
        baseUrl: server.url,
      });
      const mainTeam = tenant.ids.fields.mainTeam;
      const departments = await client.snapshot({
        members: false,
        organizationFieldIds: [mainTeam],
      });
      expect(departments.members).toEqual([]);
      expect(server.requestCounts()).toEqual({
        'POST /auth/token': 1,
        'GET /members/v1/fields': 1,
        [`GET /members/v1.1/organization/${tenant.ids.organizations.department}/items`]: 1,
      });

      const columns = [tenant.ids.fields.email, mainTeam];
      const employees = await client.snapshot({ columns });
      const memberRequests = server.requests.filter((r) => r.path === '/members/v1/members');
      expect(memberRequests).toHaveLength(3);
      for (const request of memberRequests) {
        expect(new URLSearchParams(request.search).get('columns')).toBe(columns.join(','));
      }
      expect(employees.members).toHaveLength(250);
      expect(Object.keys(employees.organizations)).toEqual([tenant.ids.organizations.department]);
    } finally {
      await server.close();
    }
  });
});
