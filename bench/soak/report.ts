/** What a soak run records, and the report it prints (apart from the run so that a test can check it). */

/** The operations of the mixed IdP load. */
export type Operation = "create" | "lookup" | "member-add" | "member-remove" | "deactivate" | "delete";

/** One memory sample of one server process (bytes). */
export interface MemorySample {
  /** Seconds since the mix started. */
  readonly at: number;
  readonly rss: number;
  readonly heapUsed: number;
}

/** Requests, statuses and latencies of one operation. */
interface OperationTally {
  readonly latencies: number[];
  readonly statuses: Map<number, number>;
  failures: number;
}

/** Collects every answer of a soak run. */
export class SoakRecorder {
  private readonly tallies = new Map<Operation, OperationTally>();
  /** A few failure messages, for the report (the count is in the tallies). */
  readonly failureSamples: string[] = [];
  readonly memory = new Map<number, MemorySample[]>();

  private tally(operation: Operation): OperationTally {
    let tally = this.tallies.get(operation);
    if (!tally) {
      tally = { latencies: [], statuses: new Map(), failures: 0 };
      this.tallies.set(operation, tally);
    }
    return tally;
  }

  /** An answer: `ok` says whether it was what the operation expects (status and body). */
  answer(operation: Operation, status: number, ms: number, ok: boolean, detail?: string): void {
    const tally = this.tally(operation);
    tally.latencies.push(ms);
    tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + 1);
    if (!ok) this.fail(operation, `${operation}: ${status}${detail ? ` ${detail}` : ""}`);
  }

  /** A failure without an answer (a network error or a timeout), or a wrong answer. */
  fail(operation: Operation, message: string): void {
    this.tally(operation).failures++;
    if (this.failureSamples.length < 20) this.failureSamples.push(message.slice(0, 400));
  }

  sample(instance: number, sample: MemorySample): void {
    let samples = this.memory.get(instance);
    if (!samples) {
      samples = [];
      this.memory.set(instance, samples);
    }
    samples.push(sample);
  }

  /** The report of a run that lasted `seconds`. */
  report(seconds: number, extra: Pick<SoakReport, "settings" | "serverExits" | "consistency">): SoakReport {
    const operations: SoakReport["operations"] = {};
    let requests = 0;
    let failures = 0;
    const statuses: Record<string, number> = {};
    const all: number[] = [];
    for (const [operation, tally] of this.tallies) {
      const sorted = [...tally.latencies].sort((a, b) => a - b);
      requests += sorted.length;
      failures += tally.failures;
      for (const value of sorted) all.push(value);
      const byStatus: Record<string, number> = {};
      for (const [status, count] of [...tally.statuses].sort((a, b) => a[0] - b[0])) {
        byStatus[String(status)] = count;
        statuses[String(status)] = (statuses[String(status)] ?? 0) + count;
      }
      operations[operation] = {
        requests: sorted.length,
        perSecond: round(sorted.length / seconds, 1),
        p50: round(percentile(sorted, 0.5), 2),
        p99: round(percentile(sorted, 0.99), 2),
        statuses: byStatus,
        failures: tally.failures,
      };
    }
    all.sort((a, b) => a - b);
    const serverErrors = Object.entries(statuses)
      .filter(([status]) => Number(status) >= 500)
      .reduce((sum, [, count]) => sum + count, 0);
    const memory: SoakReport["memory"] = [...this.memory]
      .sort((a, b) => a[0] - b[0])
      .map(([instance, samples]) => ({ instance, ...memoryGrowth(samples) }));
    return {
      ...extra,
      seconds: round(seconds, 1),
      requests,
      perSecond: round(requests / seconds, 1),
      p50: round(percentile(all, 0.5), 2),
      p99: round(percentile(all, 0.99), 2),
      statuses,
      serverErrors,
      failures,
      failureSamples: this.failureSamples,
      operations,
      memory,
    };
  }
}

/** The report `npm run soak` prints (and writes with `--out`). */
export interface SoakReport {
  readonly settings: Record<string, string | number>;
  readonly seconds: number;
  readonly requests: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  /** Answers by status, over all operations. */
  readonly statuses: Record<string, number>;
  /** Answers with a 5xx status. */
  readonly serverErrors: number;
  /** Requests that failed: unexpected status, network error, timeout or wrong answer. */
  readonly failures: number;
  readonly failureSamples: readonly string[];
  readonly operations: Partial<
    Record<
      Operation,
      {
        readonly requests: number;
        readonly perSecond: number;
        readonly p50: number;
        readonly p99: number;
        readonly statuses: Record<string, number>;
        readonly failures: number;
      }
    >
  >;
  /** Per server process: memory at the start and the end of the mix (MiB), and the peak. */
  readonly memory: readonly ({ readonly instance: number } & MemoryGrowth)[];
  /** Server processes that exited during the run (none is the only good answer). */
  readonly serverExits: number;
  /** Problems the final consistency check found (empty when the database matches what was acknowledged). */
  readonly consistency: readonly string[];
}

