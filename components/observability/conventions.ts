/**
 * The names observability relies on. Workloads, Services and exporters must follow them
 * (the label keys match `components/labels.ts`).
 */

/** Kubernetes label keys read by the ServiceMonitor and the rules. */
export const K8S_LABELS = {
    /** Every app's Services, Deployments and pods carry `app.kubernetes.io/name: <app>`. */
    app: "app.kubernetes.io/name",
    /** Track of a progressive-delivery app (stable, canary, blue, green); absent for rolling apps. */
    track: "platform.dev/track",
    /** Set on rollout gate Jobs (value: the gate's name). */
    gate: "platform.dev/gate",
    /** Gate Jobs name the app they gate here (their app.kubernetes.io/name is "rollout-gate"). */
    gateApp: "app.kubernetes.io/part-of",
} as const;

/** Prometheus labels the ServiceMonitor writes onto every scraped series (from the Service labels above). */
export const SERIES_LABELS = { app: "app", track: "track" } as const;

/** Application metrics every app is expected to expose (Prometheus client conventions). */
export const APP_METRICS = {
    /** Counter of handled HTTP requests with a `code` label holding the status code. */
    requests: "http_requests_total",
    /** Histogram of request durations in seconds. */
    durationBucket: "http_request_duration_seconds_bucket",
    statusLabel: "code",
} as const;

/** Turns a Kubernetes label key into the meta label Prometheus service discovery exposes for a Service. */
export function serviceMetaLabel(key: string): string {
    return `__meta_kubernetes_service_label_${key.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

/** Turns a Kubernetes label key into the label kube-state-metrics exports for it (`kube_*_labels`). */
export function ksmLabel(key: string): string {
    return `label_${key.replace(/[^A-Za-z0-9_]/g, "_")}`;
}
