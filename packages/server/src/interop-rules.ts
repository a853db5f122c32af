import type { FilterExtension } from "@scimkit/filter";
/**
 * Identity-provider interoperability rules. Each known deviation of Microsoft Entra ID or Okta from
 * RFC 7643/7644 is a named rule that can be switched on or off on its own; nothing is accepted by
 * silent leniency. Profiles group the rules per IdP; `strict` turns every rule off.
 *
 * Two IdP habits that look like deviations are plain RFC and need no rule, so they work in every
 * mode: Okta's pathless `replace {"active": false}` (RFC 7644 §3.5.2.3, path omitted) and Entra's
 * `"$ref": null` on member items (RFC 7643 §2.5: null is the same state as unassigned). Okta's
 * pathless `replace {"id": "<same id>", "displayName": …}` is accepted too: repeating a readOnly
 * attribute's current value does not modify it (RFC 7644 §3.5.2).
 */

/** The name of one interoperability rule. See {@link INTEROP_RULES} for what each one does. */
export type InteropRule =
  | "capitalizedOps"
  | "booleanStrings"
  | "removeMembersByValue"
  | "pathKeysInValue"
  | "createMissingFilteredTarget"
  | "managerAsString"
  | "filterOnSingleValuedComplex"
  | "legacyGroupSchema"
  | "putKeepsUnsentExtensions"
  | "valuePathComparisonFilter"
  | "unquotedFilterValues";

/** Documentation of one rule: what the IdP sends and what the rule does with it. */
export interface InteropRuleInfo {
  /** The IdPs known to send this shape. */
  readonly idps: readonly ("entra" | "okta")[];
  /** The request shape the IdP sends. */
  readonly sends: string;
  /** What the server does when the rule is on. */
  readonly whenOn: string;
  /** What the server does when the rule is off (strict RFC behaviour). */
  readonly whenOff: string;
}

