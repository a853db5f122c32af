import type { AttributeDefinition } from "./definition.js";

/**
 * The characteristics an attribute has when its definition does not state them (RFC 7643 §2.2:
 * "If not otherwise stated in Section 7, SCIM attributes have the following characteristics").
 */
export const RFC7643_ATTRIBUTE_DEFAULTS = {
  required: false,
  caseExact: false,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
} as const satisfies Partial<AttributeDefinition>;

type Defaults = typeof RFC7643_ATTRIBUTE_DEFAULTS;

/** An attribute definition that may leave out the characteristics RFC 7643 §2.2 defaults. */
export type AttributeInput = Omit<AttributeDefinition, keyof Defaults> &
  Partial<Pick<AttributeDefinition, keyof Defaults>>;

/** `A` with every characteristic it leaves out set to its RFC 7643 §2.2 default, literal types kept. */
export type WithRfcDefaults<A extends AttributeInput> = {
  readonly [K in keyof A | keyof Defaults]: K extends keyof A
    ? A[K]
    : K extends keyof Defaults
      ? Defaults[K]
      : never;
};

/**
 * An attribute definition with every characteristic spelled out: what `input` leaves out gets its
 * RFC 7643 §2.2 default. The result is plain data (what `/Schemas` serves, keys in the order of
 * the RFC 7643 §8.7 listings), and its type keeps the literals the type mapper reads (`type`,
 * `multiValued`, `required`, `canonicalValues`, `subAttributes`).
 *
 * @example
 * attribute({ name: "userName", type: "string", multiValued: false, description: "…", required: true, uniqueness: "server" });
 * // → { name: "userName", …, required: true, caseExact: false, mutability: "readWrite", returned: "default", uniqueness: "server" }
 */
export function attribute<const A extends AttributeInput>(input: A): WithRfcDefaults<A> {
  const { canonicalValues, referenceTypes, subAttributes } = input;
  const definition: AttributeDefinition = {
    name: input.name,
    type: input.type,
    multiValued: input.multiValued,
    description: input.description,
    required: input.required ?? RFC7643_ATTRIBUTE_DEFAULTS.required,
    caseExact: input.caseExact ?? RFC7643_ATTRIBUTE_DEFAULTS.caseExact,
    ...(canonicalValues !== undefined ? { canonicalValues } : {}),
    mutability: input.mutability ?? RFC7643_ATTRIBUTE_DEFAULTS.mutability,
    returned: input.returned ?? RFC7643_ATTRIBUTE_DEFAULTS.returned,
    uniqueness: input.uniqueness ?? RFC7643_ATTRIBUTE_DEFAULTS.uniqueness,
    ...(referenceTypes !== undefined ? { referenceTypes } : {}),
    ...(subAttributes !== undefined ? { subAttributes } : {}),
  };
  // The object holds exactly `input` plus the defaults it left out, which is what the type says.
  return definition as WithRfcDefaults<A>;
}
