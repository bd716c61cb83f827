import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * An error the API reports as `{ error: { code, message, messageJa } }`: `code` is stable for
 * programs, `messageJa` is what the admin page shows (the manual's wording), `message` the same
 * in English. Neither ever contains a secret.
 */
export class ApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly messageJa: string;
  /** Extra fields of the error object, e.g. `{ scope }` for a missing scope. */
  readonly details: Record<string, unknown>;

  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    messageJa: string,
    details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.messageJa = messageJa;
    this.details = details;
  }

  toJSON() {
    return {
      error: { code: this.code, message: this.message, messageJa: this.messageJa, ...this.details },
    };
  }
}
