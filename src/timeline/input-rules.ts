import { ObjectId } from "mongodb";

import { InvalidInputError } from "./domain-errors.js";

/**
 * Checks of client input beyond what the GraphQL types already guarantee (a String is a string,
 * a DateTime a valid instant). Each throws an InvalidInputError naming the argument.
 */

/** Catalog slugs: lower-case words joined by '-' (src/catalog/catalog-schema.ts). */
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const MAX_SLUG_LENGTH = 64;
/** A filter naming more entries than this is not a filter any more. */
export const MAX_LIST_LENGTH = 20;

export function checkSlug(argument: string, value: string): string {
  if (value.length > MAX_SLUG_LENGTH || !SLUG.test(value)) {
    throw new InvalidInputError(
      `\`${argument}\`: "${value.slice(0, 80)}" is not a slug (lower-case words joined by "-").`,
    );
  }
  return value;
}

/** Distinct slugs, checked; an absent or empty list is []. */
export function checkSlugList(argument: string, values: readonly string[] | null | undefined): string[] {
  if (!values) return [];
  if (values.length > MAX_LIST_LENGTH) {
    throw new InvalidInputError(`\`${argument}\` takes at most ${MAX_LIST_LENGTH} slugs (got ${values.length}).`);
  }
  return [...new Set(values.map((value) => checkSlug(argument, value)))];
}

/** An entity id as the API shows it: 24 hexadecimal digits. */
export function checkObjectId(argument: string, value: string): ObjectId {
  if (!/^[0-9a-fA-F]{24}$/.test(value)) {
    throw new InvalidInputError(`\`${argument}\`: "${value.slice(0, 80)}" is not an id (24 hexadecimal digits).`);
  }
  return ObjectId.createFromHexString(value.toLowerCase());
}

export function checkObjectIdList(argument: string, values: readonly string[] | null | undefined): ObjectId[] {
  if (!values) return [];
  if (values.length > MAX_LIST_LENGTH) {
    throw new InvalidInputError(`\`${argument}\` takes at most ${MAX_LIST_LENGTH} ids (got ${values.length}).`);
  }
  return values.map((value) => checkObjectId(argument, value));
}

/** `from` (inclusive) must come before `to` (exclusive). */
export function checkDateRange(from: Date | null | undefined, to: Date | null | undefined) {
  if (from && to && from.getTime() >= to.getTime()) {
    throw new InvalidInputError(`\`from\` (${from.toISOString()}) must be before \`to\` (${to.toISOString()}).`);
  }
  return { from: from ?? null, to: to ?? null };
}

/** A confidence threshold: 0 to 1. */
export function checkConfidence(argument: string, value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new InvalidInputError(`\`${argument}\` must be between 0 and 1 (got ${value}).`);
  }
  return value;
}
