// Offline plans of the progressive fixtures through the real stack program: gates before every traffic
// shift, abort touches only the route, blue-green rollback only the selectors.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { platformProgram } from "../../stacks/program";
import type { PlannedResource } from "../../tools/plan/monitor";
import { runPlan } from "../../tools/plan/run";
import { loadStackConfig } from "../../tools/plan/stackConfig";
import { waitsFor, type Plan } from "./harness";
import { repoRoot } from "../support/plan";

/* eslint-disable @typescript-eslint/no-explicit-any */
const projectDir = repoRoot;
type Fixture = "bluegreen" | "canary";

/** Plans a fixture with `edit` applied to its first app's strategy (and the app). */
async function planFixture(name: Fixture, edit: (strategy: any, app: any) => void = () => undefined): Promise<Plan> {
    const file = path.join(projectDir, "test", "fixtures", "progressive", `${name}.yaml`);
    const { project, config, secretKeys } = loadStackConfig(projectDir, name, file);
    const apps = JSON.parse(config["platform:apps"]) as any[];
    edit(apps[0].strategy, apps[0]);
    const plan = await runPlan({ project, stack: name, config: { ...config, "platform:apps": JSON.stringify(apps) }, secretKeys, program: () => platformProgram({ mode: "plan", projectDir }) });
    return { resources: plan.resources, outputs: plan.outputs };
}

const JOB = "kubernetes:batch/v1:Job";
const isShift = (r: PlannedResource) => ((r.inputs.metadata as any)?.annotations ?? {})["platform.dev/traffic-shift"] === "true";
const find = (p: Plan, type: string, name: string) => {
    const r = p.resources.find((x) => x.type === type && x.name === name);
    if (!r) throw new Error(`no ${type} ${name}`);
    return r;
};

/** Cluster resources (not components, which are only state) added, removed and changed (by inputs) between two plans. */
function diff(a: Plan, b: Plan): { added: string[]; removed: PlannedResource[]; changed: Array<{ id: string; before: PlannedResource; after: PlannedResource }> } {
    const before = new Map(a.resources.filter((r) => r.custom).map((r) => [r.urn, r]));
    const after = new Map(b.resources.filter((r) => r.custom).map((r) => [r.urn, r]));
    return {
        added: [...after.keys()].filter((u) => !before.has(u)),
        removed: [...before.values()].filter((r) => !after.has(r.urn)),
        changed: [...after.values()]
            .filter((r) => before.has(r.urn) && JSON.stringify(before.get(r.urn)?.inputs) !== JSON.stringify(r.inputs))
            .map((r) => ({ id: `${r.type} ${r.name}`, before: before.get(r.urn) as PlannedResource, after: r })),
    };
}

/** True when the resource is a GateJob or lies under one. */
function inGate(p: Plan, r: PlannedResource): boolean {
    const byUrn = new Map(p.resources.map((x) => [x.urn, x]));
    for (let cur: PlannedResource | undefined = r; cur; cur = cur.parent ? byUrn.get(cur.parent) : undefined) {
        if (cur.type === "platform:kubernetes:GateJob") return true;
    }
    return false;
}

function assertShiftsGated(p: Plan, expectedShifts: string[]) {
    const shifts = p.resources.filter(isShift);
    assert.deepEqual(shifts.map((r) => `${r.type} ${r.name}`).sort(), expectedShifts.sort());
    for (const s of shifts) {
        const gates = [...waitsFor(p, s.urn)].filter((u) => p.resources.find((r) => r.urn === u)?.type === JOB);
        assert.ok(gates.length > 0, `${s.name} waits for a gate Job`);
    }
}

