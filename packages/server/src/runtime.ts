import type { SchemaRegistry } from "@scimkit/core";
import type { AuthenticationScheme, ChangeEvent, PatchAnswer, ScimLimits, ScimLogger } from "./config.js";
import type { InteropRule } from "./interop-rules.js";
import type { SecretProtection } from "./secrets/secret-attributes.js";
import type { ResourceStore } from "./store/store.js";

/** The resolved configuration every route handler works with. */
export interface ScimRuntime {
  readonly registry: SchemaRegistry;
  readonly store: ResourceStore;
  readonly limits: ScimLimits;
  readonly interopRules: ReadonlySet<InteropRule>;
  readonly unknownAttributes: "reject" | "ignore";
  /** What writes do with clear-text secrets (`password`). */
  readonly secrets: SecretProtection;
  /** What a successful PATCH answers, for groups and for every other resource type. */
  readonly patchResponse: { readonly groups: PatchAnswer; readonly others: PatchAnswer };
  readonly logger: ScimLogger;
  readonly authenticationSchemes: readonly AuthenticationScheme[];
  readonly generateId: () => string;
  /** Runs the audit hook, logging (never returning) its failures. */
  readonly notifyChange: (event: ChangeEvent) => Promise<void>;
}
