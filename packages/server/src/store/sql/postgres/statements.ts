import { createHash } from "node:crypto";
import type { SqlValue } from "../sql-params.js";

/** A statement as pg takes it: `name` makes pg parse it once per connection and reuse the plan. */
export interface PreparedQuery {
  readonly name?: string;
  readonly text: string;
  readonly values: unknown[];
}

interface Shape {
  readonly text: string;
  /** For each `$n` of `text`, the 0-based index of the compiled parameter it takes. */
  readonly order: readonly number[];
  readonly name?: string;
}

/** Distinct statement texts that get a name; filters users write can vary without bound. */
const MAX_NAMED = 1000;
/** Texts whose renumbering is remembered. */
const MAX_SHAPES = 4000;

/**
 * Turns compiled SQL (placeholders `$n` in any order, maybe some unused) into pg queries: drops
 * parameters the text does not reference and renumbers the rest (compiled fragments that were
 * discarded may have bound values, and PostgreSQL refuses parameters whose type it cannot infer),
 * remembering each text's renumbering and naming the first {@link MAX_NAMED} texts so pg prepares
 * them once per connection.
 */
export class StatementCache {
  readonly #shapes = new Map<string, Shape>();
  #named = 0;

  prepare(sql: string, params: readonly SqlValue[]): PreparedQuery {
    let shape = this.#shapes.get(sql);
    if (!shape) {
      shape = this.#shape(sql);
      if (this.#shapes.size >= MAX_SHAPES) this.#shapes.clear();
      this.#shapes.set(sql, shape);
    }
    const values = shape.order.map((index) => params[index]);
    return shape.name ? { name: shape.name, text: shape.text, values } : { text: shape.text, values };
  }

  #shape(sql: string): Shape {
    const renumbered = new Map<number, number>();
    const order: number[] = [];
    const text = sql.replace(/\$(\d+)/g, (_, digits: string) => {
      const index = Number(digits);
      let next = renumbered.get(index);
      if (next === undefined) {
        order.push(index - 1);
        next = order.length;
        renumbered.set(index, next);
      }
      return `$${next}`;
    });
    // The name is a digest of the text: pg refuses one name for two texts on a connection, and
    // several stores (schemas) may share a pool.
    if (this.#named >= MAX_NAMED) return { text, order };
    this.#named += 1;
    return {
      text,
      order,
      name: `scimkit_${createHash("sha256").update(text).digest("base64url").slice(0, 32)}`,
    };
  }
}
