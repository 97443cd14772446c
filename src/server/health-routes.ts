import { Router } from "express";

import type { PingResult } from "../store/connect.js";

export interface HealthRoutesDeps {
  version: string;
  /** A bounded database ping (it must give up on its own, well before a probe times out). */
  pingDatabase: () => Promise<PingResult>;
}

/**
 * `/healthz`: the process is up (liveness). `/readyz`: the database answers too (readiness);
 * 503 with the reason otherwise, so a load balancer stops sending traffic.
 */
export function healthRoutes(deps: HealthRoutesDeps): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok", version: deps.version, uptimeSeconds: Math.round(process.uptime()) });
  });
  router.get("/readyz", async (_req, res) => {
    const ping = await deps.pingDatabase();
    if (ping.ok) {
      res.json({ status: "ready", database: { status: "up", latencyMs: ping.latencyMs } });
    } else {
      res.status(503).json({ status: "not ready", database: { status: "down", reason: ping.reason } });
    }
  });
  return router;
}
