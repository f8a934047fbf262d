import { z } from "zod";
import { sha256Digest } from "../../policies/lib/imageReference";
import { canaryHeaderProblem } from "../../components/kubernetes/canaryHeader";
import { cidr, dnsLabel, durationSeconds, imageRef, int32, labelMap, port, portName, promDuration } from "./common";
import { headerName, headerValue } from "./routes";

/** A Deployment rolling-update bound: a count or a percentage of replicas. */
const surgeOrUnavailable = z.union([int32(0), z.string().regex(/^[0-9]+%$/, { message: "expected a count or a percentage such as \"25%\"" })]);

/** Rolling update (the default). */
export const rollingSchema = z
    .object({
        type: z.literal("rolling"),
        /** Extra pods during an update: count or percentage. Default "25%". */
        maxSurge: surgeOrUnavailable.default("25%"),
        /** Pods that may be unavailable during an update: count or percentage (at most 100%). Default 0 (never below desired). */
        maxUnavailable: surgeOrUnavailable.default(0),
    })
    .strict()
    .superRefine((r, ctx) => {
        // The API server's rules for a RollingUpdate Deployment.
        const zero = (v: number | string) => v === 0 || /^0+%$/.test(String(v));
        if (zero(r.maxSurge) && zero(r.maxUnavailable)) {
            ctx.addIssue({ code: "custom", path: ["maxUnavailable"], message: "expected maxSurge or maxUnavailable above 0 (with both 0 a rollout can never replace a pod)", input: r.maxUnavailable });
        }
        if (typeof r.maxUnavailable === "string" && Number.parseInt(r.maxUnavailable, 10) > 100) {
            ctx.addIssue({ code: "custom", path: ["maxUnavailable"], message: "expected a percentage of at most 100%", input: r.maxUnavailable });
        }
    });

/** Stop all old pods, then start new ones. */
export const recreateSchema = z.object({ type: z.literal("recreate") }).strict();

/** An image pinned by digest (gate images must not move under a tag). */
const pinnedImage = z.string().refine((ref) => sha256Digest(ref) !== undefined, { message: "expected an image pinned by digest (name[:tag]@sha256:<64 hex>)" });

/** Smoke-gate settings shared by both progressive strategies. */
const smokeFields = {
    /** Paths the smoke gate GETs on the candidate track's Service; each must answer 2xx. Default: the readiness probe's path (http probes only). */
    smokePaths: z.array(z.string().regex(/^\/[^\s,]*$/, { message: "expected a path starting with \"/\" without spaces or commas" })).min(1).optional(),
    /** Name of the app port the smoke gate calls. Default: the readiness probe's port when it is http, else the first port. */
    smokePort: portName.optional(),
    /** Image of the gate Jobs (needs node >= 20), pinned by digest. Default: the gate's official node:20-alpine digest (DEFAULT_GATE_IMAGE). */
    gateImage: pinnedImage.optional(),
};

/** A metric check evaluated by the analysis gate. */
export const analysisCheckSchema = z
    .object({
        /** Check name, unique per app (the defaults are "request-success-rate" and "request-duration-p99"). */
        name: z.string().regex(/^[a-z0-9-]+$/),
        /** PromQL returning a single value; no data fails the gate. */
        query: z.string().min(1),
        /** Pass when `value <op> threshold`. */
        op: z.enum(["<=", ">="]),
        threshold: z.number(),
    })
    .strict();

/** Where the analysis gate may connect to reach Prometheus (its egress NetworkPolicy). */
export const prometheusEgressSchema = z.union([
    z
        .object({
            /** Namespace of the Prometheus pods. */
            namespace: dnsLabel,
            /** Labels of the Prometheus pods. Default: every pod in that namespace. */
            podLabels: labelMap.optional(),
            /** Container port of Prometheus (not the Service port). */
            port,
        })
        .strict(),
    z
        .object({
            /** A Prometheus outside the cluster (bounded like allowTo CIDRs: stacks/schema/egress.ts). */
            cidr,
            port,
        })
        .strict(),
]);

/** Prometheus analysis run by a gate Job before each weight change. */
export const analysisSchema = z
    .object({
        /** Prometheus base URL reachable from the cluster, e.g. http://prometheus-operated.monitoring:9090. */
        prometheusUrl: z.url({ protocol: /^https?$/ }),
        /** Time between samples, also the PromQL rate window; at most 1h. Default "1m". */
        interval: promDuration("1s", "1h").default("1m"),
        /** Samples taken per step; every sample of every check must pass. Default 3. */
        samples: z.number().int().min(1).max(100).default(3),
        /** Minimum request success rate of the canary in percent (Flagger's default 99). */
        successRatePercent: z.number().gt(0).max(100).default(99),
        /** Maximum p99 latency of the canary in milliseconds (Flagger's default 500). */
        latencyP99Ms: z.number().positive().default(500),
        /** Extra PromQL checks, evaluated with the defaults. Default none. */
        checks: z.array(analysisCheckSchema).default([]),
        /** Egress the gate needs to reach Prometheus. Default: derived from a `<service>.<namespace>[.svc...]` URL (its port). */
        prometheusEgress: prometheusEgressSchema.optional(),
    })
    .strict();

