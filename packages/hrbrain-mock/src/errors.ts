/**
 * Thrown synchronously by {@link createFakeHrbrain}, {@link createHrbrainHandlers} and
 * {@link startFakeHrbrainServer} when an option cannot be honoured; the message says which
 * option and what to change.
 */
export class FakeHrbrainOptionsError extends Error {
  override readonly name = 'FakeHrbrainOptionsError';
  /** The option at fault, e.g. `defects.duplicateEmails`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super(`${option}: ${message}`);
    this.option = option;
  }
}
