import { HrbrainSyncConfigError } from '@mikiwame/hrbrain-sync-core';
import { describe, expect, it } from 'vitest';
import { createPostgresStorage, PostgresStorageConfigError } from '../src/index';
import { createDriver, isConnectionLoss } from '../src/session';

const result = { rows: [], rowCount: 0 };

describe('createDriver (duck typing: pg is never imported)', () => {
  it('takes an object with transaction() and exec() as PGlite', () => {
    const db = { query: async () => result, exec: async () => [], transaction: async () => null };
    expect(createDriver(db).sessions).toBe('single');
  });

  it('takes an object with connect() and pool counters as a pool', () => {
    const pool = {
      query: async () => result,
      connect: async () => ({}),
      totalCount: 0,
      idleCount: 0,
    };
    expect(createDriver(pool as never).sessions).toBe('pool');
  });

  it('takes anything else with query() as one shared session (pg.Client)', () => {
    const client = { query: async () => result, connect: async () => {} };
    expect(createDriver(client).sessions).toBe('single');
  });

  it.each([null, undefined, {}, { query: 'select' }, 'postgres://u:secret@host/db'])(
    'refuses %j with a message saying what to pass',
    (client) => {
      expect(() => createPostgresStorage({ client: client as never })).toThrow(
        /must be a pg\.Pool, a pg\.Client or a PGlite instance/,
      );
    },
  );

  it.each([
    [{ client: {} }, 'client'],
    [{ client: { query() {} }, schema: 'a.b' }, 'schema'],
    [null, 'options'],
  ])(
    'bad options %j are a PostgresStorageConfigError (INVALID_ARGUMENT) naming %s, not a TypeError',
    (options, option) => {
      let caught: unknown;
      try {
        createPostgresStorage(options as never);
      } catch (error) {
        caught = error;
      }
      expect(PostgresStorageConfigError.isInstance(caught)).toBe(true);
      expect(HrbrainSyncConfigError.isInstance(caught)).toBe(true);
      expect(caught).toMatchObject({ code: 'INVALID_ARGUMENT', option });
    },
  );

  it('does not echo a connection string passed by mistake (it may hold a password)', () => {
    expect(() => createPostgresStorage({ client: 'postgres://u:secret@host/db' as never })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('secret') }),
    );
  });

  it('runs the queries of a single pg.Client one at a time, so transactions never interleave', async () => {
    const log: string[] = [];
    let active = 0;
    const client = {
      async query(text: string) {
        active += 1;
        expect(active).toBe(1);
        await new Promise((resolve) => setTimeout(resolve, 1));
        log.push(text);
        active -= 1;
        return result;
      },
    };
    const driver = createDriver(client);
    await Promise.all([
      driver.transaction(async (tx) => {
        await tx.query('a1');
        await tx.query('a2');
      }),
      driver.query('b'),
      driver.transaction(async (tx) => {
        await tx.query('c1');
      }),
    ]);
    expect(log).toEqual(['begin', 'a1', 'a2', 'commit', 'b', 'begin', 'c1', 'commit']);
  });
});

describe('isConnectionLoss', () => {
  it.each([
    [{ code: '57P01' }, true],
    [{ code: 'ECONNRESET' }, true],
    [new Error('Connection terminated unexpectedly'), true],
    [{ code: '23505' }, false],
    [null, false],
  ])('%j → %s', (error, expected) => {
    expect(isConnectionLoss(error)).toBe(expected);
  });
});
