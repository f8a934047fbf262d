import { z } from "zod";
import { int32, port } from "./common";

const probeTiming = {
    /** Seconds after container start before the first probe. Default 0 (readiness), 10 (liveness). */
    initialDelaySeconds: int32(0).optional(),
    /** Seconds between probes. Default 10. */
    periodSeconds: int32(1).default(10),
    /** Seconds before a probe times out. Default 1. */
    timeoutSeconds: int32(1).default(1),
    /** Consecutive failures before the probe fails. Default 3. */
    failureThreshold: int32(1).default(3),
    /** Consecutive successes before the probe passes (must be 1 for liveness and startup). Default 1. */
    successThreshold: int32(1).default(1),
};

/** A health check of one of the four kinds Kubernetes supports. */
export const probeSchema = z.discriminatedUnion("type", [
    z.object({ type: z.literal("http"), path: z.string().startsWith("/"), port: z.union([port, z.string()]), scheme: z.enum(["HTTP", "HTTPS"]).default("HTTP"), ...probeTiming }).strict(),
    z.object({ type: z.literal("tcp"), port: z.union([port, z.string()]), ...probeTiming }).strict(),
    z.object({ type: z.literal("exec"), command: z.array(z.string()).min(1), ...probeTiming }).strict(),
    z.object({ type: z.literal("grpc"), port, service: z.string().optional(), ...probeTiming }).strict(),
]);
export type ProbeConfig = z.infer<typeof probeSchema>;

/** Readiness and liveness are required for long-running workloads; startup is optional. */
export const probesSchema = z
    .object({
        readiness: probeSchema,
        liveness: probeSchema,
        startup: probeSchema.optional(),
    })
    .strict()
    .superRefine((probes, ctx) => {
        // The API server refuses any other value: a liveness or startup probe passes on its first success.
        for (const kind of ["liveness", "startup"] as const) {
            const threshold = probes[kind]?.successThreshold;
            if (threshold !== undefined && threshold !== 1) {
                ctx.addIssue({ code: "custom", path: [kind, "successThreshold"], message: `expected 1 for a ${kind} probe (Kubernetes accepts no other value)`, input: threshold });
            }
        }
    });
export type ProbesConfig = z.infer<typeof probesSchema>;
