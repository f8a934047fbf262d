import type { ForDurations, Thresholds } from "../../../stacks/schema/observability";

/** One rule in Prometheus's rule file format. */
export interface PromRule {
    readonly alert?: string;
    readonly record?: string;
    readonly expr: string;
    readonly for?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
}

export interface PromRuleGroup {
    readonly name: string;
    readonly rules: PromRule[];
}

/** What every rule builder needs: the namespace the environment runs in and the resolved thresholds. */
export interface RuleContext {
    /** Namespace of the environment; every expression is scoped to it and every alert carries it. */
    readonly namespace: string;
    readonly thresholds: Thresholds;
    readonly for: ForDurations;
}

/** One app as the rules see it. */
export interface AppRuleInput {
    /** App name (`app.kubernetes.io/name`, container name, Deployment name prefix). */
    readonly name: string;
    /** Tracks the app runs (e.g. ["stable", "canary"]); empty for a single Deployment named after the app. */
    readonly tracks: readonly string[];
    /** Availability SLO in percent, e.g. 99.9. */
    readonly availabilityTarget: number;
    /** p95 latency objective in ms; default the context's latencyP95Ms. */
    readonly latencyMs?: number;
}

/** A PromQL string literal (double-quoted, escaped). */
export function str(value: string): string {
    return JSON.stringify(value);
}

/** Deployment names of an app: `<app>` or `<app>-<track>` per track. */
export function deploymentNames(app: AppRuleInput): string[] {
    return app.tracks.length === 0 ? [app.name] : app.tracks.map((t) => `${app.name}-${t}`);
}

/** Formats a number for PromQL without float noise (0.1 * 3 → 0.3). */
export function num(value: number): string {
    return String(Number(value.toPrecision(12)));
}
