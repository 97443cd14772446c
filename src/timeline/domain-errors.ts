/**
 * Domain errors of the API's use-cases (reads here, writes in src/catalog and src/ingest). They
 * carry a stable `code` that src/graphql/errors.ts maps to a client error; their messages are
 * written for clients: they name the argument and never a database detail.
 */

/** A request a client got wrong: a malformed slug, id, date or search text. → BAD_USER_INPUT */
export class InvalidInputError extends Error {
  readonly code = "INVALID_INPUT";
  override readonly name = "InvalidInputError";
}

/** The entity a request names does not exist. → NOT_FOUND */
export class EntityNotFoundError extends Error {
  readonly code = "ENTITY_NOT_FOUND";
  override readonly name = "EntityNotFoundError";
}
