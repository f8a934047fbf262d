import * as assert from "node:assert/strict";
import * as path from "node:path";
import { ConfigError, parsePlatformConfig, readRawConfig } from "../../stacks/config";
import { durationSeconds } from "../../stacks/schema/common";
import { prometheusEgress } from "../../stacks/schema/progressive";
import { loadStackConfig } from "../../tools/plan/stackConfig";
import { repoRoot } from "../support/plan";

const projectDir = repoRoot;
export const fixture = (name: "bluegreen" | "canary") => path.join(projectDir, "test", "fixtures", "progressive", `${name}.yaml`);

/** What a production stack must carry besides its apps (a promotion source and a maintenance window). */
const PRODUCTION_DELIVERY = { promotion: { from: "acme/platform/staging" }, release: { maintenanceWindow: "Mon-Thu 22:00-23:00 UTC" } };

/** Raw `platform:*` values of a fixture, with `edit` applied to its first app (in another tier when given). */
function values(name: "bluegreen" | "canary", edit: (app: any) => void = () => undefined, tier?: string): Record<string, unknown> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const raw = readRawConfig(loadStackConfig(projectDir, name, fixture(name)).config);
    const apps = structuredClone(raw.apps) as any[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    edit(apps[0]);
    return { ...raw, apps, ...(tier ? { environment: { ...(raw.environment as object), tier } } : {}), ...(tier === "production" ? PRODUCTION_DELIVERY : {}) };
}

function problems(v: Record<string, unknown>): readonly string[] {
    try {
        parsePlatformConfig(v);
    } catch (e) {
        if (e instanceof ConfigError) return e.problems;
        throw e;
    }
    return [];
}

