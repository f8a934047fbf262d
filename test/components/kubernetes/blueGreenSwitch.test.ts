import * as assert from "node:assert/strict";
import { BlueGreenPair, type BlueGreenPairArgs } from "../../../components/kubernetes/blueGreenPair";
import { blueGreenAutoProblems, type BlueGreenAuto } from "../../../components/kubernetes/blueGreenSwitch";
import { canaryChecks } from "../../../components/kubernetes/canarySplit";
import { runPlan } from "../../../tools/plan/run";
import { one, record, storefrontPair, waitsFor, webTemplate, type Plan } from "../../progressive/harness";

/* eslint-disable @typescript-eslint/no-explicit-any */
const auto: BlueGreenAuto = {
    steps: [25, 100],
    stepSeconds: 120,
    retry: 0,
    namespace: "shop",
    apiServer: { cidr: "10.0.0.1/32", port: 443 },
    analysis: {
        prometheusUrl: "http://prometheus-operated.monitoring:9090",
        intervalSeconds: 30,
        samples: 3,
        checks: canaryChecks({ namespace: "shop", app: "storefront", track: "green", window: "2m", successRatePercent: 99, latencyP99Ms: 500 }),
        egress: { namespace: "monitoring", port: 9090 },
    },
};
// Green was put on the idle colour (and passed its smoke gate) in an earlier update; this one switches to it.
const base: BlueGreenPairArgs = storefrontPair({ activeColor: "green", smoke: { paths: ["/healthz"], servicePort: 80, containerPort: 8080 }, auto });

const plan = (args: Partial<BlueGreenPairArgs> = {}) => record("bg-auto", () => new BlueGreenPair("storefront", { ...base, ...args }));
const res = (p: Plan, type: string, name: string) => one(p, `kubernetes:${type}`, name);
const job = (p: Plan, gate: string) => res(p, "batch/v1:Job", `storefront-gate-${gate}-job`);
const podSpec = (p: Plan, gate: string) => (job(p, gate).inputs.spec as any).template.spec;
const env = (p: Plan, gate: string) => Object.fromEntries((podSpec(p, gate).containers[0].env as Array<{ name: string; value: string }>).map((e) => [e.name, e.value]));
const waits = (p: Plan, from: { urn: string }, to: { urn: string }) => waitsFor(p, from.urn).has(to.urn);
const route = (p: Plan) => res(p, "gateway.networking.k8s.io/v1:HTTPRoute", "storefront-route");

