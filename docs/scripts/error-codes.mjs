// Every code of every package, read from the code itself (so the troubleshooting page cannot
// miss one): each package's exported `…Code` unions of string literals (the error classes'
// codes, and the core's `ErrorCode` for the rows of the error file), and every error class
// with the code it is defined with (`defineErrorClass('Name', 'CODE', …)`); and the codes of the
// example server's JSON error bodies (`new ApiError(status, code, …)` in examples/server/src).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = join(import.meta.dirname, '../..');

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}

/**
 * @returns {{ package: string, union: string, code: string, file: string }[]} one entry per
 *   (package, code union, code), and classes as `{ package, className, code, file }`.
 */
export function collectErrorCodes() {
  const codes = [];
  const classes = [];
  for (const dir of readdirSync(join(root, 'packages')).sort()) {
    const pkg = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')).name;
    for (const file of sourceFiles(join(root, 'packages', dir, 'src'))) {
      // Code, not comments (a TSDoc example may show a call like defineErrorClass('Name', …)).
      const text = readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
        .join('\n');
      const rel = relative(root, file);
      for (const m of text.matchAll(/export type (\w*Code)\s*=((?:\s*\|?\s*'[A-Z0-9_]+')+)\s*;/g)) {
        for (const lit of m[2].matchAll(/'([A-Z0-9_]+)'/g)) {
          codes.push({ package: pkg, union: m[1], code: lit[1], file: rel });
        }
      }
      for (const m of text.matchAll(/\.defineErrorClass\(\s*'(\w+)'(?:\s*,\s*'([A-Z0-9_]+)')?/g)) {
        classes.push({ package: pkg, className: m[1], code: m[2] ?? null, file: rel });
      }
    }
  }
  const seen = new Set();
  return {
    codes,
    classes: classes.filter((c) => {
      const key = `${c.package} ${c.className}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
  };
}

/** The troubleshooting page's anchor for a code: `row-…` for the error file, `<package>-…` else. */
export const PACKAGE_ANCHOR = {
  '@mikiwame/hrbrain-client': 'client',
  '@mikiwame/hrbrain-mock': 'mock',
  '@mikiwame/hrbrain-sync-core': 'core',
  '@mikiwame/hrbrain-storage-memory': 'memory',
  '@mikiwame/hrbrain-storage-postgres': 'postgres',
  '@mikiwame/hrbrain-storage-testkit': 'testkit',
};

export function anchorOf({ package: pkg, union, code }) {
  if (pkg === '@mikiwame/hrbrain-sync-core' && union === 'ErrorCode') return `row-${code}`;
  const short = PACKAGE_ANCHOR[pkg];
  if (!short) throw new Error(`No troubleshooting section for ${pkg}: add it to PACKAGE_ANCHOR.`);
  return `${short}-${code}`;
}

/**
 * The `code` of every JSON error body the example server answers with
 * (`{ error: { code, message, messageJa } }`): every `new ApiError(status, code, …)` in
 * examples/server/src, read with the TypeScript checker, so a code passed as a variable (the
 * webhook receiver's `verified.reason`) counts each literal of its type. A code whose type is
 * not a union of string literals is reported in `problems` (the page could not list it).
 * Also the run failure codes the server records itself (`runFailures`: `failure: { code }`
 * whose code has a literal type, e.g. `ENQUEUE_FAILED`; a failure copied from a package's error
 * is that package's code) and its own error classes (`classes`: `readonly code = '…'`).
 *
 * @returns {{ codes: { code: string, statuses: number[], sites: string[] }[],
 *   runFailures: { code: string, sites: string[] }[],
 *   classes: { code: string, className: string, site: string }[], problems: string[] }}
 */
export function collectServerErrorCodes() {
  const server = join(root, 'examples/server');
  const src = join(server, 'src');
  const parsed = ts.getParsedCommandLineOfConfigFile(join(server, 'tsconfig.json'), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  const program = ts.createProgram({
    rootNames: parsed.fileNames.filter((f) => f.startsWith(src)),
    options: { ...parsed.options, noEmit: true },
  });
  const checker = program.getTypeChecker();
  const byCode = new Map();
  const runFailures = new Map();
  const classes = [];
  const problems = [];
  for (const file of program.getSourceFiles()) {
    if (!file.fileName.startsWith(src)) continue;
    const siteOf = (node) =>
      `${relative(root, file.fileName)}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}`;
    const visit = (node) => {
      if (ts.isNewExpression(node) && node.expression.getText(file) === 'ApiError') {
        const [statusArg, codeArg] = node.arguments ?? [];
        const site = siteOf(node);
        const type = checker.getTypeAtLocation(codeArg);
        const parts = type.isUnion() ? type.types : [type];
        const status = ts.isNumericLiteral(statusArg) ? Number(statusArg.text) : null;
        if (!parts.every((t) => t.isStringLiteral())) {
          problems.push(
            `${site}: the code's type is ${checker.typeToString(type)}, not string literals`,
          );
        } else {
          for (const t of parts) {
            const entry = byCode.get(t.value) ?? { code: t.value, statuses: [], sites: [] };
            if (status !== null && !entry.statuses.includes(status)) entry.statuses.push(status);
            entry.sites.push(site);
            byCode.set(t.value, entry);
          }
        }
      }
      // A run failure the server records itself: `failure: { code, message }` whose code is a
      // literal type (its own, or an error class's `readonly code = '…'`); an ApiError's
      // `code` (type string) is one of the HTTP codes above.
      if (
        ts.isPropertyAssignment(node) &&
        node.name.getText(file) === 'failure' &&
        ts.isObjectLiteralExpression(node.initializer)
      ) {
        for (const p of node.initializer.properties) {
          if (!ts.isPropertyAssignment(p) || p.name.getText(file) !== 'code') continue;
          const type = checker.getTypeAtLocation(p.initializer);
          for (const t of type.isUnion() ? type.types : [type]) {
            if (!t.isStringLiteral()) continue;
            const entry = runFailures.get(t.value) ?? { code: t.value, sites: [] };
            entry.sites.push(siteOf(p));
            runFailures.set(t.value, entry);
          }
        }
      }
      // The server's own error classes: `readonly code = 'CONFIG_INVALID'`.
      if (
        ts.isPropertyDeclaration(node) &&
        node.name.getText(file) === 'code' &&
        node.initializer &&
        ts.isStringLiteral(node.initializer) &&
        ts.isClassLike(node.parent) &&
        node.parent.name
      ) {
        classes.push({
          code: node.initializer.text,
          className: node.parent.name.text,
          site: siteOf(node),
        });
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  const codes = [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
  for (const c of codes) c.statuses.sort();
  return { codes, runFailures: [...runFailures.values()], classes, problems };
}

/** The troubleshooting page's anchor for a code of the example server's HTTP API. */
export const serverAnchorOf = (code) => `server-${code}`;
