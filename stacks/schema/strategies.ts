import { z } from "zod";
import { duration, imageRef } from "./common";

/** Rolling update (the default). */
export const rollingSchema = z
    .object({
        type: z.literal("rolling"),
        /** Extra pods during an update: count or percentage. Default "25%". */
        maxSurge: z.union([z.number().int().min(0), z.string().regex(/^[0-9]+%$/)]).default("25%"),
        /** Pods that may be unavailable during an update: count or percentage. Default 0 (never below desired). */
        maxUnavailable: z.union([z.number().int().min(0), z.string().regex(/^[0-9]+%$/)]).default(0),
    })
    .strict();

/** Stop all old pods, then start new ones. */
export const recreateSchema = z.object({ type: z.literal("recreate") }).strict();

/** Two colour tracks; the live Service selects `activeColor`. */
export const blueGreenSchema = z
    .object({
        type: z.literal("blueGreen"),
        /** The colour that receives live traffic. Switching it is gated by the idle colour's smoke test. */
        activeColor: z.enum(["blue", "green"]),
        /** Image running on the blue track. */
        blue: z.object({ image: imageRef }).strict(),
        /** Image running on the green track. */
        green: z.object({ image: imageRef }).strict(),
        /** Replicas kept on the idle colour for instant rollback. Default: the app's full size. */
        idleReplicas: z.number().int().min(0).optional(),
        /** Paths the smoke gate calls on the preview Service. Default the readiness probe's path, else "/". */
        smokePaths: z.array(z.string().startsWith("/")).min(1).optional(),
    })
    .strict();

/** A metric check evaluated by the analysis gate. */
export const analysisCheckSchema = z
    .object({
        name: z.string().regex(/^[a-z0-9-]+$/),
        /** PromQL returning a single value. */
        query: z.string().min(1),
        /** Pass when `value <op> threshold`. */
        op: z.enum(["<=", ">="]),
        threshold: z.number(),
    })
    .strict();

/** Stable and canary tracks behind a weighted Gateway API HTTPRoute. */
export const canarySchema = z
    .object({
        type: z.literal("canary"),
        /** Image of the stable track (the app's `image` is the canary). */
        stableImage: imageRef,
        /** Canary weights per step, strictly rising, each 1..100. Default [5, 25, 50, 100]. */
        steps: z
            .array(z.number().int().min(1).max(100))
            .min(1)
            .default([5, 25, 50, 100])
            .refine((s) => s.every((w, i) => i === 0 || w > s[i - 1]), { message: "expected strictly rising weights" }),
        /** Current step index into `steps`; `steps.length` means promote. Default 0. */
        step: z.number().int().min(0).default(0),
        /** Send every request back to stable (canary weight 0) without touching the stable Deployment. */
        abort: z.boolean().default(false),
        /** Header that routes test traffic to the canary whatever the weight. Default x-canary: always. */
        header: z.object({ name: z.string().min(1), value: z.string().min(1) }).strict().default({ name: "x-canary", value: "always" }),
        /** Replicas of the canary track. Default 1. */
        canaryReplicas: z.number().int().min(1).default(1),
        analysis: z
            .object({
                /** Prometheus base URL reachable from the cluster. */
                prometheusUrl: z.url(),
                /** Time between samples. Default 1m. */
                interval: duration.default("1m"),
                /** Samples taken per step; all must pass. Default 3. */
                samples: z.number().int().min(1).default(3),
                /** Minimum request success rate in percent (Flagger's default 99). */
                successRatePercent: z.number().min(0).max(100).default(99),
                /** Maximum p99 latency in milliseconds (Flagger's default 500). */
                latencyP99Ms: z.number().positive().default(500),
                /** Extra PromQL checks. */
                checks: z.array(analysisCheckSchema).default([]),
            })
            .strict(),
    })
    .strict()
    .refine((c) => c.step <= c.steps.length, { message: "expected step to index into steps (0..steps.length)", path: ["step"] });

export const strategySchema = z.discriminatedUnion("type", [rollingSchema, recreateSchema, blueGreenSchema, canarySchema]);
export type StrategyConfig = z.infer<typeof strategySchema>;
export type BlueGreenConfig = z.infer<typeof blueGreenSchema>;
export type CanaryConfig = z.infer<typeof canarySchema>;
