/**
 * E1: the e-mail match key — trimmed, then lower-cased (JavaScript `toLowerCase`, so
 * non-ASCII letters fold too). The one definition: planners, adapters and the testkit use it.
 */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}
