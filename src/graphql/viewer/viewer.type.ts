import { Field, ObjectType, registerEnumType } from "type-graphql";

import type { ApiRole } from "../../auth/api-keys.js";

export const ApiRoleEnum = { EDITOR: "editor", ADMIN: "admin" } as const satisfies Record<string, ApiRole>;
registerEnumType(ApiRoleEnum, {
  name: "ApiRole",
  description: "What an API key may do. ADMIN may do everything EDITOR may.",
});

@ObjectType({ description: "The holder of the API key a request presented." })
export class Viewer {
  @Field(() => String, { description: "The key's name in the service configuration (API_KEYS)." })
  name!: string;

  @Field(() => ApiRoleEnum)
  role!: ApiRole;
}
