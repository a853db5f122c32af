import { type Check, CheckSkipped, defineCheck } from "../check.js";
import type { RunContext } from "../context.js";
import { expectSameSet } from "../expect.js";
import { userBody } from "../scim/bodies.js";
import { supportsEnterpriseUser } from "../scim/discovery.js";
import { getPath, type JsonObject } from "../scim/json.js";
import { idOf } from "../scim/resource-id.js";
import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA } from "../scim/urns.js";

/** The five users the filters section seeds, by label. */
type Label = "alice" | "bob" | "carol" | "dave" | "eve";

interface SeedUser {
  displayName: string;
  title?: string;
  givenName: string;
  familyName: string;
  active: boolean;
  emailTypes: string[];
  employeeNumber: string;
  department: string;
}

const SEED: Record<Label, SeedUser> = {
  alice: {
    displayName: "Alice Archer",
    title: "Engineer",
    givenName: "Alice",
    familyName: "Archer",
    active: true,
    emailTypes: ["work"],
    employeeNumber: "1001",
    department: "R&D",
  },
  bob: {
    displayName: "Bob Baker",
    title: "Manager",
    givenName: "Bob",
    familyName: "Baker",
    active: false,
    emailTypes: ["work", "home"],
    employeeNumber: "1002",
    department: "Sales",
  },
  carol: {
    displayName: "Carol Chen",
    title: "Engineer",
    givenName: "Carol",
    familyName: "Chen",
    active: true,
    emailTypes: ["home"],
    employeeNumber: "1003",
    department: "R&D",
  },
  dave: {
    displayName: "Dave Diaz",
    givenName: "Dave",
    familyName: "Diaz",
    active: true,
    emailTypes: ["work"],
    employeeNumber: "1004",
    department: "Sales",
  },
  eve: {
    displayName: "Eve Evans",
    title: "Director",
    givenName: "Eve",
    familyName: "Evans",
    active: true,
    emailTypes: ["work"],
    employeeNumber: "1005",
    department: "Board",
  },
};

/** What the seeding produced: the shared userName prefix and each label's id and resource. */
interface Seeded {
  scope: string;
  ids: Record<Label, string>;
  users: Record<Label, JsonObject>;
  enterprise: boolean;
}

function seed(ctx: RunContext): Promise<Seeded> {
  return ctx.once("filters:seed", async () => {
    const scope = `${ctx.unique("filters")}-`;
    const enterprise = await supportsEnterpriseUser(ctx);
    const ids = {} as Record<Label, string>;
    const users = {} as Record<Label, JsonObject>;
    // Sequential creation keeps meta.created ordered for the dateTime check.
    for (const label of Object.keys(SEED) as Label[]) {
      const spec = SEED[label];
      const userName = `${scope}${label}`;
      const body: JsonObject = {
        ...userBody(ctx, label),
        schemas: enterprise ? [USER_SCHEMA, ENTERPRISE_USER_SCHEMA] : [USER_SCHEMA],
        userName,
        externalId: `${scope}ext-${label}`,
        displayName: spec.displayName,
        name: { givenName: spec.givenName, familyName: spec.familyName },
        active: spec.active,
        emails: spec.emailTypes.map((type, index) => ({
          value: `${userName}${type === "work" ? "" : `.${type}`}@example.com`,
          type,
          primary: index === 0,
        })),
      };
      if (spec.title !== undefined) body.title = spec.title;
      if (enterprise)
        body[ENTERPRISE_USER_SCHEMA] = { employeeNumber: spec.employeeNumber, department: spec.department };
      const created = await ctx.api.create("/Users", body);
      ids[label] = idOf(created);
      users[label] = created;
    }
    return { scope, ids, users, enterprise };
  });
}

interface FilterSpec {
  name: string;
  title: string;
  citation: string;
  level?: "MUST" | "SHOULD";
  needsEnterprise?: boolean;
  /** Builds the filter from the seeded data. */
  filter: (seeded: Seeded) => string;
  expected: Label[];
  /** Send the filter as is, without AND-ing the run's userName prefix. */
  unscoped?: boolean;
}

const EQ = "RFC 7644 §3.4.2.2 (eq)";

