import type { JournalPosition } from "./entry.js";

/**
 * Journal positions as text: `tx.seq`, and `tx.seq.n` for "the first n events of that entry were
 * read" (an identity-event reader that stopped inside one entry). Opaque to callers.
 */
export interface CursorPoint {
  readonly position: JournalPosition;
  /** Events of the entry at `position` already read; undefined when the whole entry was. */
  readonly consumed?: number;
}

const CURSOR = /^(\d{1,19})\.(\d{1,19})(?:\.(\d{1,9}))?$/;

/** Thrown for a cursor that this journal never issued. */
export class InvalidCursorError extends Error {
  constructor(cursor: string) {
    super(`"${cursor.slice(0, 64)}" is not a cursor issued by this journal`);
    this.name = "InvalidCursorError";
  }
}

export function formatCursor(point: CursorPoint): string {
  const base = `${point.position.tx}.${point.position.seq}`;
  return point.consumed === undefined ? base : `${base}.${point.consumed}`;
}

/** Parses a cursor; empty or absent means "from the start". */
export function parseCursor(text: string | undefined | null): CursorPoint | undefined {
  if (text === undefined || text === null || text === "") return undefined;
  const match = CURSOR.exec(text);
  if (!match) throw new InvalidCursorError(text);
  const position = { tx: Number(match[1]), seq: Number(match[2]) };
  if (!Number.isSafeInteger(position.tx) || !Number.isSafeInteger(position.seq))
    throw new InvalidCursorError(text);
  return match[3] === undefined ? { position } : { position, consumed: Number(match[3]) };
}
