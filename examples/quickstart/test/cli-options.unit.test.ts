import { describe, expect, it } from 'vitest';
import {
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  parseQuickstartOptions,
  rerunCommand,
} from '../src/cli-options.ts';
import { ConfigError } from '../src/config-error.ts';

describe('parseQuickstartOptions', () => {
  it('defaults to the seeded fake tenant of 1,000 members and PGlite', () => {
    const options = parseQuickstartOptions([], {});
    expect(options).toMatchObject({
      dryRun: false,
      members: 1000,
      seed: 1,
      hrEdits: 0,
      hrbrainUrl: null,
      clientId: DEMO_CLIENT_ID,
      clientSecret: DEMO_CLIENT_SECRET,
      databaseUrl: null,
    });
    expect(options.dataDir).toMatch(/examples[/\\]quickstart[/\\]\.data$/);
  });

  it('reads flags, and credentials from the environment when no flag is given', () => {
    const options = parseQuickstartOptions(
      ['--dry-run', '--members', '250', '--seed', '7', '--data-dir', '/tmp/qs'],
      { HRBRAIN_CLIENT_ID: 'acme', HRBRAIN_CLIENT_SECRET: 's3cret', DATABASE_URL: ' ' },
    );
    expect(options).toMatchObject({
      dryRun: true,
      members: 250,
      seed: 7,
      dataDir: '/tmp/qs',
      clientId: 'acme',
      clientSecret: 's3cret',
      databaseUrl: null, // blank means unset
    });
    expect(
      parseQuickstartOptions(['--client-secret', 'flag'], { HRBRAIN_CLIENT_SECRET: 'env' }),
    ).toMatchObject({ clientSecret: 'flag' });
  });

  it.each([
    [['--members', '0'], /--members must be a whole number ≥ 1, got "0"/],
    [['--members', 'many'], /--members must be a whole number/],
    [['--seed', '1.5'], /--seed must be a whole number ≥ 0/],
    [['--hr-edits', 'some'], /--hr-edits must be a whole number ≥ 0/],
    [['--nope'], /Unknown option '--nope'.*--help/],
    [['extra'], /--help/],
    [
      ['--hr-edits', '-1'],
      /^Option '--hr-edits' argument is ambiguous\. Did you forget [^\n]*--help/,
    ],
  ])('%j is refused with a ConfigError that says what to fix', (argv, message) => {
    expect(() => parseQuickstartOptions(argv, {})).toThrow(ConfigError);
    expect(() => parseQuickstartOptions(argv, {})).toThrow(message);
  });
});

describe('rerunCommand', () => {
  it('E10 the "run again, nothing changes" hint repeats the flags that choose tenant and database', () => {
    expect(rerunCommand(parseQuickstartOptions([], {}))).toBe('pnpm demo');
    // Another size or seed is another fake tenant: plain `pnpm demo` would create and update.
    expect(rerunCommand(parseQuickstartOptions(['--members', '50', '--seed', '7'], {}))).toBe(
      'pnpm demo --members 50 --seed 7',
    );
    expect(
      rerunCommand(parseQuickstartOptions(['--data-dir', '/tmp/my data', '--tenant', 'acme'], {})),
    ).toBe("pnpm demo --data-dir '/tmp/my data' --tenant acme");
    // Flags that do not change the outcome of a rerun are left out.
    expect(rerunCommand(parseQuickstartOptions(['--dry-run', '--verbose'], {}))).toBe('pnpm demo');
  });

  it('the hint is the command the user typed: `npm run demo` puts the flags after `--`', () => {
    const npm = { npm_config_user_agent: 'npm/10.9.2 node/v24.21.0 linux x64 workspaces/false' };
    const pnpm = { npm_config_user_agent: 'pnpm/11.28.10 npm/? node/v24.21.0 linux x64' };
    expect(rerunCommand(parseQuickstartOptions([], npm))).toBe('npm run demo');
    expect(rerunCommand(parseQuickstartOptions(['--members', '50'], npm))).toBe(
      'npm run demo -- --members 50',
    );
    // A flag added by the hint also goes after `--`, even when the run itself had none.
    expect(
      rerunCommand(parseQuickstartOptions([], npm), { extraFlags: ['--no-change-guard'] }),
    ).toBe('npm run demo -- --no-change-guard');
    expect(
      rerunCommand(parseQuickstartOptions([], pnpm), { extraFlags: ['--no-change-guard'] }),
    ).toBe('pnpm demo --no-change-guard');
  });
});

describe('--no-change-guard', () => {
  it('J7 the change guard is on by default and --no-change-guard lifts it', () => {
    expect(parseQuickstartOptions([], {}).changeGuard).toBe(true);
    expect(parseQuickstartOptions(['--no-change-guard'], {}).changeGuard).toBe(false);
  });
});
