import type { FakeHrbrainServer } from '@mikiwame/hrbrain-mock';

/**
 * `start:demo` only: every `intervalMs` the fake HRBrain promotes or moves one member (its
 * 役職・職位 changes) and, once a webhook URL is set on it, sends a delivery about it, so the
 * whole loop (change → webhook → coalesced reconcile → run list) can be watched.
 */
export function startDemoChanges(fake: FakeHrbrainServer, intervalMs: number): () => void {
  const { tenant } = fake;
  const positionField = tenant.ids.fields.position;
  const positions = tenant.payload.organizations[tenant.ids.organizations.position];
  const positionIds =
    positions && Array.isArray(positions.items) ? positions.items.map((item) => item.id) : [];
  let turn = 0;
  const timer = setInterval(() => {
    const members = tenant.payload.members;
    if (members.length === 0 || positionIds.length < 2) return;
    const member = members[turn % members.length];
    turn += 1;
    if (member === undefined) return;
    void fake
      .changeData(
        () => {
          const field = member.fields.find((f) => f.id === positionField);
          if (field === undefined) return;
          const at = positionIds.indexOf(String(field.value));
          field.value = positionIds[(at + 1) % positionIds.length];
        },
        { type: 'member.updated', ids: [member.id] },
      )
      .catch(() => {});
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
