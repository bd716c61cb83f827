interface TokenState {
  uses: number;
  expired: boolean;
}

/** Why a bearer token was refused. */
export type TokenRejection = 'invalid_token' | 'token_expired';

/** Access tokens issued by one set of handlers (each fake has its own). */
export class TokenStore {
  private readonly tokens = new Map<string, TokenState>();

  /** A new, unguessable token (never derived from the secret). */
  issue(): string {
    const token = `fake-hrbrain-${globalThis.crypto.randomUUID()}`;
    this.tokens.set(token, { uses: 0, expired: false });
    return token;
  }

  /**
   * Counts one authenticated call on `token`, or says why it is refused. With
   * `maxUses`, a token works that many times and is expired from then on.
   */
  use(token: string, maxUses: number | undefined): TokenRejection | undefined {
    const state = this.tokens.get(token);
    if (!state) return 'invalid_token';
    if (state.expired || (maxUses !== undefined && state.uses >= maxUses)) {
      state.expired = true;
      return 'token_expired';
    }
    state.uses += 1;
    return undefined;
  }

  expireAll(): void {
    for (const state of this.tokens.values()) state.expired = true;
  }

  clear(): void {
    this.tokens.clear();
  }
}
