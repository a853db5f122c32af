import type { SchemaRegistry } from "@scimkit/core";
import type { AccessScope, RequestContext } from "./context.js";
import type { InteropOption } from "./interop-rules.js";
import type { RateLimitSetting } from "./rate-limit/rate-limit-setting.js";
import type { PasswordHasher } from "./secrets/password-hasher.js";
import type { PasswordPolicy } from "./secrets/secret-attributes.js";
import type { ResourceStore } from "./store/store.js";

/**
 * Service-provider limits. Every limit is advertised in `/ServiceProviderConfig` where RFC 7643 §5
 * or RFC 9865 defines a field for it.
 */
export interface ScimLimits {
  /** `filter.maxResults` and RFC 9865 `maxPageSize`: the largest `count` honoured. Default 1000. */
  readonly maxResults: number;
  /** Page size when the client sends no `count` (RFC 9865 `defaultPageSize`). Default 100. */
  readonly defaultPageSize: number;
  /** `bulk.maxOperations` (RFC 7644 §3.7.4). Default 1000. */
  readonly bulkMaxOperations: number;
  /** `bulk.maxPayloadSize` in bytes (RFC 7644 §3.7.4). Default 1 MiB. */
  readonly bulkMaxPayloadSize: number;
  /** Largest request body for every other endpoint, in bytes; larger bodies get 413. Default 1 MiB. */
  readonly maxBodyBytes: number;
  /** Longest `filter` accepted, in characters. Default 4096. */
  readonly filterMaxLength: number;
  /** Deepest nesting of `and`/`or`/`not`/`[...]` accepted in a filter. Default 32. */
  readonly filterMaxDepth: number;
}

/** The limits used when the config names none. */
export const DEFAULT_LIMITS: ScimLimits = {
  maxResults: 1000,
  defaultPageSize: 100,
  bulkMaxOperations: 1000,
  bulkMaxPayloadSize: 1_048_576,
  maxBodyBytes: 1_048_576,
  filterMaxLength: 4096,
  filterMaxDepth: 32,
};

/** Where log lines go; `console` fits. */
export interface ScimLogger {
  error(message: string, details?: Record<string, unknown>): void;
  warn?(message: string, details?: Record<string, unknown>): void;
  info?(message: string, details?: Record<string, unknown>): void;
}

/** What an authentication hook may report: who is calling, for which tenant, allowed to do what. */
export interface AuthenticationResult {
  /** The actor (a credential id, a JWT `sub`): logged and audited, so never a secret. */
  readonly principal?: string;
  /** The tenant the credential belongs to; becomes `ctx.tenantId` (before `resolveTenant` runs). */
  readonly tenantId?: string;
  /** What the credential may do; a `read` credential gets 403 `insufficient_scope` on writes. */
  readonly scope?: AccessScope;
  readonly attributes?: Readonly<Record<string, unknown>>;
}

/** One answered request, as reported to the `onResponse` hook (e.g. for a request log). */
export interface RequestOutcome {
  readonly requestId: string;
  readonly method: string;
  /** The path without the query string (query values may be personal data). */
  readonly path: string;
  readonly status: number;
  /** Time spent in the server core, in milliseconds. */
  readonly durationMs: number;
  /** Set once the request was authenticated. */
  readonly tenantId?: string;
  readonly principal?: string;
}

/** A write that happened; passed to the `onChange` audit hook after it is stored. */
export interface ChangeEvent {
  readonly action: "create" | "replace" | "patch" | "delete";
  readonly resourceType: string;
  readonly id: string;
  readonly version?: string;
  readonly ctx: RequestContext;
}

/** An authentication scheme advertised in `/ServiceProviderConfig` (RFC 7643 §5). */
export interface AuthenticationScheme {
  readonly type: string;
  readonly name: string;
  readonly description: string;
  readonly specUri?: string;
  readonly documentationUri?: string;
  readonly primary?: boolean;
}

/** One PATCH answer: 200 with the resource, or 204 with the `ETag` (RFC 7644 §3.5.2). */
export type PatchAnswer = "resource" | "noContent";

/** The PATCH answer per kind of resource (see {@link ScimServerConfig.patchResponse}). */
export interface PatchResponsePolicy {
  /** Group-like resource types (members live in membership rows). Default `"noContent"`. */
  readonly groups?: PatchAnswer;
  /** Every other resource type (User, custom types). Default `"resource"`. */
  readonly others?: PatchAnswer;
}