describe("progressive strategy config", () => {
    it("accepts both fixtures and fills the canary defaults", () => {
        assert.deepEqual(problems(values("bluegreen")), []);
        const c = parsePlatformConfig(values("canary"));
        const s = c.apps[0].strategy;
        assert.equal(s.type, "canary");
        if (s.type !== "canary") return;
        assert.equal(s.abort, false);
        assert.deepEqual(s.header, { name: "x-canary", value: "always" });
        assert.equal(s.analysis?.successRatePercent, 99);
        assert.equal(s.analysis?.latencyP99Ms, 500);
    });

    it("rejects weights outside 1..100", () => {
        assert.deepEqual(problems(values("canary", (a) => (a.strategy.steps = [5, 150]))), ["platform:apps[0].strategy.steps[1]: expected a number <= 100, found number 150"]);
        assert.deepEqual(problems(values("canary", (a) => (a.strategy.steps = [0, 50]))), ["platform:apps[0].strategy.steps[0]: expected a number >= 1, found number 0"]);
    });

    it("rejects steps that do not rise, naming both steps", () => {
        assert.deepEqual(problems(values("canary", (a) => (a.strategy.steps = [5, 50, 25]))), [
            "platform:apps[0].strategy.steps[2]: expected strictly rising weights, but step 2 (25) is not above step 1 (50), found number 25",
        ]);
    });

    it("rejects a step index out of range", () => {
        assert.deepEqual(problems(values("canary", (a) => (a.strategy.step = 5))), [
            "platform:apps[0].strategy.step: expected a step index 0..4 (4 promotes; steps are [5, 25, 50, 100]), found number 5",
        ]);
    });

    it("rejects a blue-green app without a health endpoint", () => {
        assert.deepEqual(problems(values("bluegreen", (a) => {
            a.probes.readiness = { type: "tcp", port: "http" };
            delete a.strategy.smokePaths;
        })), [
            "platform:apps[0].strategy.smokePaths: expected health endpoint paths for the smoke gate: the readiness probe is \"tcp\", not http, so there is no path to call (set strategy.smokePaths)",
        ]);
        // an http readiness probe is enough
        assert.deepEqual(problems(values("bluegreen", (a) => delete a.strategy.smokePaths)), []);
    });

    it("rejects a smoke port that is not one of the app's ports", () => {
        assert.deepEqual(problems(values("bluegreen", (a) => (a.strategy.smokePort = "admin"))), [
            "platform:apps[0].strategy.smokePort: expected the smoke gate's port to be one of the app's TCP ports (http, metrics), found \"admin\"",
        ]);
    });

    it("requires analysis for a canary in staging and production, not in dev", () => {
        assert.deepEqual(problems(values("canary", (a) => delete a.strategy.analysis, "production")), [
            "platform:apps[0].strategy.analysis: expected a Prometheus analysis for a canary in production (every step must be gated on metrics)",
        ]);
        assert.deepEqual(problems(values("canary", (a) => delete a.strategy.analysis)), [
            "platform:apps[0].strategy.analysis: expected a Prometheus analysis for a canary in staging (every step must be gated on metrics: staging's verdict is what production promotes)",
        ]);
        assert.deepEqual(problems(values("canary", (a) => delete a.strategy.analysis, "dev")), []);
    });

    it("bounds the first step by the tier's policy: it follows only a smoke test (#23 class 4)", () => {
        const first = (tier: string, w: number) => `platform:apps[0].strategy.steps[0]: expected a first weight of at most 25 in ${tier} (the tier's policy): the first step follows only a smoke test, before any analysis has seen the canary's traffic, found ${w}`;
        for (const tier of ["production", "staging"]) {
            assert.deepEqual(problems(values("canary", (a) => Object.assign(a.strategy, { steps: [100], step: 1 }), tier)), [first(tier, 100)], tier);
            assert.deepEqual(problems(values("canary", (a) => Object.assign(a.strategy, { steps: [99, 100], step: 1 }), tier)), [first(tier, 99)], tier);
            assert.deepEqual(problems(values("canary", (a) => Object.assign(a.strategy, { steps: [26, 100], step: 1 }), tier)), [first(tier, 26)], tier);
            assert.deepEqual(problems(values("canary", (a) => Object.assign(a.strategy, { steps: [25, 100], step: 1 }), tier)), [], `${tier}: 25 is the bound itself`);
        }
        assert.deepEqual(problems(values("canary", (a) => Object.assign(a.strategy, { steps: [100], step: 0 }), "dev")), [], "dev may move everything at once");
    });

    it("rejects a custom check that shadows a default check", () => {
        assert.deepEqual(problems(values("canary", (a) => (a.strategy.analysis.checks[0].name = "request-success-rate"))), [
            "platform:apps[0].strategy.analysis.checks[0].name: expected a check name unique among request-success-rate, request-duration-p99, found \"request-success-rate\"",
        ]);
    });

    it("needs prometheusEgress when it cannot be derived from the URL (dev: no Prometheus allow-list)", () => {
        assert.deepEqual(problems(values("canary", (a) => (a.strategy.analysis.prometheusUrl = "https://prometheus.example.com"), "dev")), [
            "platform:apps[0].strategy.analysis.prometheusEgress: expected prometheusEgress ({ namespace, podLabels, port } or { cidr, port }): it cannot be derived from the host \"prometheus.example.com\" (only from <service>.<namespace>[.svc] hosts)",
        ]);
        assert.deepEqual(problems(values("canary", (a) => {
            a.strategy.analysis.prometheusUrl = "https://prometheus.example.com";
            a.strategy.analysis.prometheusEgress = { cidr: "203.0.113.0/24", port: 443 };
        }, "dev")), []);
    });

    it("rejects an interval above an hour, an unpinned gate image, idleReplicas above replicas", () => {
        assert.deepEqual(problems(values("canary", (a) => (a.strategy.analysis.interval = "2h"))), ["platform:apps[0].strategy.analysis.interval: expected a duration between 1s and 1h, found \"2h\""]);
        assert.deepEqual(problems(values("canary", (a) => (a.strategy.gateImage = "node:20"))), ["platform:apps[0].strategy.gateImage: expected an image pinned by digest (name[:tag]@sha256:<64 hex>), found \"node:20\""]);
        assert.deepEqual(problems(values("bluegreen", (a) => (a.strategy.idleReplicas = 4))), ["platform:apps[0].strategy.idleReplicas: expected at most the app's replicas (3) on the idle colour, found 4"]);
    });

    it("derives durations and the Prometheus egress", () => {
        assert.equal(durationSeconds("1m30s"), 90);
        assert.equal(durationSeconds("1h"), 3600);
        const a = { interval: "1m", samples: 3, successRatePercent: 99, latencyP99Ms: 500, checks: [] };
        assert.deepEqual(prometheusEgress({ ...a, prometheusUrl: "http://prometheus-operated.monitoring:9090" }), { namespace: "monitoring", port: 9090 });
        assert.deepEqual(prometheusEgress({ ...a, prometheusUrl: "http://prom.obs.svc.cluster.local" }), { namespace: "obs", port: 80 });
    });
});

