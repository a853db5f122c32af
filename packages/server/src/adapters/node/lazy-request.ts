/**
 * Building a web `Request` in Node costs more than the rest of a SCIM GET together: undici creates
 * an `AbortSignal` and runs WebIDL checks on every field. A bodiless request (GET, HEAD) is mostly
 * read for its method, URL and headers, so the adapter hands the core this stand-in: those three are
 * plain fields, and the real `Request` is built the first time anything else is read (`signal`,
 * `clone()`, …), then answers from then on. It passes `instanceof Request`. Node adapters of other
 * web-standard frameworks do the same (hono's node server is one).
 *
 * One difference remains: a stand-in given to `fetch()` or `new Request()` is not accepted as a
 * Request there (undici checks its own internal slots); `request.clone()` returns a real one.
 */

const REAL = Symbol("scimkit.realRequest");

interface LazyFields {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  [REAL]?: Request;
}

function realRequestOf(lazy: LazyFields): Request {
  // Headers are passed as their entries: a `NodeHeaders` has copied nothing into its list yet, and
  // undici reads a Headers object's list directly.
  lazy[REAL] ??= new Request(lazy.url, { method: lazy.method, headers: [...lazy.headers] });
  return lazy[REAL];
}

class LazyRequest implements LazyFields {
  [REAL]?: Request;
  constructor(
    readonly method: string,
    readonly url: string,
    readonly headers: Headers,
  ) {}
}

// Everything a Request has besides the three fields is read from the real one, built on first use.
for (const name of Object.getOwnPropertyNames(Request.prototype)) {
  if (name === "constructor" || name === "method" || name === "url" || name === "headers") continue;
  const descriptor = Object.getOwnPropertyDescriptor(Request.prototype, name);
  if (descriptor?.get) {
    Object.defineProperty(LazyRequest.prototype, name, {
      get(this: LazyFields) {
        return Reflect.get(realRequestOf(this), name);
      },
    });
  } else if (typeof descriptor?.value === "function") {
    Object.defineProperty(LazyRequest.prototype, name, {
      value(this: LazyFields, ...args: unknown[]) {
        const real = realRequestOf(this);
        return (Reflect.get(real, name) as (...a: unknown[]) => unknown).apply(real, args);
      },
    });
  }
}
Object.setPrototypeOf(LazyRequest.prototype, Request.prototype);

/**
 * A `Request` for a bodiless request whose real undici object is only built when a field other
 * than `method`, `url` or `headers` is read (see the module comment).
 */
export function lazyBodilessRequest(method: string, url: URL, headers: Headers): Request {
  // The stand-in has every Request member (the loop above), so it is one as far as callers can tell.
  return new LazyRequest(method, url.href, headers) as unknown as Request;
}