/** Configuration of {@link createScimServer}. Everything is optional. */
export interface ScimServerConfig {
  /** Schemas and resource types (default: `createDefaultRegistry()`, User + Enterprise User + Group). */
  readonly registry?: SchemaRegistry;
  /** Persistence (default: a `MemoryStore` over `registry`). */
  readonly store?: ResourceStore;
  /** Service-provider limits; unset fields keep {@link DEFAULT_LIMITS}. */
  readonly limits?: Partial<ScimLimits>;
  /**
   * Interoperability rules for known IdP deviations, passed to `resolveInteropRules`:
   * a profile name (`"entra"`, `"okta"`, `"strict"`), or per-rule switches. Default: entra + okta.
   */
  readonly interop?: InteropOption;
  /**
   * What a successful PATCH answers (RFC 7644 §3.5.2: "either an HTTP status code 200 and the
   * entire resource" or "a 204 status code and the appropriate response headers"):
   * `"resource"` is 200 with the resource, `"noContent"` is 204 with the new `ETag`. A request
   * with `attributes`/`excludedAttributes` always gets the resource (200), projected.
   *
   * A string applies to every resource type; an object chooses per kind. Default
   * `{ groups: "noContent", others: "resource" }`: a group PATCH (Entra's and Okta's member adds)
   * answers 204, so an answer never carries a large member list nobody asked for and a member
   * add costs the same at 50 and 50,000 members; other PATCHes answer 200 with the resource.
   */
  readonly patchResponse?: PatchAnswer | PatchResponsePolicy;
  /**
   * What happens to a clear-text `password` (every attribute with `returned: "never"`, RFC 7643
   * §4.1.1, §7) sent in a write: `"hash"` (default) stores a salted hash from `passwordHasher`;
   * `"reject"` answers 400 `invalidValue`; `"drop"` stores nothing. The clear text is never stored
   * or logged, and filters or `sortBy` on such attributes are 400 `invalidFilter`.
   */
  readonly passwords?: PasswordPolicy;
  /**
   * Hashes secrets under `passwords: "hash"`. Default: scrypt (`scryptPasswordHasher`) where the
   * runtime has `node:crypto`, else PBKDF2-SHA-256 through Web Crypto (`pbkdf2PasswordHasher`).
   */
  readonly passwordHasher?: PasswordHasher;
  /** Attributes that no schema defines: `"reject"` (400 invalidValue) or `"ignore"` (dropped). Default reject. */
  readonly unknownAttributes?: "reject" | "ignore";
  /**
   * The mount path when the server is used through the Fetch adapter without a base URL
   * (e.g. `"/scim/v2"`). Adapters that know their mount point (Express) pass `ctx.baseUrl`.
   */
  readonly basePath?: string;
  /**
   * Authenticates a request before any routing. Throw a `ScimError` (e.g. 401) to reject it; return
   * the principal to record it in the context. Discovery endpoints are authenticated too.
   */
  readonly authenticate?: (
    request: Request,
    ctx: RequestContext,
  ) => AuthenticationResult | undefined | Promise<AuthenticationResult | undefined>;
  /** Picks the tenant of a request (default: `ctx.tenantId` from the adapter, else `"default"`). */
  readonly resolveTenant?: (request: Request, ctx: RequestContext) => string | Promise<string>;
  /**
   * A per-credential request limit, counted after authentication and tenant resolution: over the
   * limit the answer is 429 with `Retry-After` (RFC 6585 §4). See `@scimkit/server/rate-limit`.
   *
   * @example
   * rateLimit: { limiter: new MemoryRateLimiter({ limit: 600 }) } // per credential and minute
   */
  readonly rateLimit?: RateLimitSetting;
  /** Audit seam: called after each successful write. Errors it throws are logged, not returned. */
  readonly onChange?: (event: ChangeEvent) => void | Promise<void>;
  /**
   * Called once per answered request, after the response is built (also for errors, 401s included).
   * Errors it throws are logged, not returned.
   */
  readonly onResponse?: (outcome: RequestOutcome) => void;
  /** Logs unexpected errors (500s). Default: `console`. */
  readonly logger?: ScimLogger;
  /** Authentication schemes advertised in `/ServiceProviderConfig` (default: OAuth bearer token). */
  readonly authenticationSchemes?: readonly AuthenticationScheme[];
  /** Makes resource ids (default: `crypto.randomUUID()`). */
  readonly generateId?: () => string;
}
