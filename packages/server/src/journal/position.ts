import type { JournalPosition } from "./entry.js";

/** Orders positions: by transaction, then by sequence. */
export function comparePositions(a: JournalPosition, b: JournalPosition): number {
  return a.tx - b.tx || a.seq - b.seq;
}
