import {
  createDefaultRegistry,
  type ResourceTypeSchema,
  type SchemaRegistry,
  ScimError,
} from "@scimkit/core";
import { compileFilter as compileEvaluator, foldCase } from "@scimkit/filter";
import type { RequestContext } from "../../context.js";
import type { ChangeJournal } from "../../journal/change-journal.js";
import { attributeChanges, memberChanges } from "../../journal/changes.js";
import type { AttributeChange, JournalRecord } from "../../journal/entry.js";
import { type JournalSetting, resolveJournalSetting } from "../../journal/journal-options.js";
import { SqlJournal } from "../../journal/sql-journal.js";
import { jsonEqual } from "../../json-equal.js";
import { MappedTable } from "../../mapping/mapped-table.js";
import { type TableMapping, TableMappingError } from "../../mapping/table-mapping.js";
import { decodeCursor, encodeCursor } from "../cursor.js";
import type { GroupClosureSource, MemberGroup } from "../group-closure.js";
import { isMembershipType, memberRowsOf, storedAttributesOf } from "../membership.js";
import { assertSortable } from "../sort-order.js";
import type {
  GetOptions,
  ListPage,
  ListQuery,
  MemberRef,
  MembershipChange,
  PatchPlan,
  ResourceData,
  ResourceStore,
  StoredResource,
  WriteCondition,
} from "../store.js";
import { compileFilter, type FilterCompileContext, isIndexDriven } from "./compile-filter.js";
import { compileSortKey } from "./compile-sort.js";
import { type GroupClosureRow, groupClosureStatement } from "./group-closure-sql.js";
import {
  assertIndexable,
  DEFAULT_INDEXED_PATHS,
  type IndexedAttribute,
  indexedAttributesOf,
  type ValueRow,
  valueRowsOf,
} from "./indexed-values.js";
import { type MemberNameSources, memberNames } from "./member-names.js";
import type { SqlConnection, SqlDriver } from "./sql-driver.js";
import { SqlParams, type SqlValue } from "./sql-params.js";

/** Options shared by the SQL stores. */
export interface SqlStoreOptions {
  /**
   * The registry the server uses: uniqueness, filters and sorting follow its schemas. Default:
   * `createDefaultRegistry()` (User with the enterprise extension, Group).
   */
  readonly registry?: SchemaRegistry;
  /**
   * Attribute paths that get value rows so `eq` on them is an index probe, in addition to every
   * `uniqueness: server | global` attribute. Default: `userName`, `externalId`, `displayName`,
   * `emails.value`.
   */
  readonly indexedAttributes?: readonly string[];
  /**
   * The change journal (audit trail and identity-event outbox), written in each write's own
   * transaction. On by default; `false` turns it off; an object adds derivation hooks.
   */
  readonly journal?: JournalSetting;
  /**
   * Keep one resource type (default `User`) in an application table whose columns are mapped
   * from SCIM attribute paths (see `@scimkit/server/mapping`). Versions, memberships, uniqueness
   * and paging stay in the kit's tables; the mapped row is written in the same transaction.
   */
  readonly tableMapping?: TableMapping;
  /**
   * Application tables the store keeps a copy of mapped attributes in, one {@link TableMapping}
   * each (same column → attribute path form). Unlike `tableMapping`, the kit keeps the whole
   * resource in its own tables, so every filter, sort and page works as without a projection; on
   * each create, replace and patch of the resource type (bulk included) it writes the mapped
   * columns of the row in the same transaction, and deletes the row with the resource. Attributes
   * no column maps are simply not copied (`unmapped` does not apply; userName need not be mapped).
   * A write the table refuses (a NOT NULL column without a value: 400; a unique index: 409) leaves
   * neither the resource nor the row. Fill a table added later with
   * {@link SqlResourceStore.backfillProjection}. The memory store has no tables: it has no such option.
   */
  readonly tableProjections?: readonly TableMapping[];
}

/** Which members a write really added and removed (the journal reports exactly these). */
interface MemberDelta {
  readonly added: MemberRef[];
  readonly removed: MemberRef[];
}

/** One SQL statement with its bound parameters. */
export interface SqlStatement {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

/** The statements of one list call (see {@link SqlResourceStore.compileList}). */
export interface ListStatements {
  readonly count: SqlStatement;
  /**
   * Absent when `count` is 0 (totals only). One statement: the page's rows, each with its
   * members/groups (`extra`) and the match count (`total`), so a page is one round trip. When it
   * finds no rows, `total` is 0 if the page starts at the first match (`startsAtFirst`), else the
   * `count` statement tells.
   */
  readonly page?: SqlStatement & {
    readonly limit: number;
    readonly cursorMode: boolean;
    readonly startsAtFirst: boolean;
  };
}

interface ResourceRow {
  seq: number | string;
  tenant_id: string;
  id: string;
  resource_type: string;
  data: string | Record<string, unknown>;
  version: string;
  created: string;
  last_modified: string;
  sort_key?: string | number | boolean | null;
  /** A group's members or a user's groups: a JSON array (text in SQLite), NULL when none. */
  extra?: string | readonly Record<string, unknown>[] | null;
  /** The match count of a list page (see {@link ListStatements}). */
  total?: number | string;
}

interface MemberRow {
  member_id: string;
  member_type: string | null;
  display: string | null;
}

function memberRefOf(row: Pick<MemberRow, "member_id" | "member_type" | "display">): MemberRef {
  return {
    value: row.member_id,
    ...(row.member_type !== null ? { type: row.member_type } : {}),
    ...(row.display !== null ? { display: row.display } : {}),
  };
}

const UNSTORABLE_TEXT =
  "a string contains a character the database cannot store (NUL or an unpaired surrogate)";
const USER = "user";
const MAPPED = "a";
const COLUMNS = "r.seq, r.tenant_id, r.id, r.resource_type, DATA, r.version, r.created, r.last_modified";

/**
 * The shared SQL implementation of {@link ResourceStore}: one resources table (JSON document plus
 * meta columns), a values table (lookup and uniqueness index rows) and a memberships table. Filters,
 * sorting and paging compile to SQL; writes run in transactions with compare-and-set versions.
 * Use it through `SqliteStore` or `PostgresStore`.
 */
export class SqlResourceStore implements ResourceStore, GroupClosureSource {
  readonly #driver: SqlDriver;
  readonly #registry: SchemaRegistry;
  readonly #indexedPaths: readonly string[];
  readonly #indexed = new Map<string, IndexedAttribute[]>();
  /** The statement reading one resource by id, per resource type and members flag (see #load). */
  readonly #loadStatements = new Map<
    string,
    { readonly sql: string; readonly constants: readonly SqlValue[] }
  >();
  readonly #journal: SqlJournal | undefined;
  readonly #mapped: MappedTable | undefined;
  readonly #projections: readonly MappedTable[];

