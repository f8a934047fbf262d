// What a stack may choose for its rollout gates, per tier. Owned by the platform: this file is code, reviewed and
// shipped with the program, and no `Pulumi.<stack>.yaml` key can widen it (a stack file only picks from it). A gate
// image that always exits 0, a Prometheus that always answers "healthy", or thresholds no release can fail would
// otherwise turn every gate into a formality while the release manifest still records "verified".
import { DEFAULT_GATE_IMAGE } from "../components/kubernetes/gateSpec";
import type { Tier } from "./schema/platform";

/** Where an analysis gate may connect to reach Prometheus (its egress NetworkPolicy). */
export interface AllowedPrometheus {
    /** The exact base URL `strategy.analysis.prometheusUrl` must name. */
    readonly url: string;
    /** The egress the gate gets for it; a stack's `prometheusEgress`, when set, must be exactly this. */
    readonly egress: { readonly namespace: string; readonly podLabels: Readonly<Record<string, string>>; readonly port: number };
}

/** The least a canary analysis may demand. */
export interface AnalysisFloors {
    /** `successRatePercent` at least this. */
    readonly minSuccessRatePercent: number;
    /** `latencyP99Ms` at most this. */
    readonly maxLatencyP99Ms: number;
    /** `samples` at least this. */
    readonly minSamples: number;
    /** `interval` at least this many seconds. */
    readonly minIntervalSeconds: number;
}

export interface GatePolicy {
    /** Images `strategy.gateImage` may name (each pinned by digest). Undefined: any image pinned by digest. */
    readonly gateImages?: readonly string[];
    /** Prometheus endpoints analysis gates may query. Undefined: any URL (egress derived or configured). */
    readonly prometheus?: readonly AllowedPrometheus[];
    readonly floors: AnalysisFloors;
    /**
     * The most traffic a canary's first step may take: it follows only a smoke test, before any analysis has
     * seen the canary's traffic. The pack's k8s-canary-steps-rising holds the same bound (`maxFirstStep` in
     * policies/config/<tier>.json; test/policies/tierAgreement.test.ts keeps the two equal).
     */
    readonly maxFirstStepPercent: number;
    /** The longest an analysis may run (`samples` x `interval`): a gate of 100 hours holds the update that long. */
    readonly maxAnalysisSeconds: number;
    /** The longest a release walked by one update may take (its steps x `auto.stepDuration`). */
    readonly maxReleaseSeconds: number;
}

/** The in-cluster Prometheus the platform installs (kube-prometheus-stack in `monitoring`). */
const PLATFORM_PROMETHEUS: AllowedPrometheus = {
    url: "http://prometheus-operated.monitoring:9090",
    egress: { namespace: "monitoring", podLabels: { "app.kubernetes.io/name": "prometheus" }, port: 9090 },
};

/**
 * Staging's verdict is what production promotes, so staging gates are held to production's standard. Dev may
 * experiment (any pinned gate image, any Prometheus) within looser floors.
 */
export const GATE_POLICY: Readonly<Record<Tier, GatePolicy>> = {
    dev: {
        floors: { minSuccessRatePercent: 90, maxLatencyP99Ms: 5000, minSamples: 1, minIntervalSeconds: 10 },
        maxFirstStepPercent: 100,
        maxAnalysisSeconds: 3600,
        maxReleaseSeconds: 6 * 3600,
    },
    staging: {
        gateImages: [DEFAULT_GATE_IMAGE],
        prometheus: [PLATFORM_PROMETHEUS],
        floors: { minSuccessRatePercent: 99, maxLatencyP99Ms: 1000, minSamples: 3, minIntervalSeconds: 60 },
        maxFirstStepPercent: 25,
        maxAnalysisSeconds: 3600,
        maxReleaseSeconds: 6 * 3600,
    },
    production: {
        gateImages: [DEFAULT_GATE_IMAGE],
        prometheus: [PLATFORM_PROMETHEUS],
        floors: { minSuccessRatePercent: 99, maxLatencyP99Ms: 1000, minSamples: 3, minIntervalSeconds: 60 },
        maxFirstStepPercent: 25,
        maxAnalysisSeconds: 3600,
        maxReleaseSeconds: 6 * 3600,
    },
};
