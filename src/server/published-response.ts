import type { Request, Response } from "express";

import { etagOf, isNotModified } from "../publish/conditional-get.js";
import { PublishRequestError } from "../publish/published-feeds.js";

/**
 * Sends a published document with its validators, or 304 when the client's copy is current
 * (RFC 9110 §13.1, §15.4.5). `no-cache`: readers may keep a copy but revalidate every time,
 * which costs them a 304 and lets a new article show up on their next poll.
 */
export function sendPublished(
  req: Request,
  res: Response,
  document: { body: string; contentType: string; lastModified: Date | null },
): void {
  const etag = etagOf(document.body);
  res.setHeader("ETag", etag);
  if (document.lastModified && document.lastModified.getTime() > 0) {
    res.setHeader("Last-Modified", document.lastModified.toUTCString());
  }
  res.setHeader("Cache-Control", "no-cache");
  res.setHeader("X-Content-Type-Options", "nosniff");
  if (isNotModified(req.headers, etag, document.lastModified)) {
    res.status(304).end();
    return;
  }
  res.type(document.contentType).send(document.body);
}

/** 400/404 for the client's mistakes, as plain text; anything else goes to the error handler. */
export async function answerPublished(res: Response, build: () => Promise<void>): Promise<void> {
  try {
    await build();
  } catch (error) {
    if (!(error instanceof PublishRequestError)) throw error;
    res.status(error.status).type("text/plain; charset=utf-8").send(`${error.message}\n`);
  }
}
