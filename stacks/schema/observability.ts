import { z } from "zod";
import { labelMap, parseDuration, port, portName, promDuration } from "./common";
import { compareExactVersions, EXACT_VERSION, KUBE_PROMETHEUS_STACK_MINIMUM } from "../../policies/lib/chartVersion";
import { MONITORING_NAMESPACES } from "../../policies/lib/platformNamespaces";

/**
 * Config schema for observability: `platform:monitoring`, `platform:alerts`, and the per-app
 * `monitoring` block (`appMonitoringSchema`, embedded by the app schema).
 * Tier-dependent defaults are applied after parsing by `resolveAlerting`.
 */

export type Tier = "dev" | "staging" | "production";

/** How long an alert's condition must hold before it fires (`0s`: at once). */
const forDuration = promDuration("0s", "1h", "an alert that waits longer than an hour to fire no longer alerts anyone in time");
/** Scrape settings: a missed scrape must still leave a sample inside Prometheus's 5m lookback window. */
const scrapeDuration = promDuration("100ms", "2m", "so that one missed scrape still leaves a sample inside Prometheus's 5m lookback window");
const percent = z.number().gt(0).lt(100);
/** A secret setting: `secretKey` names a key under `platform:secrets`, whose value is a Pulumi secret. */
const secretKey = z.string().regex(/^[A-Za-z0-9_.-]+$/, { message: "expected the name of a key under platform:secrets" });

/** `platform:monitoring`. */
export const monitoringSchema = z
    .object({
        /** Create ServiceMonitors and dashboards for every app. Default true. */
        enabled: z.boolean().default(true),
        /** Install kube-prometheus-stack (for clusters that have no Prometheus yet). Default off. */
        install: z
            .object({
                enabled: z.boolean().default(false),
                /** Pinned chart version of prometheus-community/kube-prometheus-stack. */
                chartVersion: z.string().regex(EXACT_VERSION, { message: `expected an exact chart version such as "${KUBE_PROMETHEUS_STACK_MINIMUM}"` })
                    .refine((v) => (compareExactVersions(v, KUBE_PROMETHEUS_STACK_MINIMUM) ?? -1) >= 0, { message: `expected ${KUBE_PROMETHEUS_STACK_MINIMUM} or newer (the oldest version the platform reviewed; the policy pack refuses older ones)` })
                    .default(KUBE_PROMETHEUS_STACK_MINIMUM),
                /** Namespace of the release: the platform's monitoring namespace (policies/lib/platformNamespaces.ts), which the pack's Helm rule allows. Default `monitoring`. */
                namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/).max(63)
                    .refine((ns) => MONITORING_NAMESPACES.includes(ns), {
                        message: `expected the platform's monitoring namespace (${MONITORING_NAMESPACES.join(", ")}): its Prometheus scrapes every app and apps admit it to their metrics port, so it is fixed by the platform, not by the stack`,
                    })
                    .default("monitoring"),
                /** Grafana's admin password: a key under `platform:secrets` (required when enabled; the chart's default password is public). */
                grafanaAdminPassword: z.object({ secretKey }).strict().optional(),
            })
            .strict()
            .default({ enabled: false, chartVersion: KUBE_PROMETHEUS_STACK_MINIMUM, namespace: "monitoring" }),
        /** Grafana dashboards as ConfigMaps for the Grafana sidecar. */
        dashboards: z
            .object({
                enabled: z.boolean().default(true),
                /** Grafana folder the sidecar files the dashboards under (annotation `grafana_folder`). Default `Platform`. */
                folder: z.string().min(1).max(100).default("Platform"),
            })
            .strict()
            .default({ enabled: true, folder: "Platform" }),
        /** Defaults for every ServiceMonitor endpoint. */
        serviceMonitor: z
            .object({
                interval: scrapeDuration.default("30s"),
                /** At most `interval` (Prometheus refuses a longer timeout). */
                scrapeTimeout: scrapeDuration.default("10s"),
            })
            .strict()
            .superRefine((s, ctx) => {
                if ((parseDuration(s.scrapeTimeout) ?? 0) > (parseDuration(s.interval) ?? Infinity)) {
                    ctx.addIssue({ code: "custom", path: ["scrapeTimeout"], message: `expected at most the scrape interval (${s.interval}); Prometheus refuses a longer timeout`, input: s.scrapeTimeout });
                }
            })
            .default({ interval: "30s", scrapeTimeout: "10s" }),
        /**
         * Label put on ServiceMonitors, PrometheusRules and AlertmanagerConfigs so the Prometheus operator selects them.
         * kube-prometheus-stack selects `release: <release name>` by default.
         */
        selectorLabels: labelMap.default({ release: "kube-prometheus-stack" }),
    })
    .strict();
