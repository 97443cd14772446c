import { Router } from "express";

import { parseCalendarRequest } from "../publish/calendar-request.js";
import { type PublishDeps, publishEventCalendar, PublishRequestError } from "../publish/published-feeds.js";
import { answerPublished, sendPublished } from "./published-response.js";

export interface CalendarRoutesDeps extends Pick<PublishDeps, "catalog"> {
  publicUrl: () => string;
}

/**
 * `/calendar/events.ics`: the catalog's dated events as iCalendar (RFC 5545), filterable like
 * the timeline: `?hypervisors=xen&vendors=citrix&kinds=release,acquisition&from=2008-01-01&to=2012-01-01`.
 */
export function calendarRoutes(deps: CalendarRoutesDeps): Router {
  const router = Router();
  router.get("/calendar/events.ics", (req, res) =>
    answerPublished(res, async () => {
      const parsed = parseCalendarRequest(req.query);
      if (!parsed.ok) throw new PublishRequestError(400, parsed.message);
      const calendar = await publishEventCalendar(deps, parsed.filter, parsed.canonicalQuery, deps.publicUrl());
      sendPublished(req, res, { body: calendar.body, contentType: calendar.contentType, lastModified: null });
    }),
  );
  return router;
}
