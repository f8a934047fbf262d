// The platform's gate policy (stacks/gatePolicy.ts) applied to an app's strategy: allowed gate images and
// Prometheus endpoints, threshold floors, custom checks on the app's own series. Pure: `crossKeyProblems` runs
// it before anything is registered.
import { isDeepStrictEqual } from "node:util";
import { GATE_POLICY, type GatePolicy } from "../gatePolicy";
import type { AppConfig } from "./apps";
import type { Tier } from "./platform";
import { durationSeconds } from "./common";
import { prometheusEgress, type Problem } from "./progressive";
import { selectsOnly } from "./promqlSeries";
import type { AnalysisConfig } from "./strategies";

const WHERE = "stacks/gatePolicy.ts";

/**
 * The egress an analysis gate gets: the platform's for an allowed Prometheus (a stack cannot widen it), otherwise
 * as configured or derived from the URL (tiers without an allow-list).
 */
export function analysisEgress(analysis: AnalysisConfig, tier: Tier, policy: GatePolicy = GATE_POLICY[tier]): ReturnType<typeof prometheusEgress> {
    const allowed = policy.prometheus?.find((p) => p.url === analysis.prometheusUrl);
    return allowed ? allowed.egress : prometheusEgress(analysis);
}

/** Every way an app's gates fall short of the tier's policy (empty for strategies without gates). */
export function gatePolicyProblems(app: AppConfig, tier: Tier, namespace: string, policy: GatePolicy = GATE_POLICY[tier]): Problem[] {
    const s = app.strategy;
    if (s.type !== "blueGreen" && s.type !== "canary") return [];
    const problems: Problem[] = [];
    if (s.gateImage !== undefined && policy.gateImages !== undefined && !policy.gateImages.includes(s.gateImage)) {
        problems.push({ path: ["strategy", "gateImage"], message: `expected a gate image the platform allows in ${tier} (${WHERE}): ${policy.gateImages.join(", ")}`, found: s.gateImage });
    }
    if (s.analysis === undefined) return problems;
    const a = s.analysis;
    const at = (key: string, ...rest: Array<string | number>) => ["strategy", "analysis", key, ...rest];
    if (policy.prometheus !== undefined) {
        const allowed = policy.prometheus.find((p) => p.url === a.prometheusUrl);
        if (allowed === undefined) {
            problems.push({ path: at("prometheusUrl"), message: `expected a Prometheus the platform allows in ${tier} (${WHERE}): ${policy.prometheus.map((p) => p.url).join(", ")}`, found: a.prometheusUrl });
        } else if (a.prometheusEgress !== undefined && !isDeepStrictEqual({ ...a.prometheusEgress }, { ...allowed.egress })) {
            problems.push({ path: at("prometheusEgress"), message: `expected no prometheusEgress, or exactly the platform's for ${allowed.url} (${JSON.stringify(allowed.egress)})`, found: a.prometheusEgress });
        }
    }
    const f = policy.floors;
    const floor = `in ${tier} (floor in ${WHERE})`;
    if (a.successRatePercent < f.minSuccessRatePercent) problems.push({ path: at("successRatePercent"), message: `expected at least ${f.minSuccessRatePercent} ${floor}`, found: a.successRatePercent });
    if (a.latencyP99Ms > f.maxLatencyP99Ms) problems.push({ path: at("latencyP99Ms"), message: `expected at most ${f.maxLatencyP99Ms} ${floor}`, found: a.latencyP99Ms });
    if (a.samples < f.minSamples) problems.push({ path: at("samples"), message: `expected at least ${f.minSamples} ${floor}`, found: a.samples });
    if (durationSeconds(a.interval) < f.minIntervalSeconds) problems.push({ path: at("interval"), message: `expected at least ${f.minIntervalSeconds}s ${floor}`, found: a.interval });
    // A walked release samples each step once per interval: the step must hold the floor's samples too.
    const auto = s.auto;
    if (auto !== undefined && durationSeconds(auto.stepDuration) < f.minSamples * durationSeconds(a.interval)) {
        problems.push({ path: ["strategy", "auto", "stepDuration"], message: `expected at least ${f.minSamples} analysis intervals (${f.minSamples} x ${a.interval}: the samples each step must take ${floor})`, found: auto.stepDuration });
    }
    const analysisSeconds = a.samples * durationSeconds(a.interval);
    if (analysisSeconds > policy.maxAnalysisSeconds) {
        problems.push({ path: at("samples"), message: `expected samples x interval of at most ${policy.maxAnalysisSeconds}s in ${tier} (ceiling in ${WHERE}): each gate holds the update while it samples, and ${a.samples} x ${a.interval} is ${analysisSeconds}s`, found: a.samples });
    }
    if (auto !== undefined) {
        const steps = s.type === "canary" ? s.steps.length : s.auto!.steps.length;
        const releaseSeconds = steps * durationSeconds(auto.stepDuration);
        if (releaseSeconds > policy.maxReleaseSeconds) {
            problems.push({ path: ["strategy", "auto", "stepDuration"], message: `expected steps x stepDuration of at most ${policy.maxReleaseSeconds}s in ${tier} (ceiling in ${WHERE}): the release is walked inside one update, and ${steps} x ${auto.stepDuration} is ${releaseSeconds}s`, found: auto.stepDuration });
        }
    }
    const own = { namespace, app: app.name };
    a.checks.forEach((c, i) => {
        if (!selectsOnly(c.query, own)) {
            problems.push({
                path: at("checks", i, "query"),
                message: `expected valid PromQL whose every series selector carries namespace="${namespace}" and app="${app.name}" (a check must judge this app's series)`,
                found: c.query,
            });
        }
    });
    return problems;
}
