/**
 * Rule C5: the client secret and every access token the client has held are cut out of
 * anything that leaves the transport towards an error or a log line (response bodies that
 * might echo them, messages built from them).
 *
 * @internal
 */
export class SecretRedactor {
  static readonly placeholder = '[redacted]';
  /** What replaces a value nested deeper than {@link SecretRedactor.maxDepth}. */
  static readonly truncated = '[truncated: nested too deep]';
  /** Nesting kept in a redacted copy; real error bodies are a few levels deep. */
  static readonly maxDepth = 32;
  /** Values {@link SecretRedactor.containsSecret} examines before giving up (and saying yes). */
  static readonly maxVisits = 10_000;
  readonly #secrets = new Set<string>();

  /** Remember a value that must never be shown. Tokens are added as they are issued. */
  add(secret: string): void {
    if (secret !== '') this.#secrets.add(secret);
  }

  /** `text` with every known secret replaced by `[redacted]`. */
  redactText(text: string): string {
    let result = text;
    for (const secret of this.#secrets) {
      if (result.includes(secret)) result = result.split(secret).join(SecretRedactor.placeholder);
    }
    return result;
  }

  /**
   * A copy of a parsed body (strings, arrays, plain objects) with secrets redacted. Values
   * nested deeper than {@link SecretRedactor.maxDepth} are replaced by
   * {@link SecretRedactor.truncated}, never returned as they are (C5: a server can echo a
   * secret at any depth). Walks with an explicit stack, so no body overflows the call stack.
   */
  redact(value: unknown): unknown {
    const root: { value: unknown } = { value: undefined };
    // Each entry: a source value and where its copy goes.
    const stack: [unknown, Record<string | number, unknown>, string | number, number][] = [
      [value, root as Record<string, unknown>, 'value', 0],
    ];
    while (stack.length > 0) {
      const [source, target, key, depth] = stack.pop() as (typeof stack)[number];
      if (key === '__proto__') {
        // An own data property, as `JSON.parse` made it (assignment would set the prototype).
        Object.defineProperty(target, key, {
          value: undefined,
          writable: true,
          enumerable: true,
          configurable: true,
        });
      }
      if (typeof source === 'string') {
        target[key] = this.redactText(source);
      } else if (typeof source !== 'object' || source === null) {
        target[key] = source;
      } else if (depth >= SecretRedactor.maxDepth) {
        target[key] = SecretRedactor.truncated;
      } else if (Array.isArray(source)) {
        const copy: unknown[] = new Array(source.length);
        target[key] = copy;
        for (let index = 0; index < source.length; index++) {
          stack.push([source[index], copy as unknown as Record<number, unknown>, index, depth + 1]);
        }
      } else {
        const copy: Record<string, unknown> = {};
        target[key] = copy;
        for (const [entryKey, item] of Object.entries(source)) {
          stack.push([item, copy, this.redactText(entryKey), depth + 1]);
        }
      }
    }
    return root.value;
  }

  /**
   * Whether `value` mentions a known secret anywhere `util.inspect` or `JSON.stringify` could
   * show it: strings, property names and values (own, enumerable or not, e.g. `cause`,
   * AggregateError's `errors`, `stack`), array and Map/Set entries, at any depth. Walks with
   * an explicit stack; a value too large to examine within {@link SecretRedactor.maxVisits}
   * counts as holding one (C5: when in doubt, drop it).
   */
  containsSecret(value: unknown): boolean {
    if (this.#secrets.size === 0) return false;
    const seen = new Set<object>();
    const stack: unknown[] = [value];
    let visits = 0;
    while (stack.length > 0) {
      if (++visits > SecretRedactor.maxVisits) return true;
      const current = stack.pop();
      if (typeof current === 'string') {
        if (this.redactText(current) !== current) return true;
        continue;
      }
      if ((typeof current !== 'object' && typeof current !== 'function') || current === null) {
        continue;
      }
      if (seen.has(current)) continue;
      seen.add(current);
      if (current instanceof Map) {
        for (const [key, item] of current) stack.push(key, item);
      } else if (current instanceof Set) {
        for (const item of current) stack.push(item);
      }
      for (const key of Reflect.ownKeys(current)) {
        stack.push(typeof key === 'string' ? key : key.description);
        // Data properties only: a getter is not run (it could throw or have effects).
        const descriptor = Object.getOwnPropertyDescriptor(current, key);
        if (descriptor && 'value' in descriptor) stack.push(descriptor.value);
      }
    }
    return false;
  }

  /** A copy of response headers with secrets redacted from every value. */
  redactHeaders(headers: Headers): Headers {
    const copy = new Headers();
    headers.forEach((value, name) => {
      copy.append(name, this.redactText(value));
    });
    return copy;
  }
}
