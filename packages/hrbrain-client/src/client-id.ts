import { HrbrainConfigError } from './errors';

/**
 * One DNS label: 1–63 of `[a-z0-9-]`, not starting or ending with `-` (rule C4). Checked on
 * the ASCII input *before* lower-casing, because `toLowerCase()` maps some non-ASCII
 * letters to ASCII ones (the Kelvin sign `K` becomes `k`).
 */
const dnsLabel = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

/**
 * The HRBrain URL an admin copies from the browser, `https://{label}.members.hrbrain.jp/…`
 * (or the API host `{label}.oapi.hrbrain.jp`), scheme optional.
 */
const hrbrainUrl =
  /^(?:https?:\/\/)?([^./?#@:\s\\]+)\.(?:members|oapi)\.hrbrain\.jp\.?(?::443)?(?:[/?#].*)?$/i;

/**
 * Reduce what an admin typed as "クライアントID" to the tenant subdomain (rules C1, C4).
 *
 * Accepted: the subdomain itself (`test-leadingmark`), or the HRBrain app URL an admin
 * copies from the browser (`https://test-leadingmark.members.hrbrain.jp/home`, scheme
 * optional; the API host `test-leadingmark.oapi.hrbrain.jp` works too). Surrounding
 * whitespace is trimmed and letters are lower-cased, because DNS names are
 * case-insensitive and HRBrain shows subdomains in lower case (`TEST-LEADINGMARK` →
 * `test-leadingmark`).
 *
 * Everything else — anything that is not exactly one DNS label `[a-z0-9-]{1,63}` without a
 * leading or trailing `-` — throws {@link HrbrainConfigError} synchronously: the value
 * becomes part of the API host name, so `evil.com/`, `a@b`, `a.b`, `%2e`, inner
 * whitespace or non-ASCII letters must never reach the network.
 *
 * @example
 * ```ts
 * import { parseClientId } from '@mikiwame/hrbrain-client';
 *
 * parseClientId('https://test-leadingmark.members.hrbrain.jp/home'); // 'test-leadingmark'
 * ```
 */
export function parseClientId(input: unknown): string {
  if (typeof input !== 'string') {
    throw invalid('The HRBrain client ID must be a string.');
  }
  const trimmed = input.trim();
  if (trimmed === '') {
    throw invalid(
      'The HRBrain client ID is empty: enter your tenant subdomain, e.g. `test-leadingmark`.',
    );
  }
  const candidate = hrbrainUrl.exec(trimmed)?.[1] ?? trimmed;
  if (!dnsLabel.test(candidate)) {
    throw invalid(
      `The HRBrain client ID ${preview(input)} is not a tenant subdomain: use the \`xxx\` of https://xxx.members.hrbrain.jp (letters, digits and "-", 1–63 characters, not starting or ending with "-").`,
    );
  }
  return candidate.toLowerCase();
}

function invalid(message: string): HrbrainConfigError {
  return new HrbrainConfigError(message, { option: 'clientId' });
}

/** Quote the bad input for the message, bounded and with control characters made visible. */
function preview(input: string): string {
  const shown = input.length > 80 ? `${input.slice(0, 80)}…` : input;
  return JSON.stringify(shown);
}