  constructor(driver: SqlDriver, options: SqlStoreOptions) {
    this.#driver = driver;
    this.#registry = options.registry ?? createDefaultRegistry();
    const mapping = options.tableMapping;
    this.#mapped = mapping
      ? new MappedTable(mapping, this.#registry.resourceType(mapping.resourceType ?? "User"))
      : undefined;
    this.#projections = projectionTables(this.#registry, options.tableProjections ?? [], mapping);
    // Every mapped text value gets value rows, so `eq` on it is an index probe.
    this.#indexedPaths = [
      ...(options.indexedAttributes ?? DEFAULT_INDEXED_PATHS),
      ...(this.#mapped?.indexedPaths() ?? []),
    ];
    const journal = resolveJournalSetting(options.journal);
    const userType = this.#userType();
    const readUser = userType
      ? async (db: SqlConnection, ctx: RequestContext, id: string) =>
          (await this.#load(db, ctx, this.#registry.resourceType(userType), id, false))?.data
      : undefined;
    this.#journal = journal ? new SqlJournal(driver, journal, this.#groupType(), readUser) : undefined;
  }

  /** The change journal (undefined with `journal: false`): audit queries and identity events read it. */
  get journal(): ChangeJournal | undefined {
    return this.#journal;
  }

  /** The application table `rt` lives in, if it is the mapped type. */
  protected mappedTable(rt: ResourceTypeSchema): MappedTable | undefined {
    return this.#mapped && this.#mapped.resourceType === rt.resourceType.name ? this.#mapped : undefined;
  }

  /** The select list and FROM clause of resource rows of `rt` (the app table joined when mapped). */
  #rowSource(rt: ResourceTypeSchema): { columns: string; from: string } {
    const { tables, dialect } = this.#driver;
    let columns = COLUMNS.replace("DATA", `${dialect.dataOut("r.data")} AS data`);
    const mapped = this.mappedTable(rt);
    if (!mapped) return { columns, from: `${tables.resources} r` };
    mapped.columns.forEach((column, index) => {
      columns += `, ${column.json ? dialect.dataOut(column.expr) : column.expr} AS m_${index}`;
    });
    if (mapped.extraColumn) columns += `, ${dialect.dataOut(`${MAPPED}.${mapped.extraColumn}`)} AS x_extra`;
    const tenant = mapped.tenantColumn ? ` AND ${MAPPED}.${mapped.tenantColumn} = r.tenant_id` : "";
    return {
      columns,
      from: `${tables.resources} r LEFT JOIN ${mapped.table} ${MAPPED} ON ${MAPPED}.${mapped.idColumn} = r.id${tenant}`,
    };
  }

  async create(ctx: RequestContext, resourceType: string, data: ResourceData): Promise<StoredResource> {
    const rt = this.#registry.resourceType(resourceType);
    const type = rt.resourceType.name;
    const id = String(data.id ?? "");
    if (!id) throw new ScimError(500, undefined, "store.create needs data.id assigned by the server");
    const attributes = { ...this.#attributesOf(data), id };
    const { tables, dialect } = this.#driver;
    const mapped = this.mappedTable(rt);
    const split = mapped ? this.#split(mapped, attributes) : undefined;
    // Value rows index what filters can see: of a mapped type, only the mapped attributes.
    const values = valueRowsOf(rt, this.#indexedOf(rt), split ? mapped!.visible(split) : attributes);
    assertIndexable(values, this.#indexedOf(rt));
    // The row comes back from the INSERT itself on PostgreSQL, one round trip less per create.
    // Not for a mapped type (its row joins the app table) or a group (its members are written
    // after the row); SQLite's RETURNING cannot name the row by alias, and a second statement
    // costs it no round trip.
    const returning = dialect.name === "postgres" && !mapped && !isMembershipType(type);
    const created = this.#write(async (db) => {
      const now = new Date().toISOString();
      const params = new SqlParams(dialect.placeholder);
      const nowParam = params.add(now);
      // ON CONFLICT DO NOTHING: a taken id is a 409 naming the id, without a lookup first.
      const insert = `INSERT INTO ${tables.resources} AS r (tenant_id, resource_type, id, data, version, created, last_modified)
         VALUES (${params.add(ctx.tenantId)}, ${params.add(type)}, ${params.add(id)}, ${dialect.dataIn(params.add(JSON.stringify(split?.document ?? attributes)))}, ${params.add("1")}, ${nowParam}, ${nowParam})
         ON CONFLICT DO NOTHING`;
      let row: ResourceRow | undefined;
      let inserted: boolean;
      if (returning) {
        const extra = this.#extraColumn(params, rt, "r", true);
        [row] = await db.query<ResourceRow>(
          `${insert} RETURNING ${this.#rowSource(rt).columns}${extra ? `, ${extra} AS extra` : ""}`,
          params.values,
        );
        inserted = row !== undefined;
      } else inserted = (await db.execute(insert, params.values)) > 0;
      if (!inserted) throw new ScimError(409, "uniqueness", `a ${type} with id "${id}" exists`);
      if (mapped && split) await this.#writeMapped(db, ctx, mapped, id, split, attributes, "create");
      await this.#writeProjections(db, ctx, rt, id, attributes, "create");
      // No lookup of unique values first: the unique index of the value rows refuses a taken one
      // in this statement (another round trip saved), and the catch below names the attribute.
      await this.#insertValues(db, ctx, type, id, values);
      let members: MemberDelta | undefined;
      if (isMembershipType(rt.resourceType.name))
        members = await this.#replaceMembers(db, ctx, id, memberRowsOf(data) ?? []);
      const stored = row ? this.#toStored(rt, row) : await this.#loadOrFail(db, ctx, rt, id, true);
      await this.#record(db, ctx, "create", stored, attributeChanges(rt, undefined, attributes), members);
      return stored;
    });
    return created.catch(async (error: unknown) => {
      // A value another resource holds: the transaction is gone, so a read finds the holder and
      // names the attribute (RFC 7644 §3.3: 409 uniqueness). A race that left no holder keeps
      // the general message.
      if (ScimError.is(error) && error.status === 409 && this.#driver.isUniqueViolation(error.cause)) {
        await this.#driver.read((db) => this.#checkUnique(db, ctx, rt, values, undefined));
      }
      throw error;
    });
  }

  async get(
    ctx: RequestContext,
    resourceType: string,
    id: string,
    options?: GetOptions,
  ): Promise<StoredResource | undefined> {
    const rt = this.#registry.findResourceType(resourceType);
    if (!rt) return undefined;
    // One statement (row, members or groups), atomic on its own: no transaction needed.
    return this.#driver
      .read((db) => this.#load(db, ctx, rt, id, options?.withMembers !== false))
      .catch((error: unknown) => {
        // An id the database cannot even hold (NUL) names no resource.
        if (this.#driver.isUnstorableText(error)) return undefined;
        throw error;
      });
  }

  async replace(
    ctx: RequestContext,
    resourceType: string,
    id: string,
    data: ResourceData,
    condition?: WriteCondition,
  ): Promise<StoredResource> {
    const rt = this.#registry.resourceType(resourceType);
    const attributes = { ...this.#attributesOf(data), id };
    return this.#write(async (db) => {
      const current = await this.#lock(db, ctx, rt, id, condition, false);
      await this.#storeAttributes(db, ctx, rt, current, attributes);
      let members: MemberDelta | undefined;
      if (isMembershipType(rt.resourceType.name))
        members = await this.#replaceMembers(db, ctx, id, memberRowsOf(data) ?? []);
      const stored = await this.#loadOrFail(db, ctx, rt, id, true);
      const changes = this.#journal ? attributeChanges(rt, this.#dataOf(rt, current), attributes) : [];
      await this.#record(db, ctx, "replace", stored, changes, members);
      return stored;
    });
  }

  /**
   * PATCH (RFC 7644 §3.5.2) as one transaction. `options.withMembers: false` skips loading a
   * group's members for the result, so a member add to a huge group stays O(1) end to end.
   */
  async patch(
    ctx: RequestContext,
    resourceType: string,
    id: string,
    plan: (current: StoredResource) => PatchPlan,
    condition?: WriteCondition,
    options?: GetOptions,
  ): Promise<StoredResource> {
    const rt = this.#registry.resourceType(resourceType);
    return this.#write(async (db) => {
      // The plan sees a user's groups (filters may name them), never a group's members.
      const current = await this.#lock(db, ctx, rt, id, condition, true);
      const result = plan(this.#toStored(rt, current));
      let bumped = false;
      let changes: AttributeChange[] = [];
      if (result.data !== undefined) {
        const attributes = { ...this.#attributesOf(result.data), id };
        const before = this.#dataOf(rt, current);
        if (!jsonEqual(attributes, before)) {
          await this.#storeAttributes(db, ctx, rt, current, attributes);
          bumped = true;
          if (this.#journal) changes = attributeChanges(rt, before, attributes);
        }
      }
      let changed = bumped;
      let members: MemberDelta | undefined;
      if (result.members && isMembershipType(rt.resourceType.name)) {
        const applied = await this.#applyMembership(db, ctx, id, result.members);
        changed = applied.changed || changed;
        members = applied;
      }
      if (changed && !bumped) await this.#bump(db, ctx, rt, current);
      const stored = await this.#loadOrFail(db, ctx, rt, id, options?.withMembers !== false);
      if (changed) await this.#record(db, ctx, "patch", stored, changes, members);
      return stored;
    });
  }

  async delete(
    ctx: RequestContext,
    resourceType: string,
    id: string,
    condition?: WriteCondition,
  ): Promise<void> {
    const rt = this.#registry.resourceType(resourceType);
    const type = rt.resourceType.name;
    const { tables } = this.#driver;
    await this.#write(async (db) => {
      const current = await this.#lock(db, ctx, rt, id, condition, false);
      const key = [ctx.tenantId, type, id];
      await db.execute(
        `DELETE FROM ${tables.resources} WHERE tenant_id = ${this.#ph(1)} AND resource_type = ${this.#ph(2)} AND id = ${this.#ph(3)}`,
        key,
      );
      await db.execute(
        `DELETE FROM ${tables.values} WHERE tenant_id = ${this.#ph(1)} AND resource_type = ${this.#ph(2)} AND resource_id = ${this.#ph(3)}`,
        key,
      );
      // The row of the mapped table and of each projection table goes with the resource.
      const mapped = this.mappedTable(rt);
      for (const table of [...(mapped ? [mapped] : []), ...this.#projectionsOf(rt)]) {
        const tenant = table.tenantColumn ? ` AND ${table.tenantColumn} = ${this.#ph(2)}` : "";
        await db.execute(
          `DELETE FROM ${table.table} WHERE ${table.idColumn} = ${this.#ph(1)}${tenant}`,
          table.tenantColumn ? [id, ctx.tenantId] : [id],
        );
      }
      if (isMembershipType(rt.resourceType.name)) {
        await db.execute(
          `DELETE FROM ${tables.memberships} WHERE tenant_id = ${this.#ph(1)} AND group_id = ${this.#ph(2)}`,
          [ctx.tenantId, id],
        );
      }
      // The deleted resource leaves every group it was a member of.
      await db.execute(
        `DELETE FROM ${tables.memberships} WHERE tenant_id = ${this.#ph(1)} AND member_id = ${this.#ph(2)}`,
        [ctx.tenantId, id],
      );
      if (this.#journal) {
        await this.#journal.record(db, ctx, {
          action: "delete",
          resourceType: type,
          resourceId: id,
          version: null,
          changes: attributeChanges(rt, this.#dataOf(rt, current), undefined),
        });
      }
    });
  }

  async list(ctx: RequestContext, resourceType: string, query: ListQuery): Promise<ListPage> {
    const rt = this.#registry.resourceType(resourceType);
    const statements = this.compileList(ctx, resourceType, query);
    // One statement per page (rows, their members or groups, and the count): one snapshot, no
    // transaction. The count runs on its own only for an empty page past the first match.
    return this.#driver
      .read(async (db) => {
        const { page, count } = statements;
        const countAll = async () => {
          const [row] = await db.query<{ n: number | string }>(count.sql, count.params);
          return Number(row?.n ?? 0);
        };
        if (!page) return { resources: [], totalResults: await countAll() };
        const rows = await db.query<ResourceRow>(page.sql, page.params);
        const first = rows[0];
        const totalResults = first ? Number(first.total) : page.startsAtFirst ? 0 : await countAll();
        const more = page.cursorMode && rows.length > page.limit;
        const slice = more ? rows.slice(0, page.limit) : rows;
        const resources = slice.map((row) => this.#toStored(rt, row));
        const last = slice.at(-1);
        if (!more || !last) return { resources, totalResults };
        const nextCursor = encodeCursor({ key: last.sort_key ?? null, seq: Number(last.seq) });
        return { resources, totalResults, nextCursor };
      })
      .catch((error: unknown) => {
        if (this.#driver.isUnstorableText(error)) {
          throw new ScimError(400, "invalidFilter", UNSTORABLE_TEXT, { cause: error });
        }
        throw error;
      });
  }

  /**
   * The SQL a {@link list} call runs (the count and, unless `count` is 0, the page), with bound
   * parameters: for EXPLAIN, logging and tests. Throws the 400s `list` throws.
   */
  compileList(ctx: RequestContext, resourceType: string, query: ListQuery): ListStatements {
    const rt = this.#registry.resourceType(resourceType);
    // The evaluator's compile step throws every schema-dependent 400 invalidFilter (e.g. `gt` on
    // a boolean), so both stores reject exactly the filters the in-memory store rejects.
    if (query.filter) compileEvaluator(query.filter, rt);
    if (query.sort) assertSortable(rt, query.sort);
    const { tables, dialect } = this.#driver;
    const groupType = this.#groupType();
    const mapped = this.mappedTable(rt);
    const source = this.#rowSource(rt);
    // The count needs the app table only when the filter reads it.
    const countFrom = query.filter && mapped ? source.from : `${tables.resources} r`;
    const build = (params = new SqlParams(dialect.placeholder)) => {
      const compile: FilterCompileContext = {
        dialect,
        params,
        tables,
        rt,
        row: "r",
        tenantId: ctx.tenantId,
        indexed: this.#indexedOf(rt),
        ...(groupType ? { groupType } : {}),
        ...(mapped ? { mapped } : {}),
        memberNames: this.#memberNameSources(),
      };
      let where = `r.tenant_id = ${params.add(ctx.tenantId)} AND r.resource_type = ${params.add(rt.resourceType.name)}`;
      if (query.filter) where += ` AND ${compileFilter(query.filter, compile)}`;
      return { params, where, compile };
    };
    // RFC 7644 §3.4.2: totalResults is exact. Without a filter it is the type's resource count,
    // kept by triggers, so it costs the same at any size; a filter's matches are counted.
    const stored = (params: SqlParams) =>
      `(SELECT COALESCE(SUM(c.n), 0) FROM ${tables.counts} c WHERE c.tenant_id = ${params.add(ctx.tenantId)} AND c.resource_type = ${params.add(rt.resourceType.name)})`;
    const counted = build();
    const count = query.filter
      ? {
          sql: `SELECT COUNT(*) AS n FROM ${countFrom} WHERE ${counted.where}`,
          params: counted.params.values,
        }
      : (() => {
          const params = new SqlParams(dialect.placeholder);
          return { sql: `SELECT ${stored(params)} AS n`, params: params.values };
        })();
    const limit = Math.max(0, Math.floor(query.count));
    if (limit === 0) return { count };
    const { params, where, compile } = build();
    // The count, compiled again into the page's parameters: a scalar subquery evaluated once.
    const total = query.filter
      ? `(SELECT COUNT(*) FROM ${countFrom} WHERE ${build(params).where})`
      : stored(params);
    const sortKey = query.sort ? compileSortKey(query.sort, compile) : undefined;
    const descending = query.sort?.order === "descending";
    const cursorMode = query.cursor !== undefined;
    let keyset = "";
    if (cursorMode && query.cursor !== "") {
      // RFC 9865 keyset: rows after (key, seq) in the list order; NULL keys sort last ascending
      // and first descending (RFC 7644 §3.4.2.3).
      const position = decodeCursor(query.cursor!);
      const seq = params.add(position.seq);
      const k = "q.sort_key";
      if (!sortKey) keyset = `q.seq > ${seq}`;
      else if (position.key === null) {
        keyset = descending
          ? `((${k} IS NULL AND q.seq > ${seq}) OR ${k} IS NOT NULL)`
          : `(${k} IS NULL AND q.seq > ${seq})`;
      } else {
        const key = dialect.typedParam(params, position.key, sortKey.kind);
        keyset = descending
          ? `(${k} < ${key} OR (${k} = ${key} AND q.seq > ${seq}))`
          : `(${k} > ${key} OR (${k} = ${key} AND q.seq > ${seq}) OR ${k} IS NULL)`;
      }
    }
    let inner = `SELECT * FROM (SELECT ${source.columns}, ${sortKey?.expr ?? "NULL"} AS sort_key FROM ${source.from} WHERE ${where}) q`;
    if (keyset) inner += ` WHERE ${keyset}`;
    const order = (alias: string) =>
      sortKey
        ? `${descending ? `${alias}.sort_key DESC NULLS FIRST` : `${alias}.sort_key ASC NULLS LAST`}, ${alias}.seq`
        : `${alias}.seq`;
    inner +=
      !sortKey && query.filter && isIndexDriven(query.filter, compile)
        ? ` ORDER BY ${dialect.unindexedOrder("q.seq")}`
        : ` ORDER BY ${order("q")}`;
    const offset = cursorMode ? 0 : Math.max(1, Math.floor(query.startIndex ?? 1)) - 1;
    if (cursorMode) inner += ` LIMIT ${params.add(limit + 1)}`;
    else inner += ` LIMIT ${params.add(limit)} OFFSET ${params.add(offset)}`;
    // Members or groups only for the rows of the page, after LIMIT.
    const extra = this.#extraColumn(params, rt, "p", query.withMembers !== false);
    const sql = `SELECT p.*${extra ? `, ${extra} AS extra` : ""}, ${total} AS total FROM (${inner}) p ORDER BY ${order("p")}`;
    const startsAtFirst = cursorMode ? query.cursor === "" : offset === 0;
    return { count, page: { sql, params: params.values, limit, cursorMode, startsAtFirst } };
  }

  /** Groups containing `memberId`, nested ones included, from one recursive query (see group-closure-sql.ts). */
  async memberGroups(ctx: RequestContext, memberId: string): Promise<MemberGroup[]> {
    const groupType = this.#groupType();
    if (!groupType) return [];
    const { dialect, tables } = this.#driver;
    const statement = groupClosureStatement(dialect, tables, ctx.tenantId, groupType, memberId);
    const rows = await this.#driver.read((db) => db.query<GroupClosureRow>(statement.sql, statement.params));
    return rows.map((row) => ({
      id: row.id,
      ...(row.display_name !== null ? { displayName: row.display_name } : {}),
      ...(row.external_id !== null ? { externalId: row.external_id } : {}),
      direct: row.direct === true || row.direct === 1,
    }));
  }

  async close(): Promise<void> {
    await this.#driver.close();
  }

  /** Placeholder of parameter `index` in fixed statements. */
  #ph(index: number): string {
    return this.#driver.dialect.placeholder(index);
  }

  #write<T>(work: (db: SqlConnection) => Promise<T>): Promise<T> {
    const committed = this.#driver.transaction(work, "write");
    if (this.#journal) {
      const journal = this.#journal;
      committed.then(
        () => journal.committed(),
        () => undefined,
      );
    }
    return committed.catch((error: unknown) => {
      // Races the pre-checks cannot see (another process) surface as constraint violations.
      if (this.#driver.isUniqueViolation(error)) {
        throw new ScimError(409, "uniqueness", "a unique attribute value is already in use", {
          cause: error,
        });
      }
      if (this.#driver.isUnstorableText(error)) {
        throw new ScimError(400, "invalidValue", UNSTORABLE_TEXT, { cause: error });
      }
      // A mapped or projection table may require values SCIM leaves optional (NOT NULL columns).
      const code = (error as { code?: unknown } | null)?.code;
      const appTables = [...(this.#mapped ? [this.#mapped] : []), ...this.#projections];
      if (appTables.length > 0 && (code === "SQLITE_CONSTRAINT_NOTNULL" || code === "23502")) {
        // PostgreSQL names table and column; SQLite says "NOT NULL constraint failed: table.column".
        const named =
          String((error as Error).message)
            .split(": ")
            .pop() ?? "";
        const dot = named.lastIndexOf(".");
        const fields = error as { table?: unknown; column?: unknown };
        const table = String(fields.table ?? (dot > 0 ? named.slice(0, dot) : appTables[0]!.tableName));
        const column = String(fields.column ?? named.slice(dot + 1));
        const where = `${table} requires a value for column ${column}`;
        throw new ScimError(400, "invalidValue", where, { cause: error });
      }
      throw error;
    });
  }

  /** Writes the journal entry of a create, replace or patch on the write's own connection. */
  async #record(
    db: SqlConnection,
    ctx: RequestContext,
    action: JournalRecord["action"],
    stored: StoredResource,
    changes: readonly AttributeChange[],
    members: MemberDelta | undefined,
  ): Promise<void> {
    if (!this.#journal) return;
    await this.#journal.record(db, ctx, {
      action,
      resourceType: stored.resourceType,
      resourceId: stored.id,
      version: stored.version,
      changes: members ? [...changes, ...memberChanges(members.added, members.removed)] : changes,
    });
  }

  #indexedOf(rt: ResourceTypeSchema): IndexedAttribute[] {
    const key = rt.resourceType.name;
    let indexed = this.#indexed.get(key);
    if (!indexed) {
      indexed = indexedAttributesOf(rt, this.#indexedPaths);
      this.#indexed.set(key, indexed);
    }
    return indexed;
  }

  #groupType(): string | undefined {
    return this.#registry.resourceTypes().find((rt) => isMembershipType(rt.name))?.name;
  }

