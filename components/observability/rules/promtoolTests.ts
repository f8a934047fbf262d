import { K8S_LABELS, ksmLabel } from "../conventions";
import type { DataRuleOptions } from "./data";
import { BURN_RATES } from "./slo";
import { deploymentNames, num, type AppRuleInput, type PromRule, type PromRuleGroup, type RuleContext } from "./types";

/**
 * Generates `promtool test rules` unit tests for the rule groups built from the same inputs:
 * for every alert, a synthetic bad series on which it fires (with its exact labels and annotations)
 * and a healthy series on which it stays silent. promtool is the judge; this file only sets the scene.
 */

type Labels = Record<string, string>;
interface Series { readonly series: string; readonly values: string }
interface ExpAlert { readonly exp_labels: Labels; readonly exp_annotations: Labels }
export interface PromtoolTestGroup {
    readonly name: string;
    readonly interval: string;
    readonly input_series: Series[];
    readonly alert_rule_test: Array<{ eval_time: string; alertname: string; exp_alerts: ExpAlert[] }>;
}
export interface PromtoolTestFile {
    readonly rule_files: string[];
    readonly evaluation_interval: string;
    readonly tests: PromtoolTestGroup[];
}

const UNIT: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };
/** Seconds in a Prometheus duration ("1h30m" → 5400). */
export function durationSeconds(d: string | undefined): number {
    let total = 0;
    for (const m of (d ?? "0s").matchAll(/(?<![0-9])([0-9]+)(ms|s|m|h|d|w|y)/g)) total += Number(m[1]) * UNIT[m[2]];
    return total;
}

function sel(metric: string, labels: Labels): string {
    return `${metric}{${Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ")}}`;
}
/** A counter rising by `perMinute` at each 1m sample, for as many samples as the test needs (`{N}`). */
const counter = (perMinute: number): string => `0+${num(perMinute)}x{N}`;

/** Renders the `{{ $labels.x }}` placeholders the rules use (the only template feature they use). */
function render(annotations: Readonly<Record<string, string>> | undefined, labels: Labels): Labels {
    return Object.fromEntries(
        Object.entries(annotations ?? {}).map(([k, v]) => [k, v.replace(/\{\{ \$labels\.([A-Za-z0-9_]+) \}\}/g, (_, l: string) => labels[l] ?? "")]),
    );
}

/** One expected alert: the labels of the expression's output sample, and static labels naming which rule produced it. */
interface Firing {
    readonly series: Labels;
    /** Static labels of the producing rule, to tell apart rules sharing an alert name (per app, per severity). */
    readonly rule?: Labels;
}

interface Case {
    readonly alert: string;
    readonly label: string;
    readonly series: Series[];
    /** Expected alerts (empty = must stay silent). */
    readonly fires: Firing[];
    /** Evaluation time in minutes (default: the longest `for` of the alert's rules plus 10 minutes). */
    readonly evalMinutes?: number;
}

/** The test file for `ruleFile` (relative to the test file) covering every alert of `groups`. */
export function promtoolTests(ruleFile: string, groups: readonly PromRuleGroup[], ctx: RuleContext, apps: readonly AppRuleInput[], data: DataRuleOptions = {}): PromtoolTestFile {
    const rules = new Map<string, PromRule[]>();
    for (const r of groups.flatMap((g) => g.rules)) if (r.alert) rules.set(r.alert, [...(rules.get(r.alert) ?? []), r]);
    const cases = [...apps.flatMap((a) => appCases(a, ctx)), ...platformCases(ctx), ...dataCases(ctx, data)];
    const tests = cases.map((c): PromtoolTestGroup => {
        const candidates = rules.get(c.alert) ?? [];
        const forMinutes = Math.max(0, ...candidates.map((r) => Math.ceil(durationSeconds(r.for) / 60)));
        const evalMinutes = c.evalMinutes ?? forMinutes + 10;
        const exp = c.fires.map((f): ExpAlert => {
            const rule = candidates.find((r) => Object.entries(f.rule ?? {}).every(([k, v]) => r.labels?.[k] === v));
            if (rule === undefined) throw new Error(`no rule ${c.alert} with labels ${JSON.stringify(f.rule ?? {})}`);
            // Prometheus expands annotation templates with the sample's labels, then adds the rule's static labels.
            return { exp_labels: { ...f.series, ...(rule.labels ?? {}) }, exp_annotations: render(rule.annotations, f.series) };
        });
        return {
            name: `${c.alert} ${c.label}`,
            interval: "1m",
            input_series: c.series.map((s) => ({ series: s.series, values: s.values.replace(/\{N\}/g, String(evalMinutes + 5)) })),
            alert_rule_test: [{ eval_time: `${evalMinutes}m`, alertname: c.alert, exp_alerts: exp }],
        };
    });
    return { rule_files: [ruleFile], evaluation_interval: "1m", tests };
}

