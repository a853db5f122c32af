import { randomUUID } from "node:crypto";
import {
  type AttributeDefinition,
  createDefaultRegistry,
  ENTERPRISE_USER_SCHEMA,
  GROUP_SCHEMA,
  type SchemaRegistry,
  USER_SCHEMA,
} from "@scimkit/core";
import fc from "fast-check";

/** A custom resource type with every attribute type, so numbers, booleans and dateTimes get covered. */
export const DEVICE_SCHEMA = "urn:example:params:scim:schemas:core:2.0:Device";

const attribute = (
  name: string,
  type: AttributeDefinition["type"],
  extra: Partial<AttributeDefinition> = {},
) =>
  ({
    name,
    type,
    multiValued: false,
    description: name,
    required: false,
    caseExact: false,
    mutability: "readWrite",
    returned: "default",
    uniqueness: "none",
    ...extra,
  }) satisfies AttributeDefinition;

/** The default registry plus `Device`. */
export function differentialRegistry(): SchemaRegistry {
  const registry = createDefaultRegistry();
  registry.addSchema({
    id: DEVICE_SCHEMA,
    name: "Device",
    description: "test device",
    attributes: [
      attribute("serial", "string"),
      attribute("code", "string", { caseExact: true }),
      attribute("count", "integer"),
      attribute("weight", "decimal"),
      attribute("enabled", "boolean"),
      attribute("seenAt", "dateTime"),
      attribute("blob", "binary"),
      attribute("tags", "string", { multiValued: true }),
      attribute("ports", "complex", {
        multiValued: true,
        subAttributes: [
          attribute("value", "string"),
          attribute("number", "integer"),
          attribute("primary", "boolean"),
          attribute("since", "dateTime"),
        ],
      }),
    ],
  });
  registry.addResourceType({ name: "Device", endpoint: "/Devices", schema: DEVICE_SCHEMA });
  return registry;
}

/** Texts chosen to hit case folding beyond ASCII, LIKE metacharacters and empty strings. */
export const TEXTS = [
  "alice",
  "Alice",
  "ALICE",
  "al",
  "ICE",
  "bob",
  "",
  "é",
  "É",
  "straße",
  "STRASSE",
  "ΣΊΣΥΦΟΣ",
  "σίσυφος",
  "İstanbul",
  "a%b",
  "a_b",
  "x y",
  "O'Brien",
  'say "hi"',
  "work",
  "Work",
  "home",
  "z",
  "~",
  "😀",
  "\uffee",
];
export const NUMBERS = [-1, 0, 1, 2, 2.5, 10, 1e21];
export const DATES = [
  "2020-01-01T00:00:00Z",
  "2020-01-01T01:00:00+01:00",
  "2020-01-01",
  "2020-01-01T00:00:00.000001Z",
  "2021-06-15T12:30:00.5Z",
  "2019-12-31T23:59:59.999Z",
  "2020-02-31T00:00:00Z",
  "2020-01-01T00:00:00",
  "not a date",
];

const text = fc.constantFrom(...TEXTS);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });

/**
 * The values of a multi-valued attribute: mostly several (RFC 7644 §3.4.2.2 "any of the values"
 * only differs from "all" or "none" of them when there are two or more), sometimes none.
 */
const several = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.array(arb, { minLength: 2, maxLength: 4 }) },
    { weight: 1, arbitrary: fc.array(arb, { maxLength: 1 }) },
  );

/** Drops undefined keys (the store, like JSON, has no undefined). */
function compact<T extends Record<string, unknown>>(value: T): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

const email = fc
  .record({
    value: maybe(text),
    type: maybe(fc.constantFrom("work", "home", "Work", "")),
    primary: maybe(fc.boolean()),
  })
  .map(compact);

export const userArb = fc
  .record({
    userName: text,
    displayName: maybe(text),
    nickName: maybe(text),
    active: maybe(fc.boolean()),
    externalId: maybe(text),
    title: maybe(text),
    name: maybe(fc.record({ givenName: maybe(text), familyName: maybe(text) }).map(compact)),
    emails: maybe(several(email)),
    enterprise: maybe(
      fc
        .record({
          employeeNumber: maybe(text),
          department: maybe(text),
          manager: maybe(fc.record({ value: maybe(text) }).map(compact)),
        })
        .map(compact),
    ),
  })
  .map(({ enterprise, ...rest }) => {
    const user: Record<string, unknown> = { schemas: [USER_SCHEMA], ...compact(rest) };
    if (enterprise) {
      user.schemas = [USER_SCHEMA, ENTERPRISE_USER_SCHEMA];
      user[ENTERPRISE_USER_SCHEMA] = enterprise;
    }
    return user;
  });

export const deviceArb = fc
  .record({
    serial: maybe(text),
    code: maybe(text),
    count: maybe(fc.constantFrom(...NUMBERS.filter(Number.isInteger))),
    weight: maybe(fc.constantFrom(...NUMBERS)),
    enabled: maybe(fc.boolean()),
    seenAt: maybe(fc.constantFrom(...DATES)),
    blob: maybe(fc.constantFrom("QUJD", "qujd")),
    tags: maybe(several(text)),
    ports: maybe(
      several(
        fc
          .record({
            value: maybe(text),
            number: maybe(fc.constantFrom(0, 1, 2, 10)),
            primary: maybe(fc.boolean()),
            since: maybe(fc.constantFrom(...DATES)),
          })
          .map(compact),
      ),
    ),
  })
  .map((device) => ({ schemas: [DEVICE_SCHEMA], ...compact(device) }));