const FILTERS: FilterSpec[] = [
  {
    name: "scope-sw",
    title: "userName sw <run prefix> returns exactly the seeded users",
    citation: "RFC 7644 §3.4.2.2 (sw)",
    filter: (s) => `userName sw "${s.scope}"`,
    expected: ["alice", "bob", "carol", "dave", "eve"],
    unscoped: true,
  },
  {
    name: "eq",
    title: "userName eq",
    citation: EQ,
    filter: (s) => `userName eq "${s.scope}bob"`,
    expected: ["bob"],
  },
  {
    name: "eq-case-insensitive-value",
    title: "userName eq matches case-insensitively (caseExact false)",
    citation: "RFC 7644 §3.4.2.2; RFC 7643 §4.1.1 (userName caseExact false)",
    filter: (s) => `userName eq "${s.scope.toUpperCase()}BOB"`,
    expected: ["bob"],
  },
  {
    name: "attribute-name-case",
    title: "attribute names in filters are case-insensitive",
    citation:
      'RFC 7644 §3.4.2.2 ("Attribute names and attribute operators used in filters are case insensitive")',
    filter: (s) => `USERNAME eq "${s.scope}carol"`,
    expected: ["carol"],
  },
  {
    name: "operator-case",
    title: "filter operators are case-insensitive",
    citation: "RFC 7644 §3.4.2.2",
    filter: (s) => `userName EQ "${s.scope}carol" AND active Eq true`,
    expected: ["carol"],
  },
  { name: "eq-id", title: "id eq", citation: EQ, filter: (s) => `id eq "${s.ids.dave}"`, expected: ["dave"] },
  {
    name: "eq-external-id",
    title: "externalId eq",
    citation: EQ,
    filter: (s) => `externalId eq "${s.scope}ext-alice"`,
    expected: ["alice"],
  },
  {
    name: "eq-case-exact",
    title: "externalId (caseExact true) does not match a differently-cased value",
    citation: "RFC 7644 §3.4.2.2; RFC 7643 §3.1 (externalId caseExact true)",
    filter: (s) => `externalId eq "${s.scope.toUpperCase()}EXT-ALICE"`,
    expected: [],
  },
  {
    name: "ne",
    title: "ne",
    citation: "RFC 7644 §3.4.2.2 (ne)",
    filter: () => `displayName ne "Bob Baker"`,
    expected: ["alice", "carol", "dave", "eve"],
  },
  {
    name: "co",
    title: "co",
    citation: "RFC 7644 §3.4.2.2 (co)",
    filter: () => `displayName co "ar"`,
    expected: ["alice", "carol"],
  },
  {
    name: "co-case-insensitive",
    title: "co compares case-insensitively on caseExact false attributes",
    citation: "RFC 7644 §3.4.2.2; RFC 7643 §2.2",
    filter: () => `displayName co "AR"`,
    expected: ["alice", "carol"],
  },
  {
    name: "sw",
    title: "sw (case-insensitive)",
    citation: "RFC 7644 §3.4.2.2 (sw)",
    filter: () => `displayName sw "c"`,
    expected: ["carol"],
  },
  {
    name: "ew",
    title: "ew (case-insensitive)",
    citation: "RFC 7644 §3.4.2.2 (ew)",
    filter: () => `displayName ew "Z"`,
    expected: ["dave"],
  },
  {
    name: "pr",
    title: "pr matches only users with a value",
    citation: "RFC 7644 §3.4.2.2 (pr)",
    filter: () => "title pr",
    expected: ["alice", "bob", "carol", "eve"],
  },
  {
    name: "gt",
    title: "gt on strings",
    citation: "RFC 7644 §3.4.2.2 (gt)",
    filter: () => `displayName gt "Carol Chen"`,
    expected: ["dave", "eve"],
  },
  {
    name: "ge",
    title: "ge on strings",
    citation: "RFC 7644 §3.4.2.2 (ge)",
    filter: () => `displayName ge "Carol Chen"`,
    expected: ["carol", "dave", "eve"],
  },
  {
    name: "lt",
    title: "lt on strings",
    citation: "RFC 7644 §3.4.2.2 (lt)",
    filter: () => `displayName lt "Bob Baker"`,
    expected: ["alice"],
  },
  {
    name: "le",
    title: "le on strings",
    citation: "RFC 7644 §3.4.2.2 (le)",
    filter: () => `displayName le "Bob Baker"`,
    expected: ["alice", "bob"],
  },
  {
    name: "boolean",
    title: "eq on a boolean",
    citation: EQ,
    filter: () => "active eq false",
    expected: ["bob"],
  },
  {
    name: "datetime-ge",
    title: "ge on a dateTime compares chronologically",
    citation: "RFC 7644 §3.4.2.2 (dateTime comparison)",
    filter: (s) => `meta.created ge "${String(getPath(s.users.alice, "meta.created"))}"`,
    expected: ["alice", "bob", "carol", "dave", "eve"],
  },
  {
    name: "and",
    title: "and",
    citation: "RFC 7644 §3.4.2.2 (logical and)",
    filter: () => `title eq "Engineer" and active eq true`,
    expected: ["alice", "carol"],
  },
  {
    name: "or",
    title: "or",
    citation: "RFC 7644 §3.4.2.2 (logical or)",
    filter: () => `title eq "Manager" or title eq "Director"`,
    expected: ["bob", "eve"],
  },
  {
    name: "not",
    title: "not (…) also matches users without the attribute",
    citation: "RFC 7644 §3.4.2.2 (not)",
    filter: () => `not (title eq "Engineer")`,
    expected: ["bob", "dave", "eve"],
  },
  {
    name: "precedence",
    title: "and binds tighter than or",
    citation: "RFC 7644 §3.4.2.2 (precedence, Table 3)",
    filter: () => `title eq "Director" or title eq "Engineer" and displayName sw "A"`,
    expected: ["alice", "eve"],
  },
  {
    name: "grouping",
    title: "parentheses override precedence",
    citation: "RFC 7644 §3.4.2.2 (grouping)",
    filter: () => `(title eq "Director" or title eq "Engineer") and displayName sw "A"`,
    expected: ["alice"],
  },
  {
    name: "sub-attribute",
    title: "complex sub-attribute name.familyName",
    citation: "RFC 7644 §3.4.2.2; §3.10 (attribute notation)",
    filter: () => `name.familyName eq "Chen"`,
    expected: ["carol"],
  },
  {
    name: "multi-valued-sub-attribute",
    title: "multi-valued sub-attribute emails.type matches any value",
    citation: "RFC 7644 §3.4.2.2 (multi-valued attributes)",
    filter: () => `emails.type eq "home"`,
    expected: ["bob", "carol"],
  },
  {
    name: "value-path",
    title: 'valuePath emails[type eq "home"]',
    citation: "RFC 7644 §3.4.2.2 (valuePath, Figure 1)",
    filter: () => `emails[type eq "home"]`,
    expected: ["bob", "carol"],
  },
  {
    name: "value-path-and",
    title: "valuePath with a logical expression matches within one value",
    citation: "RFC 7644 §3.4.2.2 (valuePath)",
    filter: (s) => `emails[type eq "work" and value sw "${s.scope}a"]`,
    expected: ["alice"],
  },
  {
    name: "value-path-same-value",
    title: "valuePath conditions must hold for the same value, not across values",
    citation: "RFC 7644 §3.4.2.2 (valuePath)",
    filter: (s) => `emails[type eq "work" and value eq "${s.scope}bob.home@example.com"]`,
    expected: [],
  },
  {
    name: "urn-core",
    title: "URN-qualified core attribute",
    citation: "RFC 7644 §3.10; §3.4.2.2",
    filter: (s) => `${USER_SCHEMA}:userName eq "${s.scope}dave"`,
    expected: ["dave"],
  },
  {
    name: "urn-core-sub-attribute",
    title: "URN-qualified core sub-attribute",
    citation: "RFC 7644 §3.10; §3.4.2.2",
    filter: () => `${USER_SCHEMA}:name.givenName eq "Eve"`,
    expected: ["eve"],
  },
  {
    name: "urn-extension",
    title: "URN-qualified enterprise extension attribute",
    citation: "RFC 7644 §3.10; RFC 7643 §4.3",
    needsEnterprise: true,
    filter: () => `${ENTERPRISE_USER_SCHEMA}:department eq "R&D"`,
    expected: ["alice", "carol"],
  },
  {
    name: "urn-extension-gt",
    title: "gt on a URN-qualified extension attribute",
    citation: "RFC 7644 §3.10; §3.4.2.2 (gt)",
    needsEnterprise: true,
    filter: () => `${ENTERPRISE_USER_SCHEMA}:employeeNumber gt "1003"`,
    expected: ["dave", "eve"],
  },
];

function filterCheck(spec: FilterSpec): Check {
  return defineCheck({
    id: `filters.${spec.name}`,
    section: "filters",
    level: spec.level ?? "MUST",
    title: `filter ${spec.title}`,
    citation: spec.citation,
    async run(ctx) {
      await ctx.requireFeature("filter");
      const seeded = await seed(ctx);
      if (spec.needsEnterprise && !seeded.enterprise) {
        throw new CheckSkipped("the User resource type does not declare the enterprise extension");
      }
      const expression = spec.filter(seeded);
      const filter = spec.unscoped ? expression : `(${expression}) and userName sw "${seeded.scope}"`;
      const page = await ctx.api.list("/Users", { filter, count: 50 });
      const labelOf = new Map(Object.entries(seeded.ids).map(([label, id]) => [id, label]));
      expectSameSet(
        page.ids.map((id) => labelOf.get(id) ?? `foreign:${id}`),
        spec.expected,
        `filter=${filter}`,
      );
      return undefined;
    },
  });
}

/** Filters: every operator, logical combinations, valuePath, URN-qualified and case rules. */
export const filterChecks: Check[] = FILTERS.map(filterCheck);
