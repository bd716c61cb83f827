// Every code of every package has its entry on the troubleshooting page, every error class is
// named in the entry of its code, and every error-file row's entry links the rule it cites.
// The same for the example server: every `code` of its JSON error bodies (read from
// examples/server/src by the TypeScript checker, with the HTTP statuses it is sent with) and
// every run failure code it records itself.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  anchorOf,
  collectErrorCodes,
  collectServerErrorCodes,
  PACKAGE_ANCHOR,
  serverAnchorOf,
} from '../scripts/error-codes.mjs';
import { readRules, ruleIds } from '../scripts/rules.mjs';

const page = readFileSync(join(import.meta.dirname, '../guide/troubleshooting.md'), 'utf8');
const { codes, classes } = collectErrorCodes();
const server = collectServerErrorCodes();

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

test("the example server's error codes are found in its sources (ApiError, run failures, classes)", () => {
  assert.deepEqual(server.problems, [], 'a code the collector cannot list');
  const found = new Set(server.codes.map((c) => c.code));
  // One of each route family (a sanity check of the collector, not the list: that is the source).
  for (const code of [
    'SYNC_IN_PROGRESS',
    'VALIDATION_FAILED',
    'UNAUTHENTICATED',
    'SIGNATURE_MISMATCH',
  ]) {
    assert.ok(found.has(code), `${code} not found in examples/server/src`);
  }
  assert.ok(
    server.codes.every((c) => c.statuses.length > 0),
    'a code sent with no literal status',
  );
  assert.ok(server.runFailures.some((c) => c.code === 'ENQUEUE_FAILED'));
  assert.ok(server.classes.some((c) => c.code === 'CONFIG_INVALID'));
});

test('every error code of the example server (HTTP bodies, run failures, error classes) has an entry: status, class, what to do', () => {
  const problems = [];
  for (const c of server.codes) {
    const anchor = serverAnchorOf(c.code);
    const entry = entries.get(anchor);
    if (!entry) {
      problems.push(`${c.code} (${c.sites.join(', ')}): add "### \`${c.code}\` {#${anchor}}"`);
      continue;
    }
    for (const status of c.statuses) {
      if (!new RegExp(`\\b${status}\\b`).test(entry))
        problems.push(`#${anchor} does not say ${status}`);
    }
    if (!entry.includes('**Fix:**')) problems.push(`#${anchor} has no **Fix:**`);
  }
  for (const c of server.classes) {
    const anchor = serverAnchorOf(c.code);
    if (!(entries.get(anchor) ?? '').includes(`\`${c.className}\``)) {
      problems.push(`${c.className} (${c.site}): name it in "### \`${c.code}\` {#${anchor}}"`);
    }
  }
  for (const c of server.runFailures) {
    const anchor = serverAnchorOf(c.code);
    if (!entries.has(anchor)) {
      problems.push(
        `run failure ${c.code} (${c.sites.join(', ')}): add "### \`${c.code}\` {#${anchor}}"`,
      );
    }
  }
  // No entry for a code the server no longer has (nor for a misspelt one).
  const known = new Set(
    [...server.codes, ...server.runFailures, ...server.classes].map((c) => serverAnchorOf(c.code)),
  );
  for (const anchor of entries.keys()) {
    if (anchor.startsWith('server-') && !known.has(anchor))
      problems.push(`#${anchor}: no such code in examples/server/src`);
  }
  assert.deepEqual(problems, []);
});