export interface MemoryGrowth {
  readonly samples: number;
  readonly rssStartMiB: number;
  readonly rssEndMiB: number;
  readonly rssPeakMiB: number;
  readonly heapStartMiB: number;
  readonly heapEndMiB: number;
  readonly heapPeakMiB: number;
}

const MIB = 1024 * 1024;

/**
 * Start and end are medians of the first and the last three samples: one sample may land just
 * before or after a garbage collection, which moves the heap by tens of MiB.
 */
export function memoryGrowth(samples: readonly MemorySample[]): MemoryGrowth {
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted.length === 0 ? Number.NaN : sorted[Math.floor(sorted.length / 2)]!;
  };
  const head = samples.slice(0, 3);
  const tail = samples.slice(-3);
  const mib = (bytes: number) => round(bytes / MIB, 1);
  return {
    samples: samples.length,
    rssStartMiB: mib(median(head.map((s) => s.rss))),
    rssEndMiB: mib(median(tail.map((s) => s.rss))),
    rssPeakMiB: mib(Math.max(...samples.map((s) => s.rss))),
    heapStartMiB: mib(median(head.map((s) => s.heapUsed))),
    heapEndMiB: mib(median(tail.map((s) => s.heapUsed))),
    heapPeakMiB: mib(Math.max(...samples.map((s) => s.heapUsed))),
  };
}

export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Why the run failed, one line each; empty when it passed. */
export function soakFailures(report: SoakReport): string[] {
  const reasons: string[] = [];
  if (report.serverErrors > 0) reasons.push(`${report.serverErrors} answers with a 5xx status`);
  if (report.failures > 0) reasons.push(`${report.failures} failed requests`);
  if (report.serverExits > 0) reasons.push(`${report.serverExits} server processes exited`);
  if (report.requests === 0) reasons.push("no request was answered");
  for (const problem of report.consistency) reasons.push(`consistency: ${problem}`);
  return reasons;
}

/** The report as text for a terminal. */
export function formatSoakReport(report: SoakReport): string {
  const lines = [
    `soak: ${Object.entries(report.settings)
      .map(([key, value]) => `${key}=${value}`)
      .join(" ")}`,
    `${report.requests} requests in ${report.seconds} s: ${report.perSecond} req/s, p50 ${report.p50} ms, p99 ${report.p99} ms`,
    `statuses: ${JSON.stringify(report.statuses)}; 5xx: ${report.serverErrors}; failed requests: ${report.failures}; server exits: ${report.serverExits}`,
    "",
    "operation        requests   req/s     p50 ms     p99 ms  statuses",
  ];
  for (const [operation, figures] of Object.entries(report.operations)) {
    lines.push(
      `${operation.padEnd(15)} ${String(figures.requests).padStart(9)} ${figures.perSecond.toFixed(1).padStart(7)} ${figures.p50.toFixed(2).padStart(10)} ${figures.p99.toFixed(2).padStart(10)}  ${JSON.stringify(figures.statuses)}${figures.failures ? ` (${figures.failures} failed)` : ""}`,
    );
  }
  lines.push("", "instance  samples  RSS start → end (peak) MiB   heap start → end (peak) MiB");
  for (const m of report.memory) {
    const rss = `${m.rssStartMiB} → ${m.rssEndMiB} (${m.rssPeakMiB})`;
    const heap = `${m.heapStartMiB} → ${m.heapEndMiB} (${m.heapPeakMiB})`;
    lines.push(
      `${String(m.instance).padStart(8)} ${String(m.samples).padStart(8)}  ${rss.padEnd(28)}  ${heap}`,
    );
  }
  lines.push(
    "",
    report.consistency.length === 0
      ? "consistency check: the database holds exactly the acknowledged users and group members"
      : `consistency check: ${report.consistency.length} problems`,
  );
  for (const sample of report.failureSamples) lines.push(`  failure: ${sample}`);
  const failures = soakFailures(report);
  lines.push(failures.length === 0 ? "PASS" : `FAIL: ${failures.join("; ")}`);
  return lines.join("\n");
}