export const groupArb = fc.record({ displayName: text, memberPicks: several(fc.nat()) });

/** Unique by lower-cased userName, as the store requires. */
export const usersArb = fc.uniqueArray(userArb, {
  minLength: 2,
  maxLength: 10,
  selector: (user) => String(user.userName).toLowerCase(),
});

const ops = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"] as const;

const literal = fc.oneof(
  { weight: 4, arbitrary: text.map((t) => JSON.stringify(t)) },
  { weight: 2, arbitrary: fc.constantFrom(...NUMBERS).map(String) },
  { weight: 1, arbitrary: fc.constantFrom("true", "false", "null") },
  { weight: 2, arbitrary: fc.constantFrom(...DATES).map((d) => JSON.stringify(d)) },
);

/**
 * One comparison on a path into a multi-valued attribute, e.g. `emails.type ne "work"`: the
 * filters whose "any value" semantics (RFC 7644 §3.4.2.2) the harness checks value by value.
 */
export function multiValuedLeafArb(paths: readonly string[]) {
  return fc
    .tuple(fc.constantFrom(...paths), fc.constantFrom(...ops), literal)
    .filter(([, , v]) => v !== "null")
    .map(([p, o, v]) => `${p} ${o} ${v}`);
}

/** A filter text over `paths` (top level) and `valuePaths` (attribute → sub-attributes). */
export function filterArb(paths: readonly string[], valuePaths: Record<string, readonly string[]>) {
  const leafOver = (names: readonly string[]) =>
    fc.oneof(
      {
        weight: 5,
        arbitrary: fc
          .tuple(fc.constantFrom(...names), fc.constantFrom(...ops), literal)
          .map(([p, o, v]) => `${p} ${o} ${v}`),
      },
      { weight: 1, arbitrary: fc.constantFrom(...names).map((p) => `${p} pr`) },
    );
  const inner = fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leafOver(["value", "type", "primary", "number", "since", "display", "bogus"]),
      fc.tuple(tie("node"), fc.constantFrom("and", "or"), tie("node")).map(([a, o, b]) => `(${a} ${o} ${b})`),
      tie("node").map((a) => `not (${a})`),
    ),
  })).node;
  const valuePathLeaf = fc
    .tuple(fc.constantFrom(...Object.keys(valuePaths)), inner)
    .map(([attribute, body]) => `${attribute}[${body}]`);
  return fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leafOver(paths),
      valuePathLeaf,
      fc.tuple(tie("node"), fc.constantFrom("and", "or"), tie("node")).map(([a, o, b]) => `(${a} ${o} ${b})`),
      tie("node").map((a) => `not (${a})`),
    ),
  })).node;
}

export const USER_PATHS = [
  "userName",
  "displayName",
  "nickName",
  "active",
  "externalId",
  "id",
  "title",
  "name.givenName",
  "name.familyName",
  "emails",
  "emails.value",
  "emails.type",
  "emails.primary",
  "emails.bogus",
  "groups.value",
  "groups.display",
  "schemas",
  "meta.created",
  "meta.lastModified",
  "meta.resourceType",
  "meta.location",
  `${ENTERPRISE_USER_SCHEMA}:employeeNumber`,
  `${ENTERPRISE_USER_SCHEMA}:manager.value`,
  "department",
  "bogus",
  "name",
];
/** Paths into multi-valued attributes, for {@link multiValuedLeafArb}. */
export const USER_MULTI_VALUED_PATHS = [
  "emails",
  "emails.value",
  "emails.type",
  "emails.primary",
  "emails.bogus",
  "groups.value",
  "groups.display",
  "schemas",
];
export const USER_VALUE_PATHS = {
  emails: [],
  groups: [],
  name: [],
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager": [],
};
export const DEVICE_PATHS = [
  "serial",
  "code",
  "count",
  "weight",
  "enabled",
  "seenAt",
  "blob",
  "tags",
  "ports",
  "ports.value",
  "ports.number",
  "ports.primary",
  "ports.since",
  "ports.bogus",
  "meta.created",
];
export const DEVICE_MULTI_VALUED_PATHS = [
  "tags",
  "ports",
  "ports.value",
  "ports.number",
  "ports.primary",
  "ports.since",
  "ports.bogus",
];
export const DEVICE_VALUE_PATHS = { ports: [] };
export const GROUP_PATHS = [
  "displayName",
  "members",
  "members.value",
  "members.type",
  "members.display",
  "members.bogus",
  "id",
];
export const GROUP_MULTI_VALUED_PATHS = ["members", "members.value", "members.type", "members.display"];
export const GROUP_VALUE_PATHS = { members: [] };

export const newId = () => randomUUID();
export { GROUP_SCHEMA };
