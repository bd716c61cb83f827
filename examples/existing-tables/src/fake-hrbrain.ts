import { createFakeHrbrain } from '@mikiwame/hrbrain-mock';

/** The seeded fake HRBrain `pnpm … sync` starts when no HRBRAIN_URL is given. */
export const FAKE_CLIENT_ID = 'demo-tenant';
export const FAKE_CLIENT_SECRET = 'demo-secret-token';

export function createFakeTenant() {
  return createFakeHrbrain({
    clientId: FAKE_CLIENT_ID,
    clientSecret: FAKE_CLIENT_SECRET,
    seed: 11,
    members: 120,
    departments: { count: 10, maxDepth: 3 },
  });
}