function appCases(app: AppRuleInput, ctx: RuleContext): Case[] {
    const t = ctx.thresholds;
    const ns = ctx.namespace;
    const track = app.tracks[0];
    const pod = `${deploymentNames(app)[0]}-5d8f7c9b6-x2x4z`;
    const scraped: Labels = { namespace: ns, app: app.name, ...(track ? { track } : {}), pod, job: deploymentNames(app)[0] };
    const container = { namespace: ns, pod, container: app.name };
    const cases: Case[] = [];
    const rule = { app: app.name };
    const both = (alert: string, make: (bad: boolean) => Series[], fires: Labels) => {
        cases.push({ alert, label: `fires for ${app.name}`, series: make(true), fires: [{ series: fires, rule }] });
        cases.push({ alert, label: `stays silent for ${app.name}`, series: make(false), fires: [] });
    };
    const above = (p: number) => (p + (100 - p) / 2) / 100;
    both("AppHighCpu", (bad) => [
        { series: sel("container_cpu_usage_seconds_total", container), values: counter(60 * (bad ? above(t.cpuPercent) : t.cpuPercent / 200)) },
        { series: sel("kube_pod_container_resource_limits", { ...container, resource: "cpu" }), values: "1x{N}" },
    ], container);
    const gi = 1073741824;
    both("AppHighMemory", (bad) => [
        { series: sel("container_memory_working_set_bytes", container), values: `${num(Math.round(gi * (bad ? above(t.memoryPercent) : t.memoryPercent / 200)))}x{N}` },
        { series: sel("kube_pod_container_resource_limits", { ...container, resource: "memory" }), values: `${gi}x{N}` },
    ], container);
    both("AppInstanceDown", (bad) => [{ series: sel("up", scraped), values: bad ? "0x{N}" : "1x{N}" }], scraped);
    both("AppPodNotReady", (bad) => [{ series: sel("kube_pod_container_status_ready", container), values: bad ? "0x{N}" : "1x{N}" }], { namespace: ns, pod });
    const deployment = { namespace: ns, deployment: deploymentNames(app)[0] };
    both("AppReplicasUnavailable", (bad) => [
        { series: sel("kube_deployment_status_replicas_unavailable", deployment), values: bad ? "1x{N}" : "0x{N}" },
        // Another app's Deployment with a shared name prefix must not count.
        { series: sel("kube_deployment_status_replicas_unavailable", { namespace: ns, deployment: `${app.name}x` }), values: "3x{N}" },
    ], deployment);
    const target = (app.latencyMs ?? t.latencyP95Ms) / 1000;
    const buckets = [target / 4, target / 2, target, 2 * target, 4 * target];
    both("AppHighLatencyP95", (bad) => [...buckets.map(String), "+Inf"].map((le, i) => ({
        series: sel("http_request_duration_seconds_bucket", { ...scraped, le: le === "+Inf" ? le : num(Number(le)) }),
        values: counter(bad ? (i >= 4 ? 100 : 0) : 100),
    })), { namespace: ns, app: app.name });
    const requests = (errorRatio: number): Series[] => {
        const total = 100000;
        const errors = Math.round(total * errorRatio);
        return [
            { series: sel("http_requests_total", { ...scraped, code: "200" }), values: counter(total - errors) },
            { series: sel("http_requests_total", { ...scraped, code: "503" }), values: counter(errors) },
        ];
    };
    const rate = t.errorRatePercent / 100;
    both("AppHighErrorRate", (bad) => requests(bad ? Math.min(0.9, rate * 2) : rate / 2), { namespace: ns, app: app.name });
    const budget = 1 - app.availabilityTarget / 100;
    for (const b of BURN_RATES) {
        cases.push({ alert: b.alert, label: `fires for ${app.name} at ${num(b.burnRate * 1.5)}x budget`, series: requests(Math.min(0.9, b.burnRate * budget * 1.5)), fires: [{ series: { namespace: ns, app: app.name }, rule }], evalMinutes: 15 });
        cases.push({ alert: b.alert, label: `stays silent for ${app.name} at ${num(b.burnRate * 0.5)}x budget`, series: requests(b.burnRate * budget * 0.5), fires: [], evalMinutes: 15 });
    }
    return cases;
}

