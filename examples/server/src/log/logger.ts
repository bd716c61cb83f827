/**
 * A small structured logger: one JSON object per line. Tests pass a `sink` to capture every
 * line and prove that no secret ever reaches the log (C5).
 *
 * Defence in depth: values under secret-looking keys are replaced before a line is written, so
 * a careless `logger.info('x', { body })` cannot leak a client secret or an API key.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; default stdout (stderr for warn/error). */
  sink?: (line: string, level: LogLevel) => void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /secret|password|token|authorization|api[-_]?key|cookie/i;

/** Nesting kept in a log line; a value nested deeper is replaced, never logged as is (C5). */
const MAX_DEPTH = 6;

function redact(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  // Past the limit the value could hold a secret-looking key, or be a cycle.
  if (depth >= MAX_DEPTH) return '[truncated]';
  if (value instanceof Error) {
    return { name: value.name, message: value.message, code: (value as { code?: unknown }).code };
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? '[redacted]' : redact(item, depth + 1);
  }
  return out;
}

export function createLogger(options: LoggerOptions = {}, bound: LogFields = {}): Logger {
  const min = ORDER[options.level ?? 'info'];
  const sink =
    options.sink ??
    ((line: string, level: LogLevel) => {
      (level === 'warn' || level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
    });

  const write = (level: LogLevel, message: string, fields?: LogFields) => {
    if (ORDER[level] < min) return;
    const record = redact({ ...bound, ...fields }) as LogFields;
    sink(JSON.stringify({ time: new Date().toISOString(), level, message, ...record }), level);
  };

  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
    child: (fields) => createLogger({ ...options, sink }, { ...bound, ...fields }),
  };
}
