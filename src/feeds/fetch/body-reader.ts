import type { IncomingMessage } from "node:http";
import { Transform, type TransformCallback, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createBrotliDecompress, createGunzip, createInflate } from "node:zlib";

import { FetchFailure, toFetchFailure } from "./fetch-failure.js";

/** Content codings we decode (RFC 9110 §8.4.1; "x-gzip" is gzip per §8.4.1.3). */
export type ContentCoding = "gzip" | "deflate" | "br";

/**
 * At most this many stacked codings: real servers use one. An unbounded chain is a decompression
 * DoS (undici CVE-2026-22036, GHSA-g9mf-h72j-4rw9), so `gzip, gzip, gzip` is refused.
 */
export const MAX_CODING_LAYERS = 2;

const CODING_NAMES: Readonly<Record<string, ContentCoding>> = {
  gzip: "gzip",
  "x-gzip": "gzip",
  deflate: "deflate",
  br: "br",
};

/**
 * Parses Content-Encoding into the codings in the order the server applied them (RFC 9110 §8.4).
 * "identity" adds nothing. Throws BAD_ENCODING for an unknown coding or too many layers.
 */
export function parseContentCodings(header: string | undefined, url: string): ContentCoding[] {
  const names = (header ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== "" && name !== "identity");
  if (names.length > MAX_CODING_LAYERS) {
    throw new FetchFailure("BAD_ENCODING", url, `${names.length} stacked content codings (limit ${MAX_CODING_LAYERS})`);
  }
  return names.map((name) => {
    const coding = CODING_NAMES[name];
    if (coding === undefined) throw new FetchFailure("BAD_ENCODING", url, `unsupported content coding "${name}"`);
    return coding;
  });
}

export interface BodyLimits {
  url: string;
  /** Cap on decoded bytes; the raw (wire) bytes are held to the same cap. */
  maxBytes: number;
  codings: ContentCoding[];
  signal: AbortSignal;
}

/**
 * Reads the body through the decoders, counting decoded bytes as they come out (B4: the cap
 * applies AFTER decompression, so a 100 kB bomb is stopped at the cap, and the declared
 * Content-Length is never trusted). Memory stays bounded: streams apply backpressure and at most
 * `maxBytes` is held. Rejects with TOO_LARGE, BAD_ENCODING, NETWORK, or the signal's failure.
 */
export async function readBody(response: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const decoders = [...limits.codings].reverse().map(createDecoder);
  const decoderErrors = new Set<unknown>();
  decoders.forEach((decoder) => decoder.once("error", (error) => decoderErrors.add(error)));
  const tooLarge = () => new FetchFailure("TOO_LARGE", limits.url, `body exceeds ${limits.maxBytes} bytes`);
  try {
    await pipeline(
      response,
      limitBytes(limits.maxBytes, tooLarge),
      ...decoders,
      collect(limits.maxBytes, tooLarge, (chunk) => chunks.push(chunk)),
      { signal: limits.signal },
    );
  } catch (error) {
    throw bodyFailure(error, limits, decoderErrors.has(error));
  }
  return Buffer.concat(chunks);
}

function createDecoder(coding: ContentCoding): Transform {
  switch (coding) {
    case "gzip":
      return createGunzip();
    case "deflate":
      return createInflate(); // "deflate" is the zlib format (RFC 9110 §8.4.1.2, RFC 1950)
    case "br":
      return createBrotliDecompress();
  }
}

/** Passes raw chunks through, failing once more than `max` bytes went by. */
function limitBytes(max: number, tooLarge: () => FetchFailure): Transform {
  let total = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      total += chunk.length;
      if (total > max) return callback(tooLarge());
      callback(null, chunk);
    },
  });
}

/** The sink: keeps chunks until more than `max` bytes arrived, then fails the pipeline. */
function collect(max: number, tooLarge: () => FetchFailure, onChunk: (chunk: Buffer) => void): Writable {
  let total = 0;
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      if (total > max) return callback(tooLarge());
      onChunk(chunk);
      callback();
    },
  });
}

/** The cap or the deadline win over what they caused downstream (the pipeline hands every stream the error). */
function bodyFailure(error: unknown, limits: BodyLimits, fromDecoder: boolean): FetchFailure {
  if (error instanceof FetchFailure) return error;
  const reason: unknown = limits.signal.reason;
  if (limits.signal.aborted && reason instanceof FetchFailure) return reason;
  const detail = error instanceof Error ? error.message : String(error);
  if (fromDecoder) return new FetchFailure("BAD_ENCODING", limits.url, `cannot decode the body: ${detail}`);
  const failure = toFetchFailure(error, limits.url);
  return new FetchFailure(failure.code, limits.url, `body not received in full (${detail})`);
}
