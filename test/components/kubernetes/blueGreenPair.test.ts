import * as assert from "node:assert/strict";
import { BlueGreenPair, smokeUrls, validateBlueGreenPairArgs, type BlueGreenPairArgs } from "../../../components/kubernetes/blueGreenPair";
import { runPlan } from "../../../tools/plan/run";
import { httpRouteModel, kindOf, one, record, storefrontPair, waitsFor, webTemplate, type Plan } from "../../progressive/harness";

const T = {
    pair: "platform:kubernetes:BlueGreenPair",
    app: "platform:kubernetes:AppDeployment",
    gate: "platform:kubernetes:GateJob",
    service: "kubernetes:core/v1:Service",
    deployment: "kubernetes:apps/v1:Deployment",
    job: "kubernetes:batch/v1:Job",
    netpol: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    route: "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
    hpa: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
};

const base: BlueGreenPairArgs = storefrontPair();

const plan = (args: BlueGreenPairArgs) => record("bg-test", () => new BlueGreenPair("storefront", args));
const env = (job: Plan["resources"][number], name: string) =>
    ((job.inputs.spec as any).template.spec.containers[0].env as Array<{ name: string; value: string }>).find((e) => e.name === name)?.value; // eslint-disable-line @typescript-eslint/no-explicit-any
const selectorOf = (color: string) => ({ "app.kubernetes.io/name": "storefront", "app.kubernetes.io/instance": `storefront-${color}`, "platform.dev/track": color });
const named = (p: Plan, type: string, name: string) => one(p, type, name);
/** Kubernetes object names of the gate Jobs, by colour. */
const gateJobName = (p: Plan, color: string) => (named(p, T.job, `storefront-gate-${color}-job`).inputs.metadata as { name: string }).name;

