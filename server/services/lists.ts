import { z } from 'zod';

/** `%term%` for ILIKE, with the user's own % and _ taken literally (a search box, not a pattern language). */
export const containsPattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Keyset pagination cursors for the back-office lists: the (sort value, id) of the last row of a page,
 * as an opaque URL-safe string. A page is then `WHERE (sort, id) > / < (cursor)` over an index, so the
 * 500th page costs what the first does (no OFFSET).
 */
export interface Keyset {
  /** An ISO instant or a text sort key. */
  value: string;
  id: string;
}

export const cursorSchema = z.string().regex(/^[A-Za-z0-9_-]{4,400}$/, 'errors.staff.unknownPage');

export function encodeCursor(k: Keyset): string {
  return Buffer.from(JSON.stringify([k.value, k.id]), 'utf8').toString('base64url');
}

const decoded = z.tuple([z.string().min(1).max(300), z.string().min(1).max(80)]);

/** The keyset of a cursor, or null when it is not one of ours (the list then starts at the top). */
export function decodeCursor(cursor: string | null | undefined): Keyset | null {
  if (!cursor) return null;
  try {
    const parsed = decoded.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return parsed.success ? { value: parsed.data[0], id: parsed.data[1] } : null;
  } catch {
    return null;
  }
}

/** A keyset cursor whose value is an instant: null unless the value is a valid date. */
export function decodeTimeCursor(cursor: string | null | undefined): { at: Date; id: string } | null {
  const k = decodeCursor(cursor);
  if (!k) return null;
  const at = new Date(k.value);
  return Number.isNaN(at.getTime()) ? null : { at, id: k.id };
}

/** Splits a fetched page of `limit + 1` rows into the page and the cursor of the next one. */
export function page<T>(rows: T[], limit: number, keyOf: (row: T) => Keyset): { rows: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const kept = rows.slice(0, limit);
  return { rows: kept, nextCursor: encodeCursor(keyOf(kept[kept.length - 1]!)) };
}
