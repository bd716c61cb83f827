import {
  createFakeHrbrain,
  type FakeHrbrainOptions,
  startFakeHrbrainServer,
} from '@mikiwame/hrbrain-mock';

export const FAKE_CLIENT_ID = 'acme-test';
export const FAKE_SECRET = 'fake-secret-7f2a9c41-do-not-log';

/** A fake HRBrain tenant on a real loopback HTTP server (what the server's client talks to). */
export async function startFakeHrbrain(options: Partial<FakeHrbrainOptions> = {}) {
  const tenant = createFakeHrbrain({
    clientId: FAKE_CLIENT_ID,
    clientSecret: FAKE_SECRET,
    seed: 7,
    members: 40,
    ...options,
  });
  return await startFakeHrbrainServer({ tenant, port: 0 });
}
