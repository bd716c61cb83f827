/**
 * The one implementation of the error-class convention, compiled into each package that has
 * an error base (client, mock, sync core) — not a package of its own, never imported at
 * runtime across packages: each bundle gets its own copy and its own registry.
 *
 * A class is defined once (`define`, from the class's `static {}` block): its `name` and a
 * `Symbol.for('<package>/<Name>')` marker go on its prototype (never on instances, so
 * `util.inspect` and `JSON.stringify` do not show them), with an optional default `code`.
 * `isInstance(cls, value)` checks the marker, so it holds across two installed copies (ESM +
 * CJS, two versions) and is false for siblings.
 */
export interface ErrorClassRegistry {
  /** Name the class, give it its marker and (optionally) its default code. */
  define(
    cls: abstract new (...args: never) => object,
    marker: string,
    name: string,
    code?: string,
  ): void;
  /** True when `value` carries the marker of `cls` (is a `cls` or a subclass, from any copy). */
  isInstance(cls: abstract new (...args: never) => object, value: unknown): boolean;
  /** The default code of `cls` or its nearest defined ancestor. */
  codeOf(cls: object): string | undefined;
}

export function errorClassRegistry(): ErrorClassRegistry {
  const markers = new WeakMap<object, symbol>();
  const codes = new WeakMap<object, string>();
  return {
    define(cls, markerName, name, code) {
      const marker = Symbol.for(markerName);
      markers.set(cls, marker);
      if (code !== undefined) codes.set(cls, code);
      Object.defineProperty(cls.prototype, marker, { value: true });
      Object.defineProperty(cls.prototype, 'name', {
        value: name,
        writable: true,
        configurable: true,
      });
    },
    isInstance(cls, value) {
      const marker = markers.get(cls);
      // A subclass declared outside our packages without a marker: use the prototype chain.
      if (marker === undefined) return value instanceof cls;
      return (
        typeof value === 'object' &&
        value !== null &&
        (value as Record<symbol, unknown>)[marker] === true
      );
    },
    codeOf(cls) {
      for (let c: object | null = cls; c !== null; c = Object.getPrototypeOf(c)) {
        const code = codes.get(c);
        if (code !== undefined) return code;
      }
      return undefined;
    },
  };
}
