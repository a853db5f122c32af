/** Load generation with autocannon, with exact latency percentiles taken from every response. */
import autocannon from "autocannon";
import { SCIM_JSON } from "./fixtures.js";

/** What one load run measured. */
export interface Measured {
  /** Completed requests per second. */
  readonly rps: number;
  /** Latency percentiles in milliseconds, from every response. */
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  /** Connection errors and timeouts (a loaded machine resets a rare connection; over 1% fails the run). */
  readonly errors?: number;
}

/** A timed run ended before the server's first answer: a scenario slower than the run is long. */
export class NoAnswerInTime extends Error {}

/** One request shape: a method, and a path (and body) made fresh for request number `n`. */
export interface RequestShape {
  readonly method: "GET" | "POST" | "PATCH";
  readonly path: (n: number) => string;
  readonly body?: (n: number) => unknown;
  /** The only status accepted; anything else fails the run. */
  readonly status: number;
  /** Further statuses accepted (a peer answering 204 to a PATCH that changed nothing). */
  readonly alsoAccepted?: readonly number[];
}

export interface LoadOptions {
  readonly connections: number;
  /** Run for this many seconds… */
  readonly seconds?: number;
  /** …or until this many requests completed. */
  readonly amount?: number;
  /** With `amount`: stop after this many seconds even if fewer requests completed (warm-ups of slow scenarios). */
  readonly atMostSeconds?: number;
  /**
   * Record connection errors and timeouts instead of failing on more than 1%: for a peer that
   * drops connections under this load (scimmy's member adds), so the rest of the run still counts.
   */
  readonly tolerateErrors?: boolean;
}

export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
}

/** Runs `shape` against `origin`; throws when any answer has another status, errors or times out. */
export async function load(origin: string, shape: RequestShape, options: LoadOptions): Promise<Measured> {
  let n = 0;
  const latencies: number[] = [];
  const t0 = performance.now();
  /** When the last answer arrived: the rate is requests over the time they took, not over the run's idle tail. */
  let lastAnswer = t0;
  let instance: autocannon.Instance | undefined;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: origin,
        // autocannon refuses more connections than requests (a smoke run's tiny batches).
        connections: Math.min(options.connections, options.amount ?? options.connections),
        ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.seconds ?? 3 }),
        timeout: 120,
        // autocannon checks for the end of a run once per sample interval (1 s by default): a short
        // run would otherwise idle up to a second after its last answer.
        sampleInt: 50,
        headers: { accept: SCIM_JSON, "content-type": SCIM_JSON },
        requests: [
          {
            method: shape.method,
            setupRequest: (request) => {
              const i = n++;
              return {
                ...request,
                path: shape.path(i),
                ...(shape.body ? { body: JSON.stringify(shape.body(i)) } : {}),
              };
            },
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
  const cutOff =
    options.atMostSeconds === undefined
      ? undefined
      : setTimeout(() => instance!.stop(), options.atMostSeconds * 1000);
  instance!.on("response", (_client, _status, _bytes, responseTime) => {
    latencies.push(responseTime);
    lastAnswer = performance.now();
  });
  const result = await finished;
  clearTimeout(cutOff);
  const seconds = (lastAnswer - t0) / 1000;
  const codes = Object.keys(result.statusCodeStats ?? {});
  const errors = result.errors + result.timeouts;
  if (result.requests.total === 0 && errors === 0 && options.seconds !== undefined) {
    throw new NoAnswerInTime(`${shape.method} ${shape.path(0)}: no answer within ${options.seconds} s`);
  }
  if (
    (errors > result.requests.total / 100 && !options.tolerateErrors) ||
    codes.some((code) => code !== String(shape.status) && !shape.alsoAccepted?.includes(Number(code))) ||
    // A bounded warm-up of a slow scenario may end before its first answer; a measured run may not.
    (result.requests.total === 0 && options.atMostSeconds === undefined)
  ) {
    throw new Error(
      `${shape.method} ${shape.path(0)}: expected only ${shape.status}, got ${JSON.stringify(result.statusCodeStats)}, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  latencies.sort((a, b) => a - b);
  return {
    rps: result.requests.total / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    requests: result.requests.total,
    ...(errors > 0 ? { errors } : {}),
  };
}
