import { createHash } from "crypto";
import { APP_METRICS, SERIES_LABELS } from "./conventions";
import { errorRatioRecord } from "./rules/slo";
import { num } from "./rules/types";

/** What a dashboard is drawn for. */
export interface DashboardInput {
    readonly namespace: string;
    readonly app: string;
    /** Tracks the app runs; empty for a single Deployment named after the app. */
    readonly tracks: readonly string[];
    /** Availability objective in percent (drawn as the error budget line). */
    readonly availabilityTarget: number;
    /** p95 latency objective in milliseconds (drawn as a threshold). */
    readonly latencyMs: number;
}

interface Target { readonly expr: string; readonly legendFormat: string; readonly refId: string }
interface Panel {
    readonly id: number;
    readonly type: "timeseries";
    readonly title: string;
    readonly gridPos: { h: number; w: number; x: number; y: number };
    readonly datasource: { type: "prometheus"; uid: "${datasource}" };
    readonly fieldConfig: { defaults: Record<string, unknown>; overrides: [] };
    readonly options: Record<string, unknown>;
    readonly targets: Target[];
}

/** Stable dashboard uid (Grafana allows 40 characters): same namespace and app, same uid. */
export function dashboardUid(namespace: string, app: string): string {
    return `app-${createHash("sha256").update(`${namespace}/${app}`).digest("hex").slice(0, 16)}`;
}

/** Every PromQL expression of a dashboard (for parsing in tests). */
export function dashboardExpressions(dashboard: { panels: ReadonlyArray<{ targets: ReadonlyArray<{ expr: string }> }> }): string[] {
    return dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
}

/**
 * The Grafana dashboard of one app, generated from code: traffic, errors, latency, saturation,
 * replicas and the split between tracks. Deterministic: the same input gives the same JSON.
 */
export function appDashboard(input: DashboardInput) {
    const sel = `namespace=${JSON.stringify(input.namespace)}, ${SERIES_LABELS.app}=${JSON.stringify(input.app)}`;
    const container = `namespace=${JSON.stringify(input.namespace)}, container=${JSON.stringify(input.app)}`;
    const deployments = input.tracks.length === 0 ? input.app : input.tracks.map((t) => `${input.app}-${t}`).join("|");
    const requests = (extra = "") => `rate(${APP_METRICS.requests}{${sel}${extra}}[5m])`;
    const errors = `, ${APP_METRICS.statusLabel}=~"5.."`;
    const quantile = (q: number) => `histogram_quantile(${q}, sum by (le) (rate(${APP_METRICS.durationBucket}{${sel}}[5m])))`;
    const usage = (inner: string, resource: string) =>
        `100 * sum by (pod) (${inner}) / sum by (pod) (kube_pod_container_resource_limits{${container}, resource="${resource}"})`;
    const budget = 1 - input.availabilityTarget / 100;

    const specs: Array<{ title: string; unit: string; targets: Array<[string, string]>; threshold?: number; stacked?: boolean }> = [
        { title: "Request rate", unit: "reqps", targets: [[`sum by (track) (${requests()})`, "{{track}}"], [`sum(${requests()})`, "total"]] },
        { title: "Error rate (5xx)", unit: "percent", targets: [[`100 * sum(${requests(errors)}) / sum(${requests()})`, "errors"]], threshold: 100 * budget },
        {
            title: "Latency",
            unit: "s",
            targets: [[quantile(0.5), "p50"], [quantile(0.95), "p95"], [quantile(0.99), "p99"]],
            threshold: input.latencyMs / 1000,
        },
        { title: "CPU against limit", unit: "percent", targets: [[usage(`rate(container_cpu_usage_seconds_total{${container}}[5m])`, "cpu"), "{{pod}}"]], threshold: 100 },
        { title: "Memory against limit", unit: "percent", targets: [[usage(`container_memory_working_set_bytes{${container}}`, "memory"), "{{pod}}"]], threshold: 100 },
        {
            title: "Replicas available",
            unit: "short",
            targets: [
                [`sum by (deployment) (kube_deployment_status_replicas_available{namespace=${JSON.stringify(input.namespace)}, deployment=~"${deployments}"})`, "{{deployment}} available"],
                [`sum by (deployment) (kube_deployment_spec_replicas{namespace=${JSON.stringify(input.namespace)}, deployment=~"${deployments}"})`, "{{deployment}} desired"],
            ],
        },
        {
            title: "Traffic split by track",
            unit: "percent",
            targets: [[`100 * sum by (track) (${requests()}) / ignoring (track) group_left sum(${requests()})`, "{{track}}"]],
            stacked: true,
        },
        { title: "Error budget burn rate (1h)", unit: "short", targets: [[`${errorRatioRecord("1h")}{${sel}} / ${num(budget)}`, "burn rate"]], threshold: 1 },
    ];

    const panels: Panel[] = specs.map((s, i) => ({
        id: i + 1,
        type: "timeseries",
        title: s.title,
        gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
        datasource: { type: "prometheus", uid: "${datasource}" },
        fieldConfig: {
            defaults: {
                unit: s.unit,
                custom: { stacking: { mode: s.stacked ? "normal" : "none" } },
                ...(s.threshold !== undefined
                    ? { thresholds: { mode: "absolute", steps: [{ color: "green", value: null }, { color: "red", value: s.threshold }] }, custom: { thresholdsStyle: { mode: "line" }, stacking: { mode: "none" } } }
                    : {}),
            },
            overrides: [],
        },
        options: { legend: { displayMode: "list", placement: "bottom" }, tooltip: { mode: "multi" } },
        targets: s.targets.map(([expr, legendFormat], j) => ({ expr, legendFormat, refId: String.fromCharCode(65 + j) })),
    }));

    return {
        uid: dashboardUid(input.namespace, input.app),
        title: `${input.app} (${input.namespace})`,
        tags: ["platform", input.namespace, input.app],
        timezone: "utc",
        schemaVersion: 39,
        version: 1,
        editable: false,
        time: { from: "now-6h", to: "now" },
        refresh: "1m",
        templating: {
            list: [{ name: "datasource", type: "datasource", query: "prometheus", label: "Data source", current: {} }],
        },
        panels,
    };
}
