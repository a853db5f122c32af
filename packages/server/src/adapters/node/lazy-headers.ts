import type { IncomingHttpHeaders } from "node:http";

/**
 * Copying a Node request's headers into a web `Headers` validates and stores every one of them,
 * while a SCIM GET reads three or four (`accept`, `if-none-match`, `x-request-id`, the credential).
 * These `Headers` answer `get` and `has` from Node's parsed headers (already lower-cased; an array
 * value, as Node keeps `set-cookie`, joined with ", ") and copy them into the real list only when
 * anything else is asked: iteration, `set`, `append`, `delete`, or `materialize()` before a
 * `Request` is built from them (undici reads the list directly).
 */
export class NodeHeaders extends Headers {
  #raw: IncomingHttpHeaders | undefined;

  constructor(raw: IncomingHttpHeaders) {
    super();
    this.#raw = raw;
  }

  /** The node value of one header, as `Headers.get` would return it; `null` when absent. */
  #rawValue(raw: IncomingHttpHeaders, name: string): string | null {
    const key = name.toLowerCase();
    // Own keys only: a name such as "__proto__" must not read the object's prototype.
    if (!Object.hasOwn(raw, key)) return null;
    return fieldValue(raw[key]);
  }

  /** Copies the node headers into the real list (once); every member but `get`/`has` calls it first. */
  materialize(): this {
    const raw = this.#raw;
    if (raw) {
      this.#raw = undefined;
      for (const [name, value] of Object.entries(raw)) {
        const field = fieldValue(value);
        if (field !== null) super.append(name, field);
      }
    }
    return this;
  }

  override get(name: string): string | null {
    const raw = this.#raw;
    if (raw === undefined || !isHeaderName(name)) return super.get(name);
    return this.#rawValue(raw, name);
  }

  override has(name: string): boolean {
    const raw = this.#raw;
    if (raw === undefined || !isHeaderName(name)) return super.has(name);
    return this.#rawValue(raw, name) !== null;
  }

  override append(name: string, value: string): void {
    this.materialize();
    super.append(name, value);
  }

  override set(name: string, value: string): void {
    this.materialize();
    super.set(name, value);
  }

  override delete(name: string): void {
    this.materialize();
    super.delete(name);
  }

  override getSetCookie(): string[] {
    return this.materialize() && super.getSetCookie();
  }

  override forEach(callback: (value: string, key: string, parent: Headers) => void, thisArg?: unknown): void {
    this.materialize();
    super.forEach(callback, thisArg);
  }

  override entries(): HeadersIterator<[string, string]> {
    return this.materialize() && super.entries();
  }

  override keys(): HeadersIterator<string> {
    return this.materialize() && super.keys();
  }

  override values(): HeadersIterator<string> {
    return this.materialize() && super.values();
  }

  override [Symbol.iterator](): HeadersIterator<[string, string]> {
    return this.materialize() && super[Symbol.iterator]();
  }
}

/** One Node header as a single field value; `null` when absent. */
function fieldValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(", ") : value;
}

/** RFC 9110 §5.1 field-name (a token); `Headers.get` throws a TypeError for anything else, so those go to it. */
function isHeaderName(name: string): boolean {
  return /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name);
}
