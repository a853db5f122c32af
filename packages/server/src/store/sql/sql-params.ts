/** A value that can be bound to a statement parameter. */
export type SqlValue = string | number | boolean | null | readonly string[];

/**
 * Collects bound parameters while SQL text is assembled, so that no value is ever spliced into
 * the text. Placeholders are numbered, which lets fragments be composed in any order.
 */
export class SqlParams {
  readonly values: SqlValue[] = [];
  readonly #placeholder: (index: number) => string;
  #aliases = 0;

  constructor(placeholder: (index: number) => string) {
    this.#placeholder = placeholder;
  }

  /**
   * A table alias unique within this statement. Numbered per statement, so the same filter always
   * compiles to the same SQL text (and hits the prepared-statement cache).
   */
  alias(prefix: string): string {
    this.#aliases += 1;
    return `${prefix}${this.#aliases}`;
  }

  /** Binds `value` and returns its placeholder. */
  add(value: SqlValue): string {
    this.values.push(value);
    return this.#placeholder(this.values.length);
  }
}
