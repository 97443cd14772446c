import { type ClassType, Field, ObjectType } from "type-graphql";

import { PageInfo } from "./page-info.type.js";

/**
 * Makes the `XConnection` and `XEdge` object types for a node type X. Their shape is the
 * `Connection<T>` that src/timeline/pagination.ts returns, so a resolver returns it as is:
 *
 *   export const { Connection: ArticleConnection } = createConnection(Article);
 *   @Query(() => ArticleConnection) articles(@Args(() => ConnectionArgs) args: ConnectionArgs) {...}
 *
 * Call it once per node type, at module level: type names must be unique in the schema.
 */
export function createConnection<TNode extends object>(NodeType: ClassType<TNode>, name: string = NodeType.name) {
  @ObjectType(`${name}Edge`, { description: `One ${name} in a page, with the cursor that points at it.` })
  class Edge {
    @Field(() => String, { description: "Opaque position; pass it as after/before." })
    cursor!: string;

    @Field(() => NodeType)
    node!: TNode;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items.` })
  class Connection {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }

  return { Connection, Edge };
}
