import { lstat, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failureLines, runCli, summaryRow } from './run-cli.ts';
import { DEPARTMENTS, EMPLOYEES, errorFiles, storedRuns } from './stored-state.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'quickstart-main-job-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('pnpm demo: the main job (manual 手順1–3)', () => {
  // One data directory through the whole sequence, as a user running `pnpm demo` twice.
  let dataDir: string;
  beforeAll(() => {
    dataDir = join(root, 'main-job');
  });

  it('C2, J1, J3 a first run connects, syncs departments then employees, prints the summary and writes an error CSV', async () => {
    const result = await runCli(['--data-dir', dataDir]);
    expect(result.stderr.split('\n').filter((l) => l.startsWith('quickstart:'))).toEqual([]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('連携が完了しました');
    expect(result.stdout.indexOf('手順2')).toBeLessThan(result.stdout.indexOf('手順3'));

    const departments = summaryRow(result.stdout, DEPARTMENTS);
    const employees = summaryRow(result.stdout, EMPLOYEES);
    // The seeded tenant has 1,000 members, some with defects (missing kana, duplicate e-mails …).
    expect(employees.source).toBe(1000);
    expect(departments.created).toBeGreaterThan(0);
    expect(employees.created).toBeGreaterThan(900);
    expect(employees.skipped).toBeGreaterThan(0);
    // J4: every record accounted for exactly once.
    for (const row of [departments, employees]) {
      expect(row.created + row.updated + row.linked + row.unchanged + row.skipped).toBe(row.source);
      expect(row.status).toBe('completed_with_errors');
    }

    const files = await errorFiles(dataDir);
    expect(files.length).toBe(2);
    const employeeCsv = await readFile(
      join(dataDir, 'errors', files.find((f) => f.startsWith('employees'))!),
      'utf8',
    );
    expect(employeeCsv.startsWith('\uFEFF')).toBe(true); // J3: BOM, so Excel reads UTF-8
    // J3: the Japanese header, 氏名 and 従業員番号 beside the HRBrain id (the admin's columns).
    expect(employeeCsv.split('\r\n')[0]).toBe(
      '\uFEFFHRBrain社員ID,氏名,従業員番号,メールアドレス,種別,エラーコード,項目,値,内容,内容（英語）',
    );
    const departmentCsv = await readFile(
      join(dataDir, 'errors', files.find((f) => f.startsWith('departments'))!),
      'utf8',
    );
    expect(departmentCsv.split('\r\n')[0]).toBe(
      '\uFEFFHRBrain組織ID,部署名,部署コード,種別,エラーコード,項目,値,内容,内容（英語）',
    );
    expect(employeeCsv).toContain('\r\n');
    expect(employeeCsv).toContain('EMPLOYEE_KANA_MISSING');
    expect(employeeCsv).toContain('EMPLOYEE_EMAIL_DUPLICATE');
    // J3: the 氏名 column is filled (the planner's subjectName, stored in PGlite and read back).
    const duplicates = employeeCsv
      .split('\r\n')
      .filter((l) => l.includes('EMPLOYEE_EMAIL_DUPLICATE'));
    expect(duplicates.length).toBeGreaterThan(0);
    for (const line of duplicates) expect(line.split(',')[1], line).toMatch(/^\S+ \S+$/);
    expect(result.stdout).toContain(join('errors', files[1]!));
  });

  it('E10, D8 a second run against the same seeded tenant creates and updates nothing', async () => {
    const result = await runCli(['--data-dir', dataDir]);
    expect(result.code, result.stderr).toBe(0);
    for (const label of [DEPARTMENTS, EMPLOYEES]) {
      const row = summaryRow(result.stdout, label);
      expect(row).toMatchObject({ created: 0, updated: 0 });
      expect(row.unchanged).toBeGreaterThan(0);
    }
  });

  it('J4 / DECISIONS #2 a tenant whose records already match but carry no HRBrain id: the run reports them as linked, not updated', async () => {
    // An existing backend's tenant: the same departments and employees, no source ids yet.
    const db = await PGlite.create(join(dataDir, 'pglite'));
    let employeesWithoutId: number;
    let departmentsWithoutId: number;
    try {
      departmentsWithoutId = (
        await db.query(
          "update hrbrain.departments set source_id = null where tenant_id = 'demo' and source_id is not null",
        )
      ).affectedRows!;
      employeesWithoutId = (
        await db.query(
          "update hrbrain.employees set source_id = null where tenant_id = 'demo' and source_id is not null",
        )
      ).affectedRows!;
    } finally {
      await db.close();
    }
    expect(departmentsWithoutId).toBeGreaterThan(0);
    expect(employeesWithoutId).toBeGreaterThan(900);
    const result = await runCli(['--data-dir', dataDir]);
    expect(result.code, result.stderr).toBe(0);
    expect(summaryRow(result.stdout, DEPARTMENTS)).toMatchObject({
      created: 0,
      updated: 0,
      linked: departmentsWithoutId,
    });
    expect(summaryRow(result.stdout, EMPLOYEES)).toMatchObject({
      created: 0,
      updated: 0,
      linked: employeesWithoutId,
    });
  });

  it('J6 --dry-run prints the plan and writes nothing', async () => {
    const filesBefore = await errorFiles(dataDir);
    const runsBefore = await storedRuns(dataDir);
    const result = await runCli(['--data-dir', dataDir, '--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    expect(summaryRow(result.stdout, EMPLOYEES)).toMatchObject({
      created: 0,
      updated: 0,
      status: 'planned',
    });
    expect(result.stdout).toContain('nothing was written');
    expect(await errorFiles(dataDir)).toEqual(filesBefore);
    // J6: no run was recorded either: still the runs of the real syncs before it.
    expect(await storedRuns(dataDir)).toEqual(runsBefore);
  });

  it('J6, J7 a dry run with --hr-edits beyond the guard says the guard would stop it, and how to lift it', async () => {
    const result = await runCli(['--data-dir', dataDir, '--hr-edits', '300', '--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    expect(summaryRow(result.stdout, EMPLOYEES)).toMatchObject({ updated: 300, status: 'planned' });
    expect(result.stdout).toMatch(
      /Change guard \(J7\): the employees sync would be stopped: 300 of 986 existing records \(30\.4%\) would change, more than 20%; add --no-change-guard to apply it\./,
    );
    expect(result.stdout).not.toMatch(/the departments sync would be stopped/);
  });

  it("J7 --hr-edits beyond the change guard ends with the guard's counts and how to lift it; nothing is applied", async () => {
    const result = await runCli(['--data-dir', dataDir, '--hr-edits', '300']);
    expect(result.code).toBe(1);
    const lines = failureLines(result.stderr);
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^quickstart: The employees sync failed, nothing was applied \(CHANGE_GUARD_TRIPPED\): The plan would create 0 and update 300 records/,
    );
    expect(lines[0]).toContain('pnpm demo');
    expect(lines[0]).toContain('--hr-edits 300 --no-change-guard');
    expect(result.stdout).not.toContain(EMPLOYEES.concat('  ')); // no summary table
  });

  it('J7 --no-change-guard lifts the guard: the same 300 transfers are applied', async () => {
    const result = await runCli(['--data-dir', dataDir, '--hr-edits', '300', '--no-change-guard']);
    expect(result.code, result.stderr).toBe(0);
    expect(summaryRow(result.stdout, EMPLOYEES)).toMatchObject({ created: 0, updated: 300 });
  });

  it("C5 files at rest: every directory under the data directory is 0700 and every file 0600 (PGlite's too)", async () => {
    // PGlite writes its files 0666 whatever the umask; the error CSVs hold e-mail addresses.
    const modes: string[] = [];
    const walk = async (path: string): Promise<void> => {
      const stat = await lstat(path);
      const mode = stat.mode & 0o777;
      if (stat.isDirectory()) {
        if (mode !== 0o700) modes.push(`${path} ${mode.toString(8)}`);
        for (const name of await readdir(path)) await walk(join(path, name));
      } else if (mode !== 0o600) {
        modes.push(`${path} ${mode.toString(8)}`);
      }
    };
    await walk(dataDir);
    expect(modes.slice(0, 10)).toEqual([]);
    expect((await errorFiles(dataDir)).length).toBeGreaterThan(0);
  });
});
