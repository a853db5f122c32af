import { parseArgs } from "node:util";
import { SECTIONS, type Section } from "./check.js";
import type { Profile } from "./runner.js";

/** Parsed command line of `scimkit-conformance`. */
export interface CliOptions {
  url: string;
  token?: string;
  profile: Profile;
  only?: Section[];
  json?: string;
  junit?: string;
  html?: string;
  timeoutMs: number;
  maxRequests: number;
  color: boolean;
  list: boolean;
}

/** Usage text printed for --help and on argument errors. */
export const USAGE = `Usage: scimkit-conformance --url <base> [--token <t>] [options]

Checks a SCIM 2.0 endpoint against RFC 7643/7644 and the request sequences of
Microsoft Entra ID and Okta.

  --url <base>        SCIM base URL, e.g. https://example.com/scim/v2 (required)
  --token <t>         bearer token (or set SCIM_TOKEN)
  --profile <p>       rfc | entra | okta | all (default all)
  --only <sections>   comma-separated sections: ${SECTIONS.join(", ")}
  --json <file>       write a JSON report
  --junit <file>      write a JUnit XML report
  --html <file>       write a standalone HTML report
  --timeout <ms>      per-request timeout (default 10000)
  --max-requests <n>  request budget for the whole run (default 5000)
  --no-color          plain output
  --list              list the checks and exit
  -h, --help          show this help

Exit status: 0 when no MUST or IDP check failed, 1 when one did, 2 on usage errors.`;

/** Thrown for invalid arguments; the message is shown with the usage text. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

const PROFILES: Profile[] = ["rfc", "entra", "okta", "all"];

/** Parses `argv` (without node and script) into options; returns `"help"` for --help. */
export function parseCliOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions | "help" {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return "help";
  const list = values.list === true;
  const url = values.url;
  if (!url && !list) throw new UsageError("--url is required");
  if (url && !/^https?:\/\//.test(url)) throw new UsageError(`--url must be an http(s) URL, got ${url}`);
  const profile = (values.profile ?? "all") as Profile;
  if (!PROFILES.includes(profile)) throw new UsageError(`--profile must be one of ${PROFILES.join(", ")}`);
  let only: Section[] | undefined;
  if (values.only) {
    only = values.only.split(",").map((section) => section.trim()) as Section[];
    const unknown = only.filter((section) => !SECTIONS.includes(section));
    if (unknown.length > 0)
      throw new UsageError(`unknown section(s) ${unknown.join(", ")}; known: ${SECTIONS.join(", ")}`);
  }
  const timeoutMs = Number(values.timeout ?? 10_000);
  const maxRequests = Number(values["max-requests"] ?? 5_000);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0)
    throw new UsageError("--timeout must be a positive integer");
  if (!Number.isInteger(maxRequests) || maxRequests <= 0)
    throw new UsageError("--max-requests must be a positive integer");
  return {
    url: url ?? "",
    token: values.token ?? env.SCIM_TOKEN,
    profile,
    only,
    json: values.json,
    junit: values.junit,
    html: values.html,
    timeoutMs,
    maxRequests,
    color: values["no-color"] !== true && env.NO_COLOR === undefined,
    list,
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      url: { type: "string" },
      token: { type: "string" },
      profile: { type: "string" },
      only: { type: "string" },
      json: { type: "string" },
      junit: { type: "string" },
      html: { type: "string" },
      timeout: { type: "string" },
      "max-requests": { type: "string" },
      "no-color": { type: "boolean" },
      list: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}
