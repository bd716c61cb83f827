// biome-ignore-all lint/complexity/noThisInStatic: isInstance and defineErrorClass answer for the class they are called on (`this`), which is the point.
import { errorClassRegistry } from '../../../internal/error-classes';

/**
 * The error tree of the fake HRBrain: one base, {@link FakeHrbrainError}, with a stable
 * `code`; constructors take `(message, options?)` like every package of this repo.
 *
 * `isInstance()` works across copies of this package (ESM + CJS, two versions): it checks a
 * `Symbol.for` marker each class puts on its prototype (never on the instance, so
 * `util.inspect` does not show it) and answers for the class it is called on. A new class is
 * one declaration with a `static { Name.defineErrorClass('Name', 'CODE'); }` block.
 */

/** Every `code` a {@link FakeHrbrainError} can carry. */
export type FakeHrbrainErrorCode = 'INVALID_OPTIONS';

/** The options every error constructor of this package takes. */
export interface FakeHrbrainErrorOptions<Code extends FakeHrbrainErrorCode = FakeHrbrainErrorCode> {
  /** Only needed for `FakeHrbrainError` itself; each subclass has its own fixed code. */
  code?: Code | undefined;
  cause?: unknown;
}

const registry = errorClassRegistry();

/** Base class of every error this package throws. */
export class FakeHrbrainError<
  Code extends FakeHrbrainErrorCode = FakeHrbrainErrorCode,
> extends Error {
  static {
    FakeHrbrainError.defineErrorClass('FakeHrbrainError');
  }

  /** Stable machine-readable code; see {@link FakeHrbrainErrorCode}. */
  readonly code: Code;

  constructor(message: string, options: FakeHrbrainErrorOptions<Code> = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = (options.code ?? registry.codeOf(new.target)) as Code;
  }

  /** True for an instance of the class it is called on (or a subclass), from any copy. */
  static isInstance<T extends abstract new (...args: never) => FakeHrbrainError>(
    this: T,
    value: unknown,
  ): value is InstanceType<T> {
    return registry.isInstance(this, value);
  }

  /** Names the class (in its `static {}` block), sets its default code and its marker. */
  protected static defineErrorClass(name: string, code?: FakeHrbrainErrorCode): void {
    registry.define(this, `@mikiwame/hrbrain-mock/${name}`, name, code);
  }
}

/**
 * Thrown synchronously by {@link createFakeHrbrain}, {@link createHrbrainHandlers} and
 * {@link startFakeHrbrainServer} when an option cannot be honoured. The message starts with
 * the option (`port: must be …`) and says what to change.
 */
export class FakeHrbrainOptionsError extends FakeHrbrainError<'INVALID_OPTIONS'> {
  static {
    FakeHrbrainOptionsError.defineErrorClass('FakeHrbrainOptionsError', 'INVALID_OPTIONS');
  }
  /** The option at fault, e.g. `defects.duplicateEmails`. */
  readonly option: string;

  /** `message` is what is wrong with the option; the option's name is put in front of it. */
  constructor(
    message: string,
    options: FakeHrbrainErrorOptions<'INVALID_OPTIONS'> & { option: string },
  ) {
    super(`${options.option}: ${message}`, options);
    this.option = options.option;
  }
}
