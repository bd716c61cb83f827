/**
 * The error-class matrix every package's `test/error-classes.unit.test.ts` runs: for every
 * error class a package exports (found by walking its exports, so a new class cannot be
 * left out) `isInstance` is true for itself and its subclasses, false for siblings and
 * strangers, and stays so across three copies of the package: the source vitest loads, and
 * an ESM and a CJS bundle built from that source here (two installed copies, as when an app
 * `import`s the package and a dependency `require`s it). Workspace dependencies are bundled
 * from their source too, so this needs no build.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

type Module = Record<string, unknown>;
type ErrorClass = (new (...args: never[]) => Error) & { isInstance(value: unknown): boolean };

/** Constructor arguments for classes that cannot be built from `(message)` alone. */
export type ErrorSamples = Record<string, () => unknown[]>;

/** The package's exports, plus its ESM and CJS copies built from the same source. */
export interface PackageCopies {
  source: Module;
  esm: Module;
  cjs: Module;
}

/**
 * The source file of a workspace import (`@mikiwame/hrbrain-x` or a subpath such as
 * `@mikiwame/hrbrain-sync-core/adapter`): its `@mikiwame/source` export condition.
 */
function workspaceSourceFile(specifier: string): string | undefined {
  const workspace = /^@mikiwame\/(hrbrain-[a-z-]+)(\/.+)?$/.exec(specifier);
  if (!workspace) return undefined;
  const dir = resolve(import.meta.dirname, '../packages', workspace[1]!);
  let manifest: { exports?: Record<string, Record<string, unknown>> };
  try {
    manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  } catch {
    return undefined;
  }
  const entry = manifest.exports?.[`.${workspace[2] ?? ''}`]?.['@mikiwame/source'];
  return typeof entry === 'string' ? resolve(dir, entry) : undefined;
}

/** Workspace imports the copies left external (they would load a build from `dist/`). */
const leftExternal = new Set<string>();

const workspaceSource: Plugin = {
  name: 'workspace-source',
  setup(b) {
    // vitest refuses to be require()d; the copies only need its names to exist.
    b.onResolve({ filter: /^vitest$/ }, () => ({ path: 'vitest', namespace: 'vitest-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'vitest-stub' }, () => ({
      contents: 'const none = () => {}; export { none as describe, none as it, none as expect };',
    }));
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      const source = workspaceSourceFile(args.path);
      if (source !== undefined) return { path: source };
      if (args.path.startsWith('@mikiwame/')) leftExternal.add(args.path);
      return { external: true };
    });
  },
};

/** Bundles `<packageDir>/src/index.ts` as ESM and as CJS and loads both. */
export async function loadCopies(packageDir: string, source: Module): Promise<PackageCopies> {
  // Inside the package's node_modules, so the external imports resolve as they would installed.
  const outDir = join(packageDir, 'node_modules', '.error-class-copies');
  const files = { esm: join(outDir, 'index.mjs'), cjs: join(outDir, 'index.cjs') };
  for (const format of ['esm', 'cjs'] as const) {
    await build({
      entryPoints: [join(packageDir, 'src/index.ts')],
      outfile: files[format],
      bundle: true,
      format,
      platform: 'node',
      target: 'node22',
      loader: { '.sql': 'text' },
      plugins: [workspaceSource],
      logLevel: 'silent',
    });
  }
  const esm = (await import(pathToFileURL(files.esm).href)) as Module;
  const cjs = createRequire(join(dirname(files.cjs), 'package.json'))(files.cjs) as Module;
  return { source, esm, cjs };
}

/** The exported error classes of a module, by export name. */
export function errorClassesOf(module: Module): Map<string, ErrorClass> {
  const classes = new Map<string, ErrorClass>();
  for (const [name, value] of Object.entries(module)) {
    if (typeof value === 'function' && value.prototype instanceof Error) {
      classes.set(name, value as ErrorClass);
    }
  }
  return classes;
}

