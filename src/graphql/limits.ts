import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import { GraphQLError, Lexer, type ParseOptions, Source, TokenKind, type ValidationRule } from "graphql";

/**
 * Limits on every GraphQL document, whatever the transport (RELIABILITY.md A1-A4, A6, A8).
 * The HTTP server (src/server/http-server.ts) and the WebSocket server use this one module, so a
 * limit cannot exist on one transport and not the other (Apollo GMS-2020-66).
 */
export const GRAPHQL_LIMITS = {
  /**
   * A1. Relay connections spend two levels on edges > node, so a list of articles with their
   * hypervisors' vendors (`timeline{edges{node{hypervisors{vendor{name}}}}}`) is already 6;
   * 8 leaves room for one more hop and a fragment. Introspection is exempt (its `ofType` chain
   * is deep by design); armor 2.4.2 exempts only a *field* named `__schema`, not a fragment or
   * operation named so (GHSA-hmfr-rx46-4jx2), and re-adds the parent depth of a cached fragment
   * (GHSA-224p-v68g-5g8f).
   */
  maxDepth: 8,
  /**
   * A2. armor's cost model: 2 per object, 1 per scalar, x1.5 per level, x`first`/`last` when they
   * are literals. Sizes passed as variables are invisible here: the hard page-size cap (100,
   * src/timeline/pagination.ts) bounds those.
   */
  maxCost: 5000,
  objectCost: 2,
  scalarCost: 1,
  depthCostFactor: 1.5,
  /** A3. One aliased field per item is how brute force and N outbound fetches hide in one request. */
  maxAliases: 15,
  maxDirectives: 50,
  /** A4. GraphiQL's full introspection query is ~200 tokens and ~2,100 characters. */
  maxTokens: 1500,
  maxCharacters: 15_000,
} as const;

export interface GraphQLLimitOptions {
  /** Production hides the limit values and "Did you mean ...?" suggestions from clients (A1, A6). */
  production: boolean;
}

export interface GraphQLLimits {
  /** Added to graphql-js validation: Apollo `validationRules`, graphql-ws `validate`. */
  validationRules: ValidationRule[];
  /** Apollo-only: blanks field suggestions in production (armor blockFieldSuggestion). */
  apolloPlugins: ApolloServerPlugin[];
  /** For graphql-js `parse`: the token cap, as a backstop where checkSource did not run first. */
  parseOptions: ParseOptions;
  /** Character and token limits, checked before parsing; null when the source is within them. */
  checkSource(source: string): GraphQLError | null;
}

export function createGraphQLLimits(options: GraphQLLimitOptions): GraphQLLimits {
  const exposeLimits = !options.production;
  const L = GRAPHQL_LIMITS;
  // A fresh config each time: ApolloArmor appends its reporters to the objects it is given.
  const armor = new ApolloArmor({
    maxDepth: { enabled: true, n: L.maxDepth, ignoreIntrospection: true, flattenFragments: false, exposeLimits },
    costLimit: {
      enabled: true,
      maxCost: L.maxCost,
      objectCost: L.objectCost,
      scalarCost: L.scalarCost,
      depthCostFactor: L.depthCostFactor,
      ignoreIntrospection: true,
      exposeLimits,
    },
    maxAliases: { enabled: true, n: L.maxAliases, allowList: ["__typename"], exposeLimits },
    maxDirectives: { enabled: true, n: L.maxDirectives, exposeLimits },
    // armor's Apollo token plugin throws from parsingDidStart, which Apollo 5 answers with HTTP 500;
    // checkSource below enforces the same cap before Apollo sees the request, on every transport.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: options.production },
  }).protect();
  return {
    validationRules: armor.validationRules,
    // Same interface, two declarations: armor's typings resolve @apollo/server's CJS build, we use its ESM one.
    apolloPlugins: armor.plugins as unknown as ApolloServerPlugin[],
    parseOptions: { maxTokens: L.maxTokens },
    checkSource: (source) => checkSource(source, exposeLimits),
  };
}

function checkSource(source: string, exposeLimits: boolean): GraphQLError | null {
  const L = GRAPHQL_LIMITS;
  if (source.length > L.maxCharacters) {
    return new GraphQLError(
      exposeLimits
        ? `Query of ${source.length} characters exceeds the limit of ${L.maxCharacters}.`
        : "Query too large.",
      { extensions: { code: "BAD_REQUEST" } },
    );
  }
  // Counting stops at the first token over the cap, so a hostile document costs at most that much.
  const lexer = new Lexer(new Source(source));
  let tokens = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) {
      if (++tokens > L.maxTokens) {
        return new GraphQLError(exposeLimits ? `Query has more than ${L.maxTokens} tokens.` : "Query too large.", {
          extensions: { code: "GRAPHQL_PARSE_FAILED" },
        });
      }
    }
  } catch {
    // A lexical error: the parser reports it, with its location, in the usual way.
  }
  return null;
}
