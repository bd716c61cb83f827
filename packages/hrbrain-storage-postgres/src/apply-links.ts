import type { LinkedRecord, SyncKind } from '@mikiwame/hrbrain-sync-core';
import { recordGone } from '@mikiwame/hrbrain-sync-core/adapter';
import { arrayLiteral } from './array-literal';
import { chunks, isUuid } from './field-updates';
import type { SqlSession } from './session';

/** What an apply wrote. */
export interface AppliedCounts {
  created: number;
  updated: number;
  linked: number;
}

/**
 * DECISIONS #2: a link writes only `source_id` (and `updated_at`), one statement per chunk. A
 * link whose row is gone refuses the whole plan (stale), like an update would.
 */
export async function applyLinks(
  tx: SqlSession,
  table: string,
  kind: SyncKind,
  tenantId: string,
  links: readonly LinkedRecord[],
): Promise<number> {
  let linked = 0;
  for (const chunk of chunks(links)) {
    const stranger = chunk.find((link) => !isUuid(link.id));
    if (stranger) throw recordGone(kind, stranger.id);
    const { rows } = await tx.query<{ id: string }>(
      `update ${table} d set source_id = x.source_id, updated_at = now()
       from unnest($2::uuid[], $3::text[]) as x(id, source_id)
       where d.tenant_id = $1 and d.id = x.id
       returning d.id::text as id`,
      [tenantId, arrayLiteral(chunk.map((l) => l.id)), arrayLiteral(chunk.map((l) => l.sourceId))],
    );
    if (rows.length !== chunk.length) {
      const written = new Set(rows.map((row) => row.id.toLowerCase()));
      const gone = chunk.find((link) => !written.has(link.id.toLowerCase()));
      throw recordGone(kind, gone?.id ?? '?');
    }
    linked += rows.length;
  }
  return linked;
}