/** Canary weights: 1..100 and strictly rising, with a message that names the offending steps. */
const stepsSchema = z
    .array(z.number().int().min(1).max(100))
    .min(1)
    .superRefine((steps, ctx) => {
        steps.forEach((w, i) => {
            if (i > 0 && w <= steps[i - 1]) {
                ctx.addIssue({ code: "custom", path: [i], message: `expected strictly rising weights, but step ${i} (${w}) is not above step ${i - 1} (${steps[i - 1]})`, input: w });
            }
        });
    });

/** What every release walked by a gate in one `pulumi up` needs: how long each step holds, a retry, the API server. */
const releaseAutoFields = {
    /** How long each step's weight is held and analysed; at least the analysis interval, at most 24h. */
    stepDuration: promDuration("1s", "24h"),
    /** Bump to re-run a candidate whose release failed, from its first step. Default 0. */
    retry: z.number().int().min(0).max(1000).default(0),
    /** The Kubernetes API server's endpoint (not the `kubernetes` Service's ClusterIP: NetworkPolicies match translated addresses), the release and handover gates' egress. */
    apiServer: z.object({ cidr, port }).strict(),
};

/**
 * A release walked by one `pulumi up`: each step's weight held `stepDuration` while the analysis samples it,
 * and traffic returned to stable by the release gate itself on the first failed check.
 */
export const canaryAutoSchema = z
    .object({
        ...releaseAutoFields,
        /** A manual hold (the seeds' autoPromote: false): the walk stops at this weight, one of `steps` but not the last, and the update ends with traffic held there. Default none. */
        hold: z.number().int().min(1).optional(),
        /** Approves the hold: the weight it holds at (so a stale approval never approves another hold). The next update walks on from the step after it. Default unset. */
        approve: z.number().int().min(1).optional(),
    })
    .strict();

/**
 * A blue-green switch walked by one `pulumi up`: the route moves to the new live colour in `steps` (default
 * at once), each held `stepDuration` while the analysis samples the colour's traffic, the last one being the
 * check after the switch; the first failed check sends the route back to the previous colour.
 */
export const blueGreenAutoSchema = z
    .object({
        ...releaseAutoFields,
        /** Share of the route's traffic on the new colour per step, strictly rising, ending at 100. Default [100] (an immediate switch). */
        steps: stepsSchema.default([100]),
    })
    .strict();

