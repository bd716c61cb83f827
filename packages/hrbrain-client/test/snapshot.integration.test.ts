import { readFileSync } from 'node:fs';
import {
  createFakeHrbrain,
  type FakeHrbrainServer,
  startFakeHrbrainServer,
} from '@mikiwame/hrbrain-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createHrbrainClient, type HrbrainSnapshot } from '../src/index';

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/example-snapshot.json', import.meta.url), 'utf8'),
) as HrbrainSnapshot;

let server: FakeHrbrainServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('snapshot over real loopback HTTP (startFakeHrbrainServer)', () => {
  it('a tenant given as explicit payloads round-trips through client.snapshot() unchanged', async () => {
    const tenant = createFakeHrbrain({
      clientId: 'test-leadingmark',
      clientSecret: 'example-secret',
      payload: structuredClone(fixture),
    });
    server = await startFakeHrbrainServer({ tenant, port: 0 });
    const client = createHrbrainClient({
      clientId: 'https://test-leadingmark.members.hrbrain.jp/home',
      clientSecret: 'example-secret',
      baseUrl: server.url,
    });
    const snapshot = await client.snapshot();
    expect(snapshot).toEqual(fixture);
    // Byte for byte too, key order included (organizations are keyed, so compared per id).
    expect(JSON.stringify(snapshot.fields)).toBe(JSON.stringify(fixture.fields));
    expect(JSON.stringify(snapshot.members)).toBe(JSON.stringify(fixture.members));
    for (const [id, items] of Object.entries(fixture.organizations)) {
      expect(JSON.stringify(snapshot.organizations[id])).toBe(JSON.stringify(items));
    }
  });

  it('a generated tenant of 1,050 members reads the same as its payload', async () => {
    const tenant = createFakeHrbrain({
      clientId: 'acme',
      clientSecret: 'secret',
      seed: 7,
      members: 1_050,
    });
    server = await startFakeHrbrainServer({ tenant });
    const client = createHrbrainClient({
      clientId: 'acme',
      clientSecret: 'secret',
      baseUrl: server.url,
    });
    await expect(client.verifyConnection()).resolves.toMatchObject({
      ok: true,
      memberCount: 1_050,
    });
    expect(await client.snapshot()).toEqual(tenant.payload);
  });
});
