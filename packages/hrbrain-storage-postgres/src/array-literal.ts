const mustEscape = /[\\"]/;
const escapeChars = /[\\"]/g;

/**
 * Serialise a column of values as one Postgres array literal (`{"a","b",NULL}`), bound as a
 * single text parameter and cast in SQL (`$2::text[]`). Every element is double-quoted, so
 * only `\` and `"` need escaping: commas, braces, blanks, `NULL` and emoji come back as
 * given. It is still a bound parameter (never spliced into SQL), just in the form the
 * server parses fastest — `pg`'s own array serialiser costs more than the insert itself on
 * large plans, and PGlite passes the text through unchanged.
 */
export function arrayLiteral(values: readonly unknown[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) {
      parts[i] = 'NULL';
    } else if (typeof value === 'boolean') {
      parts[i] = value ? 't' : 'f';
    } else {
      const text = String(value);
      parts[i] = mustEscape.test(text) ? `"${text.replace(escapeChars, '\\$&')}"` : `"${text}"`;
    }
  }
  return `{${parts.join(',')}}`;
}