describe("BlueGreenPair with auto: a switch walked, checked and undone from inside the cluster", () => {
    it("orders the switch: the route reset, the new colour's smoke gate, the switch gate, the live Service, the handover, then the previous colour", async () => {
        const p = await plan();
        const [smoke, walk, handover] = ["green", "switch", "handover"].map((g) => job(p, g));
        const live = res(p, "core/v1:Service", "storefront-live");
        const previous = res(p, "apps/v1:Deployment", "storefront-blue");
        assert.ok(waits(p, walk, smoke) && waits(p, walk, route(p)) && waits(p, walk, res(p, "apps/v1:Deployment", "storefront-green")));
        assert.ok(waits(p, live, walk), "in-cluster callers move only after the route's switch was checked");
        assert.ok(waits(p, handover, live), "the route goes back to the live Service only once it selects the new colour");
        assert.ok(waits(p, previous, handover), "the previous colour changes only once nothing routes to it");
        assert.ok(!waits(p, route(p), live), "the route is reset first, not after the live Service");
        assert.deepEqual((live.inputs as any).spec.selector, { "app.kubernetes.io/name": "storefront", "app.kubernetes.io/instance": "storefront-green", "platform.dev/track": "green" });
    });

    it("the route points at the live Service only, annotated with the switch, force-applied over the gates' patches", async () => {
        const p = await plan();
        const r = route(p).inputs as any;
        assert.deepEqual(r.spec.rules, [{ matches: [{ path: { type: "PathPrefix", value: "/" } }], backendRefs: [{ name: "storefront", port: 80 }] }]);
        assert.equal(r.metadata.annotations["pulumi.com/patchForce"], "true");
        assert.equal(r.metadata.annotations["platform.dev/release"], env(p, "switch").GATE_RELEASE);
        assert.match(env(p, "switch").GATE_RELEASE, /^[a-f0-9]{12}$/);
    });

    it("the switch gate walks the steps from the live Service to the new colour's own Service, judging that colour's traffic, as the traffic identity", async () => {
        const p = await plan();
        const e = env(p, "switch");
        assert.equal(e.GATE_MODE, "release");
        assert.equal(e.GATE_STEPS, "25,100");
        assert.equal(e.GATE_STEP_SECONDS, "120");
        assert.equal(e.GATE_INTERVAL_SECONDS, "30");
        assert.deepEqual(JSON.parse(e.GATE_TRAFFIC), { namespace: "shop", route: "storefront", path: { type: "PathPrefix", value: "/" }, port: 80, stable: "storefront", canary: "storefront-green" });
        const checks = JSON.parse(e.GATE_CHECKS) as Array<{ name: string; query: string }>;
        assert.deepEqual(checks.map((c) => c.name), ["request-success-rate", "request-duration-p99"]);
        for (const c of checks) assert.match(c.query, /track="green"/);
        assert.equal(podSpec(p, "switch").serviceAccountName, "storefront-traffic");
        assert.equal((job(p, "switch").inputs.metadata as any).annotations?.["pulumi.com/replaceUnready"], undefined, "a rolled-back switch is never re-run by itself");
        assert.equal(env(p, "handover").GATE_MODE, "handover");
        assert.deepEqual(JSON.parse(env(p, "handover").GATE_TRAFFIC), JSON.parse(e.GATE_TRAFFIC));
        // Its pod template names the switch Job's uid (a direct dependency): the same switch walked again is
        // followed by a handover again, the changed pod template replacing the Job.
        assert.ok(job(p, "handover").dependencies.includes(job(p, "switch").urn));
        assert.ok(!job(p, "switch").dependencies.includes(job(p, "handover").urn));
        const rules = (res(p, "rbac.authorization.k8s.io/v1:Role", "storefront-traffic-role").inputs as any).rules;
        assert.deepEqual(rules, [{ apiGroups: ["gateway.networking.k8s.io"], resources: ["httproutes"], resourceNames: ["storefront"], verbs: ["get", "patch"] }]);
    });

    it("a new colour, image, template or retry is a new switch; the same config is the same switch gate", async () => {
        const name = (p: Plan) => (job(p, "switch").inputs.metadata as any).name as string;
        const same = await plan();
        const retried = await plan({ auto: { ...auto, retry: 1 } });
        const back = await plan({ activeColor: "blue", auto: { ...auto, analysis: { ...auto.analysis, checks: canaryChecks({ namespace: "shop", app: "storefront", track: "blue", window: "2m", successRatePercent: 99, latencyP99Ms: 500 }) } } });
        const image = await plan({ green: { image: "ghcr.io/acme/storefront:1.5.1", version: "1.5.1" } });
        const template = await plan({ template: webTemplate("storefront", { env: { MODE: "fast" } }) });
        const first = await plan();
        assert.equal(name(same), name(first));
        for (const other of [retried, back, image, template]) assert.notEqual(name(other), name(first));
        assert.equal(env(back, "switch").GATE_TRAFFIC.includes("storefront-blue"), true);
    });

    it("verifies the new live colour only once its switch completed and the handover passed", async () => {
        const out = await runPlan({ project: "platform", stack: "bg-auto", config: {}, secretKeys: [], program: () => {
            const pair = new BlueGreenPair("storefront", base);
            return { verified: pair.verifiedImages, passed: pair.gatesPassed, gates: pair.gateNames.length };
        } });
        assert.deepEqual(out.outputs, { verified: ["ghcr.io/acme/storefront:1.4.2", "ghcr.io/acme/storefront:1.5.0"], passed: true, gates: 4 });
    });

    it("refuses what auto cannot walk, naming each problem", () => {
        assert.deepEqual(blueGreenAutoProblems({ ...auto, steps: [50, 25] }, base.route), ["auto.steps must be strictly rising weights 1..100, got [50, 25]"]);
        assert.deepEqual(blueGreenAutoProblems({ ...auto, steps: [25, 50] }, base.route), ["auto.steps must end at 100 (a switch ends with all traffic on the new colour), got [25, 50]"]);
        assert.deepEqual(blueGreenAutoProblems({ ...auto, stepSeconds: 29 }, base.route), ["auto.stepSeconds (29) must be at least the analysis interval (30 s): each step is sampled at least once"]);
        assert.deepEqual(blueGreenAutoProblems({ ...auto, stepSeconds: 30 }, base.route), []);
        assert.deepEqual(blueGreenAutoProblems(auto, undefined), ["auto needs a route: the switch is walked, and undone, on the route"]);
        assert.deepEqual(blueGreenAutoProblems({ ...auto, retry: -1 }, base.route), ["auto.retry must be an integer >= 0, got -1"]);
        assert.throws(() => new BlueGreenPair("storefront", { ...base, route: undefined }), /BlueGreenPair storefront: auto needs a route/);
    });
});
