import * as assert from "node:assert/strict";
import { CanarySplit, canaryPhase, routeWeights, validateCanaryPosition, type CanarySplitArgs } from "../../../components/kubernetes/canarySplit";
import { runPlan } from "../../../tools/plan/run";
import { checkoutCanary, httpRouteModel, one, record, waitsFor, webTemplate, type Plan } from "../../progressive/harness";

/* eslint-disable @typescript-eslint/no-explicit-any */
const T = {
    split: "platform:kubernetes:CanarySplit",
    app: "platform:kubernetes:AppDeployment",
    gate: "platform:kubernetes:GateJob",
    deployment: "kubernetes:apps/v1:Deployment",
    job: "kubernetes:batch/v1:Job",
    route: "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
    service: "kubernetes:core/v1:Service",
};

const custom = [{ name: "checkout-errors", query: "sum(rate(checkout_payment_failures_total[1m]))", op: "<=" as const, threshold: 0.1 }];
const base: CanarySplitArgs = checkoutCanary([5, 25, 50, 100], { custom });

const plan = (args: Partial<CanarySplitArgs>) => record("canary-test", () => new CanarySplit("checkout", { ...base, ...args }));
/** What the release manifest learns from a split: its verdict and verified images, resolved the way the plan resolves them. */
async function verdict(args: Partial<CanarySplitArgs>): Promise<{ passed: boolean; verified: string[] }> {
    const p = await runPlan({ project: "platform", stack: "canary-test", config: {}, secretKeys: [], program: () => {
        const split = new CanarySplit("checkout", { ...base, ...args });
        return { passed: split.gatesPassed, verified: split.verifiedImages };
    } });
    return p.outputs as { passed: boolean; verified: string[] };
}
const children = (p: Plan) => {
    const split = one(p, T.split, "checkout");
    return p.resources.filter((r) => r.parent === split.urn).map((r) => `${r.type} ${r.name}`).sort();
};
const deployment = (p: Plan, track: string) => one(p, T.deployment, `checkout-${track}`).inputs as any;
const image = (p: Plan, track: string) => deployment(p, track).spec.template.spec.containers[0].image as string;
const job = (p: Plan, gate: string) => one(p, T.job, `checkout-gate-${gate}-job`);
const jobName = (p: Plan, gate: string) => (job(p, gate).inputs.metadata as { name: string }).name;
const env = (p: Plan, gate: string, name: string) => ((job(p, gate).inputs.spec as any).template.spec.containers[0].env as Array<{ name: string; value: string }>).find((e) => e.name === name)?.value;
const route = (p: Plan) => one(p, T.route, "checkout-route");
const waits = (p: Plan, from: { urn: string }, to: { urn: string }) => waitsFor(p, from.urn).has(to.urn);

const parentRefs = [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "public", namespace: "gateway-system" }];
const path = { type: "PathPrefix", value: "/checkout" };
const headerRule = { matches: [{ path, headers: [{ type: "Exact", name: "x-canary", value: "always" }] }], backendRefs: [{ name: "checkout-canary", port: 80 }] };
const splitRule = (stable: number, canary: number) => ({ matches: [{ path }], backendRefs: [{ name: "checkout-stable", port: 80, weight: stable }, { name: "checkout-canary", port: 80, weight: canary }] });
/** The default rule once the canary takes no weighted traffic: stable only, no split. */
const stableRule = { matches: [{ path }], backendRefs: [{ name: "checkout-stable", port: 80 }] };
const track = (name: string) => `${T.app} checkout-${name}`;
const gate = (name: string) => `${T.gate} checkout-gate-${name}`;
/** The Service `checkout` in-cluster callers use, whatever the strategy (appIdentity.ts). */
const live = `${T.service} checkout-live`;