  /** The resource type that gets the computed `groups` (RFC 7643 §4.1.2): User, if registered. */
  #userType(): string | undefined {
    return this.#registry.resourceTypes().find((rt) => rt.name.toLowerCase() === USER)?.name;
  }

  /** The stored attributes: no `meta`, and no `members`/`groups`, which live in membership rows. */
  #attributesOf(data: ResourceData): ResourceData {
    return storedAttributesOf(data);
  }

  #parse(data: ResourceRow["data"]): ResourceData {
    return typeof data === "string" ? (JSON.parse(data) as ResourceData) : data;
  }

  /** The attributes of a row: its document, merged with the app table's columns when mapped. */
  #dataOf(rt: ResourceTypeSchema, row: ResourceRow): ResourceData {
    const document = this.#parse(row.data);
    const mapped = this.mappedTable(rt);
    return mapped ? mapped.merge(document, row as unknown as Record<string, unknown>) : document;
  }

  /** Splits attributes for the app table; 400 naming the attributes no column holds, unless they are kept. */
  #split(mapped: MappedTable, attributes: ResourceData) {
    const split = mapped.split(attributes);
    if (split.unmapped.length > 0 && !mapped.extraColumn) {
      throw new ScimError(
        400,
        "invalidValue",
        `${mapped.tableName} has no column for ${split.unmapped.map((path) => `"${path}"`).join(", ")}`,
      );
    }
    return split;
  }

  /**
   * Writes the mapped columns: on create, an existing row without a SCIM id whose userName
   * matches (ignoring case) is adopted, else a row is inserted; on update, the linked row is
   * updated (or re-inserted if the app deleted it).
   */
  async #writeMapped(
    db: SqlConnection,
    ctx: RequestContext,
    mapped: MappedTable,
    id: string,
    split: ReturnType<MappedTable["split"]>,
    attributes: ResourceData,
    mode: "create" | "update",
  ): Promise<void> {
    const { dialect } = this.#driver;
    const params = new SqlParams(dialect.placeholder);
    const bare = (expr: string) => expr.slice(MAPPED.length + 1);
    const sets = mapped.columns.map(
      (column, index) => `${bare(column.expr)} = ${params.add(split.values[index] ?? null)}`,
    );
    if (mapped.extraColumn) sets.push(`${mapped.extraColumn} = ${params.add(split.extra)}`);
    const tenantMatch = mapped.tenantColumn
      ? ` AND ${mapped.tenantColumn} = ${params.add(ctx.tenantId)}`
      : "";
    let changed = 0;
    if (mode === "update") {
      changed = await db.execute(
        `UPDATE ${mapped.table} SET ${sets.join(", ")} WHERE ${mapped.idColumn} = ${params.add(id)}${tenantMatch}`,
        params.values,
      );
    } else if (mapped.adopt && mapped.userName && typeof attributes.userName === "string") {
      sets.push(`${mapped.idColumn} = ${params.add(id)}`);
      const userName = dialect.fold(bare(mapped.userName.expr));
      changed = await db.execute(
        `UPDATE ${mapped.table} SET ${sets.join(", ")} WHERE ${mapped.idColumn} IS NULL${tenantMatch} AND ${userName} = ${params.add(foldCase(attributes.userName, false))}`,
        params.values,
      );
    }
    if (changed > 0) return;
    const insert = new SqlParams(dialect.placeholder);
    const names = [mapped.idColumn];
    const values = [insert.add(id)];
    // Absent values are left out, so the table's own column defaults apply.
    mapped.columns.forEach((column, index) => {
      const value = split.values[index] ?? null;
      if (value === null) return;
      names.push(bare(column.expr));
      values.push(insert.add(value));
    });
    if (mapped.tenantColumn) {
      names.push(mapped.tenantColumn);
      values.push(insert.add(ctx.tenantId));
    }
    if (mapped.extraColumn) {
      names.push(mapped.extraColumn);
      values.push(insert.add(split.extra));
    }
    await db.execute(
      `INSERT INTO ${mapped.table} (${names.join(", ")}) VALUES (${values.join(", ")})`,
      insert.values,
    );
  }

  /** The projection tables of `rt` (see {@link SqlStoreOptions.tableProjections}). */
  #projectionsOf(rt: ResourceTypeSchema): readonly MappedTable[] {
    return this.#projections.filter((table) => table.resourceType === rt.resourceType.name);
  }

  /** Copies the mapped attributes of a created or changed resource into each of its projection tables. */
  async #writeProjections(
    db: SqlConnection,
    ctx: RequestContext,
    rt: ResourceTypeSchema,
    id: string,
    attributes: ResourceData,
    mode: "create" | "update",
  ): Promise<void> {
    // Attributes no column maps are left out of the copy: the kit's own row keeps them.
    for (const projection of this.#projectionsOf(rt))
      await this.#writeMapped(db, ctx, projection, id, projection.split(attributes), attributes, mode);
  }

  /**
   * Writes every stored resource of a projection's type into its table (rows that exist are
   * updated, missing ones inserted), `batchSize` resources (default 500) per transaction, every
   * tenant: for a projection added to a store that already holds resources, or columns added to
   * it. Resolves with the number of resources written. Writes going on meanwhile are safe: each
   * batch locks its resources (PostgreSQL) or runs alone (SQLite).
   *
   * @param table - the projection's `table`, as given in {@link SqlStoreOptions.tableProjections}
   */
  async backfillProjection(table: string, options: { readonly batchSize?: number } = {}): Promise<number> {
    const projection = this.#projections.find((entry) => entry.tableName === table);
    if (!projection) throw new Error(`"${table}" is not one of the store's tableProjections`);
    const rt = this.#registry.resourceType(projection.resourceType);
    const batchSize = Math.max(1, Math.floor(options.batchSize ?? 500));
    const { dialect, lockRow } = this.#driver;
    const source = this.#rowSource(rt);
    const lock = lockRow && this.mappedTable(rt) ? `${lockRow} OF r` : lockRow;
    let after = 0;
    let written = 0;
    for (;;) {
      const rows = await this.#driver.transaction(async (db) => {
        const params = new SqlParams(dialect.placeholder);
        const batch = await db.query<ResourceRow>(
          `SELECT ${source.columns} FROM ${source.from}
           WHERE r.resource_type = ${params.add(rt.resourceType.name)} AND r.seq > ${params.add(after)}
           ORDER BY r.seq LIMIT ${params.add(batchSize)} ${lock}`,
          params.values,
        );
        for (const row of batch) {
          const ctx: RequestContext = { tenantId: row.tenant_id, baseUrl: "", attributes: new Map() };
          const attributes = this.#dataOf(rt, row);
          await this.#writeMapped(
            db,
            ctx,
            projection,
            row.id,
            projection.split(attributes),
            attributes,
            "update",
          );
        }
        return batch;
      }, "write");
      written += rows.length;
      const last = rows.at(-1);
      if (!last || rows.length < batchSize) return written;
      after = Number(last.seq);
    }
  }

  /**
   * Reads and locks the row (with a user's groups when `withGroups`); 404 when absent, 412 when
   * `condition` names another version.
   */
  async #lock(
    db: SqlConnection,
    ctx: RequestContext,
    rt: ResourceTypeSchema,
    id: string,
    condition: WriteCondition | undefined,
    withGroups: boolean,
  ): Promise<ResourceRow> {
    const { dialect, lockRow } = this.#driver;
    const params = new SqlParams(dialect.placeholder);
    const extra = withGroups ? this.#extraColumn(params, rt, "r", false) : undefined;
    const source = this.#rowSource(rt);
    // Only the kit's row is locked: PostgreSQL refuses FOR UPDATE on the outer-joined side.
    const lock = lockRow && this.mappedTable(rt) ? `${lockRow} OF r` : lockRow;
    const [row] = await db.query<ResourceRow>(
      `SELECT ${source.columns}${extra ? `, ${extra} AS extra` : ""} FROM ${source.from}
       WHERE r.tenant_id = ${params.add(ctx.tenantId)} AND r.resource_type = ${params.add(rt.resourceType.name)} AND r.id = ${params.add(id)} ${lock}`,
      params.values,
    );
    const type = rt.resourceType.name;
    if (!row) throw ScimError.notFound(`${type} "${id}" not found`);
    if (condition?.expectedVersion !== undefined && condition.expectedVersion !== row.version) {
      throw new ScimError(
        412,
        undefined,
        `${type} "${id}" is at version ${row.version}, not ${condition.expectedVersion}`,
      );
    }
    return row;
  }

  /**
   * Compare-and-set: a new version and lastModified (and the new document `data`, when given),
   * only if nobody changed the row meanwhile.
   */
  async #bump(
    db: SqlConnection,
    ctx: RequestContext,
    rt: ResourceTypeSchema,
    current: ResourceRow,
    data?: string,
  ): Promise<void> {
    const next = String(Number(current.version) + 1);
    const { dialect } = this.#driver;
    const params = new SqlParams(dialect.placeholder);
    const setData = data === undefined ? "" : `data = ${dialect.dataIn(params.add(data))}, `;
    const changed = await db.execute(
      `UPDATE ${this.#driver.tables.resources} SET ${setData}version = ${params.add(next)}, last_modified = ${params.add(new Date().toISOString())}
       WHERE tenant_id = ${params.add(ctx.tenantId)} AND resource_type = ${params.add(rt.resourceType.name)} AND id = ${params.add(current.id)} AND version = ${params.add(current.version)}`,
      params.values,
    );
    if (changed !== 1) {
      throw new ScimError(
        412,
        undefined,
        `${rt.resourceType.name} "${current.id}" was modified concurrently`,
      );
    }
  }

  async #storeAttributes(
    db: SqlConnection,
    ctx: RequestContext,
    rt: ResourceTypeSchema,
    current: ResourceRow,
    attributes: ResourceData,
  ): Promise<void> {
    const { tables } = this.#driver;
    const type = rt.resourceType.name;
    const indexed = this.#indexedOf(rt);
    const mapped = this.mappedTable(rt);
    const split = mapped ? this.#split(mapped, attributes) : undefined;
    const values = valueRowsOf(rt, indexed, split ? mapped!.visible(split) : attributes);
    const before = valueRowsOf(rt, indexed, this.#dataOf(rt, current));
    const key = (row: ValueRow) => JSON.stringify([row.attribute, row.value, row.uniqueScope]);
    const same = values.length === before.length && values.every((row, i) => key(row) === key(before[i]!));
    if (!same) {
      assertIndexable(values, indexed);
      await this.#checkUnique(db, ctx, rt, values, current.id);
    }
    // The new document and the version bump in one compare-and-set statement.
    await this.#bump(db, ctx, rt, current, JSON.stringify(split?.document ?? attributes));
    if (mapped && split) await this.#writeMapped(db, ctx, mapped, current.id, split, attributes, "update");
    await this.#writeProjections(db, ctx, rt, current.id, attributes, "update");
    if (same) return;
    await db.execute(
      `DELETE FROM ${tables.values} WHERE tenant_id = ${this.#ph(1)} AND resource_type = ${this.#ph(2)} AND resource_id = ${this.#ph(3)}`,
      [ctx.tenantId, type, current.id],
    );
    await this.#insertValues(db, ctx, type, current.id, values);
  }

  /** 409 `uniqueness` naming the attribute, before the unique index would refuse the row. */
  async #checkUnique(
    db: SqlConnection,
    ctx: RequestContext,
    rt: ResourceTypeSchema,
    values: readonly ValueRow[],
    selfId: string | undefined,
  ): Promise<void> {
    for (const value of values) {
      if (value.uniqueScope === null) continue;
      const [holder] = await db.query<{ resource_id: string; resource_type: string }>(
        `SELECT resource_id, resource_type FROM ${this.#driver.tables.values}
         WHERE tenant_id = ${this.#ph(1)} AND unique_scope = ${this.#ph(2)} AND attribute = ${this.#ph(3)} AND value = ${this.#ph(4)}`,
        [ctx.tenantId, value.uniqueScope, value.attribute, value.value],
      );
      if (holder && !(holder.resource_id === selfId && holder.resource_type === rt.resourceType.name)) {
        const name = this.#indexedOf(rt).find((entry) => entry.key === value.attribute)?.attribute.name;
        throw new ScimError(
          409,
          "uniqueness",
          `${name ?? value.attribute} "${value.value}" is already in use`,
        );
      }
    }
  }

  async #insertValues(
    db: SqlConnection,
    ctx: RequestContext,
    type: string,
    id: string,
    values: readonly ValueRow[],
  ): Promise<void> {
    if (values.length === 0) return;
    // One multi-row statement: one round trip whatever the number of indexed values.
    const params = new SqlParams(this.#driver.dialect.placeholder);
    const tenant = params.add(ctx.tenantId);
    const typeParam = params.add(type);
    const owner = params.add(id);
    const rows = values.map(
      (value) =>
        `(${tenant}, ${typeParam}, ${owner}, ${params.add(value.attribute)}, ${params.add(value.value)}, ${params.add(value.uniqueScope)})`,
    );
    await db.execute(
      `INSERT INTO ${this.#driver.tables.values} (tenant_id, resource_type, resource_id, attribute, value, unique_scope) VALUES ${rows.join(", ")}`,
      params.values,
    );
  }

  /**
   * Makes the member set exactly `rows` (PUT, create); returns which members joined and left and
   * whether anything (also a type or display) changed. An Okta PUT of the whole list thus reports
   * the computed additions and removals.
   */
  async #replaceMembers(
    db: SqlConnection,
    ctx: RequestContext,
    groupId: string,
    rows: readonly MemberRef[],
  ): Promise<MemberDelta & { changed: boolean }> {
    const table = this.#driver.tables.memberships;
    const before = await db.query<MemberRow>(
      `SELECT member_id, member_type, display FROM ${table} WHERE tenant_id = ${this.#ph(1)} AND group_id = ${this.#ph(2)}`,
      [ctx.tenantId, groupId],
    );
    await db.execute(`DELETE FROM ${table} WHERE tenant_id = ${this.#ph(1)} AND group_id = ${this.#ph(2)}`, [
      ctx.tenantId,
      groupId,
    ]);
    // Multi-row inserts of up to 200 members (SQLite allows 32,766 parameters per statement).
    for (let start = 0; start < rows.length; start += 200) {
      const params = new SqlParams(this.#driver.dialect.placeholder);
      const tenant = params.add(ctx.tenantId);
      const group = params.add(groupId);
      const tuples = rows
        .slice(start, start + 200)
        .map(
          (row) =>
            `(${tenant}, ${group}, ${params.add(row.value)}, ${params.add(row.type ?? null)}, ${params.add(row.display ?? null)})`,
        );
      await db.execute(
        `INSERT INTO ${table} (tenant_id, group_id, member_id, member_type, display) VALUES ${tuples.join(", ")}`,
        params.values,
      );
    }
    const text = (type: string | null | undefined, display: string | null | undefined) =>
      JSON.stringify([type ?? null, display ?? null]);
    const old = new Map(before.map((row) => [row.member_id, text(row.member_type, row.display)]));
    const added = rows.filter((row) => !old.has(row.value));
    const kept = new Set(rows.map((row) => row.value));
    const removed = before.filter((row) => !kept.has(row.member_id)).map(memberRefOf);
    const changed =
      old.size !== rows.length || rows.some((row) => old.get(row.value) !== text(row.type, row.display));
    return { added, removed, changed };
  }

  /**
   * Applies a PATCH membership delta row by row; returns which members really joined and left
   * (read for the touched rows only, when the journal is on) and whether anything changed.
   */
  async #applyMembership(
    db: SqlConnection,
    ctx: RequestContext,
    groupId: string,
    change: MembershipChange,
  ): Promise<MemberDelta & { changed: boolean }> {
    if (change.remove === "all") return this.#replaceMembers(db, ctx, groupId, change.add ?? []);
    const { tables, dialect } = this.#driver;
    const table = tables.memberships;
    const bare = "scim_memberships";
    const touched = [...(change.remove ?? []), ...(change.add ?? []).map((member) => member.value)];
    const existing = this.#journal
      ? await this.#memberRows(db, ctx, groupId, touched)
      : new Map<string, MemberRef>();
    const delta: MemberDelta = { added: [], removed: [] };
    const addedIds = new Set<string>();
    let changed = false;
    for (const memberId of change.remove ?? []) {
      const removed = await db.execute(
        `DELETE FROM ${table} WHERE tenant_id = ${this.#ph(1)} AND group_id = ${this.#ph(2)} AND member_id = ${this.#ph(3)}`,
        [ctx.tenantId, groupId, memberId],
      );
      changed = changed || removed > 0;
      const row = existing.get(memberId);
      if (removed > 0 && row) {
        delta.removed.push(row);
        existing.delete(memberId);
      }
    }
    for (const member of change.add ?? []) {
      // Upsert one row: a new member is inserted, an existing one keeps its place and takes the new
      // type/display; an identical row is left alone (and does not count as a change).
      const type = `COALESCE(excluded.member_type, ${bare}.member_type)`;
      const display = `COALESCE(excluded.display, ${bare}.display)`;
      const added = await db.execute(
        `INSERT INTO ${table} (tenant_id, group_id, member_id, member_type, display) VALUES (${this.#ph(1)}, ${this.#ph(2)}, ${this.#ph(3)}, ${this.#ph(4)}, ${this.#ph(5)})
         ON CONFLICT (tenant_id, group_id, member_id) DO UPDATE SET member_type = ${type}, display = ${display}
         WHERE ${dialect.distinct(`${bare}.member_type`, type)} OR ${dialect.distinct(`${bare}.display`, display)}`,
        [ctx.tenantId, groupId, member.value, member.type ?? null, member.display ?? null],
      );
      changed = changed || added > 0;
      if (this.#journal && !existing.has(member.value) && !addedIds.has(member.value)) {
        addedIds.add(member.value);
        delta.added.push(member);
      }
    }
    return { ...delta, changed };
  }

  /** The rows of these members of a group (a delta's worth, never the whole group). */
  async #memberRows(
    db: SqlConnection,
    ctx: RequestContext,
    groupId: string,
    memberIds: readonly string[],
  ): Promise<Map<string, MemberRef>> {
    const rows = new Map<string, MemberRef>();
    if (memberIds.length === 0) return rows;
    const { tables, dialect } = this.#driver;
    const params = new SqlParams(dialect.placeholder);
    const sql = `SELECT m.member_id, m.member_type, m.display FROM ${tables.memberships} m
      WHERE m.tenant_id = ${params.add(ctx.tenantId)} AND m.group_id = ${params.add(groupId)} AND ${dialect.inList(params, "m.member_id", [...new Set(memberIds)])}`;
    for (const row of await db.query<MemberRow>(sql, params.values))
      rows.set(row.member_id, memberRefOf(row));
    return rows;
  }

  async #load(
    db: SqlConnection,
    ctx: RequestContext,
    rt: ResourceTypeSchema,
    id: string,
    withMembers: boolean,
  ): Promise<StoredResource | undefined> {
    const key = `${rt.resourceType.name}\n${withMembers}`;
    let statement = this.#loadStatements.get(key);
    if (!statement) {
      const params = new SqlParams(this.#driver.dialect.placeholder);
      // The two values bound per read come first; the rest are the same on every read.
      const tenant = params.add(null);
      const byId = params.add(null);
      const extra = this.#extraColumn(params, rt, "r", withMembers);
      const source = this.#rowSource(rt);
      const sql = `SELECT ${source.columns}${extra ? `, ${extra} AS extra` : ""} FROM ${source.from}
       WHERE r.tenant_id = ${tenant} AND r.resource_type = ${params.add(rt.resourceType.name)} AND r.id = ${byId}`;
      statement = { sql, constants: params.values.slice(2) };
      this.#loadStatements.set(key, statement);
    }
    // The same text on every read: neither it nor its statement-cache key is built again.
    const rows = await db.query<ResourceRow>(statement.sql, [ctx.tenantId, id, ...statement.constants]);
    return rows[0] ? this.#toStored(rt, rows[0]) : undefined;
  }

  async #loadOrFail(
    db: SqlConnection,
    ctx: RequestContext,
    rt: ResourceTypeSchema,
    id: string,
    withMembers: boolean,
  ): Promise<StoredResource> {
    const stored = await this.#load(db, ctx, rt, id, withMembers);
    if (!stored) throw ScimError.notFound(`${rt.resourceType.name} "${id}" not found`);
    return stored;
  }

  /**
   * A scalar subquery over the rows aliased `alias`: a group's members (when `withMembers`) or a
   * user's groups (RFC 7643 §4.1.2, with the group's `displayName`) as one JSON array, so a
   * resource and its memberships come back in one statement. Undefined when there is nothing to add.
   */
  #extraColumn(
    params: SqlParams,
    rt: ResourceTypeSchema,
    alias: string,
    withMembers: boolean,
  ): string | undefined {
    const { tables, dialect } = this.#driver;
    const type = rt.resourceType.name.toLowerCase();
    if (isMembershipType(type)) {
      if (!withMembers) return undefined;
      const names = memberNames(this.#memberNameSources(), params, "m");
      return dialect.jsonArray(
        [
          ["value", "m.member_id"],
          ["type", "m.member_type"],
          ["display", `COALESCE(${names.display}, m.display)`],
        ],
        `${tables.memberships} m${names.joins} WHERE m.tenant_id = ${alias}.tenant_id AND m.group_id = ${alias}.id`,
        "m.seq",
      );
    }
    const groupType = this.#groupType();
    if (type !== USER || !groupType) return undefined;
    const display = dialect.scalar(params, { kind: "path", base: "g.data", path: ["displayName"] }, "string");
    // The user's membership rows first, then each group by its key. Without statistics SQLite
    // otherwise walks every group (or every membership) of the tenant for each user, so its
    // join order and index are spelled out (the index also yields the rows in `seq` order).
    const memberships =
      dialect.name === "sqlite"
        ? `${tables.memberships} m INDEXED BY scim_memberships_member CROSS JOIN`
        : `${tables.memberships} m JOIN`;
    return dialect.jsonArray(
      [
        ["value", "m.group_id"],
        ["display", display],
      ],
      `${memberships} ${tables.resources} g ON g.tenant_id = m.tenant_id AND g.resource_type = ${params.add(groupType)} AND g.id = m.group_id WHERE m.tenant_id = ${alias}.tenant_id AND m.member_id = ${alias}.id`,
      "m.seq",
    );
  }

  /** Where member names come from (see {@link memberNames}). */
  #memberNameSources(): MemberNameSources {
    const userType = this.#userType();
    const userTable = userType ? this.mappedTable(this.#registry.resourceType(userType)) : undefined;
    const groupType = this.#groupType();
    return {
      dialect: this.#driver.dialect,
      tables: this.#driver.tables,
      ...(userType ? { userType } : {}),
      ...(groupType ? { groupType } : {}),
      ...(userTable ? { userTable } : {}),
    };
  }

  /** A row to a resource: a group gets its `members`, a user its computed `groups` (`type: "direct"`). */
  #toStored(rt: ResourceTypeSchema, row: ResourceRow): StoredResource {
    const data = this.#dataOf(rt, row);
    const extra =
      typeof row.extra === "string" ? (JSON.parse(row.extra) as Record<string, unknown>[]) : row.extra;
    if (Array.isArray(extra) && extra.length > 0) {
      const items = extra as readonly Record<string, unknown>[];
      if (isMembershipType(rt.resourceType.name)) {
        data.members = items.map((item) => ({
          value: item.value,
          ...(item.type !== null && item.type !== undefined ? { type: item.type } : {}),
          ...(item.display !== null && item.display !== undefined ? { display: item.display } : {}),
        }));
      } else {
        data.groups = items.map((item) => ({
          value: item.value,
          ...(item.display !== null && item.display !== undefined ? { display: item.display } : {}),
          type: "direct",
        }));
      }
    }
    return {
      resourceType: row.resource_type,
      id: row.id,
      data,
      version: row.version,
      created: row.created,
      lastModified: row.last_modified,
    };
  }
}

/**
 * The checked {@link SqlStoreOptions.tableProjections}: each against its resource type's schema,
 * no table twice and none that is the `tableMapping`'s own table (keys name the entry).
 */
function projectionTables(
  registry: SchemaRegistry,
  projections: readonly TableMapping[],
  tableMapping: TableMapping | undefined,
): MappedTable[] {
  const tables: MappedTable[] = [];
  projections.forEach((mapping, index) => {
    const key = `tableProjections[${index}]`;
    let table: MappedTable;
    try {
      table = new MappedTable(mapping, registry.resourceType(mapping.resourceType ?? "User"), "projection");
    } catch (error) {
      if (error instanceof TableMappingError)
        throw new TableMappingError(`${key}.${error.key}`, error.message.slice(error.key.length + 2));
      throw error;
    }
    const taken = [tableMapping?.table, ...tables.map((entry) => entry.tableName)];
    if (taken.includes(mapping.table))
      throw new TableMappingError(`${key}.table`, `"${mapping.table}" is already written by another mapping`);
    tables.push(table);
  });
  return tables;
}