describe("canary auto: a release walked by one update", () => {
    const auto = (edit: (a: any) => void = () => undefined, tier?: string) => values("canary", (a) => { // eslint-disable-line @typescript-eslint/no-explicit-any
        a.strategy.step = 0;
        a.strategy.auto = { stepDuration: "3m", apiServer: { cidr: "10.0.0.1/32", port: 443 } };
        edit(a);
    }, tier);

    it("accepts a release walked at three samples per step in staging, and fills retry", () => {
        assert.deepEqual(problems(auto()), []);
        const s = parsePlatformConfig(auto()).apps[0].strategy;
        assert.ok(s.type === "canary" && s.auto?.retry === 0);
    });

    it("needs analysis, step 0 and no abort, each refused naming its key", () => {
        assert.deepEqual(problems(auto((a) => delete a.strategy.analysis)), ["platform:apps[0].strategy.auto: expected analysis with auto: a release walked in one update is held at each step only while checks watch its traffic, found an object"]);
        assert.deepEqual(problems(auto((a) => (a.strategy.step = 2))), ["platform:apps[0].strategy.step: expected step 0 with auto: the release gate walks every step itself, found number 2"]);
        assert.deepEqual(problems(auto((a) => (a.strategy.abort = true))), ["platform:apps[0].strategy.abort: expected abort false with auto: a failed check returns traffic to stable by itself, found boolean true"]);
    });

    it("each step holds at least the tier's samples: 3 intervals in staging and production, one in dev", () => {
        assert.deepEqual(problems(auto((a) => (a.strategy.auto.stepDuration = "2m59s"))), ["platform:apps[0].strategy.auto.stepDuration: expected at least 3 analysis intervals (3 x 1m: the samples each step must take in staging (floor in stacks/gatePolicy.ts)), found \"2m59s\""]);
        assert.deepEqual(problems(auto((a) => (a.strategy.auto.stepDuration = "59s"))), [
            "platform:apps[0].strategy.auto.stepDuration: expected at least the analysis interval (1m): each step is sampled at least once, found \"59s\"",
        ]);
        assert.deepEqual(problems(auto((a) => (a.strategy.auto.stepDuration = "1m"), "dev")), []);
    });

    it("a hold is one of the steps before the last, and an approval names its hold", () => {
        assert.deepEqual(problems(auto((a) => (a.strategy.auto.hold = 25))), []);
        assert.deepEqual(problems(auto((a) => Object.assign(a.strategy.auto, { hold: 25, approve: 25 }))), []);
        assert.deepEqual(problems(auto((a) => (a.strategy.auto.hold = 100))), ["platform:apps[0].strategy.auto.hold: expected one of the steps before the last (5, 25, 50): the walk holds at that weight, found number 100"]);
        assert.deepEqual(problems(auto((a) => (a.strategy.auto.hold = 30))), ["platform:apps[0].strategy.auto.hold: expected one of the steps before the last (5, 25, 50): the walk holds at that weight, found number 30"]);
        assert.deepEqual(problems(auto((a) => Object.assign(a.strategy.auto, { hold: 25, approve: 50 }))), ["platform:apps[0].strategy.auto.approve: expected 25, the hold it approves (an approval names its hold), found number 50"]);
        assert.deepEqual(problems(auto((a) => (a.strategy.auto.approve = 25))), ["platform:apps[0].strategy.auto.approve: expected no approval without a hold, found number 25"]);
    });

    it("the API server egress is bounded like any egress: never the metadata service, never a wide range", () => {
        assert.match(problems(auto((a) => (a.strategy.auto.apiServer.cidr = "169.254.169.254/32"))).join("\n"), /^platform:apps\[0\]\.strategy\.auto\.apiServer\.cidr: expected a destination outside/);
        assert.match(problems(auto((a) => (a.strategy.auto.apiServer.cidr = "10.0.0.0/8"))).join("\n"), /^platform:apps\[0\]\.strategy\.auto\.apiServer\.cidr: expected a destination range of \/16 or narrower/);
        assert.deepEqual(problems(auto((a) => (a.strategy.auto.unknown = 1))).length, 1);
    });
});