function platformCases(ctx: RuleContext): Case[] {
    const t = ctx.thresholds;
    const ns = ctx.namespace;
    const pvc = { namespace: ns, persistentvolumeclaim: "data-postgres-0" };
    const volume = (percent: number): Series[] => [
        { series: sel("kubelet_volume_stats_used_bytes", { ...pvc, node: "node-a" }), values: `${percent}x{N}` },
        { series: sel("kubelet_volume_stats_capacity_bytes", { ...pvc, node: "node-a" }), values: "100x{N}" },
    ];
    const between = (t.diskWarnPercent + t.diskCriticalPercent) / 2;
    const gate = { namespace: ns, job_name: "web-gate-v2-step1" };
    const gateSeries = (failed: boolean): Series[] => [
        { series: sel("kube_job_status_failed", { ...gate, reason: "BackoffLimitExceeded" }), values: failed ? "1x{N}" : "0x{N}" },
        { series: sel("kube_job_labels", { ...gate, [ksmLabel(K8S_LABELS.gate)]: "analysis", [ksmLabel(K8S_LABELS.app)]: "rollout-gate", [ksmLabel(K8S_LABELS.gateApp)]: "web" }), values: "1x{N}" },
        // A failed Job that is not a gate must not page as a gate.
        { series: sel("kube_job_status_failed", { namespace: ns, job_name: "report-123", reason: "BackoffLimitExceeded" }), values: "1x{N}" },
        { series: sel("kube_job_labels", { namespace: ns, job_name: "report-123" }), values: "1x{N}" },
    ];
    return [
        { alert: "PersistentVolumeUsageHigh", label: "warns between the thresholds", series: volume(between), fires: [{ series: pvc, rule: { severity: "warning" } }] },
        { alert: "PersistentVolumeUsageHigh", label: "is critical above the critical threshold", series: volume(Math.min(99, t.diskCriticalPercent + 5)), fires: [{ series: pvc, rule: { severity: "warning" } }, { series: pvc, rule: { severity: "critical" } }] },
        { alert: "PersistentVolumeUsageHigh", label: "stays silent below the warning threshold", series: volume(t.diskWarnPercent / 2), fires: [] },
        { alert: "RolloutGateFailed", label: "fires for a failed gate Job", series: gateSeries(true), fires: [{ series: { ...gate, app: "web", gate: "analysis" } }] },
        { alert: "RolloutGateFailed", label: "stays silent when gates pass", series: gateSeries(false), fires: [] },
    ];
}

function dataCases(ctx: RuleContext, opts: DataRuleOptions): Case[] {
    const t = ctx.thresholds;
    const ns = ctx.namespace;
    const instance = { namespace: ns, instance: "postgres-exporter:9187" };
    const cases: Case[] = [];
    const both = (alert: string, make: (bad: boolean) => Series[], fires: Labels, evalMinutes?: number) => {
        cases.push({ alert, label: "fires", series: make(true), fires: [{ series: fires }], evalMinutes });
        cases.push({ alert, label: "stays silent", series: make(false), fires: [], evalMinutes });
    };
    if (opts.database ?? true) {
        both("DatabaseDown", (bad) => [{ series: sel("pg_up", { ...instance, job: "postgres-exporter" }), values: bad ? "0x{N}" : "1x{N}" }], { ...instance, job: "postgres-exporter" });
        both("DatabaseConnectionsHigh", (bad) => [
            { series: sel("pg_stat_database_numbackends", { ...instance, datname: "app" }), values: `${bad ? t.dbConnections : Math.floor(t.dbConnections / 4)}x{N}` },
            { series: sel("pg_stat_database_numbackends", { ...instance, datname: "postgres" }), values: `${bad ? 5 : 1}x{N}` },
        ], instance);
        both("DatabaseSlowQueries", (bad) => [
            { series: sel("pg_stat_activity_max_tx_duration", { ...instance, datname: "app", state: "active" }), values: `${num(bad ? t.slowQuerySeconds * 3 : t.slowQuerySeconds / 2)}x{N}` },
            // Idle sessions are not slow queries.
            { series: sel("pg_stat_activity_max_tx_duration", { ...instance, datname: "app", state: "idle" }), values: `${num(t.slowQuerySeconds * 100)}x{N}` },
        ], { ...instance, datname: "app" });
    }
    if (opts.replication ?? true) {
        both("DatabaseReplicationLagHigh", (bad) => [{ series: sel("pg_replication_lag_seconds", instance), values: `${num(bad ? t.replicationLagSeconds * 2 : t.replicationLagSeconds / 2)}x{N}` }], instance);
    }
    if (opts.backups ?? true) {
        const job = { namespace: ns, job_name: "postgres-backup-29000000" };
        both("BackupJobFailed", (bad) => [
            { series: sel("kube_job_status_failed", { ...job, reason: "BackoffLimitExceeded" }), values: bad ? "1x{N}" : "0x{N}" },
            { series: sel("kube_job_status_failed", { namespace: ns, job_name: "web-gate-v1-smoke", reason: "BackoffLimitExceeded" }), values: "1x{N}" },
        ], job);
        // Time starts at 0 in promtool: a success timestamp frozen at 0 ages with the clock; a rising one stays fresh.
        const lateMinutes = Math.ceil((t.backupMaxAgeHours * 60) + 10);
        const stamp = (late: boolean) => (late ? "0x{N}" : "0+60x{N}");
        const cronjob = { namespace: ns, cronjob: "postgres-backup" };
        both("BackupLate", (bad) => [{ series: sel("kube_cronjob_status_last_successful_time", cronjob), values: stamp(bad) }], cronjob, lateMinutes);
        const schedule = `${ns}-daily`;
        both("VeleroBackupLate", (bad) => [
            { series: sel("velero_backup_last_successful_timestamp", { namespace: "velero", schedule }), values: stamp(bad) },
            // Another environment's schedule is not this environment's concern.
            { series: sel("velero_backup_last_successful_timestamp", { namespace: "velero", schedule: "elsewhere-daily" }), values: "0x{N}" },
        ], { schedule }, lateMinutes);
    }
    return cases;
}