export type MonitoringConfig = z.infer<typeof monitoringSchema>;

/** Why a time threshold is bounded: beyond it the alert is as good as switched off. */
const silenced = (bound: string) => `beyond ${bound} the alert is as good as switched off`;

/** Alert thresholds. Percentages are 0..100, times bounded; every one has a default in `baseThresholds`. */
export const thresholdsSchema = z
    .object({
        cpuPercent: percent,
        memoryPercent: percent,
        errorRatePercent: percent,
        latencyP95Ms: z.number().positive().max(60_000, { message: silenced("1 min") }),
        diskWarnPercent: percent,
        diskCriticalPercent: percent,
        dbConnections: z.number().int().positive(),
        slowQuerySeconds: z.number().positive().max(3600, { message: silenced("1 h") }),
        backupMaxAgeHours: z.number().positive().max(168, { message: silenced("a week") }),
        replicationLagSeconds: z.number().positive().max(86_400, { message: silenced("a day") }),
    })
    .strict();
export type Thresholds = z.infer<typeof thresholdsSchema>;

/** How long a condition must hold before the alert fires. */
export const forDurationsSchema = z
    .object({
        cpu: forDuration,
        memory: forDuration,
        errorRate: forDuration,
        latency: forDuration,
        instanceDown: forDuration,
        podsNotReady: forDuration,
        replicasUnavailable: forDuration,
        disk: forDuration,
        databaseDown: forDuration,
        dbConnections: forDuration,
        slowQueries: forDuration,
        replicationLag: forDuration,
    })
    .strict();
export type ForDurations = z.infer<typeof forDurationsSchema>;

/** A receiver whose URL or routing key is a secret: `secretKey` names a key under `platform:secrets`. */
export const pagingReceiverSchema = z.object({ type: z.enum(["pagerduty", "webhook"]), secretKey }).strict();
export const chatReceiverSchema = z.object({ type: z.enum(["slack", "webhook"]), secretKey, channel: z.string().min(1).optional() }).strict();

/** Overrides that may be set for all tiers or one tier. */
const overridesSchema = z
    .object({
        thresholds: thresholdsSchema.partial().default({}),
        for: forDurationsSchema.partial().default({}),
        /** Route `critical` alerts to the paging receiver. Default: production only (elsewhere critical goes to chat). */
        pageOnCritical: z.boolean().optional(),
    })
    .strict();

/** `platform:alerts`. */
export const alertsSchema = z
    .object({
        /** Create the PrometheusRule and AlertmanagerConfig. Default true. */
        enabled: z.boolean().default(true),
        thresholds: thresholdsSchema.partial().default({}),
        for: forDurationsSchema.partial().default({}),
        pageOnCritical: z.boolean().optional(),
        receivers: z
            .object({ paging: pagingReceiverSchema.optional(), chat: chatReceiverSchema.optional() })
            .strict()
            .default({}),
        /** Per-tier overrides, applied after the tier defaults and the settings above. */
        environments: z
            .object({ dev: overridesSchema.optional(), staging: overridesSchema.optional(), production: overridesSchema.optional() })
            .strict()
            .default({}),
    })
    .strict();
export type AlertsConfig = z.infer<typeof alertsSchema>;

/** Per-app monitoring settings (embedded in each app entry as `monitoring`). */
export const appMonitoringSchema = z
    .object({
        /** Container/Service port number serving metrics. Default 9090. */
        port: port.default(9090),
        /** Name of the Service port the ServiceMonitor scrapes. Default `metrics`. */
        portName: portName.default("metrics"),
        /** HTTP path of the metrics endpoint. Default `/metrics`. */
        path: z.string().startsWith("/").default("/metrics"),
        slo: z
            .object({
                /** Availability objective in percent (non-5xx responses). Default 99.9. */
                availabilityTarget: percent.default(99.9),
                /** p95 latency objective in milliseconds. Default: `platform:alerts` latencyP95Ms. */
                latencyMs: z.number().positive().optional(),
            })
            .strict()
            .default({ availabilityTarget: 99.9 }),
    })
    .strict();
export type AppMonitoringConfig = z.infer<typeof appMonitoringSchema>;

/** Threshold defaults for every tier. */
export const baseThresholds: Thresholds = {
    cpuPercent: 80,
    memoryPercent: 85,
    errorRatePercent: 1,
    latencyP95Ms: 500,
    diskWarnPercent: 80,
    diskCriticalPercent: 90,
    dbConnections: 100,
    slowQuerySeconds: 1,
    backupMaxAgeHours: 26,
    replicationLagSeconds: 900,
};

