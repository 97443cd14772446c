import { Arg, Authorized, Mutation, Resolver } from "type-graphql";

import type { AliasOwnerKind } from "../../catalog/catalog-editor.js";
import type { GraphQLServices } from "../services.js";
import { AliasInput } from "./alias.input.js";
import { AliasList, AliasOwnerKindEnum } from "./alias.type.js";

@Resolver(() => AliasList)
export class AliasResolver {
  constructor(private readonly services: Pick<GraphQLServices, "catalogEditor">) {}

  @Authorized("editor")
  @Mutation(() => AliasList, { description: "Adds a name the linker matches to a hypervisor, vendor or topic." })
  async addAlias(
    @Arg("kind", () => AliasOwnerKindEnum) kind: AliasOwnerKind,
    @Arg("slug", () => String) slug: string,
    @Arg("alias", () => AliasInput) alias: AliasInput,
  ): Promise<AliasList> {
    return { kind, slug, aliases: await this.services.catalogEditor.addAlias(kind, slug, alias) };
  }
}