describe("BlueGreenPair", () => {
    let bluePlan: Plan;
    let greenPlan: Plan;
    before(async () => {
        bluePlan = await plan(base);
        greenPlan = await plan({ ...base, activeColor: "green" });
    });

    it("is two AppDeployments, a smoke gate per colour, live and preview Services and a route", () => {
        const pair = named(bluePlan, T.pair, "storefront");
        const children = bluePlan.resources.filter((r) => r.parent === pair.urn).map((r) => `${r.type} ${r.name}`).sort();
        assert.deepEqual(children, [
            `${T.app} storefront-blue`,
            `${T.app} storefront-green`,
            `${T.gate} storefront-gate-blue`,
            `${T.gate} storefront-gate-green`,
            `${T.service} storefront-live`,
            `${T.service} storefront-preview`,
            `${T.route} storefront-route`,
        ].sort());
    });

    it("runs each colour's image, the idle one at full size by default", () => {
        const blue = named(bluePlan, T.deployment, "storefront-blue").inputs as any; // eslint-disable-line @typescript-eslint/no-explicit-any
        const green = named(bluePlan, T.deployment, "storefront-green").inputs as any; // eslint-disable-line @typescript-eslint/no-explicit-any
        assert.equal(blue.spec.template.spec.containers[0].image, "ghcr.io/acme/storefront:1.4.2");
        assert.equal(green.spec.template.spec.containers[0].image, "ghcr.io/acme/storefront:1.5.0");
        assert.equal(blue.spec.replicas, 3);
        assert.equal(green.spec.replicas, 3);
        assert.deepEqual(green.spec.selector.matchLabels, selectorOf("green"));
        assert.equal(green.metadata.labels["platform.dev/track"], "green");
    });

    it("freezes the live colour: its pod template, env ConfigMap and Secret take no change in place; the idle colour takes them", async () => {
        const withEnv = { ...base, template: webTemplate("storefront", { env: { FLAG: "on" } }) };
        for (const [active, idle] of [["blue", "green"], ["green", "blue"]] as const) {
            const p = await plan({ ...withEnv, activeColor: active });
            assert.deepEqual(named(p, T.deployment, `storefront-${active}`).ignoreChanges, ["spec.template"], `${active} is live`);
            assert.deepEqual(named(p, "kubernetes:core/v1:ConfigMap", `storefront-${active}-env`).ignoreChanges, ["data", "metadata.name"]);
            assert.equal(named(p, T.deployment, `storefront-${idle}`).ignoreChanges, undefined, `${idle} is idle: it takes changes, tested by its smoke gate`);
            assert.equal(named(p, "kubernetes:core/v1:ConfigMap", `storefront-${idle}-env`).ignoreChanges, undefined);
        }
    });

    it("live Service <app> selects the active colour and is annotated as a traffic shift; preview selects the idle colour", () => {
        const live = named(bluePlan, T.service, "storefront-live").inputs as any; // eslint-disable-line @typescript-eslint/no-explicit-any
        const preview = named(bluePlan, T.service, "storefront-preview").inputs as any; // eslint-disable-line @typescript-eslint/no-explicit-any
        assert.equal(live.metadata.name, "storefront");
        assert.deepEqual(live.spec.selector, selectorOf("blue"));
        assert.deepEqual(live.metadata.annotations, { "platform.dev/traffic-shift": "true" });
        assert.deepEqual(live.spec.ports, [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }, { name: "metrics", port: 9090, targetPort: "metrics", protocol: "TCP" }]);
        assert.equal(live.metadata.labels["platform.dev/service-alias"], "live", "not scraped twice by the app's ServiceMonitor");
        assert.equal(preview.metadata.labels["platform.dev/service-alias"], "preview");
        assert.equal(preview.metadata.name, "storefront-preview");
        assert.deepEqual(preview.spec.selector, selectorOf("green"));
        assert.equal(preview.metadata.annotations, undefined, "no annotations at all: the provider drops an empty map");
        const switched = named(greenPlan, T.service, "storefront-live").inputs as any; // eslint-disable-line @typescript-eslint/no-explicit-any
        assert.deepEqual(switched.spec.selector, selectorOf("green"));
        assert.deepEqual((named(greenPlan, T.service, "storefront-preview").inputs as any).spec.selector, selectorOf("blue")); // eslint-disable-line @typescript-eslint/no-explicit-any
    });

    it("each colour's smoke gate calls that colour's own Service and may reach only its pods", () => {
        assert.deepEqual(smokeUrls("storefront", "green", base.smoke), ["http://storefront-green:80/healthz", "http://storefront-green:80/api/ping"]);
        for (const color of ["blue", "green"]) {
            const job = named(bluePlan, T.job, `storefront-gate-${color}-job`);
            assert.equal(env(job, "GATE_MODE"), "smoke");
            assert.equal(env(job, "GATE_URLS"), `http://storefront-${color}:80/healthz,http://storefront-${color}:80/api/ping`);
            const egress = (named(bluePlan, T.netpol, `storefront-gate-${color}-egress`).inputs.spec as any).egress; // eslint-disable-line @typescript-eslint/no-explicit-any
            assert.deepEqual(egress[1], { to: [{ podSelector: { matchLabels: selectorOf(color) } }], ports: [{ protocol: "TCP", port: 8080 }] });
        }
    });

    it("each colour admits its smoke gate's pods on the app ports", () => {
        const ingress = (named(bluePlan, T.netpol, "storefront-green-ingress").inputs.spec as any).ingress; // eslint-disable-line @typescript-eslint/no-explicit-any
        assert.deepEqual(ingress[ingress.length - 1], {
            from: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "rollout-gate", "app.kubernetes.io/part-of": "storefront", "platform.dev/gate": "smoke" } } }],
            ports: [{ port: 8080, protocol: "TCP" }],
        });
    });

    it("the live Service and route wait for the active colour's rollout and smoke gate, not the idle one's", () => {
        for (const [p, active, idle] of [[bluePlan, "blue", "green"], [greenPlan, "green", "blue"]] as const) {
            for (const shifting of [named(p, T.service, "storefront-live"), named(p, T.route, "storefront-route")]) {
                const deps = waitsFor(p, shifting.urn);
                assert.ok(deps.has(named(p, T.job, `storefront-gate-${active}-job`).urn), `${shifting.name} waits for the ${active} gate`);
                assert.ok(deps.has(named(p, T.deployment, `storefront-${active}`).urn), `${shifting.name} waits for the ${active} Deployment`);
                assert.ok(!deps.has(named(p, T.job, `storefront-gate-${idle}-job`).urn), `${shifting.name} does not wait for the ${idle} gate`);
            }
        }
        // and a gate waits for its colour's rollout
        assert.ok(waitsFor(bluePlan, named(bluePlan, T.job, "storefront-gate-green-job").urn).has(named(bluePlan, T.deployment, "storefront-green").urn));
    });

    it("gate names depend on the colour's pod template: switching re-runs no gate, a new image or env gets a new gate", async () => {
        for (const color of ["blue", "green"]) assert.equal(gateJobName(greenPlan, color), gateJobName(bluePlan, color));
        assert.notEqual(gateJobName(bluePlan, "blue"), gateJobName(bluePlan, "green"));
        assert.match(gateJobName(bluePlan, "green"), /^storefront-gate-smoke-1-5-0-[0-9a-f]{10}$/);
        const release = await plan({ ...base, green: { image: "ghcr.io/acme/storefront:1.6.0", version: "1.6.0" } });
        assert.match(gateJobName(release, "green"), /^storefront-gate-smoke-1-6-0-/);
        assert.equal(gateJobName(release, "blue"), gateJobName(bluePlan, "blue"));
        // The template is shared: an env change reaches both colours, so both are tested again.
        const env = await plan({ ...base, template: webTemplate("storefront", { env: { LOG_LEVEL: "debug" } }) });
        for (const color of ["blue", "green"]) assert.notEqual(gateJobName(env, color), gateJobName(bluePlan, color), color);
        const live = named(env, T.service, "storefront-live");
        assert.ok(waitsFor(env, live.urn).has(named(env, T.job, "storefront-gate-blue-job").urn));
    });

    it("routes to the live Service through the gateway; the HTTPRoute validates against the Gateway API schema", async () => {
        const route = named(bluePlan, T.route, "storefront-route").inputs;
        assert.deepEqual(route.spec, {
            parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "platform-gateway", namespace: "gateway" }],
            hostnames: ["shop.example.com"],
            rules: [{ matches: [{ path: { type: "PathPrefix", value: "/" } }], backendRefs: [{ name: "storefront", port: 80 }] }],
        });
        const HTTPRoute = await httpRouteModel();
        new HTTPRoute({ apiVersion: route.apiVersion, kind: route.kind, metadata: route.metadata, spec: route.spec }).validate();
        assert.throws(() => new HTTPRoute({ apiVersion: route.apiVersion, kind: route.kind, metadata: route.metadata, spec: { ...(route.spec as object), rules: [{ backendRefs: [{ name: "storefront", port: 80, weight: -1 }] }] } }).validate());
    });

    it("scales the idle colour to idleReplicas and drops its autoscaler at zero", async () => {
        const p = await plan({ ...base, template: webTemplate("storefront", { autoscaling: { minReplicas: 3, maxReplicas: 6, targetCpuPercent: 70 } }), idleReplicas: 0 });
        assert.equal((named(p, T.deployment, "storefront-green").inputs.spec as { replicas: number }).replicas, 0);
        assert.equal((named(p, T.deployment, "storefront-blue").inputs.spec as { replicas?: number }).replicas, undefined, "the HPA owns the live colour's replicas");
        assert.deepEqual(p.resources.filter((r) => r.type === T.hpa).map((r) => r.name), ["storefront-blue"]);
        assert.equal(kindOf(named(p, T.hpa, "storefront-blue").parent as string), "platform:kubernetes:AppDeployment");
        // a colour parked at zero has no gate (it would call a Service without endpoints)
        assert.deepEqual(p.resources.filter((r) => r.type === T.gate).map((r) => r.name), ["storefront-gate-blue"]);
    });

    it("changes the idle colour only after the live Service: the previous colour scales down after the switch", async () => {
        const p = await plan({ ...base, activeColor: "green", idleReplicas: 0 });
        assert.equal((named(p, T.deployment, "storefront-blue").inputs.spec as { replicas: number }).replicas, 0);
        const live = named(p, T.service, "storefront-live");
        assert.ok(waitsFor(p, named(p, T.deployment, "storefront-blue").urn).has(live.urn), "blue scales down after the switch");
        assert.ok(waitsFor(p, live.urn).has(named(p, T.job, "storefront-gate-green-job").urn), "the switch waits for green's gate");
        assert.ok(!waitsFor(p, live.urn).has(named(p, T.deployment, "storefront-blue").urn));
        assert.equal(gateJobName(p, "green"), gateJobName(bluePlan, "green"), "green's gate is the one it passed while idle");
    });

    it("verifies the images of the colours whose smoke gate passed, never a colour parked at zero", async () => {
        const verdict = async (args: BlueGreenPairArgs) => (await runPlan({ project: "platform", stack: "bg-test", config: {}, secretKeys: [], program: () => {
            const pair = new BlueGreenPair("storefront", args);
            return { passed: pair.gatesPassed, verified: pair.verifiedImages };
        } })).outputs;
        assert.deepEqual(await verdict(base), { passed: true, verified: ["ghcr.io/acme/storefront:1.4.2", "ghcr.io/acme/storefront:1.5.0"] });
        assert.deepEqual(await verdict({ ...base, idleReplicas: 0 }), { passed: true, verified: ["ghcr.io/acme/storefront:1.4.2"] }, "green has no gate at zero replicas: unverified");
    });

    it("validates its args before registering anything", () => {
        assert.deepEqual(validateBlueGreenPairArgs(base), []);
        assert.deepEqual(validateBlueGreenPairArgs({ ...base, idleReplicas: 4 }), ["idleReplicas must be an integer 0..replicas (3), got 4"]);
        assert.deepEqual(validateBlueGreenPairArgs({ ...base, replicas: 0, idleReplicas: 0 }), ["replicas must be an integer >= 1 (the active colour serves live traffic), got 0"]);
        assert.deepEqual(validateBlueGreenPairArgs({ ...base, smoke: { ...base.smoke, paths: [] } }), ["smoke.paths must list at least one health endpoint (a blue-green switch is gated on it)"]);
        assert.deepEqual(validateBlueGreenPairArgs({ ...base, route: { ...base.route!, port: 81 } }), ["route.port 81 is not a Service port of the app"]); // eslint-disable-line @typescript-eslint/no-non-null-assertion
        assert.throws(() => new BlueGreenPair("x", { ...base, idleReplicas: 9 }), /BlueGreenPair x: idleReplicas must be/);
    });
});
