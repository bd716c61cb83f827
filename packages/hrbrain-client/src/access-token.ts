/**
 * The cached access token. HRBrain's token lifetime is not documented (`hrbrain-api.md`,
 * assumed short-lived), so the token is kept until an API call answers 401; the transport
 * then drops it and asks for a new one. Fetches are single-flight: pages running in
 * parallel that all see the same expired token share one `POST /auth/token`.
 *
 * @internal
 */
export class AccessTokenCache {
  readonly #issue: () => Promise<string>;
  #token: string | undefined;
  #pending: Promise<string> | undefined;

  constructor(issue: () => Promise<string>) {
    this.#issue = issue;
  }

  /** The cached token, or the one being fetched, or a newly fetched one. */
  get(): Promise<string> {
    if (this.#token !== undefined) return Promise.resolve(this.#token);
    if (this.#pending === undefined) {
      const pending = this.#issue().then(
        (token) => {
          this.#token = token;
          this.#pending = undefined;
          return token;
        },
        (error: unknown) => {
          this.#pending = undefined;
          throw error;
        },
      );
      this.#pending = pending;
    }
    return this.#pending;
  }

  /**
   * Forget `stale` after HRBrain refused it. A token another page already replaced it
   * with is kept, so N parallel 401s cause one refresh, not N.
   */
  invalidate(stale: string): void {
    if (this.#token === stale) this.#token = undefined;
  }
}
