// What PostgreSQL itself counted as written (pg_stat_user_tables), for the benches' "rows
// written / rows changed" figures. A session reports its counts when it ends, or when it next
// goes idle after `pg_stat_force_next_flush()`; a reader's snapshot of the counts lasts one
// transaction, so each autocommit query here sees what has been reported.

/**
 * Asks one session (a `pg.Client`, or a `pg.Pool` of one connection) to report its pending
 * counts now.
 * @param {{ query(sql: string): Promise<unknown> }} session
 */
export async function flushStats(session) {
  await session.query('select pg_stat_force_next_flush()');
  await session.query('select 1'); // reported as the session goes idle after this
}

/**
 * Waits until no session with this `application_name` is left: a pool's sessions report
 * their counts as they end (`pool.end()` first).
 * @param {{ query(sql: string, values?: unknown[]): Promise<{ rows: { n: number }[] }> }} admin
 * @param {string} applicationName
 */
export async function waitForSessionsToEnd(admin, applicationName, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await admin.query(
      'select count(*)::int as n from pg_stat_activity where application_name = $1',
      [applicationName],
    );
    if (rows[0].n === 0) return;
    if (Date.now() > deadline) throw new Error(`sessions "${applicationName}" did not end`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Rows inserted, updated and deleted in `tables` of `schema`, summed, as reported so far.
 * @param {{ query(sql: string, values?: unknown[]): Promise<{ rows: Record<string, string>[] }> }} admin
 * @param {string} schema
 * @param {readonly string[]} tables
 * @returns {Promise<{ inserted: number; updated: number; deleted: number; total: number }>}
 */
export async function tableWrites(admin, schema, tables) {
  const { rows } = await admin.query(
    `select coalesce(sum(n_tup_ins), 0)::bigint as ins, coalesce(sum(n_tup_upd), 0)::bigint as upd,
            coalesce(sum(n_tup_del), 0)::bigint as del
       from pg_stat_user_tables where schemaname = $1 and relname = any($2::text[])`,
    [schema, [...tables]],
  );
  const inserted = Number(rows[0].ins);
  const updated = Number(rows[0].upd);
  const deleted = Number(rows[0].del);
  return { inserted, updated, deleted, total: inserted + updated + deleted };
}