describe("CanarySplit", () => {
    const plans: Record<string, Plan> = {};
    before(async () => {
        plans.step0 = await plan({});
        plans.step2 = await plan({ step: 2 });
        plans.step3 = await plan({ step: 3 });
        plans.aborted = await plan({ step: 2, abort: true });
        plans.promoted = await plan({ step: 4 });
        plans.steady = await plan({ stable: base.canary, step: 4 });
        plans.noAnalysis = await plan({ step: 1, analysis: undefined });
    });

    it("step 0: both tracks, the canary's smoke gate, and a route sending 5% and header traffic to the canary", () => {
        const p = plans.step0;
        assert.deepEqual(children(p), [live, track("canary"), gate("smoke"), `${T.route} checkout-route`, track("stable")].sort());
        const r = route(p).inputs as any;
        assert.equal(r.apiVersion, "gateway.networking.k8s.io/v1");
        assert.equal(r.metadata.name, "checkout");
        assert.deepEqual(r.metadata.annotations, { "platform.dev/traffic-shift": "true", "platform.dev/canary-steps": "5,25,50,100" });
        assert.deepEqual(r.spec, { parentRefs, hostnames: ["shop.example.com"], rules: [headerRule, splitRule(95, 5)] });
        assert.equal(image(p, "stable"), "ghcr.io/acme/checkout:2.0.3");
        assert.equal(image(p, "canary"), "ghcr.io/acme/checkout:2.1.0");
        assert.equal(deployment(p, "canary").spec.replicas, 1);
        assert.equal(deployment(p, "stable").spec.replicas, 3);
        assert.equal(env(p, "smoke", "GATE_URLS"), "http://checkout-canary:80/ready");
        const smokeEgress = (one(p, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "checkout-gate-smoke-egress").inputs.spec as any).egress[1];
        assert.deepEqual(smokeEgress, { to: [{ podSelector: { matchLabels: deployment(p, "canary").spec.selector.matchLabels } }], ports: [{ protocol: "TCP", port: 8080 }] });
        assert.match(jobName(p, "smoke"), /^checkout-gate-smoke-2-1-0-[0-9a-f]{10}$/);
        assert.ok(waits(p, job(p, "smoke"), one(p, T.deployment, "checkout-canary")), "smoke gate waits for the canary rollout");
        for (const dep of [job(p, "smoke"), one(p, T.deployment, "checkout-canary"), one(p, T.deployment, "checkout-stable")]) {
            assert.ok(waits(p, route(p), dep), `route waits for ${dep.name}`);
        }
    });

    it("step 2: one analysis gate per completed step, chained, and the route waits for the last one", () => {
        const p = plans.step2;
        assert.deepEqual(children(p), [live, track("canary"), gate("smoke"), gate("step0"), gate("step1"), `${T.route} checkout-route`, track("stable")].sort());
        assert.deepEqual((route(p).inputs as any).spec.rules, [headerRule, splitRule(50, 50)]);
        assert.deepEqual((route(plans.step3).inputs as any).spec.rules, [headerRule, splitRule(0, 100)]);
        assert.deepEqual(one(p, T.split, "checkout").inputs, { steps: [5, 25, 50, 100], step: 2, abort: false });
        assert.ok(waits(p, job(p, "step1"), job(p, "step0")));
        assert.ok(waits(p, job(p, "step0"), job(p, "smoke")));
        assert.ok(waits(p, route(p), job(p, "step1")));
        assert.equal(env(p, "step1", "GATE_MODE"), "analysis");
        assert.equal(env(p, "step1", "GATE_PROMETHEUS_URL"), "http://prometheus-operated.monitoring:9090");
        const checks = JSON.parse(env(p, "step1", "GATE_CHECKS") as string) as Array<{ name: string; op: string; threshold: number }>;
        assert.deepEqual(checks.map((c) => [c.name, c.op, c.threshold]), [["request-success-rate", ">=", 0.99], ["request-duration-p99", "<=", 0.5], ["checkout-errors", "<=", 0.1]]);
        assert.match(jobName(p, "step1"), /^checkout-gate-step1-2-1-0-[0-9a-f]{10}$/);
        // Stable is frozen while the release progresses; its Deployment still waits for the last gate.
        assert.ok(waits(p, one(p, T.deployment, "checkout-stable"), job(p, "step1")), "stable changes only after the last gate");
    });

    it("gate names come from version and step: moving on keeps earlier gates unchanged and adds one", async () => {
        for (const g of ["smoke", "step0", "step1"]) {
            assert.equal(jobName(plans.step3, g), jobName(plans.step2, g));
            assert.deepEqual(job(plans.step3, g).inputs, job(plans.step2, g).inputs);
        }
        assert.deepEqual(children(plans.step3).filter((c) => c.startsWith(T.gate)), [gate("smoke"), gate("step0"), gate("step1"), gate("step2")]);
        const next = await plan({ step: 2, canary: { image: "ghcr.io/acme/checkout:2.2.0", version: "2.2.0" } });
        assert.match(jobName(next, "step1"), /^checkout-gate-step1-2-2-0-/);
    });

    it("abort: all traffic to stable (header-matched test traffic too), no gates, both Deployments exactly as before", () => {
        const p = plans.aborted;
        assert.deepEqual(children(p), [live, track("canary"), `${T.route} checkout-route`, track("stable")].sort());
        assert.deepEqual((route(p).inputs as any).spec.rules, [stableRule]);
        assert.deepEqual(deployment(p, "stable"), deployment(plans.step2, "stable"));
        assert.deepEqual(deployment(p, "canary"), deployment(plans.step2, "canary"));
        assert.ok(!waits(p, route(p), one(p, T.deployment, "checkout-canary")), "the abort does not wait for the canary");
    });

    it("promotion: stable takes the canary's image after the last gate, the route goes 100% stable, the canary keeps running until steady", () => {
        const p = plans.promoted;
        assert.deepEqual(children(p), [live, track("canary"), gate("smoke"), gate("step0"), gate("step1"), gate("step2"), gate("step3"), gate("stable"), `${T.route} checkout-route`, track("stable")].sort());
        assert.equal(image(p, "stable"), "ghcr.io/acme/checkout:2.1.0");
        assert.equal(deployment(p, "stable").metadata.labels["app.kubernetes.io/version"], "2.1.0");
        assert.equal(deployment(p, "canary").spec.replicas, 1, "the pods the gates tested stay until the release is finished");
        assert.deepEqual((route(p).inputs as any).spec.rules, [stableRule]);
        assert.ok(waits(p, one(p, T.deployment, "checkout-stable"), job(p, "step3")), "stable rolls only after the last analysis");
        assert.ok(waits(p, route(p), job(p, "step3")));
        assert.ok(waits(p, route(p), one(p, T.deployment, "checkout-stable")));
        for (const g of ["smoke", "step0", "step1", "step2"]) assert.equal(jobName(p, g), jobName(plans.step3, g));
    });

    it("a new image and a late step (or the promotion) in one update: every gate tests pods of the new image", async () => {
        // Hostile: the release under test changes in the same update that jumps to a late step or promotes.
        const next = { image: "ghcr.io/acme/checkout:2.2.0", version: "2.2.0" };
        for (const step of [3, 4]) {
            const p = await plan({ step, canary: next });
            const canary = one(p, T.deployment, "checkout-canary");
            assert.equal(image(p, "canary"), next.image);
            assert.ok(deployment(p, "canary").spec.replicas > 0, `step ${step}: the canary runs pods of the new image`);
            const gates = p.resources.filter((r) => r.type === T.job && r.name !== "checkout-gate-stable-job");
            assert.equal(gates.length, step + 1);
            for (const g of gates) {
                assert.ok(waitsFor(p, g.urn).has(canary.urn), `step ${step}: ${g.name} waits for the canary Deployment running ${next.image}`);
                assert.match((g.inputs.metadata as { name: string }).name, /-2-2-0-[0-9a-f]{10}$/, "the gate is new (named from the new version), so it runs");
            }
        }
    });

    it("steady (canary image = stable image): no release gates, canary at zero, all traffic on stable, nothing verified", async () => {
        const p = plans.steady;
        assert.deepEqual(children(p), [live, track("canary"), `${T.route} checkout-route`, track("stable")].sort());
        assert.deepEqual((route(p).inputs as any).spec.rules, [stableRule]);
        assert.equal(deployment(p, "canary").spec.replicas, 0);
        assert.ok(waits(p, one(p, T.deployment, "checkout-canary"), route(p)), "canary scales down after the route left it");
        assert.deepEqual(deployment(p, "stable"), deployment(plans.promoted, "stable"), "promoted → steady changes nothing on stable's inputs");
        assert.deepEqual(route(p).inputs, route(plans.promoted).inputs);
        assert.deepEqual(await verdict({ stable: base.canary, step: 4 }), { passed: false, verified: [] }, "a steady canary ran no gate: nothing is verified");
    });

    it("the Service checkout selects stable in every phase, after stable exists: in-cluster callers never reach the canary", () => {
        for (const [phase, p] of Object.entries(plans)) {
            const svc = one(p, T.service, "checkout-live");
            const inputs = svc.inputs as any;
            assert.equal(inputs.metadata.name, "checkout", phase);
            assert.deepEqual(inputs.spec.selector, { "app.kubernetes.io/name": "checkout", "app.kubernetes.io/instance": "checkout-stable", "platform.dev/track": "stable" }, phase);
            assert.deepEqual(inputs.spec.ports, [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }, { name: "metrics", port: 9090, targetPort: "metrics", protocol: "TCP" }], phase);
            assert.equal(inputs.metadata.labels["platform.dev/service-alias"], "live", `${phase}: scraped once, through the track's Service`);
            assert.ok(waits(p, svc, one(p, T.app, "checkout-stable")), `${phase}: created after stable`);
        }
    });

    it("the verdict: only a promoted release is verified, never the stable it was analysed against (its image is config)", async () => {
        assert.deepEqual(await verdict({ step: 4 }), { passed: true, verified: ["ghcr.io/acme/checkout:2.1.0"] });
        assert.deepEqual(await verdict({ step: 2 }), { passed: false, verified: [] });
        assert.deepEqual(await verdict({ step: 2, abort: true }), { passed: false, verified: [] });
    });

    it("compares images by digest: a promoted digest without its tag is steady, not a permanent split", async () => {
        const d = `sha256:${"7".repeat(64)}`;
        // What promotion hands a canary: the verified digest as repo@digest, next to the stable's repo:tag@digest.
        const p = await plan({ stable: { image: `ghcr.io/acme/checkout:1.8.0@${d}`, version: "1.8.0" }, canary: { image: `ghcr.io/acme/checkout@${d}`, version: "1.8.0" }, step: 0 });
        assert.deepEqual((route(p).inputs as any).spec.rules, [stableRule]);
        assert.deepEqual(p.resources.filter((r) => r.type === T.job).map((r) => r.name), [], "no gate: steady");
        assert.equal(deployment(p, "canary").spec.replicas, 0);
        // Different digests under one tag are different images.
        const q = await plan({ stable: { image: `ghcr.io/acme/checkout:1.8.0@${d}`, version: "1.8.0" }, canary: { image: `ghcr.io/acme/checkout:1.8.0@sha256:${"8".repeat(64)}`, version: "1.8.0" }, step: 0 });
        assert.deepEqual((route(q).inputs as any).spec.rules, [headerRule, splitRule(95, 5)]);
    });

    it("stable is frozen between promotions: its pod template, env ConfigMap and Secret take no change in place", async () => {
        const frozen = ["spec.template"];
        for (const [name, p] of Object.entries({ steady: plans.steady, progressing: plans.step2, aborted: plans.aborted })) {
            assert.deepEqual(one(p, T.deployment, "checkout-stable").ignoreChanges, frozen, name);
            assert.equal(one(p, T.deployment, "checkout-canary").ignoreChanges, undefined, `${name}: the canary takes changes (its gates test them)`);
        }
        // Hostile: the env of a steady canary changed (no release): stable does not roll it, and no gate tests old pods.
        const changed = await plan({ stable: base.canary, step: 4, template: webTemplate("checkout", { env: { PAYMENTS_URL: "http://elsewhere" } }) });
        assert.deepEqual(one(changed, T.deployment, "checkout-stable").ignoreChanges, frozen);
        assert.deepEqual(one(changed, "kubernetes:core/v1:ConfigMap", "checkout-stable-env").ignoreChanges, ["data", "metadata.name"]);
        assert.deepEqual(changed.resources.filter((r) => r.type === T.job), [], "no gate while steady");
    });

    it("once promoted, stable takes the canary's pods after every gate, and its own smoke gate holds the route", () => {
        const p = plans.promoted;
        assert.equal(one(p, T.deployment, "checkout-stable").ignoreChanges, undefined);
        assert.equal(env(p, "stable", "GATE_URLS"), "http://checkout-stable:80/ready");
        assert.ok(waits(p, job(p, "stable"), one(p, T.deployment, "checkout-stable")), "the gate tests stable after its rollout");
        assert.ok(waits(p, route(p), job(p, "stable")));
        const stableEgress = (one(p, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "checkout-gate-stable-egress").inputs.spec as any).egress[1];
        assert.deepEqual(stableEgress, { to: [{ podSelector: { matchLabels: deployment(p, "stable").spec.selector.matchLabels } }], ports: [{ protocol: "TCP", port: 8080 }] });
    });

    it("without analysis every step is gated by another smoke test of the canary", () => {
        const p = plans.noAnalysis;
        assert.equal(env(p, "step0", "GATE_MODE"), "smoke");
        assert.equal(env(p, "step0", "GATE_URLS"), "http://checkout-canary:80/ready");
        assert.match(jobName(p, "step0"), /^checkout-gate-step0-2-1-0-/);
    });

    it("every route validates against the Gateway API HTTPRoute schema", async () => {
        const HTTPRoute = await httpRouteModel();
        for (const [name, p] of Object.entries(plans)) {
            const r = route(p).inputs;
            assert.doesNotThrow(() => new HTTPRoute({ apiVersion: r.apiVersion, kind: r.kind, metadata: r.metadata, spec: r.spec }).validate(), name);
        }
    });
});