export const baseForDurations: ForDurations = {
    cpu: "5m",
    memory: "5m",
    errorRate: "5m",
    latency: "10m",
    instanceDown: "1m",
    podsNotReady: "15m",
    replicasUnavailable: "15m",
    disk: "5m",
    databaseDown: "1m",
    dbConnections: "5m",
    slowQueries: "5m",
    replicationLag: "5m",
};

/** What each tier changes from the base defaults before the stack's own settings apply. */
export const tierDefaults: Record<Tier, { thresholds: Partial<Thresholds>; for: Partial<ForDurations>; pageOnCritical: boolean }> = {
    dev: { thresholds: { errorRatePercent: 5, latencyP95Ms: 1000 }, for: { cpu: "15m", memory: "15m", errorRate: "15m", instanceDown: "5m" }, pageOnCritical: false },
    staging: { thresholds: { errorRatePercent: 2 }, for: { cpu: "10m", memory: "10m" }, pageOnCritical: false },
    production: { thresholds: {}, for: {}, pageOnCritical: true },
};

export interface ResolvedAlerting {
    readonly enabled: boolean;
    readonly thresholds: Thresholds;
    readonly for: ForDurations;
    /** Whether `critical` goes to the paging receiver (true) or the chat receiver (false). */
    readonly pageOnCritical: boolean;
    readonly receivers: AlertsConfig["receivers"];
}

/** Applies, in order: base defaults, the tier's defaults, the stack's settings, the stack's settings for this tier. */
export function resolveAlerting(parsed: AlertsConfig, tier: Tier): ResolvedAlerting {
    const t = tierDefaults[tier];
    const env = parsed.environments[tier];
    return {
        enabled: parsed.enabled,
        thresholds: { ...baseThresholds, ...t.thresholds, ...parsed.thresholds, ...(env?.thresholds ?? {}) },
        for: { ...baseForDurations, ...t.for, ...parsed.for, ...(env?.for ?? {}) },
        pageOnCritical: env?.pageOnCritical ?? parsed.pageOnCritical ?? t.pageOnCritical,
        receivers: parsed.receivers,
    };
}

/** Rules that need the resolved values. Messages say what was found and what is allowed. */
export function alertingProblems(r: ResolvedAlerting, tier: Tier): string[] {
    const problems: string[] = [];
    if (r.thresholds.diskWarnPercent >= r.thresholds.diskCriticalPercent) {
        problems.push(`alerts: diskWarnPercent (${r.thresholds.diskWarnPercent}) must be below diskCriticalPercent (${r.thresholds.diskCriticalPercent})`);
    }
    if (r.enabled && tier === "production" && r.receivers.paging === undefined) {
        problems.push("alerts: a production stack needs receivers.paging (type pagerduty or webhook, secretKey naming a key under platform:secrets)");
    }
    if (r.enabled && tier !== "dev" && r.receivers.chat === undefined && r.receivers.paging === undefined) {
        problems.push(`alerts: no receiver configured for tier ${tier}; set receivers.chat and/or receivers.paging`);
    }
    return problems;
}

/** The `platform:secrets` keys the receivers reference (for the cross-key check that they exist). */
export function receiverSecretKeys(parsed: AlertsConfig): string[] {
    return [parsed.receivers.paging?.secretKey, parsed.receivers.chat?.secretKey].filter((k): k is string => k !== undefined);
}

/** What the install's cross-key rules read besides `platform:monitoring` (its namespace is the platform's, fixed by the schema). */
export interface InstallContext {
    readonly secretNames: readonly string[];
}

/** Cross-key rules of `platform:monitoring.install` (paths relative to `platform:`). */
export function monitoringInstallProblems(m: MonitoringConfig, context: InstallContext): Array<{ path: (string | number)[]; message: string; found?: unknown }> {
    const install = m.install;
    if (!install.enabled) return [];
    const problems: Array<{ path: (string | number)[]; message: string; found?: unknown }> = [];
    const at = ["monitoring", "install"];
    const admin = install.grafanaAdminPassword;
    if (admin === undefined) {
        problems.push({
            path: [...at, "grafanaAdminPassword"],
            message: "expected { secretKey: <name of a key under platform:secrets> } because install.enabled is true: the chart's default Grafana admin password is public, found nothing",
        });
    } else if (!context.secretNames.includes(admin.secretKey)) {
        problems.push({
            path: [...at, "grafanaAdminPassword", "secretKey"],
            message: `expected the name of a key under platform:secrets (\`pulumi config set --secret --path 'platform:secrets.${admin.secretKey}' <password>\`)`,
            found: admin.secretKey,
        });
    }
    return problems;
}
