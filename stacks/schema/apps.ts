import { z } from "zod";
import { reservedNamespaceReason } from "../../policies/lib/platformNamespaces";
import { cidr, computeResources, dnsLabel, imageRef, int32, labelMap, labelValue, port, portName, quantity } from "./common";
import { appMonitoringSchema } from "./observability";
import { probesSchema } from "./probes";
import { hostname, routePath } from "./routes";
import { strategySchema } from "./strategies";

/** The longest plain env value (32 KiB) and the most variables: the app's ConfigMap holds them all, within Kubernetes' 1 MiB. */
export const MAX_ENV_VALUE = 32_768;
export const MAX_ENV_ENTRIES = 100;

/** At most this many peers an app's ingress or egress may list: each widens its NetworkPolicy. */
export const MAX_PEERS = 20;

/**
 * A peer namespace: never one Kubernetes or the platform owns (kube-*, default, gateway, monitoring, velero):
 * their pods are the cluster's, not an app's; the gateway and monitoring reach apps through the platform's own
 * rules already.
 */
const peerNamespace = dnsLabel.superRefine((ns, ctx) => {
    const reason = reservedNamespaceReason(ns);
    if (reason !== undefined) ctx.addIssue({ code: "custom", message: `expected an app namespace, not ${reason}`, input: ns });
});

/** Pod labels of a peer: at least one (`{}` selects every pod, which naming the namespace alone says plainly). */
const peerLabels = labelMap.refine((labels) => Object.keys(labels).length > 0, { message: "expected at least one label: {} selects every pod (name the namespace alone to admit all of it)" });

/** A NetworkPolicy peer: a namespace, pod labels, or both (never neither: that is rejected by the API server). */
const peerSchema = z
    .object({ namespace: peerNamespace.optional(), podLabels: peerLabels.optional() })
    .strict()
    .refine((p) => p.namespace !== undefined || p.podLabels !== undefined, { message: "expected a namespace, podLabels or both" });

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: "expected an environment variable name" });

/**
 * One deployable application. `imageRequired` is false when the stack takes images from a promotion
 * source (`platform:promotion`).
 */
