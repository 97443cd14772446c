import { Field, ID, InputType } from "type-graphql";

import type { ManualLinkRequest } from "../../catalog/catalog-editor.js";
import type { EventRelation, LinkKind } from "../../model/links.js";
import { EventRelationEnum, LinkKindEnum } from "../common/enums.js";

@InputType({ description: "An editor's decision about one link of an article." })
export class ArticleLinkInput implements ManualLinkRequest {
  @Field(() => ID)
  articleId!: string;

  @Field(() => LinkKindEnum)
  kind!: LinkKind;

  @Field(() => String, { description: "The catalog entry's slug." })
  slug!: string;

  @Field(() => EventRelationEnum, { nullable: true, description: "EVENT links only (linkArticle)." })
  relation?: EventRelation | null;
}
