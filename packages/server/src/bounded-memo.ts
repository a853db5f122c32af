/**
 * `compute` remembered per key, for values a server derives again and again from the same few
 * strings (a base URL's path, a Host's canonical form). The keys can come from clients (a `Host`
 * header), so at most `limit` are kept: past that the memory starts over.
 */
export function boundedMemo<T>(limit: number, compute: (key: string) => T): (key: string) => T {
  const memory = new Map<string, T>();
  return (key) => {
    if (memory.has(key)) return memory.get(key) as T;
    // Computed before it is kept: a key whose computation throws is not remembered.
    const value = compute(key);
    if (memory.size >= limit) memory.clear();
    memory.set(key, value);
    return value;
  };
}
