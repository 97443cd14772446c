import { z } from "zod";

/**
 * Zod pieces for the query parameters of the published feeds and calendars. Express gives a
 * repeated parameter as an array, so lists accept both `a,b` and `?x=a&x=b`, and single values
 * accept a one-element array.
 */
export const MAX_LIST_ENTRIES = 20;

export const text = (max: number) => z.string().max(max, `at most ${max} characters`);

/** A comma-separated (or repeated) list, each entry checked by `item`. */
export const commaList = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .union([text(2_000), z.array(text(2_000)).max(MAX_LIST_ENTRIES)])
    .transform((value) =>
      [value]
        .flat()
        .flatMap((part) => part.split(","))
        .map((entry) => entry.trim())
        .filter((entry) => entry.length > 0),
    )
    .pipe(z.array(item).max(MAX_LIST_ENTRIES, `at most ${MAX_LIST_ENTRIES} entries`));

/** One value, also when it arrives as a one-element array. */
export const single = <T extends z.ZodType>(schema: T) =>
  z.union([
    schema,
    z
      .array(schema)
      .length(1)
      .transform(([v]) => v),
  ]);

/** An ISO date or date-time with an offset. */
export const isoDate = single(text(40)).pipe(z.iso.datetime({ offset: true }).or(z.iso.date()));
