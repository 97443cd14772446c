import { Arg, Authorized, Mutation, Resolver } from "type-graphql";

import type { Article as ArticleModel } from "../../model/article.js";
import type { GraphQLServices } from "../services.js";
import { Article } from "./article.type.js";
import { ArticleLinkInput } from "./article-links.input.js";

/** Manual links and rejections: kept by every relink and re-ingest (src/catalog/manual-links.ts). */
@Resolver(() => Article)
export class ArticleLinksResolver {
  constructor(private readonly services: Pick<GraphQLServices, "catalogEditor">) {}

  @Authorized("editor")
  @Mutation(() => Article, { description: "Links an article to a catalog entry (a MANUAL link, confidence 1)." })
  linkArticle(@Arg("input", () => ArticleLinkInput) input: ArticleLinkInput): Promise<ArticleModel> {
    return this.services.catalogEditor.linkArticle(input);
  }

  @Authorized("editor")
  @Mutation(() => Article, {
    description: "Rejects a link of an article (a MANUAL rejection): it is removed and the linker never adds it again.",
  })
  unlinkArticle(@Arg("input", () => ArticleLinkInput) input: ArticleLinkInput): Promise<ArticleModel> {
    return this.services.catalogEditor.unlinkArticle(input);
  }
}
