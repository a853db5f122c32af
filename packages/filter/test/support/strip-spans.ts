/** Drops `span` fields recursively, to compare ASTs by structure only. */
export function stripSpans<T>(value: T): T {
  if (Array.isArray(value)) return value.map(stripSpans) as T;
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (key !== "span") out[key] = stripSpans(field);
  }
  return out as T;
}
