import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { GraphQLError, type GraphQLFormattedError, locatedError } from "graphql";

import {
  BadUserInputError,
  clientErrorOf,
  ForbiddenError,
  formatError,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
} from "../../../src/graphql/errors.js";
import { PageRequestError } from "../../../src/timeline/pagination.js";

/** As graphql-js hands a resolver's error to Apollo: wrapped, with a path. */
const fromResolver = (error: unknown) => locatedError(error, undefined, ["field"]);
const formatted = (error: GraphQLError): GraphQLFormattedError => ({
  ...error.toJSON(),
  extensions: { code: "INTERNAL_SERVER_ERROR", ...error.extensions, stacktrace: ["Error: x", "    at y"] },
});
const format = (error: GraphQLError) => formatError(formatted(error), error);

describe("the client error family", () => {
  const table: [GraphQLError, string][] = [
    [new BadUserInputError("bad"), "BAD_USER_INPUT"],
    [new NotFoundError("gone"), "NOT_FOUND"],
    [new UnauthenticatedError(), "UNAUTHENTICATED"],
    [new ForbiddenError(), "FORBIDDEN"],
    [new RateLimitedError("slow down", 30), "RATE_LIMITED"],
  ];
  for (const [error, code] of table) {
    it(`${error.name} reaches the client with code ${code}, its message and no stack`, () => {
      const out = format(fromResolver(error));
      assert.equal(out.message, error.message);
      assert.equal(out.extensions?.["code"], code);
      assert.equal(out.extensions?.["stacktrace"], undefined);
      assert.deepEqual(out.path, ["field"]);
    });
  }

  it("RateLimitedError says when to retry", () => {
    assert.equal(format(fromResolver(new RateLimitedError("slow down", 30))).extensions?.["retryAfterSeconds"], 30);
  });
});

describe("masking (A7)", () => {
  const internal: [string, unknown][] = [
    ["a plain Error", new Error("connect ECONNREFUSED mongodb://u:p@db:27017")],
    ["a GraphQLError without a code", new GraphQLError("Cannot return null for non-nullable field")],
    ["an error with an unknown string code", Object.assign(new Error("E11000 duplicate key"), { code: "E11000" })],
    ["an error with a numeric code", Object.assign(new Error("dup"), { code: 11000 })],
    ["a domain code that only looks like a key", Object.assign(new Error("x"), { code: "constructor" })],
    ["a thrown string", "mongodb://u:p@db"],
  ];
  for (const [label, error] of internal) {
    it(`masks ${label}`, () => {
      const out = format(fromResolver(error));
      assert.deepEqual(out, {
        message: "Internal server error",
        path: ["field"],
        extensions: { code: "INTERNAL_SERVER_ERROR" },
      });
      assert.equal(clientErrorOf(fromResolver(error)), null);
    });
  }
});

describe("domain errors are mapped at the edge", () => {
  it("PageRequestError → BAD_USER_INPUT with its message and the domain code as reason", () => {
    const out = format(fromResolver(new PageRequestError("`first` must be 0 to 100 (got 101).")));
    assert.deepEqual(out, {
      message: "`first` must be 0 to 100 (got 101).",
      path: ["field"],
      extensions: { code: "BAD_USER_INPUT", reason: "INVALID_PAGE_REQUEST" },
    });
  });

  it("the domain error's cause never reaches the client", () => {
    const error = new PageRequestError("bad cursor", { cause: new Error("mongodb://u:p@db") });
    assert.doesNotMatch(JSON.stringify(format(fromResolver(error))), /mongodb/);
  });
});
