/**
 * A failure the user fixes by changing configuration (a flag, an environment variable, the
 * HRBrain token). `main` prints its message as the one line the user sees, with no stack.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
