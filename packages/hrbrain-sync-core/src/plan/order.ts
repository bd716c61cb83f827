// Deterministic output order (same input in any order → identical plan).

export function byString<T>(key: (value: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };
}

/** Adds `value` under `key`, keeping the one with the smallest id when keys collide. */
export function indexSmallest<T extends { id: string }>(
  map: Map<string, T>,
  key: string,
  value: T,
) {
  const current = map.get(key);
  if (current === undefined || value.id < current.id) map.set(key, value);
}
