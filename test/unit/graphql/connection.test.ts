import "reflect-metadata";

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import { printSchema } from "graphql";
import { Args, buildSchema, Field, ObjectType, Query, Resolver } from "type-graphql";

import { ConnectionArgs } from "../../../src/graphql/connection/connection.args.js";
import { createConnection } from "../../../src/graphql/connection/connection.type.js";

@ObjectType()
class Story {
  @Field(() => String)
  title!: string;
}

const { Connection: StoryConnection } = createConnection(Story);

@Resolver()
class StoryResolver {
  @Query(() => StoryConnection)
  stories(@Args(() => ConnectionArgs) _args: ConnectionArgs) {
    return { edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } };
  }
}

describe("createConnection", () => {
  it("emits Relay's connection shape with PageInfo and the paging arguments", async () => {
    const sdl = printSchema(await buildSchema({ resolvers: [StoryResolver], validate: false }));
    const block = (name: string) =>
      new RegExp(`type ${name} \\{[^}]*\\}`).exec(sdl)?.[0].replace(/"""[^"]*"""|"[^"]*"/g, "");
    const fields = (name: string) => block(name)?.replace(/\s+/g, " ");
    assert.equal(fields("StoryConnection"), "type StoryConnection { edges: [StoryEdge!]! pageInfo: PageInfo! }");
    assert.equal(fields("StoryEdge"), "type StoryEdge { cursor: String! node: Story! }");
    assert.equal(
      fields("PageInfo"),
      "type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! startCursor: String endCursor: String }",
    );
    assert.match(
      sdl.replace(/\s+/g, " "),
      /stories\( .*first: Int .*after: String .*last: Int .*before: String .*\): StoryConnection!/,
    );
  });
});
