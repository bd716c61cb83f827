import { describe, expect, it } from 'vitest';
import { AbortError, type HrbrainSnapshotProgress, PermissionDeniedError } from '../src/index';
import { rejectionOf, useFakeHrbrain, useMswServer } from './support/harness';

const msw = useMswServer();

describe('client.snapshot()', () => {
  it('returns exactly the fields, every member and every referenced organization', async () => {
    const fake = useFakeHrbrain(msw, { members: 57, departments: { count: 20, maxDepth: 5 } });
    const snapshot = await fake.client({ concurrency: 3 }).snapshot({ members: { pageSize: 10 } });
    expect(snapshot).toEqual(fake.handlers.tenant.payload);
    expect(Object.keys(snapshot)).toEqual(['fields', 'members', 'organizations']);
  });

  it('reads each organization a field references once, even when several fields share it', async () => {
    const fake = useFakeHrbrain(msw, { members: 3 });
    const { payload } = fake.handlers.tenant;
    const shared = payload.fields.find((field) => field.organizationId)!;
    payload.fields.push({
      id: 'fld-sub-team',
      label: '副部署',
      organizationId: shared.organizationId as string,
    });
    await fake.client().snapshot();
    const organizationCalls = fake.requestLines().filter((line) => line.includes('/organization/'));
    const referenced = new Set(
      payload.fields.flatMap((field) => (field.organizationId ? [field.organizationId] : [])),
    );
    expect(organizationCalls.sort()).toEqual(
      [...referenced].map((id) => `GET /members/v1.1/organization/${id}/items`).sort(),
    );
  });

  it('reports progress per phase, ending at the totals', async () => {
    const fake = useFakeHrbrain(msw, { members: 25 });
    const progress: HrbrainSnapshotProgress[] = [];
    await fake
      .client()
      .snapshot({ onProgress: (event) => progress.push(event), members: { pageSize: 10 } });
    const { payload } = fake.handlers.tenant;
    const organizationCount = new Set(
      payload.fields.flatMap((f) => (f.organizationId ? [f.organizationId] : [])),
    ).size;
    expect(progress[0]).toEqual({
      phase: 'fields',
      completed: payload.fields.length,
      total: payload.fields.length,
      fetched: 0,
    });
    const organizations = progress.filter((event) => event.phase === 'organizations');
    expect(organizations.map((event) => event.completed)).toEqual(
      Array.from({ length: organizationCount }, (_, i) => i + 1),
    );
    expect(progress.filter((event) => event.phase === 'members')).toEqual([
      { phase: 'members', completed: 10, total: 25, fetched: 10 },
      { phase: 'members', completed: 20, total: 25, fetched: 20 },
      { phase: 'members', completed: 25, total: 25, fetched: 25 },
    ]);
  });

  it('fails as a whole with the typed error of the call that failed', async () => {
    const fake = useFakeHrbrain(msw, { scopes: ['member:read'] });
    const error = await rejectionOf(fake.client().snapshot());
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect((error as PermissionDeniedError).requiredScope).toBe('organization:read');
  });

  it('stops at once when its signal aborts', async () => {
    const fake = useFakeHrbrain(msw, { members: 500 }, { latencyMs: 5 });
    const controller = new AbortController();
    const error = await rejectionOf(
      fake.client().snapshot({
        signal: controller.signal,
        members: { pageSize: 10 },
        onProgress: (event) => {
          if (event.phase === 'members' && event.completed >= 20) controller.abort();
        },
      }),
    );
    expect(error).toBeInstanceOf(AbortError);
    const memberPages = fake.requestLines().filter((line) => line === 'GET /members/v1/members');
    expect(memberPages.length).toBeLessThan(50);
  });
});