/** Stable and canary tracks behind a weighted Gateway API HTTPRoute. */
export const canarySchema = z
    .object({
        type: z.literal("canary"),
        /** Image of the stable track (the app's `image` is the canary). When both are equal there is nothing to release: canary at zero, all traffic on stable. */
        stableImage: imageRef,
        /** Canary weights (percent) per step, strictly rising, each 1..100. Default [5, 25, 50, 100]. */
        steps: stepsSchema.default([5, 25, 50, 100]),
        /** Current step index into `steps`; `steps.length` promotes the canary. Default 0. */
        step: z.number().int().min(0).default(0),
        /** Send every request back to stable (canary weight 0), touching only the route. Default false. */
        abort: z.boolean().default(false),
        /**
         * Header that routes test traffic to the canary whatever the weight; never one ordinary requests carry
         * (accept, user-agent, cookie, x-forwarded-*...). Default x-canary: always.
         */
        header: z
            .object({
                name: headerName.superRefine((name, ctx) => {
                    const problem = canaryHeaderProblem(name);
                    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem, input: name });
                }),
                value: headerValue,
            })
            .strict()
            .default({ name: "x-canary", value: "always" }),
        /** Replicas of the canary track while a release is in progress. Default: the tier's minimum (dev 1, staging 2, production 3). */
        canaryReplicas: int32(1).optional(),
        /** Prometheus analysis gating each step. Required in production; without it each step is gated by a smoke test only. */
        analysis: analysisSchema.optional(),
        /** Walk every step in one `pulumi up` and roll back by itself (needs `analysis`; leaves `step` 0 and `abort` false). Default unset: one step per update. */
        auto: canaryAutoSchema.optional(),
        ...smokeFields,
    })
    .strict()
    .superRefine((c, ctx) => {
        if (c.auto !== undefined) {
            if (c.analysis === undefined) ctx.addIssue({ code: "custom", path: ["auto"], message: "expected analysis with auto: a release walked in one update is held at each step only while checks watch its traffic", input: c.auto });
            if (c.step !== 0) ctx.addIssue({ code: "custom", path: ["step"], message: "expected step 0 with auto: the release gate walks every step itself", input: c.step });
            if (c.abort) ctx.addIssue({ code: "custom", path: ["abort"], message: "expected abort false with auto: a failed check returns traffic to stable by itself", input: c.abort });
            const last = c.steps[c.steps.length - 1];
            if (c.auto.hold !== undefined && (!c.steps.includes(c.auto.hold) || c.auto.hold === last)) {
                ctx.addIssue({ code: "custom", path: ["auto", "hold"], message: `expected one of the steps before the last (${c.steps.filter((w) => w !== last).join(", ") || "none"}): the walk holds at that weight`, input: c.auto.hold });
            }
            if (c.auto.approve !== undefined && c.auto.approve !== c.auto.hold) {
                ctx.addIssue({ code: "custom", path: ["auto", "approve"], message: c.auto.hold === undefined ? "expected no approval without a hold" : `expected ${c.auto.hold}, the hold it approves (an approval names its hold)`, input: c.auto.approve });
            }
            if (c.analysis !== undefined && durationSeconds(c.analysis.interval) > durationSeconds(c.auto.stepDuration)) {
                ctx.addIssue({ code: "custom", path: ["auto", "stepDuration"], message: `expected at least the analysis interval (${c.analysis.interval}): each step is sampled at least once`, input: c.auto.stepDuration });
            }
        }
        if (c.step > c.steps.length) {
            ctx.addIssue({
                code: "custom",
                path: ["step"],
                message: `expected a step index 0..${c.steps.length} (${c.steps.length} promotes; steps are [${c.steps.join(", ")}])`,
                input: c.step,
            });
        }
    });

/** Two colour tracks; the live Service selects `activeColor`, the preview Service the other colour. */
export const blueGreenSchema = z
    .object({
        type: z.literal("blueGreen"),
        /** The colour that receives live traffic. Switching it is gated by that colour's smoke gate and rollout. */
        activeColor: z.enum(["blue", "green"]),
        /** Image running on the blue track. */
        blue: z.object({ image: imageRef }).strict(),
        /** Image running on the green track. */
        green: z.object({ image: imageRef }).strict(),
        /** Replicas kept on the idle colour for instant rollback. Default: the app's full size (`replicas`). */
        idleReplicas: int32(0).optional(),
        /** Checks of the new live colour's traffic while a switch is walked (`auto`). Default none. */
        analysis: analysisSchema.optional(),
        /** Switch colours from inside the cluster, checked, and switch back by itself on a failed check (needs `analysis` and a route). Default unset: the program moves the live Service. */
        auto: blueGreenAutoSchema.optional(),
        ...smokeFields,
    })
    .strict()
    .superRefine((b, ctx) => {
        if (b.analysis !== undefined && b.auto === undefined) ctx.addIssue({ code: "custom", path: ["analysis"], message: "expected auto with analysis: a blue-green app's checks run while its switch is walked", input: b.analysis });
        if (b.auto === undefined) return;
        if (b.analysis === undefined) ctx.addIssue({ code: "custom", path: ["auto"], message: "expected analysis with auto: a switch is held at each step only while checks watch the new colour's traffic", input: b.auto });
        const last = b.auto.steps[b.auto.steps.length - 1];
        if (last !== 100) ctx.addIssue({ code: "custom", path: ["auto", "steps", b.auto.steps.length - 1], message: "expected the last step to be 100: a switch ends with all traffic on the new colour", input: last });
        if (b.analysis !== undefined && durationSeconds(b.analysis.interval) > durationSeconds(b.auto.stepDuration)) {
            ctx.addIssue({ code: "custom", path: ["auto", "stepDuration"], message: `expected at least the analysis interval (${b.analysis.interval}): each step is sampled at least once`, input: b.auto.stepDuration });
        }
    });



export const strategySchema = z.discriminatedUnion("type", [rollingSchema, recreateSchema, blueGreenSchema, canarySchema]);
export type StrategyConfig = z.infer<typeof strategySchema>;
export type BlueGreenConfig = z.infer<typeof blueGreenSchema>;
export type CanaryConfig = z.infer<typeof canarySchema>;
export type AnalysisConfig = z.infer<typeof analysisSchema>;
export type PrometheusEgressConfig = z.infer<typeof prometheusEgressSchema>;