describe("routeWeights", () => {
    it("follows the phase", () => {
        const steps = [5, 25, 50, 100];
        assert.deepEqual([0, 1, 2, 3, 4].map((step) => routeWeights({ steps, step })), [
            { stable: 95, canary: 5 }, { stable: 75, canary: 25 }, { stable: 50, canary: 50 }, { stable: 0, canary: 100 }, { stable: 100, canary: 0 },
        ]);
        assert.deepEqual(routeWeights({ steps, step: 2, abort: true }), { stable: 100, canary: 0 });
        assert.deepEqual(routeWeights({ steps, step: 2, idle: true }), { stable: 100, canary: 0 });
        assert.deepEqual([canaryPhase({ steps, step: 1 }), canaryPhase({ steps, step: 4 }), canaryPhase({ steps, step: 1, abort: true }), canaryPhase({ steps, step: 1, idle: true, abort: true })], ["progressing", "promoted", "aborted", "steady"]);
    });

    it("always adds up to 100 and gives the canary exactly its step's weight", () => {
        const configs = [[100], [1], [10, 20], [1, 2, 3, 99], [5, 25, 50, 100], [33, 66, 99], [50, 100], [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]];
        let checked = 0;
        for (const steps of configs) {
            assert.deepEqual(validateCanaryPosition({ steps, step: 0 }), []);
            for (let step = 0; step <= steps.length; step++) {
                for (const abort of [false, true]) {
                    for (const idle of [false, true]) {
                        const w = routeWeights({ steps, step, abort, idle });
                        assert.equal(w.stable + w.canary, 100, JSON.stringify({ steps, step, abort, idle }));
                        assert.equal(w.canary, !abort && !idle && step < steps.length ? steps[step] : 0);
                        checked++;
                    }
                }
            }
        }
        assert.equal(checked, 4 * (2 + 2 + 3 + 5 + 5 + 4 + 3 + 11));
    });

    it("rejects positions that are not a canary", () => {
        assert.deepEqual(validateCanaryPosition({ steps: [5, 50, 25], step: 0 }), ["steps must rise strictly, but step 2 (25) is not above step 1 (50)"]);
        assert.deepEqual(validateCanaryPosition({ steps: [0, 101], step: 0 }), ["steps[0] must be an integer weight 1..100, got 0", "steps[1] must be an integer weight 1..100, got 101"]);
        assert.deepEqual(validateCanaryPosition({ steps: [5, 50], step: 3 }), ["step must be an index 0..2 (2 promotes), got 3"]);
        assert.throws(() => new CanarySplit("x", { ...base, step: 5 }), /CanarySplit x: step must be an index 0..4/);
    });
});