describe("progressive delivery in the stack plan", () => {
    const plans: Record<string, Plan> = {};
    before(async () => {
        plans.bgBlue = await planFixture("bluegreen");
        plans.bgGreen = await planFixture("bluegreen", (s) => (s.activeColor = "green"));
        plans.canary = await planFixture("canary", (s) => (s.step = 2));
        plans.aborted = await planFixture("canary", (s) => Object.assign(s, { step: 2, abort: true }));
        plans.promoted = await planFixture("canary", (s) => (s.step = 4));
    });

    it("every traffic-shifting resource waits for a gate Job", () => {
        for (const p of [plans.bgBlue, plans.bgGreen]) assertShiftsGated(p, ["kubernetes:core/v1:Service storefront-live"]);
        for (const p of [plans.canary, plans.promoted]) assertShiftsGated(p, ["kubernetes:gateway.networking.k8s.io/v1:HTTPRoute checkout-route"]);
        // the blue-green route is not a shift (it always points at the live Service) but waits for the gate too
        assert.ok([...waitsFor(plans.bgBlue, find(plans.bgBlue, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "storefront-route").urn)]
            .includes(find(plans.bgBlue, JOB, "storefront-gate-blue-job").urn));
    });

    it("the switch to green waits for green's smoke gate, the one that ran when green was released", () => {
        const live = find(plans.bgGreen, "kubernetes:core/v1:Service", "storefront-live");
        assert.ok(waitsFor(plans.bgGreen, live.urn).has(find(plans.bgGreen, JOB, "storefront-gate-green-job").urn));
        assert.deepEqual(find(plans.bgGreen, JOB, "storefront-gate-green-job").inputs, find(plans.bgBlue, JOB, "storefront-gate-green-job").inputs);
    });

    it("blue-green switch and rollback change only the Service selectors", () => {
        for (const [from, to] of [[plans.bgBlue, plans.bgGreen], [plans.bgGreen, plans.bgBlue]]) {
            const d = diff(from, to);
            assert.deepEqual(d.added, []);
            assert.deepEqual(d.removed, []);
            assert.deepEqual(d.changed.map((c) => c.id).sort(), ["kubernetes:core/v1:Service storefront-live", "kubernetes:core/v1:Service storefront-preview"]);
            for (const c of d.changed) {
                const strip = (r: PlannedResource) => ({ ...r.inputs, spec: { ...(r.inputs.spec as object), selector: null } });
                assert.deepEqual(strip(c.after), strip(c.before), `${c.id} differs in its selector only`);
                assert.notDeepEqual((c.after.inputs.spec as any).selector, (c.before.inputs.spec as any).selector);
            }
        }
    });

    it("abort changes only the route (and drops the gates); the stable Deployment's inputs are identical", () => {
        const d = diff(plans.canary, plans.aborted);
        assert.deepEqual(d.added, []);
        assert.deepEqual(d.changed.map((c) => c.id), ["kubernetes:gateway.networking.k8s.io/v1:HTTPRoute checkout-route"]);
        assert.ok(d.removed.length > 0 && d.removed.every((r) => inGate(plans.canary, r)), "only gates are removed");
        const rules = (r: PlannedResource) => (r.inputs.spec as any).rules.at(-1).backendRefs.map((b: any) => `${b.name}=${b.weight}`);
        assert.deepEqual(rules(d.changed[0].before), ["checkout-stable=50", "checkout-canary=50"]);
        assert.deepEqual(rules(d.changed[0].after), ["checkout-stable=undefined"]);
        const stable = (p: Plan) => find(p, "kubernetes:apps/v1:Deployment", "checkout-stable").inputs;
        assert.deepEqual(stable(plans.aborted), stable(plans.canary));
    });

    it("promotion rolls stable to the canary's version after the last analysis gate", () => {
        const p = plans.promoted;
        const stable = find(p, "kubernetes:apps/v1:Deployment", "checkout-stable");
        assert.equal((stable.inputs.spec as any).template.spec.containers[0].image, "ghcr.io/acme/checkout:2.1.0@sha256:3333333333333333333333333333333333333333333333333333333333333333");
        assert.ok(waitsFor(p, stable.urn).has(find(p, JOB, "checkout-gate-step3-job").urn));
        assert.equal((find(p, "kubernetes:apps/v1:Deployment", "checkout-canary").inputs.spec as any).replicas, 2, "the canary the gates tested keeps its staging-tier replicas until steady");
    });

    it("a change of env on the live colour gives both colours new gates, and the live Service and route wait for the new one", async () => {
        const before = plans.bgBlue;
        const after = await planFixture("bluegreen", (_s, app) => (app.env = { FEATURE_FLAGS: "checkout-v2" }));
        const jobName = (p: Plan, color: string) => (find(p, JOB, `storefront-gate-${color}-job`).inputs.metadata as any).name as string;
        for (const color of ["blue", "green"]) {
            assert.notEqual(jobName(after, color), jobName(before, color), `${color}'s gate is a new Job (it runs again)`);
            assert.match(jobName(after, color), /^storefront-gate-smoke-1-[45]-[02]-[0-9a-f]{10}$/);
        }
        const live = find(after, "kubernetes:core/v1:Service", "storefront-live");
        const route = find(after, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "storefront-route");
        const blueGate = find(after, JOB, "storefront-gate-blue-job");
        for (const shift of [live, route]) {
            const gates = [...waitsFor(after, shift.urn)].map((u) => after.resources.find((r) => r.urn === u)!).filter((r) => r.type === JOB);
            assert.deepEqual(gates.map((g) => (g.inputs.metadata as any).name), [jobName(after, "blue")], `${shift.name} waits for exactly the gate that tested the new template`);
        }
        assert.ok(waitsFor(after, blueGate.urn).has(find(after, "kubernetes:apps/v1:Deployment", "storefront-blue").urn), "the gate runs after the colour rolled out the new template");
        // Deterministic: planning the same config again changes nothing (a second preview shows no changes).
        const again = await planFixture("bluegreen", (_s, app) => (app.env = { FEATURE_FLAGS: "checkout-v2" }));
        const d = diff(after, again);
        assert.deepEqual([d.added, d.removed.map((r) => r.name), d.changed.map((c) => c.id)], [[], [], []]);
    });

    it("a change of env while a canary progresses re-runs its gates on the canary; stable, frozen, keeps its pods until the promotion", async () => {
        const after = await planFixture("canary", (s, app) => {
            s.step = 2;
            app.env = { FEATURE_FLAGS: "checkout-v2" };
        });
        const before = plans.canary;
        const names = (p: Plan) => p.resources.filter((r) => r.type === JOB).map((r) => (r.inputs.metadata as any).name as string).sort();
        assert.equal(names(after).length, 3, "smoke, step 0 and step 1");
        assert.deepEqual(names(after).filter((n) => names(before).includes(n)), [], "every gate is new: they tested the old template");
        const stable = find(after, "kubernetes:apps/v1:Deployment", "checkout-stable");
        assert.deepEqual(stable.ignoreChanges, ["spec.template"], "stable does not roll the new env now: it takes the canary's tested pods at promotion");
        assert.ok(waitsFor(after, stable.urn).has(find(after, JOB, "checkout-gate-step1-job").urn));
        assert.ok(waitsFor(after, find(after, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "checkout-route").urn).has(find(after, JOB, "checkout-gate-step1-job").urn));
    });

    it("the release manifest lists every gate of the release", () => {
        const manifest = (p: Plan) => (p.outputs.releaseManifest as any).apps;
        assert.equal(manifest(plans.canary).checkout.gates.names.length, 3);
        assert.match(manifest(plans.canary).checkout.gates.names[2], /^checkout-gate-step1-2-1-0-/);
        assert.equal(manifest(plans.canary).checkout.gates.passed, false, "a release in progress is not verified yet");
        assert.equal(manifest(plans.promoted).checkout.gates.passed, true);
        assert.equal(manifest(plans.promoted).checkout.gates.names.length, 5);
        assert.deepEqual(manifest(plans.aborted).checkout.gates, { passed: false, names: [] });
        assert.equal(manifest(plans.bgBlue).storefront.gates.names.length, 2);
        assert.equal(manifest(plans.bgBlue).storefront.image, "ghcr.io/acme/storefront:1.4.2@sha256:1111111111111111111111111111111111111111111111111111111111111111");
        assert.equal((plans.canary.outputs.apps as any).checkout.service, "checkout.canarytest.svc.cluster.local", "in-cluster callers use the app's own Service, whatever the strategy");
    });
});
