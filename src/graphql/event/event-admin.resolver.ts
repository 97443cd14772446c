import { Arg, Authorized, Mutation, Resolver } from "type-graphql";

import type { TimelineEvent } from "../../model/catalog.js";
import type { GraphQLServices } from "../services.js";
import { EventInput } from "./event.input.js";
import { Event } from "./event.type.js";

/** Catalog events edited through the API: each mutation is one call into src/catalog/edit-events.ts. */
@Resolver(() => Event)
export class EventAdminResolver {
  constructor(private readonly services: Pick<GraphQLServices, "catalogEditor">) {}

  @Authorized("editor")
  @Mutation(() => Event, { description: "Adds an event to the catalog; BAD_USER_INPUT when the slug is taken." })
  createEvent(
    @Arg("slug", () => String) slug: string,
    @Arg("input", () => EventInput) input: EventInput,
  ): Promise<TimelineEvent> {
    return this.services.catalogEditor.createEvent(slug, input);
  }

  @Authorized("editor")
  @Mutation(() => Event, {
    description: "Replaces an event. Events listed in schema/catalog are restored from there at the next catalog load.",
  })
  updateEvent(
    @Arg("slug", () => String) slug: string,
    @Arg("input", () => EventInput) input: EventInput,
  ): Promise<TimelineEvent> {
    return this.services.catalogEditor.updateEvent(slug, input);
  }

  @Authorized("admin")
  @Mutation(() => String, { description: "Deletes an event; returns its slug." })
  deleteEvent(@Arg("slug", () => String) slug: string): Promise<string> {
    return this.services.catalogEditor.deleteEvent(slug);
  }
}
