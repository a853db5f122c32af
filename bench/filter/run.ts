/**
 * Parse throughput of @scimkit/filter against scim2-parse-filter and scim-query-filter-parser,
 * in one process on the same corpus. Run: `pnpm run bench` in this package.
 */
import { parseFilter } from "@scimkit/filter";
import { compileFilter as peerCompileFilter } from "scim-query-filter-parser";
import { parse as peerParse } from "scim2-parse-filter";
import { Bench } from "tinybench";
import { complexFilters, entraExtensionFilters, idpFilters } from "./corpus.ts";

interface Parser {
  readonly name: string;
  readonly parse: (text: string) => unknown;
}

const ours: Parser = { name: "@scimkit/filter parseFilter", parse: (text) => parseFilter(text) };
const peers: readonly Parser[] = [
  { name: "scim2-parse-filter 0.2.10 parse", parse: (text) => peerParse(text) },
  // Its only entry point parses and compiles to a predicate in one call.
  { name: "scim-query-filter-parser 2.0.4 compileFilter", parse: (text) => peerCompileFilter(text) },
];

const parses = (parser: Parser, text: string) => {
  try {
    parser.parse(text);
    return true;
  } catch {
    return false;
  }
};

const timeMs = Number(process.env.BENCH_TIME_MS ?? 1800);
const rounds = 6;
let sink: unknown;

/**
 * The machine may be shared, so both parsers run in several short rounds, interleaved, and the best
 * round's median throughput counts: load can only slow a round down.
 */
async function measure(parsers: readonly Parser[], corpus: readonly string[]): Promise<number[]> {
  const best = parsers.map(() => 0);
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ time: timeMs / rounds / parsers.length, warmupTime: 50 });
    for (const parser of parsers) {
      bench.add(parser.name, () => {
        for (const text of corpus) sink = parser.parse(text);
      });
    }
    await bench.run();
    bench.tasks.forEach((task, i) => {
      const result = task.result;
      const passes = result && "throughput" in result ? (result.throughput.p50 ?? result.throughput.mean) : 0;
      best[i] = Math.max(best[i], passes * corpus.length);
    });
  }
  return best;
}

/** Each peer is timed against @scimkit/filter on the filters that peer accepts. */
async function runCorpus(title: string, candidates: readonly string[]): Promise<number> {
  console.log(`\n### ${title} (${candidates.length} filters)\n`);
  console.log(
    "| peer | filters the peer parses | @scimkit/filter filters/s | peer filters/s | @scimkit/filter is |",
  );
  console.log("|---|---:|---:|---:|---:|");
  const ratios: number[] = [];
  const notes: string[] = [];
  for (const peer of peers) {
    const corpus = candidates.filter((text) => parses(ours, text) && parses(peer, text));
    for (const text of candidates)
      if (!corpus.includes(text)) notes.push(`- ${peer.name.split(" ")[0]} rejects \`${text}\``);
    const [own, theirs] = await measure([ours, peer], corpus);
    ratios.push(own / theirs);
    const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
    console.log(
      `| ${peer.name} | ${corpus.length} | ${fmt(own)} | ${fmt(theirs)} | ${(own / theirs).toFixed(1)}x faster |`,
    );
  }
  if (notes.length) console.log(`\n${notes.join("\n")}`);
  // The target is against the faster peer, i.e. the smallest ratio.
  return Math.min(...ratios);
}

console.log(`node ${process.version}; ${rounds} interleaved rounds, ${timeMs} ms per comparison`);
const ratios = [
  await runCorpus("IdP filters (Entra ID, Okta)", [...idpFilters, ...entraExtensionFilters]),
  await runCorpus("Complex filters (RFC 7644 §3.4.2.2 Figure 2 and longer)", complexFilters),
];
const worst = Math.min(...ratios);
console.log(
  `\nworst ratio against the faster peer: ${worst.toFixed(1)}x (target >= 3x) ${worst >= 3 ? "PASS" : "FAIL"}`,
);
void sink;
