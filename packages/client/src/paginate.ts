import { ScimPaginationError } from "./errors.js";
import type { PageParameters } from "./query.js";
import type { ListPage } from "./resource.js";

/** Fetches one page for the given paging parameters. */
export type PageFetcher<R> = (page: PageParameters) => Promise<ListPage<R>>;

/** How {@link paginate} walks the pages. */
export interface PaginateOptions {
  /** `index`: `startIndex`/`count` (RFC 7644 §3.4.2.4). `cursor`: RFC 9865 `cursor`/`nextCursor`. */
  readonly method: "index" | "cursor";
  /** `count` sent with every page request. */
  readonly pageSize: number;
  /** Index paging: where to start (1-based). @default 1 */
  readonly startIndex?: number;
  /** Cursor paging: where to start; `""` is the first page (RFC 9865 §2). @default "" */
  readonly cursor?: string;
  /**
   * Hard bound on page requests, so a misbehaving service cannot keep a loop running forever.
   * Reaching it throws `ScimPaginationError`.
   * @default 100000
   */
  readonly maxPages?: number;
}

const DEFAULT_MAX_PAGES = 100_000;

/**
 * Walks every page of a query and yields the pages as they arrive.
 *
 * Index paging advances `startIndex` by the number of resources actually received, because a
 * service MAY return fewer than `count` (RFC 7644 §3.4.2.4) when it caps the page size. It stops at
 * an empty page, when `totalResults` is reached, or (if `totalResults` is missing or smaller than
 * what was already received, i.e. not trustworthy) at the first short page.
 *
 * Cursor paging follows `nextCursor` until a page comes without one (RFC 9865 §2).
 */
export async function* paginate<R>(
  fetchPage: PageFetcher<R>,
  options: PaginateOptions,
): AsyncGenerator<ListPage<R>> {
  if (!Number.isInteger(options.pageSize) || options.pageSize < 1) {
    throw new RangeError(`pageSize must be a positive integer, got ${options.pageSize}`);
  }
  if (options.method === "cursor") yield* paginateByCursor(fetchPage, options, 0);
  else yield* paginateByIndex(fetchPage, options);
}

async function* paginateByIndex<R>(
  fetchPage: PageFetcher<R>,
  options: PaginateOptions,
): AsyncGenerator<ListPage<R>> {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  let startIndex = options.startIndex ?? 1;
  let yielded = 0;
  let previousFirstId: string | undefined;
  for (let pages = 0; ; pages++) {
    if (pages >= maxPages)
      throw new ScimPaginationError(`stopped after maxPages (${maxPages}) pages`, yielded);
    const page = normalisePage(await fetchPage({ startIndex, count: options.pageSize }));
    const received = page.Resources.length;
    const firstId = idOf(page.Resources[0]);
    // A service that ignores startIndex returns the first page again and again.
    if (pages > 0 && firstId !== undefined && firstId === previousFirstId) {
      throw new ScimPaginationError(`page at startIndex ${startIndex} repeats the previous page`, yielded);
    }
    previousFirstId = firstId;
    yield page;
    yielded += received;
    if (page.nextCursor) {
      // RFC 9865 §2.4: a cursor-only service answers index requests with a nextCursor; follow it.
      yield* paginateByCursor(
        fetchPage,
        { ...options, cursor: page.nextCursor, maxPages: maxPages - pages - 1 },
        1,
      );
      return;
    }
    if (received === 0) return;
    const position = startIndex - 1 + received;
    const total = Number(page.totalResults);
    const totalIsTrustworthy = Number.isFinite(total) && total >= position;
    if (totalIsTrustworthy ? position >= total : received < options.pageSize) return;
    startIndex += received;
  }
}

async function* paginateByCursor<R>(
  fetchPage: PageFetcher<R>,
  options: PaginateOptions,
  yieldedBefore: number,
): AsyncGenerator<ListPage<R>> {
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const followed = new Set<string>();
  let cursor = options.cursor ?? "";
  let yielded = yieldedBefore;
  for (let pages = 0; ; pages++) {
    if (pages >= maxPages)
      throw new ScimPaginationError(`stopped after maxPages (${maxPages}) pages`, yielded);
    const page = normalisePage(await fetchPage({ cursor, count: options.pageSize }));
    yield page;
    yielded += page.Resources.length;
    const next = page.nextCursor;
    // RFC 9865 §2: the last page carries no nextCursor.
    if (next === undefined || next === null || next === "") return;
    if (followed.has(next)) throw new ScimPaginationError(`the service repeated cursor "${next}"`, yielded);
    followed.add(next);
    cursor = next;
  }
}

/**
 * Services leave `Resources` out of empty pages (RFC 7644 §3.4.2 makes it optional when empty), and
 * cursor services that cannot count may leave out `totalResults` (RFC 9865 §2).
 */
function normalisePage<R>(page: ListPage<R> | undefined): ListPage<R> {
  const body = (page ?? {}) as Partial<ListPage<R>>;
  return { ...body, Resources: Array.isArray(body.Resources) ? body.Resources : [] } as ListPage<R>;
}

function idOf(resource: unknown): string | undefined {
  if (resource === null || typeof resource !== "object") return undefined;
  const id = (resource as { id?: unknown }).id;
  return typeof id === "string" ? id : undefined;
}
