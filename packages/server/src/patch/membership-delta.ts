import { parsePath } from "@scimkit/filter";
import type { MemberRef, MembershipChange } from "../store/store.js";
import { valueEqualityIds } from "./multi-valued.js";

/**
 * The net effect of a sequence of member operations, kept as a delta so that a group of 100,000
 * members is never read or rewritten. Operations compose in order (RFC 7644 §3.5.2: each operation
 * applies to the result of the previous one); the result is applied as "remove, then add".
 */
export class MembershipDelta {
  #removeAll = false;
  readonly #remove = new Set<string>();
  readonly #add = new Map<string, MemberRef>();

  add(member: MemberRef): void {
    this.#remove.delete(member.value);
    this.#add.set(member.value, member);
  }

  remove(id: string): void {
    this.#add.delete(id);
    if (!this.#removeAll) this.#remove.add(id);
  }

  removeAll(): void {
    this.#removeAll = true;
    this.#remove.clear();
    this.#add.clear();
  }

  /** Whether `id` is a member after the operations so far, given the members before them. */
  isMember(id: string, before: ReadonlySet<string>): boolean {
    if (this.#add.has(id)) return true;
    if (this.#removeAll || this.#remove.has(id)) return false;
    return before.has(id);
  }

  /**
   * The change to hand to the store, or undefined when there is none. With the current members
   * known, the delta is reduced to what really changes (an add of a member already present is no
   * change, RFC 7644 §3.5.2.1; a remove of a non-member neither, §3.5.2.2).
   */
  toChange(current?: ReadonlySet<string>): MembershipChange | undefined {
    const add = [...this.#add.values()];
    if (current) {
      const remove = this.#removeAll
        ? [...current].filter((id) => !this.#add.has(id))
        : [...this.#remove].filter((id) => current.has(id));
      const added = add.filter((m) => !current.has(m.value));
      if (remove.length === 0 && added.length === 0) return undefined;
      return { ...(added.length ? { add: added } : {}), ...(remove.length ? { remove } : {}) };
    }
    if (!this.#removeAll && this.#remove.size === 0 && add.length === 0) return undefined;
    const remove = this.#removeAll ? ("all" as const) : [...this.#remove];
    return {
      ...(add.length ? { add } : {}),
      ...(remove === "all" || remove.length ? { remove } : {}),
    };
  }
}

/**
 * Whether a group PATCH selects members by something other than one `value eq` term (e.g.
 * `members[display eq "x"]`, or an `or` list of ids): only then does `applyPatch` need the current
 * members, which the caller loads. A path that does not parse needs nothing: `applyPatch` rejects it.
 */
export function needsCurrentMembers(operations: readonly unknown[]): boolean {
  return operations.some((op) => {
    const path = typeof op === "object" && op !== null ? (op as { path?: unknown }).path : undefined;
    if (typeof path !== "string") return false;
    let parsed: ReturnType<typeof parsePath>;
    try {
      parsed = parsePath(path);
    } catch {
      return false;
    }
    if (parsed.filter === undefined || parsed.attribute.toLowerCase() !== "members") return false;
    const byOneValue =
      parsed.filter.kind === "compare" &&
      parsed.subAttribute === undefined &&
      valueEqualityIds(parsed.filter) !== undefined;
    return !byOneValue;
  });
}
