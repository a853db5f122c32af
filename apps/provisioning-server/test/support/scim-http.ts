import { performance } from "node:perf_hooks";

export const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const BULK_REQUEST = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
export const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

/** A parsed JSON answer; the checks read the fields they need and assert on them. */
// biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field by the assertions
export type Json = any;

/** One answered request, with when it started and ended (for real-time ordering checks). */
export interface Answer {
  readonly status: number;
  readonly body: Json;
  /** The `ETag` header, if any. */
  readonly etag: string | null;
  readonly start: number;
  readonly end: number;
}

/** Thrown when no HTTP answer came back (the process died, the socket was cut, or the timeout hit). */
export class NoAnswerError extends Error {
  constructor(
    readonly request: string,
    readonly elapsedMs: number,
    options: { cause: unknown },
  ) {
    super(`${request}: no answer after ${Math.round(elapsedMs)} ms`, options);
    this.name = "NoAnswerError";
  }
}

/** The integer store version behind a weak entity tag `W/"7"` (RFC 7644 §3.14); NaN for anything else. */
export function versionOf(etag: string | null | undefined): number {
  const match = /^W\/"(\d+)"$/.exec(etag ?? "");
  return match ? Number(match[1]) : Number.NaN;
}

/** A SCIM client for one base URL and bearer token, with a per-request timeout. */
export class ScimHttp {
  constructor(
    readonly baseUrl: string,
    readonly token: string,
    readonly timeoutMs = 20_000,
  ) {}

  /** Sends one request; throws {@link NoAnswerError} when no answer arrives. */
  async send(method: string, path: string, body?: unknown): Promise<Answer> {
    const start = performance.now();
    try {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { Authorization: `Bearer ${this.token}`, "Content-Type": "application/scim+json" },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await response.text();
      return {
        status: response.status,
        body: text ? JSON.parse(text) : undefined,
        etag: response.headers.get("etag"),
        start,
        end: performance.now(),
      };
    } catch (error) {
      throw new NoAnswerError(`${method} ${path}`, performance.now() - start, { cause: error });
    }
  }

  /** Every resource of an endpoint, page by page (RFC 7644 §3.4.2.4), by id. */
  async listAll(endpoint: "Users" | "Groups"): Promise<Map<string, Json>> {
    const all = new Map<string, Json>();
    for (let startIndex = 1; ; startIndex += 500) {
      const page = await this.send("GET", `/${endpoint}?startIndex=${startIndex}&count=500`);
      if (page.status !== 200)
        throw new Error(`GET /${endpoint}: ${page.status} ${JSON.stringify(page.body)}`);
      for (const resource of page.body.Resources ?? []) all.set(resource.id, resource);
      if (startIndex + 500 > page.body.totalResults) return all;
    }
  }
}
