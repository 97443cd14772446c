import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from "type-graphql";

import type { EventRelation, LinkField, LinkKind, LinkOrigin } from "../../model/links.js";
import { EventRelationEnum, LinkFieldEnum, LinkKindEnum, LinkOriginEnum } from "../common/enums.js";
import { createConnection } from "../connection/connection.type.js";

@ObjectType({
  description: "Why a link was made: the alias that matched, where, at which character.",
  simpleResolvers: true,
})
export class LinkEvidence {
  @Field(() => String)
  alias!: string;

  @Field(() => LinkFieldEnum)
  field!: LinkField;

  @Field(() => Int)
  offset!: number;
}

@ObjectType({ description: "One link of an article to a catalog entry.", simpleResolvers: true })
export class ArticleLink {
  @Field(() => LinkKindEnum)
  kind!: LinkKind;

  @Field(() => String, { description: "The catalog entry's slug (hypervisor, vendor, topic or event)." })
  slug!: string;

  @Field(() => Float, { description: "0-1; MANUAL links are 1." })
  confidence!: number;

  @Field(() => LinkOriginEnum)
  origin!: LinkOrigin;

  @Field(() => [LinkEvidence])
  evidence!: LinkEvidence[];

  @Field(() => EventRelationEnum, { nullable: true, description: "EVENT links only." })
  relation!: EventRelation | null;

  @Field(() => Boolean, { description: "A MANUAL rejection: the linker will not add this link again." })
  rejected!: boolean;
}

@ObjectType({ simpleResolvers: true })
export class Enclosure {
  @Field(() => String)
  url!: string;

  @Field(() => String, { nullable: true })
  type!: string | null;

  @Field(() => Float, { nullable: true, description: "Bytes, as the feed declares it." })
  length!: number | null;
}

@ObjectType({
  description:
    "One news item, possibly seen in several feeds. Relations (feeds, hypervisors, ...) are batched per request.",
  simpleResolvers: true,
})
export class Article {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true, description: "The link as published." })
  url!: string | null;

  @Field(() => String, { nullable: true, description: "The link without fragment and tracking parameters." })
  canonicalUrl!: string | null;

  @Field(() => String, { description: "Plain text, at most about 500 characters." })
  summary!: string;

  @Field(() => String, { description: "Sanitised HTML: no script, style, frames, event handlers or javascript: URLs." })
  contentHtml!: string;

  @Field(() => GraphQLISODateTime, { description: "The item's date; when it was first seen if the feed gave none." })
  publishedAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true })
  updatedAt!: Date | null;

  @Field(() => Boolean, { description: "The feed's date lay in the future and was clamped to when it was seen." })
  dateClamped!: boolean;

  @Field(() => GraphQLISODateTime)
  firstSeenAt!: Date;

  @Field(() => [String])
  authors!: string[];

  @Field(() => [String])
  categories!: string[];

  @Field(() => [Enclosure])
  enclosures!: Enclosure[];
}

export const { Connection: ArticleConnection } = createConnection(Article);
