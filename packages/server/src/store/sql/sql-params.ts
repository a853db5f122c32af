/** A value that can be bound to a statement parameter. */
export type SqlValue = string | number | boolean | null | readonly string[];

/**
 * Collects bound parameters while SQL text is assembled, so that no value is ever spliced into
 * the text. Placeholders are numbered, which lets fragments be composed in any order.
 */
export class SqlParams {
  readonly values: SqlValue[] = [];
  readonly #placeholder: (index: number) => string;

  constructor(placeholder: (index: number) => string) {
    this.#placeholder = placeholder;
  }

  /** Binds `value` and returns its placeholder. */
  add(value: SqlValue): string {
    this.values.push(value);
    return this.#placeholder(this.values.length);
  }
}
