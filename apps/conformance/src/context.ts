import { randomBytes } from "node:crypto";
import { CheckSkipped } from "./check.js";
import { ScimHttp } from "./http.js";
import { getAttribute, isJsonObject, type JsonObject } from "./scim/json.js";
import { ScimApi } from "./scim-api.js";

/** Settings of one harness run. */
export interface RunOptions {
  /** SCIM base URL, e.g. `https://example.com/scim/v2`. */
  baseUrl: string;
  /** Bearer token; omitted for endpoints without authentication (401 checks then skip). */
  token?: string;
  /** Per-request timeout in milliseconds (default 10 000). */
  requestTimeoutMs?: number;
  /** Per-check timeout in milliseconds (default 60 000). */
  checkTimeoutMs?: number;
  /** Upper bound on requests in the whole run (default 5 000). */
  maxRequests?: number;
  /** Prefix for every name the run creates; default `scimkit-cf-<random>-`. */
  namePrefix?: string;
}

/** The optional features a ServiceProviderConfig advertises (RFC 7643 §5). */
export type Feature = "patch" | "bulk" | "filter" | "changePassword" | "sort" | "etag";

/** What cleanup did at the end of a run. */
export interface CleanupSummary {
  deleted: number;
  /** Resources that could not be removed, with the reason. */
  leftOver: string[];
}

/**
 * Everything a check needs: raw HTTP, the SCIM call layer, unique names, created-resource
 * tracking for cleanup, cached discovery documents and per-section shared fixtures.
 */
export class RunContext {
  readonly http: ScimHttp;
  readonly api: ScimApi;
  /** Lower-case prefix shared by every name this run creates. */
  readonly prefix: string;
  readonly hasToken: boolean;
  readonly checkTimeoutMs: number;
  private readonly created: string[] = [];
  private readonly shared = new Map<string, Promise<unknown>>();
  private counter = 0;

  constructor(options: RunOptions) {
    this.http = new ScimHttp({
      baseUrl: options.baseUrl,
      token: options.token,
      timeoutMs: options.requestTimeoutMs ?? 10_000,
      maxRequests: options.maxRequests ?? 5_000,
    });
    this.api = new ScimApi(this.http, (location) => this.track(location), {
      token: options.token,
      timeoutMs: options.requestTimeoutMs ?? 10_000,
    });
    this.prefix = options.namePrefix ?? `scimkit-cf-${randomBytes(4).toString("hex")}-`;
    this.hasToken = options.token !== undefined;
    this.checkTimeoutMs = options.checkTimeoutMs ?? 60_000;
  }

  /** A fresh, run-unique lower-case name: `<prefix><n>-<label>`. */
  unique(label: string): string {
    this.counter += 1;
    return `${this.prefix}${this.counter}-${label}`;
  }

  /** Remembers a created resource (`/Users/<id>`) so cleanup removes it. */
  track(location: string): void {
    if (!this.created.includes(location)) this.created.push(location);
  }

  /** Forgets a resource a check has already deleted itself. */
  untrack(location: string): void {
    const index = this.created.indexOf(location);
    if (index >= 0) this.created.splice(index, 1);
  }

  /** Locations still to be removed at the end of the run. */
  get trackedResources(): readonly string[] {
    return this.created;
  }

  /**
   * Runs `factory` once per run for `key` and shares the promise: a section seeds its data once
   * and every check of the section reads it. A failing factory fails each check that needs it.
   */
  once<T>(key: string, factory: () => Promise<T>): Promise<T> {
    let existing = this.shared.get(key) as Promise<T> | undefined;
    if (!existing) {
      existing = factory();
      this.shared.set(key, existing);
    }
    return existing;
  }

  /** The ServiceProviderConfig, fetched once; `undefined` when the endpoint does not serve one. */
  serviceProviderConfig(): Promise<JsonObject | undefined> {
    return this.once("discovery:spc", async () => {
      try {
        const exchange = await this.http.send({ method: "GET", path: "/ServiceProviderConfig" });
        return exchange.status === 200 && isJsonObject(exchange.json) ? exchange.json : undefined;
      } catch {
        return undefined;
      }
    });
  }

  /** Whether the ServiceProviderConfig advertises `feature` (`<feature>.supported === true`). */
  async supports(feature: Feature): Promise<boolean> {
    const config = await this.serviceProviderConfig();
    return getAttribute(getAttribute(config, feature), "supported") === true;
  }

  /** Skips the running check unless the ServiceProviderConfig advertises `feature`. */
  async requireFeature(feature: Feature): Promise<void> {
    if (!(await this.supports(feature))) {
      throw new CheckSkipped(`ServiceProviderConfig does not advertise ${feature}.supported = true`);
    }
  }

  /** Removes every tracked resource, newest first (groups before the users they reference). */
  async cleanup(): Promise<CleanupSummary> {
    const summary: CleanupSummary = { deleted: 0, leftOver: [] };
    for (const location of [...this.created].reverse()) {
      try {
        const exchange = await this.http.send({ method: "DELETE", path: location });
        if (exchange.status === 204 || exchange.status === 200 || exchange.status === 404) {
          summary.deleted += exchange.status === 404 ? 0 : 1;
          this.untrack(location);
        } else {
          summary.leftOver.push(`${location} (HTTP ${exchange.status})`);
        }
      } catch (error) {
        summary.leftOver.push(`${location} (${error instanceof Error ? error.message : String(error)})`);
      }
    }
    return summary;
  }
}
