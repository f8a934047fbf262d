// Hostile edits of the shipped production stack file that would neuter its gates: each is refused, naming the key.
import * as assert from "node:assert/strict";
import { DEFAULT_GATE_IMAGE } from "../../components/kubernetes/gateSpec";
import { GATE_POLICY } from "../../stacks/gatePolicy";
import { analysisEgress, gatePolicyProblems } from "../../stacks/schema/gateRules";
import { seriesSelectors, selectsOnly } from "../../stacks/schema/promqlSeries";
import { configProblems, shippedValues } from "../support/config";

/* eslint-disable @typescript-eslint/no-explicit-any */
const API_SERVER = { cidr: "10.0.0.1/32", port: 443 };
const EVIL_IMAGE = `ghcr.io/evil/node:20@sha256:${"e".repeat(64)}`;

/** Problems of the shipped production stack with `edit` applied to its apps (storefront: blue-green, checkout: canary). */
const problems = (edit: (apps: { storefront: any; checkout: any }) => void) =>
    configProblems(shippedValues("production", (v) => edit({ storefront: v.apps[2], checkout: v.apps[3] })), "production");

describe("gate policy: gates cannot be neutered in production", () => {
    it("the shipped production stack passes", () => {
        assert.deepEqual(problems(() => undefined), []);
    });

    it("refuses a gate image the platform does not allow (blue-green and canary)", () => {
        assert.deepEqual(problems((a) => {
            a.storefront.strategy.gateImage = EVIL_IMAGE;
            a.checkout.strategy.gateImage = EVIL_IMAGE;
        }), [
            `platform:apps[2].strategy.gateImage: expected a gate image the platform allows in production (stacks/gatePolicy.ts): ${DEFAULT_GATE_IMAGE}, found "${EVIL_IMAGE}"`,
            `platform:apps[3].strategy.gateImage: expected a gate image the platform allows in production (stacks/gatePolicy.ts): ${DEFAULT_GATE_IMAGE}, found "${EVIL_IMAGE}"`,
        ]);
        assert.deepEqual(problems((a) => (a.checkout.strategy.gateImage = DEFAULT_GATE_IMAGE)), [], "naming the allowed image is fine");
    });

    it("bounds how long a gate and a walked release may hold the update (#23 class 8)", () => {
        // 100 samples of 1h each: a 100-hour gate; 3600 s is the ceiling itself.
        assert.deepEqual(problems((a) => Object.assign(a.checkout.strategy.analysis, { samples: 100, interval: "1h" })), [
            "platform:apps[3].strategy.analysis.samples: expected samples x interval of at most 3600s in production (ceiling in stacks/gatePolicy.ts): each gate holds the update while it samples, and 100 x 1h is 360000s, found 100",
        ]);
        assert.deepEqual(problems((a) => Object.assign(a.checkout.strategy.analysis, { samples: 60, interval: "1m" })), [], "60 x 1m is the ceiling itself");
        assert.deepEqual(problems((a) => Object.assign(a.checkout.strategy.analysis, { samples: 61, interval: "1m" })).length, 1);
        // A walked canary of 4 steps: 4 x 90m = 6h is the ceiling, 4 x 91m is over it; a blue-green switch counts its own steps.
        assert.deepEqual(problems((a) => (a.checkout.strategy.auto = { stepDuration: "90m", apiServer: API_SERVER })), [], "4 x 90m is the ceiling itself");
        assert.deepEqual(problems((a) => (a.checkout.strategy.auto = { stepDuration: "91m", apiServer: API_SERVER })), [
            "platform:apps[3].strategy.auto.stepDuration: expected steps x stepDuration of at most 21600s in production (ceiling in stacks/gatePolicy.ts): the release is walked inside one update, and 4 x 91m is 21840s, found \"91m\"",
        ]);
        assert.deepEqual(problems((a) => Object.assign(a.storefront.strategy, { analysis: structuredClone(a.checkout.strategy.analysis), auto: { steps: [50, 100], stepDuration: "181m", apiServer: API_SERVER } })), [
            "platform:apps[2].strategy.auto.stepDuration: expected steps x stepDuration of at most 21600s in production (ceiling in stacks/gatePolicy.ts): the release is walked inside one update, and 2 x 181m is 21720s, found \"181m\"",
        ]);
    });

    it("refuses a Prometheus the platform does not allow, and an egress wider than the platform's", () => {
        assert.deepEqual(problems((a) => (a.checkout.strategy.analysis.prometheusUrl = "http://always-healthy.attacker:9090")), [
            "platform:apps[3].strategy.analysis.prometheusUrl: expected a Prometheus the platform allows in production (stacks/gatePolicy.ts): http://prometheus-operated.monitoring:9090, found \"http://always-healthy.attacker:9090\"",
        ]);
        assert.deepEqual(problems((a) => (a.checkout.strategy.analysis.prometheusEgress = { cidr: "0.0.0.0/0", port: 9090 })), [
            "platform:apps[3].strategy.analysis.prometheusEgress.cidr: expected a destination range of /16 or narrower for IPv4 in production: /0 is every address, found \"0.0.0.0/0\"",
            "platform:apps[3].strategy.analysis.prometheusEgress: expected no prometheusEgress, or exactly the platform's for http://prometheus-operated.monitoring:9090 ({\"namespace\":\"monitoring\",\"podLabels\":{\"app.kubernetes.io/name\":\"prometheus\"},\"port\":9090}), found {\"cidr\":\"0.0.0.0/0\",\"port\":9090}",
        ]);
    });

    it("refuses thresholds below the tier's floors, all at once", () => {
        assert.deepEqual(problems((a) => Object.assign(a.checkout.strategy.analysis, { successRatePercent: 1, latencyP99Ms: 600000, samples: 1, interval: "1s" })), [
            "platform:apps[3].strategy.analysis.successRatePercent: expected at least 99 in production (floor in stacks/gatePolicy.ts), found 1",
            "platform:apps[3].strategy.analysis.latencyP99Ms: expected at most 1000 in production (floor in stacks/gatePolicy.ts), found 600000",
            "platform:apps[3].strategy.analysis.samples: expected at least 3 in production (floor in stacks/gatePolicy.ts), found 1",
            "platform:apps[3].strategy.analysis.interval: expected at least 60s in production (floor in stacks/gatePolicy.ts), found \"1s\"",
        ]);
    });

    it("refuses custom checks that do not judge the app's own series", () => {
        const checks = [
            { name: "always-zero", query: "vector(0)", op: "<=", threshold: 1 },
            { name: "other-app", query: 'sum(rate(http_requests_total{namespace="production", app="api"}[1m]))', op: ">=", threshold: 0 },
            { name: "regex-app", query: 'sum(rate(http_requests_total{namespace="production", app=~".*"}[1m]))', op: ">=", threshold: 0 },
            { name: "half-scoped", query: 'sum(rate(errors_total{namespace="production", app="checkout"}[1m])) + sum(rate(errors_total[1m]))', op: "<=", threshold: 1 },
            { name: "broken", query: 'sum(rate(errors_total{namespace="production", app="checkout"}[1m]', op: "<=", threshold: 1 },
            { name: "payment-failures", query: 'sum(rate(payment_failures_total{namespace="production", app="checkout", track="canary"}[1m]))', op: "<=", threshold: 0.1 },
        ];
        const lines = problems((a) => (a.checkout.strategy.analysis.checks = checks));
        assert.deepEqual(lines, checks.slice(0, 5).map((c, i) => `platform:apps[3].strategy.analysis.checks[${i}].query: expected valid PromQL whose every series selector carries namespace="production" and app="checkout" (a check must judge this app's series), found ${JSON.stringify(c.query)}`));
    });

    it("a stack file cannot widen the policy: it only picks from it, and the egress comes from the platform", () => {
        const analysis = { prometheusUrl: "http://prometheus-operated.monitoring:9090", interval: "1m", samples: 3, successRatePercent: 99, latencyP99Ms: 500, checks: [] };
        assert.deepEqual(analysisEgress(analysis, "production"), GATE_POLICY.production.prometheus![0].egress);
        // Dev has no allow-list: the egress is derived from the URL, and any pinned gate image is accepted.
        assert.deepEqual(analysisEgress(analysis, "dev"), { namespace: "monitoring", port: 9090 });
        const app = { name: "checkout", strategy: { type: "blueGreen", gateImage: EVIL_IMAGE } } as any;
        assert.deepEqual(gatePolicyProblems(app, "dev", "dev"), []);
        assert.equal(gatePolicyProblems(app, "staging", "staging").length, 1, "staging, whose verdict production promotes, is held to production's standard");
    });

    it("reads series selectors with the PromQL grammar", () => {
        assert.deepEqual(seriesSelectors('rate(x{"app"="a", namespace=\'n\'}[5m])'), { selectors: [[{ name: "__name__", op: "=", value: "x" }, { name: "namespace", op: "=", value: "n" }, { name: "app", op: "=", value: "a" }]] });
        assert.deepEqual(seriesSelectors("sum(x"), { syntaxError: 5 });
        assert.equal(selectsOnly('x{app="a",namespace="n"} / y{namespace="n",app="a"}', { namespace: "n", app: "a" }), true);
        assert.equal(selectsOnly("scalar(1)", { namespace: "n", app: "a" }), false, "no series at all");
    });
});