describe("blue-green auto: a switch walked, checked and undone by itself", () => {
    const analysis = { prometheusUrl: "http://prometheus-operated.monitoring:9090", interval: "1m", samples: 3 };
    const auto = (edit: (a: any) => void = () => undefined, tier?: string) => values("bluegreen", (a) => { // eslint-disable-line @typescript-eslint/no-explicit-any
        a.strategy.analysis = structuredClone(analysis);
        a.strategy.auto = { stepDuration: "3m", apiServer: { cidr: "10.0.0.1/32", port: 443 } };
        edit(a);
    }, tier);

    it("accepts a checked switch and fills an immediate switch and retry 0", () => {
        assert.deepEqual(problems(auto()), []);
        const s = parsePlatformConfig(auto()).apps[0].strategy;
        assert.ok(s.type === "blueGreen" && s.auto !== undefined);
        assert.deepEqual([s.auto.steps, s.auto.retry], [[100], 0]);
        assert.deepEqual(problems(auto((a) => (a.strategy.auto.steps = [10, 50, 100]))), []);
    });

    it("needs analysis (and analysis needs auto), a last step of 100 and a route, each refused naming its key", () => {
        assert.deepEqual(problems(auto((a) => delete a.strategy.analysis)), ["platform:apps[0].strategy.auto: expected analysis with auto: a switch is held at each step only while checks watch the new colour's traffic, found an object"]);
        assert.deepEqual(problems(auto((a) => delete a.strategy.auto)), ["platform:apps[0].strategy.analysis: expected auto with analysis: a blue-green app's checks run while its switch is walked, found an object"]);
        assert.deepEqual(problems(auto((a) => (a.strategy.auto.steps = [10, 50]))), ["platform:apps[0].strategy.auto.steps[1]: expected the last step to be 100: a switch ends with all traffic on the new colour, found number 50"]);
        assert.deepEqual(problems(auto((a) => (a.strategy.auto.steps = [50, 10, 100]))), ["platform:apps[0].strategy.auto.steps[1]: expected strictly rising weights, but step 1 (10) is not above step 0 (50), found number 10"]);
        assert.deepEqual(problems(auto((a) => delete a.route)), ["platform:apps[0].route: expected a route for a blueGreen app with strategy.auto: its switch is walked, and undone, on the route"]);
    });

    it("holds each step the tier's samples, and the analysis meets the tier's floors like a canary's", () => {
        assert.deepEqual(problems(auto((a) => (a.strategy.auto.stepDuration = "2m59s"))), ["platform:apps[0].strategy.auto.stepDuration: expected at least 3 analysis intervals (3 x 1m: the samples each step must take in staging (floor in stacks/gatePolicy.ts)), found \"2m59s\""]);
        assert.deepEqual(problems(auto((a) => (a.strategy.auto.stepDuration = "59s"), "dev")), ["platform:apps[0].strategy.auto.stepDuration: expected at least the analysis interval (1m): each step is sampled at least once, found \"59s\""]);
        assert.deepEqual(problems(auto((a) => (a.strategy.analysis.successRatePercent = 90))), ["platform:apps[0].strategy.analysis.successRatePercent: expected at least 99 in staging (floor in stacks/gatePolicy.ts), found 90"]);
        assert.match(problems(auto((a) => (a.strategy.analysis.checks = [{ name: "other", query: "sum(rate(x_total[1m]))", op: "<=", threshold: 1 }]))).join("\n"), /^platform:apps\[0\]\.strategy\.analysis\.checks\[0\]\.query: expected valid PromQL whose every series selector carries namespace="bgtest" and app="storefront"/);
        assert.match(problems(auto((a) => (a.strategy.auto.apiServer.cidr = "10.0.0.0/8"))).join("\n"), /^platform:apps\[0\]\.strategy\.auto\.apiServer\.cidr: expected a destination range of \/16 or narrower/);
    });
});
