import { APP_METRICS, SERIES_LABELS } from "../conventions";
import { num, str, type AppRuleInput, type PromRule, type PromRuleGroup, type RuleContext } from "./types";

/** Windows the error ratio is recorded over (the burn-rate pairs below use them). */
export const SLO_WINDOWS = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"] as const;
export type SloWindow = (typeof SLO_WINDOWS)[number];

/** Name of the recorded 5xx ratio over one window (labels: namespace, app). */
export function errorRatioRecord(window: SloWindow): string {
    return `namespace_app:http_requests_error_ratio:rate${window}`;
}

/**
 * Multi-window, multi-burn-rate alerts (Google SRE workbook, "Alerting on SLOs"):
 * an alert fires when both the long and the short window burn the error budget faster than `burnRate`.
 */
export const BURN_RATES = [
    { alert: "AppErrorBudgetBurnFast", long: "1h", short: "5m", burnRate: 14.4, severity: "critical" },
    { alert: "AppErrorBudgetBurnHigh", long: "6h", short: "30m", burnRate: 6, severity: "critical" },
    { alert: "AppErrorBudgetBurnModerate", long: "1d", short: "2h", burnRate: 3, severity: "warning" },
    { alert: "AppErrorBudgetBurnSlow", long: "3d", short: "6h", burnRate: 1, severity: "warning" },
] as const satisfies ReadonlyArray<{ alert: string; long: SloWindow; short: SloWindow; burnRate: number; severity: "critical" | "warning" }>;

/** Recording rules: the 5xx ratio of every app of the namespace, per window (one group per environment). */
export function sloRecordingGroup(ctx: RuleContext): PromRuleGroup {
    const selector = `namespace=${str(ctx.namespace)}`;
    const errors = `${APP_METRICS.statusLabel}=~"5.."`;
    const by = `sum by (namespace, ${SERIES_LABELS.app})`;
    return {
        name: `${ctx.namespace}.slo-records`,
        rules: SLO_WINDOWS.map((w) => ({
            record: errorRatioRecord(w),
            expr: `${by} (rate(${APP_METRICS.requests}{${selector}, ${errors}}[${w}])) / ${by} (rate(${APP_METRICS.requests}{${selector}}[${w}]))`,
        })),
    };
}

/** The error-rate threshold alert and the burn-rate alerts of one app (reading `sloRecordingGroup`'s series). */
export function sloRuleGroup(app: AppRuleInput, ctx: RuleContext): PromRuleGroup {
    const selector = `namespace=${str(ctx.namespace)}, ${SERIES_LABELS.app}=${str(app.name)}`;
    const budget = 1 - app.availabilityTarget / 100;
    const labels = (severity: "critical" | "warning") => ({ severity, namespace: ctx.namespace, app: app.name });
    const errorRate: PromRule = {
        alert: "AppHighErrorRate",
        expr: `100 * ${errorRatioRecord("5m")}{${selector}} > ${num(ctx.thresholds.errorRatePercent)}`,
        for: ctx.for.errorRate,
        labels: labels("critical"),
        annotations: {
            summary: `More than ${num(ctx.thresholds.errorRatePercent)}% of requests fail`,
            description: `${app.name} answers with 5xx on more than the allowed share of requests.`,
        },
    };
    const burns: PromRule[] = BURN_RATES.map((b) => {
        const limit = `(${num(b.burnRate)} * ${num(budget)})`;
        return {
            alert: b.alert,
            expr: `${errorRatioRecord(b.long)}{${selector}} > ${limit} and ${errorRatioRecord(b.short)}{${selector}} > ${limit}`,
            labels: { ...labels(b.severity), slo: "availability", long_window: b.long, burn_rate: num(b.burnRate) },
            annotations: {
                summary: `Error budget of the ${num(app.availabilityTarget)}% availability SLO burning ${num(b.burnRate)}x too fast`,
                description: `${app.name} burns its error budget ${num(b.burnRate)} times faster than allowed over ${b.long} and ${b.short}.`,
            },
        };
    });
    return { name: `${ctx.namespace}.${app.name}.slo`, rules: [errorRate, ...burns] };
}