/** Every rule, documented. The keys are the rule names. */
export const INTEROP_RULES: Readonly<Record<InteropRule, InteropRuleInfo>> = {
  capitalizedOps: {
    idps: ["entra"],
    sends: '{"op":"Replace","path":"displayName","value":"x"} (also "Add", "Remove")',
    whenOn: "`op` is matched case-insensitively.",
    whenOff: '400 invalidSyntax: `op` must be "add", "remove" or "replace" (RFC 7644 §3.5.2).',
  },
  booleanStrings: {
    idps: ["entra"],
    sends: '{"op":"Replace","path":"active","value":"False"}; "primary":"true" in emails',
    whenOn:
      'The strings "true"/"false" (any case) given for a boolean attribute or sub-attribute become booleans, in PATCH values and in POST/PUT bodies.',
    whenOff: "400 invalidValue: a boolean attribute needs a JSON boolean (RFC 7643 §2.3.2).",
  },
  removeMembersByValue: {
    idps: ["entra"],
    sends: '{"op":"Remove","path":"members","value":[{"value":"<id>"}]}',
    whenOn:
      "A `remove` on a multi-valued attribute that carries a value array removes exactly the listed values (complex values matched on `value`), never the whole attribute.",
    whenOff:
      "400 invalidSyntax: `remove` takes no value (RFC 7644 §3.5.2.2). The group is never emptied by accident.",
  },
  pathKeysInValue: {
    idps: ["entra"],
    sends:
      '{"op":"replace","value":{"name.givenName":"x","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value":"y"}}',
    whenOn:
      "Keys of a pathless add/replace value that are paths with a sub-attribute (`name.givenName`) are applied as if each were an operation with that path.",
    whenOff:
      "400 invalidValue: the value of a pathless operation is a set of attributes, not paths (RFC 7644 §3.5.2.1, §3.5.2.3). Fully qualified top-level names (`urn:…:User:employeeNumber`) are RFC and accepted in every mode.",
  },
  createMissingFilteredTarget: {
    idps: ["entra"],
    sends:
      '{"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"a@example.com"} when no work email exists',
    whenOn:
      'An add/replace whose valuePath filter matches no element creates one from the filter\'s `eq` terms and the value ({"type":"work","value":"a@example.com"}). Filters other than `eq` terms joined by `and` still fail with noTarget.',
    whenOff: "400 noTarget (RFC 7644 §3.5.2.3: a valuePath that matches no record).",
  },
  managerAsString: {
    idps: ["entra"],
    sends:
      '{"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"271"}',
    whenOn:
      'A string given for a single-valued complex attribute that has a `value` sub-attribute (the enterprise `manager`) becomes {"value": "<string>"}, in PATCH values and in POST/PUT bodies; an empty string (Entra clearing the manager) unassigns it.',
    whenOff: "400 invalidValue: a complex attribute needs an object (RFC 7643 §2.3.8).",
  },
  filterOnSingleValuedComplex: {
    idps: ["entra"],
    sends:
      '{"op":"Remove","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager[value eq \\"271\\"]"}',
    whenOn:
      "A valuePath filter on a single-valued complex attribute treats its one value as a one-element list.",
    whenOff:
      "400 invalidPath: a valuePath filter selects values of a multi-valued attribute (RFC 7644 §3.5.2).",
  },
  legacyGroupSchema: {
    idps: ["entra"],
    sends:
      '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group","http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],…} on group create',
    whenOn: "The legacy Microsoft group schema URI is removed from `schemas` of a Group POST/PUT body.",
    whenOff:
      "The body is left as sent; the validator rejects the unknown schema URI (RFC 7643 §3: `schemas` only holds the resource type's schemas).",
  },
  // Entra ID's SCIM endpoint tutorial (MicrosoftDocs/entra-docs, use-scim-to-provision-users-and-
  // groups.md, section "/Users"): endpoints must allow `emails[type eq "work"].value eq "…"`.
  valuePathComparisonFilter: {
    idps: ["entra"],
    sends: 'GET /Users?filter=emails[type eq "work"].value eq "user@contoso.com"',
    whenOn:
      'The filter extension "entra-value-path-comparison": read as emails[type eq "work" and value eq "user@contoso.com"].',
    whenOff: "400 invalidFilter: a comparison after `].` is not RFC 7644 §3.4.2.2 filter syntax.",
  },
  // The same tutorial, "Handling provisioning and deprovisioning of users", Example 1:
  // `GET https://.../scim/Users?filter=externalId eq jyoung`.
  unquotedFilterValues: {
    idps: ["entra"],
    sends: "GET /Users?filter=externalId eq jyoung",
    whenOn: 'The filter extension "entra-unquoted-value": a bare word is the string it spells ("jyoung").',
    whenOff: "400 invalidFilter: strings are quoted (RFC 7644 §3.4.2.2 compValue is JSON).",
  },
  putKeepsUnsentExtensions: {
    idps: ["okta"],
    sends: "PUT with the core attributes only (after a GET), for every profile update",
    whenOn:
      "An extension object that the PUT body neither contains nor lists in `schemas` is kept from the stored resource (RFC 7644 §3.5.1 lets the server consider whether the client understands all attributes).",
    whenOff: "PUT replaces everything: extension attributes absent from the body are cleared.",
  },
};

/** The name of an interoperability profile. */
export type InteropProfile = "entra" | "okta" | "strict";

/**
 * The rules each profile turns on. By default both `entra` and `okta` are on; `strict` is the empty
 * set (plain RFC 7643/7644).
 */
export const INTEROP_PROFILES: Readonly<Record<InteropProfile, readonly InteropRule[]>> = {
  entra: [
    "capitalizedOps",
    "booleanStrings",
    "removeMembersByValue",
    "pathKeysInValue",
    "createMissingFilteredTarget",
    "managerAsString",
    "filterOnSingleValuedComplex",
    "legacyGroupSchema",
    "valuePathComparisonFilter",
    "unquotedFilterValues",
  ],
  // Okta's SCIM 2.0 reference queries with quoted values only (userName eq "…"): no filter extension.
  okta: ["putKeepsUnsentExtensions"],
  strict: [],
};

