/**
 * Type-level `attributes` / `excludedAttributes` projection (RFC 7644 §3.9): narrows a resource
 * type to what the service returns. `id` and `schemas` are kept because RFC 7643 §3 and §2.4
 * define them as `returned: "always"`.
 */

/** Attributes RFC 7643 returns whatever the request asks for. */
export type AlwaysReturned = "id" | "schemas";

/** The text before the last `:` of a URN-qualified path, e.g. the extension URN. */
type BeforeLastColon<S extends string, Acc extends string = ""> = S extends `${infer Head}:${infer Tail}`
  ? BeforeLastColon<Tail, Acc extends "" ? Head : `${Acc}:${Head}`>
  : Acc;

/** The text after the last `:`. */
type AfterLastColon<S extends string> = S extends `${string}:${infer Tail}` ? AfterLastColon<Tail> : S;

/** `name.givenName` → `name`. */
type BeforeDot<S extends string> = S extends `${infer Head}.${string}` ? Head : S;

/**
 * The top-level key of `R` that an attribute path selects:
 * - `userName`, `name.givenName` → `userName`, `name`
 * - `urn:…:enterprise:2.0:User` (a whole extension) → that URN key
 * - `urn:…:enterprise:2.0:User:employeeNumber` → the extension's URN key
 * - `urn:…:core:2.0:User:userName` (core attribute written with its schema) → `userName`
 */
export type TopLevelKey<R, P extends string> = P extends keyof R
  ? P
  : P extends `urn:${string}`
    ? BeforeLastColon<P> extends keyof R
      ? BeforeLastColon<P>
      : BeforeDot<AfterLastColon<P>>
    : BeforeDot<P>;

/**
 * The resource type returned for `attributes: A`: only the named attributes plus `id` and
 * `schemas`. When `A` is not a literal tuple (a `string[]` built at run time), nothing can be
 * known and the full type is kept.
 *
 * @example
 * type Names = Projected<User, readonly ["userName"]>; // Pick<User, "id" | "schemas" | "userName">
 */
export type Projected<R, A extends readonly string[] | undefined> = A extends readonly string[]
  ? string extends A[number]
    ? R
    : Pick<R, Extract<AlwaysReturned | TopLevelKey<R, A[number]>, keyof R>>
  : R;

/**
 * The resource type returned for `excludedAttributes: E`: the named top-level attributes are
 * removed, except those that are always returned. Sub-attribute exclusions keep the parent.
 */
export type Excluded<R, E extends readonly string[] | undefined> = E extends readonly string[]
  ? string extends E[number]
    ? R
    : Omit<R, Exclude<Extract<E[number], keyof R>, AlwaysReturned>>
  : R;

/**
 * Attribute names offered by editors for `attributes`/`excludedAttributes`: the resource's keys,
 * plus any other path (`name.givenName`, URN-qualified names) as a plain string.
 */
export type AttributeName<R> = (Extract<keyof R, string> & {}) | (string & {});