export const makeAppSchema = (imageRequired: boolean) => z
    .object({
        /** DNS-1123 name; also the Deployment, Service and label value. */
        name: dnsLabel.max(40),
        /** Image to run (the new version for canary; unused for blue-green, whose tracks name their images). */
        image: imageRef.optional(),
        /** Version label; default: the image tag (or the digest's first 12 hex characters). */
        version: labelValue.min(1).optional(),
        /** Desired replicas when no autoscaling is set. */
        replicas: int32(0),
        /** Horizontal autoscaling; when set, `replicas` is the initial size. */
        autoscaling: z
            .object({
                minReplicas: int32(1),
                maxReplicas: int32(1),
                targetCpuPercent: z.number().int().min(1).max(100).default(70),
            })
            .strict()
            .refine((a) => a.maxReplicas >= a.minReplicas, { message: "expected maxReplicas >= minReplicas", path: ["maxReplicas"] })
            .optional(),
        resources: z.object({ requests: computeResources, limits: computeResources }).strict(),
        /** Container ports; the first is the Service's default port. */
        ports: z
            .array(
                z
                    .object({
                        name: portName,
                        containerPort: port,
                        /** Port exposed by the Service. Default: containerPort. */
                        servicePort: port.optional(),
                        protocol: z.enum(["TCP", "UDP"]).default("TCP"),
                    })
                    .strict(),
            )
            .min(1),
        /** Plain environment variables (stored in a ConfigMap). */
        env: z.record(envName, z.string().max(MAX_ENV_VALUE, { message: "a larger value belongs in a mounted file or a Secret" }))
            .refine((env) => Object.keys(env).length <= MAX_ENV_ENTRIES, { message: `expected at most ${MAX_ENV_ENTRIES} variables` })
            .default({}),
        /** Secret environment variables: variable name → key in the secret config map `platform:secrets`. */
        secretEnv: z.record(envName, z.string().min(1)).default({}),
        probes: probesSchema,
        strategy: strategySchema.default({ type: "rolling", maxSurge: "25%", maxUnavailable: 0 }),
        /** Seconds a rollout may take before it is reported failed. Default 600. */
        progressDeadlineSeconds: int32(1).default(600),
        /** Mount the service account token into pods. Default false. */
        automountServiceAccountToken: z.boolean().default(false),
        /** Extra ingress peers besides the gateway namespace (a namespace, pod labels, or both). */
        allowFrom: z
            .array(peerSchema)
            .max(MAX_PEERS, { message: "each peer widens the app's ingress" })
            .default([]),
        /**
         * Egress the app needs beyond DNS (the namespace denies all other egress): other apps, namespaces or
         * CIDRs, on the given ports. Every entry names a destination; CIDR width and port count are bounded
         * per tier (stacks/schema/egress.ts). The stack's managed database is added, scoped to its subnets.
         */
        allowTo: z
            .array(
                z
                    .object({
                        namespace: peerNamespace.optional(),
                        podLabels: peerLabels.optional(),
                        /** Destination CIDR, e.g. "10.20.0.0/16" (external APIs, private endpoints). */
                        cidr: cidr.optional(),
                        ports: z.array(port).min(1),
                        protocol: z.enum(["TCP", "UDP"]).default("TCP"),
                    })
                    .strict()
                    .refine((p) => p.cidr !== undefined || p.namespace !== undefined || p.podLabels !== undefined, { message: "expected a destination: a cidr, a namespace, podLabels or both (an entry without one reaches every address on its ports)" })
                    .refine((p) => p.cidr === undefined || (p.namespace === undefined && p.podLabels === undefined), { message: "expected either a cidr or namespace/podLabels, not both" }),
            )
            .max(MAX_PEERS, { message: "each destination widens the app's egress" })
            .default([]),
        /** Expose through the shared Gateway with an HTTPRoute. */
        route: z.object({ hostnames: z.array(hostname).min(1), path: routePath.default("/") }).strict().optional(),
        /** Metrics scraping and SLO for this app (see docs/observability.md). */
        monitoring: appMonitoringSchema.prefault({}),
    })
    .strict()
    .superRefine((app, ctx) => {
        if (imageRequired && app.strategy.type !== "blueGreen" && app.image === undefined) {
            ctx.addIssue({ code: "custom", path: ["image"], message: "expected an image reference (or platform:promotion to take it from the source stack)", input: undefined });
        }
        if (app.strategy.type === "blueGreen" && app.image !== undefined) {
            ctx.addIssue({ code: "custom", path: ["image"], message: "expected no image for a blueGreen app (set strategy.blue.image and strategy.green.image)", input: app.image });
        }
        const names = app.ports.map((p) => p.name);
        const metrics = app.ports.find((p) => p.name === app.monitoring.portName);
        if (metrics === undefined) {
            ctx.addIssue({ code: "custom", path: ["monitoring", "portName"], message: `expected the name of one of the app's ports (${names.join(", ")}) for the ServiceMonitor to scrape`, input: app.monitoring.portName });
        } else if (metrics.containerPort !== app.monitoring.port) {
            ctx.addIssue({ code: "custom", path: ["monitoring", "port"], message: `expected ${metrics.containerPort}, the containerPort of port "${metrics.name}"`, input: app.monitoring.port });
        }
        const servicePorts = app.ports.map((p) => `${p.servicePort ?? p.containerPort}/${p.protocol}`);
        if (new Set(servicePorts).size !== servicePorts.length) {
            ctx.addIssue({ code: "custom", path: ["ports"], message: "expected distinct Service ports (servicePort, default containerPort)", input: servicePorts });
        }
        for (const kind of ["readiness", "liveness", "startup"] as const) {
            const probe = app.probes[kind];
            if (probe !== undefined && "port" in probe && typeof probe.port === "string" && !names.includes(probe.port)) {
                ctx.addIssue({ code: "custom", path: ["probes", kind, "port"], message: `expected a port number or one of the app's port names (${names.join(", ")})`, input: probe.port });
            }
        }
        for (const r of ["cpu", "memory"] as const) {
            const request = quantity(app.resources.requests[r]);
            const limit = quantity(app.resources.limits[r]);
            if (request !== undefined && limit !== undefined && request > limit) {
                ctx.addIssue({ code: "custom", path: ["resources", "requests", r], message: `expected at most the limit (${app.resources.limits[r]})`, input: app.resources.requests[r] });
            }
        }
        if (new Set(names).size !== names.length) {
            ctx.addIssue({ code: "custom", path: ["ports"], message: "expected unique port names", input: names });
        }
    });
export const appSchema = makeAppSchema(true);
export type AppConfig = z.infer<typeof appSchema>;

export const makeAppsSchema = (imageRequired: boolean) => z
    .array(makeAppSchema(imageRequired))
    .default([])
    .superRefine((apps, ctx) => {
        const seen = new Set<string>();
        apps.forEach((a, i) => {
            if (seen.has(a.name)) ctx.addIssue({ code: "custom", path: [i, "name"], message: "expected a unique app name", input: a.name });
            seen.add(a.name);
        });
    });
