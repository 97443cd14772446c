import type { DatePrecision, PartialDate } from "../model/catalog.js";

const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/**
 * The first instant (UTC) of a catalog date written as YYYY, YYYY-MM or YYYY-MM-DD, or null
 * when it is not a real calendar date ("2007-02-30"). Catalog dates are calendar days, not
 * instants, so UTC midnight is their canonical instant.
 */
export function parseCatalogDate(text: string): Date | null {
  const match = PARTIAL_DATE.exec(text);
  if (!match) return null;
  const year = Number(match[1]);
  const month = match[2] === undefined ? 1 : Number(match[2]);
  const day = match[3] === undefined ? 1 : Number(match[3]);
  const date = new Date(Date.UTC(year, month - 1, day));
  const valid = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return valid ? date : null;
}

/** Like parseCatalogDate, for text the schema already checked. */
export function catalogDate(text: string): Date {
  const date = parseCatalogDate(text);
  if (!date) throw new Error(`catalog: not a calendar date: ${text}`);
  return date;
}

export function catalogPartialDate(text: string, precision: DatePrecision): PartialDate {
  return { date: catalogDate(text), precision };
}

export const optionalCatalogDate = (text: string | null | undefined): Date | null =>
  text === null || text === undefined ? null : catalogDate(text);
