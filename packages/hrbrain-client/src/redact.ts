/**
 * Rule C5: the client secret and every access token the client has held are cut out of
 * anything that leaves the transport towards an error or a log line (response bodies that
 * might echo them, messages built from them).
 *
 * @internal
 */
export class SecretRedactor {
  static readonly placeholder = '[redacted]';
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

  /** A copy of a parsed body (strings, arrays, plain objects) with secrets redacted. */
  redact(value: unknown, depth = 0): unknown {
    if (typeof value === 'string') return this.redactText(value);
    if (depth > 32 || typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.map((item) => this.redact(item, depth + 1));
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        this.redactText(key),
        this.redact(item, depth + 1),
      ]),
    );
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