/**
 * How a server configures interoperability:
 * - a profile name (`"strict"`, `"entra"`, `"okta"`),
 * - a list of profile and rule names whose rules are united (`["okta", "capitalizedOps"]`),
 * - an object starting from `profiles` (default `["entra", "okta"]`) with rules added or removed,
 * - an already resolved set of rules.
 */
export type InteropOption =
  | InteropProfile
  | readonly (InteropProfile | InteropRule)[]
  | {
      readonly profiles?: readonly InteropProfile[];
      readonly enable?: readonly InteropRule[];
      readonly disable?: readonly InteropRule[];
    }
  | ReadonlySet<InteropRule>;

/** The profiles that are on when nothing is configured. */
export const DEFAULT_INTEROP_PROFILES: readonly InteropProfile[] = ["entra", "okta"];

const isProfile = (name: string): name is InteropProfile => Object.hasOwn(INTEROP_PROFILES, name);
const isRule = (name: string): name is InteropRule => Object.hasOwn(INTEROP_RULES, name);

function rulesOfProfiles(profiles: readonly InteropProfile[]): Set<InteropRule> {
  return new Set(profiles.flatMap((p) => INTEROP_PROFILES[p]));
}

/**
 * Resolves an {@link InteropOption} to the set of rules that are on. `undefined` means the default
 * (`entra` and `okta`). Throws a `TypeError` for an unknown profile or rule name (a configuration
 * error, caught at server start).
 *
 * @example
 * resolveInteropRules("strict").size; // 0
 * resolveInteropRules({ disable: ["booleanStrings"] }).has("capitalizedOps"); // true
 */
export function resolveInteropRules(option?: InteropOption): ReadonlySet<InteropRule> {
  if (option === undefined) return rulesOfProfiles(DEFAULT_INTEROP_PROFILES);
  if (option instanceof Set) return assertRules(option);
  if (typeof option === "string") {
    if (!isProfile(option)) throw new TypeError(`unknown interop profile "${option}"`);
    return rulesOfProfiles([option]);
  }
  if (Array.isArray(option)) {
    const rules = new Set<InteropRule>();
    for (const name of option as readonly string[]) {
      if (isProfile(name)) for (const rule of INTEROP_PROFILES[name]) rules.add(rule);
      else if (isRule(name)) rules.add(name);
      else throw new TypeError(`unknown interop profile or rule "${name}"`);
    }
    return rules;
  }
  const config = option as Exclude<InteropOption, string | readonly unknown[] | ReadonlySet<InteropRule>>;
  for (const profile of config.profiles ?? []) {
    if (!isProfile(profile)) throw new TypeError(`unknown interop profile "${profile}"`);
  }
  const rules = rulesOfProfiles(config.profiles ?? DEFAULT_INTEROP_PROFILES);
  for (const rule of assertRules(new Set(config.enable ?? []))) rules.add(rule);
  for (const rule of assertRules(new Set(config.disable ?? []))) rules.delete(rule);
  return rules;
}

function assertRules(rules: ReadonlySet<string>): ReadonlySet<InteropRule> {
  for (const rule of rules) {
    if (!isRule(rule)) throw new TypeError(`unknown interop rule "${rule}"`);
  }
  return rules as ReadonlySet<InteropRule>;
}

/** The filter grammar extensions of `@scimkit/filter` that the rules which are on turn on. */
export function filterExtensionsOf(rules: ReadonlySet<InteropRule>): FilterExtension[] {
  const extensions: FilterExtension[] = [];
  if (rules.has("valuePathComparisonFilter")) extensions.push("entra-value-path-comparison");
  if (rules.has("unquotedFilterValues")) extensions.push("entra-unquoted-value");
  return extensions;
}
