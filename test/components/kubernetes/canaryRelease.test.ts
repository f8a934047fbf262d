import * as assert from "node:assert/strict";
import { autoProblems, releaseId, verdictProblem } from "../../../components/kubernetes/canaryRelease";
import { CanarySplit, type CanarySplitArgs } from "../../../components/kubernetes/canarySplit";
import { trafficRules } from "../../../components/kubernetes/trafficIdentity";
import { runPlan } from "../../../tools/plan/run";
import { checkoutCanary, one, record, waitsFor, webTemplate, type Plan } from "../../progressive/harness";

/* eslint-disable @typescript-eslint/no-explicit-any */
const base: CanarySplitArgs = checkoutCanary([10, 50, 100], { auto: { stepSeconds: 300, namespace: "shop", apiServer: { cidr: "10.0.0.1/32", port: 443 } } });

const plan = (args: Partial<CanarySplitArgs> = {}) => record("canary-auto", () => new CanarySplit("checkout", { ...base, ...args }));
const res = (p: Plan, type: string, name: string) => one(p, `kubernetes:${type}`, name);
const job = (p: Plan, gate: string) => res(p, "batch/v1:Job", `checkout-gate-${gate}-job`);
const podSpec = (p: Plan, gate: string) => (job(p, gate).inputs.spec as any).template.spec;
const env = (p: Plan, gate: string) => Object.fromEntries((podSpec(p, gate).containers[0].env as Array<{ name: string; value: string }>).map((e) => [e.name, e.value]));
const waits = (p: Plan, from: { urn: string }, to: { urn: string }) => waitsFor(p, from.urn).has(to.urn);

