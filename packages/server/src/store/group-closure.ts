import type { RequestContext } from "../context.js";

/** A group that contains a member, directly or through nested groups. */
export interface MemberGroup {
  readonly id: string;
  readonly displayName?: string;
  readonly externalId?: string;
  /** True when the member is in this group's own member rows (not only through a nested group). */
  readonly direct: boolean;
}

/**
 * A store that can answer "which groups contain this member, nested groups included" in one step.
 * Membership cycles (group A in B, B in A) are allowed by SCIM and end the walk, never loop it.
 */
export interface GroupClosureSource {
  /** Every group that contains `memberId` directly or transitively, each once; `[]` for none. */
  memberGroups(ctx: RequestContext, memberId: string): Promise<MemberGroup[]>;
}

/** Whether `store` implements {@link GroupClosureSource}. */
export function hasGroupClosure(store: object): store is GroupClosureSource {
  return typeof (store as Partial<GroupClosureSource>).memberGroups === "function";
}