function build1(classes: Map<string, ErrorClass>, name: string, samples: ErrorSamples): Error {
  const Class = classes.get(name)!;
  const args = samples[name]?.() ?? ['An example message.'];
  return new Class(...(args as never[]));
}

/** True when `sub` is `base` or extends it (in one copy). */
function extendsClass(sub: object, base: object): boolean {
  for (let c: object | null = sub; c !== null; c = Object.getPrototypeOf(c)) {
    if (c === base) return true;
  }
  return false;
}

/**
 * Declares the matrix tests for one package. `expectedClasses` is the list the package is
 * meant to export; the test fails when the exports differ, so a new class is added here
 * knowingly (and gets a sample when `(message)` alone cannot build it).
 */
export function describeErrorClassMatrix(
  packageName: string,
  options: {
    load: () => Promise<PackageCopies>;
    expectedClasses: readonly string[];
    samples?: ErrorSamples;
  },
): void {
  const samples = options.samples ?? {};
  describe(`${packageName}: isInstance over every exported error class`, () => {
    let copies: PackageCopies;
    const copyNames = ['source', 'esm', 'cjs'] as const;

    beforeAll(async () => {
      copies = await options.load();
    }, 60_000);

    it('the ESM and CJS copies are built from source: no workspace import is left to a dist/ build', () => {
      expect([...leftExternal]).toEqual([]);
    });

    it('exports exactly the expected error classes, in every copy', () => {
      for (const copy of copyNames) {
        expect([...errorClassesOf(copies[copy]).keys()].sort(), copy).toEqual(
          [...options.expectedClasses].sort(),
        );
      }
    });

    it('each class: name, code, a static isInstance, and no marker on the instance', () => {
      for (const copy of copyNames) {
        const classes = errorClassesOf(copies[copy]);
        for (const name of classes.keys()) {
          const error = build1(classes, name, samples);
          expect(error.name, `${copy} ${name}`).toBe(name);
          expect(typeof (error as { code?: unknown }).code, `${copy} ${name}.code`).toBe('string');
          expect(typeof classes.get(name)!.isInstance, `${copy} ${name}.isInstance`).toBe(
            'function',
          );
          expect(Object.getOwnPropertySymbols(error), `${copy} ${name} own symbols`).toEqual([]);
          expect(inspect(error), `${copy} ${name} inspect`).not.toMatch(/Symbol\(/);
          expect(JSON.stringify(error), `${copy} ${name} JSON`).not.toMatch(/mikiwame/);
        }
      }
    });

    it('A.isInstance(b) is true exactly when B is A or extends it, across source, ESM and CJS copies', () => {
      const failures: string[] = [];
      for (const checker of copyNames) {
        const checkers = errorClassesOf(copies[checker]);
        for (const maker of copyNames) {
          const makers = errorClassesOf(copies[maker]);
          for (const [bName, B] of makers) {
            const b = build1(makers, bName, samples);
            for (const [aName, A] of checkers) {
              // The relation is read in the maker's copy, where both classes live.
              const expected = extendsClass(B, makers.get(aName)!);
              if (A.isInstance(b) !== expected) {
                failures.push(`${checker} ${aName}.isInstance(${maker} ${bName}) !== ${expected}`);
              }
            }
          }
        }
      }
      expect(failures).toEqual([]);
    });

    it('every ancestor class (also from other packages) recognises the instance; strangers are refused', () => {
      for (const copy of copyNames) {
        const classes = errorClassesOf(copies[copy]);
        for (const name of classes.keys()) {
          const error = build1(classes, name, samples);
          for (
            let c: unknown = classes.get(name);
            typeof c === 'function' && c !== Error;
            c = Object.getPrototypeOf(c)
          ) {
            expect((c as ErrorClass).isInstance(error), `${copy} ${(c as ErrorClass).name}`).toBe(
              true,
            );
          }
          const A = classes.get(name)!;
          for (const stranger of [new Error('x'), new TypeError('x'), {}, null, undefined, 'x']) {
            expect(A.isInstance(stranger), `${copy} ${name} vs ${String(stranger)}`).toBe(false);
          }
        }
      }
    });
  });
}