describe("CanarySplit with auto: a release walked by one update", () => {
    it("orders the release: the route reset, the canary, its smoke gate, the release gate, stable, stable's smoke gate, the handover", async () => {
        const p = await plan();
        const deployment = (track: string) => res(p, "apps/v1:Deployment", `checkout-${track}`);
        const route = res(p, "gateway.networking.k8s.io/v1:HTTPRoute", "checkout-route");
        const [smoke, release, stableGate, handover] = ["smoke", "release", "stable", "handover"].map((g) => job(p, g));
        assert.ok(waits(p, smoke, deployment("canary")));
        assert.ok(waits(p, deployment("canary"), route), "the route is reset before the canary's pods change");
        assert.ok(waits(p, release, route) && waits(p, release, smoke));
        assert.ok(waits(p, deployment("stable"), release), "stable takes the release only after the release gate");
        assert.ok(waits(p, stableGate, deployment("stable")));
        assert.ok(waits(p, handover, stableGate), "traffic goes back to stable only after stable's own smoke gate");
        assert.ok(!waits(p, route, deployment("stable")), "the route does not wait for stable (which waits for the release gate)");
        assert.equal((deployment("stable").inputs as any).spec.template.spec.containers[0].image, "ghcr.io/acme/checkout:2.1.0");
    });

    it("the route is stable-only, annotated with the release, and force-applied over the gate's patches", async () => {
        const p = await plan();
        const route = res(p, "gateway.networking.k8s.io/v1:HTTPRoute", "checkout-route").inputs as any;
        assert.deepEqual(route.spec.rules, [{ matches: [{ path: { type: "PathPrefix", value: "/checkout" } }], backendRefs: [{ name: "checkout-stable", port: 80 }] }]);
        assert.equal(route.metadata.annotations["pulumi.com/patchForce"], "true");
        assert.match(route.metadata.annotations["platform.dev/release"], /^[a-f0-9]{12}$/);
    });

    it("the release gate gets the steps, the hold, the checks and its route, runs as the traffic identity, and is never re-run by itself", async () => {
        const p = await plan();
        const e = env(p, "release");
        assert.equal(e.GATE_MODE, "release");
        assert.equal(e.GATE_STEPS, "10,50,100");
        assert.equal(e.GATE_STEP_SECONDS, "300");
        assert.equal(e.GATE_INTERVAL_SECONDS, "60");
        assert.equal(e.GATE_SAMPLES, undefined);
        assert.deepEqual(JSON.parse(e.GATE_TRAFFIC), { namespace: "shop", route: "checkout", path: { type: "PathPrefix", value: "/checkout" }, port: 80, stable: "checkout-stable", canary: "checkout-canary", header: { name: "x-canary", value: "always" } });
        assert.equal(podSpec(p, "release").serviceAccountName, "checkout-traffic");
        assert.equal(podSpec(p, "release").automountServiceAccountToken, true);
        assert.equal((job(p, "release").inputs.metadata as any).annotations?.["pulumi.com/replaceUnready"], undefined);
        assert.equal((job(p, "smoke").inputs.metadata as any).annotations["pulumi.com/replaceUnready"], "true");
        assert.equal(podSpec(p, "smoke").automountServiceAccountToken, false);
        assert.equal(podSpec(p, "smoke").serviceAccountName, undefined);
        assert.equal(env(p, "handover").GATE_MODE, "handover");
        // Its egress: Prometheus and the API server, nothing else but DNS.
        const policy = res(p, "networking.k8s.io/v1:NetworkPolicy", "checkout-gate-release-egress").inputs as any;
        assert.deepEqual(policy.spec.egress.slice(1), [
            { to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } }, podSelector: { matchLabels: {} } }], ports: [{ protocol: "TCP", port: 9090 }] },
            { to: [{ ipBlock: { cidr: "10.0.0.1/32" } }], ports: [{ protocol: "TCP", port: 443 }] },
        ]);
    });

    it("the traffic identity may get and patch the app's route by name, nothing else", async () => {
        const p = await plan();
        const role = res(p, "rbac.authorization.k8s.io/v1:Role", "checkout-traffic-role").inputs as any;
        assert.deepEqual(role.rules, [{ apiGroups: ["gateway.networking.k8s.io"], resources: ["httproutes"], resourceNames: ["checkout"], verbs: ["get", "patch"] }]);
        assert.deepEqual(role.rules, trafficRules("checkout"));
        const binding = res(p, "rbac.authorization.k8s.io/v1:RoleBinding", "checkout-traffic-binding").inputs as any;
        assert.deepEqual(binding.subjects, [{ kind: "ServiceAccount", name: "checkout-traffic", namespace: "shop" }]);
        assert.equal((res(p, "core/v1:ServiceAccount", "checkout-traffic-sa").inputs as any).automountServiceAccountToken, false);
    });

    it("a new release, a new pod template or a retry is a new release gate; the same config is the same gate", async () => {
        const name = async (args: Partial<CanarySplitArgs>) => ((job(await plan(args), "release").inputs.metadata as any).name as string);
        const first = await name({});
        assert.equal(await name({}), first);
        assert.notEqual(await name({ auto: { ...base.auto!, retry: 1 } }), first);
        assert.notEqual(await name({ canary: { image: "ghcr.io/acme/checkout:2.1.1", version: "2.1.1" } }), first);
        assert.notEqual(await name({ template: webTemplate("checkout", { env: { MODE: "fast" } }) }), first);
        assert.notEqual(releaseId("2.1.0", "t", 0), releaseId("2.1.0", "t", 1));
    });

    it("stable waits for the release gate's verdict, read from the live route after the gate", async () => {
        const p = await plan();
        const read = one(p, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "checkout-verdict");
        assert.deepEqual(read.inputs, {}, "a read: nothing written");
        assert.ok(waits(p, read, job(p, "release")));
        assert.equal(env(p, "release").GATE_RELEASE, (res(p, "gateway.networking.k8s.io/v1:HTTPRoute", "checkout-route").inputs as any).metadata.annotations["platform.dev/release"]);
    });

    it("reads a verdict: only a complete walk of this very release lets stable take it", () => {
        const v = (o: object) => JSON.stringify(o);
        assert.equal(verdictProblem(v({ release: "r1", outcome: "complete", message: "ok" }), "r1"), undefined);
        assert.equal(verdictProblem(v({ release: "r1", outcome: "rolled-back", message: "checkout-release: at step 3/3 (weight 100%): check x: value 0.5, want >= 0.99; traffic returned to checkout-stable (100%)" }), "r1"),
            "was rolled back by its gate: checkout-release: at step 3/3 (weight 100%): check x: value 0.5, want >= 0.99; traffic returned to checkout-stable (100%)");
        assert.equal(verdictProblem(v({ release: "r0", outcome: "complete" }), "r1"), 'recorded no verdict for this release on the route (the last one is for release "r0")');
        assert.equal(verdictProblem(undefined, "r1"), "recorded no verdict on the route (its gate ran, but nothing says the release completed)");
        assert.equal(verdictProblem("{not json", "r1"), 'recorded an unreadable verdict on the route: "{not json"');
        assert.equal(verdictProblem(v({ release: "r1", outcome: "promoted" }), "r1"), 'recorded an unknown outcome "promoted"');
    });

    it("a hold: the release gate walks up to the hold and the update ends there, stable frozen; the approval adds a resume gate for the rest", async () => {
        const held = await plan({ auto: { ...base.auto!, hold: { weight: 50, approved: false } } });
        assert.equal(env(held, "release").GATE_STEPS, "10,50");
        assert.equal(env(held, "release").GATE_HOLD, "true");
        assert.equal(held.resources.filter((r) => r.name === "checkout-gate-resume-job" || r.name === "checkout-gate-handover-job" || r.name === "checkout-gate-stable-job").length, 0);
        const stable = res(held, "apps/v1:Deployment", "checkout-stable");
        assert.equal((stable.inputs as any).spec.template.spec.containers[0].image, "ghcr.io/acme/checkout:2.0.3", "stable keeps the last release");
        assert.ok(waits(held, stable, job(held, "release")), "and waits for the gate's verdict");
        const approved = await plan({ auto: { ...base.auto!, hold: { weight: 50, approved: true } } });
        assert.equal((job(approved, "release").inputs.metadata as any).name, (job(held, "release").inputs.metadata as any).name, "the walk up to the hold is the same gate: not run again");
        assert.equal(env(approved, "resume").GATE_STEPS, "100");
        assert.equal(env(approved, "resume").GATE_HOLD, undefined);
        assert.ok(waits(approved, job(approved, "resume"), job(approved, "release")));
        assert.ok(waits(approved, res(approved, "apps/v1:Deployment", "checkout-stable"), job(approved, "resume")));
        assert.equal((res(approved, "apps/v1:Deployment", "checkout-stable").inputs as any).spec.template.spec.containers[0].image, "ghcr.io/acme/checkout:2.1.0");
        assert.deepEqual(autoProblems({ ...base, auto: { ...base.auto!, hold: { weight: 100, approved: false } } }), ["auto.hold.weight must not be the last step (100): after the last step the release completes"]);
        assert.deepEqual(autoProblems({ ...base, auto: { ...base.auto!, hold: { weight: 20, approved: false } } }), ["auto.hold.weight must be one of the steps (10, 50, 100), got 20"]);
        assert.equal(verdictProblem(JSON.stringify({ release: "r1", outcome: "held" }), "r1", "held"), undefined);
        assert.equal(verdictProblem(JSON.stringify({ release: "r1", outcome: "held" }), "r1"), 'recorded "held" on the route where "complete" was expected');
    });

    it("steady (canary image = stable image): no gate, no identity, the canary at zero after the route", async () => {
        const p = await plan({ canary: base.stable });
        assert.equal(p.resources.filter((r) => r.type === "kubernetes:batch/v1:Job").length, 0);
        assert.equal(p.resources.filter((r) => r.type === "platform:kubernetes:TrafficIdentity").length, 0);
        assert.equal((res(p, "apps/v1:Deployment", "checkout-canary").inputs as any).spec.replicas, 0);
    });

    it("verifies only the release itself once every gate passed", async () => {
        const out = await runPlan({ project: "platform", stack: "canary-auto", config: {}, secretKeys: [], program: () => {
            const split = new CanarySplit("checkout", base);
            return { passed: split.gatesPassed, verified: split.verifiedImages, phase: split.phase };
        } });
        assert.deepEqual(out.outputs, { passed: true, verified: ["ghcr.io/acme/checkout:2.1.0"], phase: "promoted" });
    });

    it("refuses what auto cannot walk: no analysis, a step or an abort set, a hold shorter than the interval, a negative retry", () => {
        const { analysis: _a, ...noAnalysis } = base;
        assert.deepEqual(autoProblems({ ...noAnalysis }), ["auto needs analysis: a release walked in one update is held at each step only while checks watch its traffic"]);
        assert.deepEqual(autoProblems({ ...base, step: 1, abort: true }), ["auto walks every step itself: step must be 0, got 1", "auto returns traffic to stable by itself: abort must be false"]);
        assert.deepEqual(autoProblems({ ...base, auto: { ...base.auto!, stepSeconds: 59 } }), ["auto.stepSeconds (59) must be at least the analysis interval (60 s): each step is sampled at least once"]);
        assert.deepEqual(autoProblems({ ...base, auto: { ...base.auto!, stepSeconds: 60 } }), []);
        assert.deepEqual(autoProblems({ ...base, auto: { ...base.auto!, retry: -1 } }), ["auto.retry must be an integer >= 0, got -1"]);
        assert.throws(() => new CanarySplit("checkout", { ...base, step: 2 }), /CanarySplit checkout: auto walks every step itself: step must be 0, got 2/);
    });
});
