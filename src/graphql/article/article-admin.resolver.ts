import { Arg, Authorized, ID, Mutation, Resolver } from "type-graphql";

import type { GraphQLServices } from "../services.js";
import { Article } from "./article.type.js";

/** Deleting articles: one call into src/ingest/delete-article.ts (through the feed admin service). */
@Resolver(() => Article)
export class ArticleAdminResolver {
  constructor(private readonly services: Pick<GraphQLServices, "feedAdmin">) {}

  @Authorized("admin")
  @Mutation(() => Boolean, {
    description:
      "Deletes an article and keeps a tombstone: no later feed run stores it again, neither as the same feed item nor as the same story (canonical URL) from another feed. Returns true.",
  })
  deleteArticle(@Arg("id", () => ID) id: string): Promise<boolean> {
    return this.services.feedAdmin.deleteArticle(id);
  }
}
