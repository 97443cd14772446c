import type { AuthCheckerFn } from "type-graphql";

import { type ApiRole, isApiRole, roleSatisfies } from "../auth/api-keys.js";
import type { GraphQLContext } from "./context.js";
import { ForbiddenError, UnauthenticatedError } from "./errors.js";

/**
 * type-graphql's check behind `@Authorized(...roles)`: no caller → UNAUTHENTICATED; a caller
 * whose role reaches none of the listed roles → FORBIDDEN. `@Authorized()` with no roles only
 * needs a caller. It throws its own errors instead of returning false, so clients get our codes
 * rather than type-graphql's generic "Access denied".
 */
export const authChecker: AuthCheckerFn<GraphQLContext, ApiRole> = ({ context, info }, roles) => {
  for (const role of roles as readonly unknown[]) {
    // A typo in a decorator must fail loudly, not lock everyone out (or in) quietly.
    if (!isApiRole(role)) {
      throw new Error(`@Authorized on ${info.parentType.name}.${info.fieldName}: unknown role "${String(role)}"`);
    }
  }
  const caller = context.caller;
  if (caller === null) throw new UnauthenticatedError();
  if (roles.length > 0 && !roles.some((role) => roleSatisfies(caller.role, role))) {
    throw new ForbiddenError(`This needs the ${roles.join(" or ")} role; the key "${caller.name}" has ${caller.role}.`);
  }
  return true;
};
