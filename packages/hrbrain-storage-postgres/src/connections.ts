import { type HrbrainConnection, StorageError } from '@mikiwame/hrbrain-sync-core';
import type { Tables } from './schema-name';
import type { Driver } from './session';

interface ConnectionRow {
  tenant_id: string;
  client_id: string;
  client_secret: string;
  connected_at: Date;
  connected_by: string | null;
}

const isText = (value: unknown) => typeof value === 'string' && value !== '';

/**
 * Refuse a malformed connection before any query, naming the field but never a value (C5: the
 * database would otherwise report the whole row, secret included).
 */
function assertConnection(connection: HrbrainConnection): void {
  const problems: string[] = [];
  if (!isText(connection?.tenantId)) problems.push('tenantId (a non-empty string)');
  if (!isText(connection?.clientId)) problems.push('clientId (a non-empty string)');
  if (!isText(connection?.clientSecret)) problems.push('clientSecret (a non-empty string)');
  const at = connection?.connectedAt;
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    problems.push('connectedAt (a valid Date)');
  }
  const by = connection?.connectedBy;
  if (by !== undefined && by !== null && typeof by !== 'string') {
    problems.push('connectedBy (a string, null or absent)');
  }
  if (problems.length > 0) {
    throw new StorageError(
      `Postgres storage: saveConnection needs ${problems.join(', ')}; nothing was stored.`,
    );
  }
}

/** C3: one connection per tenant; saving again replaces it. */
export async function saveConnection(driver: Driver, t: Tables, connection: HrbrainConnection) {
  assertConnection(connection);
  await driver.query(
    `insert into ${t.connections} (tenant_id, client_id, client_secret, connected_at, connected_by)
     values ($1, $2, $3, $4::timestamptz, $5)
     on conflict (tenant_id) do update set client_id = excluded.client_id,
       client_secret = excluded.client_secret, connected_at = excluded.connected_at,
       connected_by = excluded.connected_by, updated_at = now()`,
    [
      connection.tenantId,
      connection.clientId,
      connection.clientSecret,
      connection.connectedAt,
      connection.connectedBy ?? null,
    ],
  );
}

export async function getConnection(
  driver: Driver,
  t: Tables,
  tenantId: string,
): Promise<HrbrainConnection | null> {
  const { rows } = await driver.query<ConnectionRow>(
    `select tenant_id, client_id, client_secret, connected_at, connected_by
     from ${t.connections} where tenant_id = $1`,
    [tenantId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    tenantId: row.tenant_id,
    clientId: row.client_id,
    clientSecret: row.client_secret,
    connectedAt: new Date(row.connected_at),
    connectedBy: row.connected_by,
  };
}

export async function deleteConnection(driver: Driver, t: Tables, tenantId: string) {
  const { rowCount } = await driver.query(`delete from ${t.connections} where tenant_id = $1`, [
    tenantId,
  ]);
  return rowCount > 0;
}
