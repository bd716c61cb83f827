// Every code of every package has its entry on the troubleshooting page, every error class is
// named in the entry of its code, and every error-file row's entry links the rule it cites.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { anchorOf, collectErrorCodes, PACKAGE_ANCHOR } from '../scripts/error-codes.mjs';
import { readRules, ruleIds } from '../scripts/rules.mjs';

const page = readFileSync(join(import.meta.dirname, '../guide/troubleshooting.md'), 'utf8');
const { codes, classes } = collectErrorCodes();

/** The text of each `### … {#anchor}` entry, by anchor. */
const entries = new Map();
for (const part of page.split(/^(?=#{2,3} )/m)) {
  const m = /^#{2,3} .*\{#([^}]+)\}\s*$/m.exec(part.split('\n')[0]);
  if (m) entries.set(m[1], part);
}

test('the code lists are found in the sources (one union per package that has a base error)', () => {
  const unions = new Set(codes.map((c) => `${c.package} ${c.union}`));
  for (const expected of [
    '@mikiwame/hrbrain-client HrbrainErrorCode',
    '@mikiwame/hrbrain-mock FakeHrbrainErrorCode',
    '@mikiwame/hrbrain-sync-core HrbrainSyncErrorCode',
    '@mikiwame/hrbrain-sync-core ErrorCode',
  ]) {
    assert.ok(unions.has(expected), `no ${expected} union found`);
  }
  assert.ok(codes.length >= 40, `only ${codes.length} codes found`);
  assert.ok(classes.length >= 30, `only ${classes.length} classes found`);
});

test('every code of every package has an entry on the troubleshooting page', () => {
  const missing = codes.filter((c) => !entries.has(anchorOf(c)));
  assert.deepEqual(
    missing.map(
      (c) => `${c.package} ${c.code} (${c.file}): add "### \`${c.code}\` {#${anchorOf(c)}}"`,
    ),
    [],
  );
});

test('every error class is named in the entry of its code, in its package section', () => {
  const missing = [];
  for (const c of classes) {
    if (c.code === null) continue; // a base class: its codes are its subclasses'
    const anchor = `${PACKAGE_ANCHOR[c.package]}-${c.code}`;
    const entry = entries.get(anchor) ?? '';
    if (!entry.includes(`\`${c.className}\``)) missing.push(`${c.className} in #${anchor}`);
  }
  assert.deepEqual(missing, []);
});

test('every error-file row entry links the rule it cites (J3), and every rule link exists', () => {
  const ids = new Set(ruleIds(readRules().en));
  for (const c of codes.filter((c) => c.union === 'ErrorCode')) {
    const entry = entries.get(anchorOf(c));
    assert.match(entry, /\]\(\/rules#[A-Z]/, `${c.code} links no rule`);
  }
  for (const [, id] of page.matchAll(/\(\/rules#([A-Za-z0-9-]+)\)/g)) {
    assert.ok(ids.has(id), `link to unknown rule ${id}`);
  }
});

test('every error-file row entry links the rule the core cites for it (report/error-rows.ts)', () => {
  // error-rows.ts holds one `CODE: { rule: 'E4', severity, ja, en }` entry per row code.
  const text = readFileSync(
    join(import.meta.dirname, '../../packages/hrbrain-sync-core/src/report/error-rows.ts'),
    'utf8',
  );
  const cited = [...text.matchAll(/^\s+([A-Z_]+): \{\s*\n\s+rule: '([A-Z]\d+)'/gm)];
  const rowCodes = codes.filter((c) => c.union === 'ErrorCode').map((c) => c.code);
  assert.deepEqual(
    cited.map((m) => m[1]).sort(),
    [...rowCodes].sort(),
    'error-rows.ts has one entry per code',
  );
  const problems = cited
    .filter(([, code, rule]) => !(entries.get(`row-${code}`) ?? '').includes(`/rules#${rule})`))
    .map(([, code, rule]) => `${code} cites ${rule}`);
  assert.deepEqual(problems, []);
});
