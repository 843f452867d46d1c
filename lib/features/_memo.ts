/**
 * Private: a small least-recently-inserted cache for filter banks, which depend only on their parameters and are
 * rebuilt for every clip otherwise. Callers must not mutate what they get back.
 *
 * @module
 */

const caches = new Map<string, Map<string, unknown>>();

/** Return the cached value for `key` in cache `name`, building it with `build` on a miss (at most 128 per cache). */
export function memo<T>(name: string, key: unknown[], build: () => T): T {
  let cache = caches.get(name);
  if (!cache) caches.set(name, cache = new Map());
  const k = JSON.stringify(key);
  if (cache.has(k)) return cache.get(k) as T;
  const value = build();
  if (cache.size >= 128) cache.delete(cache.keys().next().value!);
  cache.set(k, value);
  return value;
}
