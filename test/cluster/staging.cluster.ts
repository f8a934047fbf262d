import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { kubectl } from "../../tools/cluster/cluster";
import { differences, fromPlan, fromPreview, type PreviewStep } from "../e2e/support/compare";
import { layout, offlinePlan, repoRoot } from "../e2e/support/project";
import type { ReleaseHistory } from "../../stacks/delivery/releaseHistory";
import { ClusterStack, clusterFixture, eventOf, getObject } from "./support/stack";

const NS = "staging";
const STOREFRONT_3_4 = "ghcr.io/acme/storefront:3.4.0@sha256:7a2e3c9f5d1b4a6c8e0f2b4d6a8c0e2f4b6d8a0c2e4f6b8d0a2c4e6f8b0d2a4c";
const STOREFRONT_3_3 = "ghcr.io/acme/storefront:3.3.0@sha256:6f1d2b8e4c0a3f5b7d9e1a2c4b6d8f0e2a4c6b8d0f2e4a6c8b0d2f4e6a8c0b2d";
const API_2_8 = "ghcr.io/acme/api:2.8.0@sha256:" + "28".repeat(32);
const RELEASE = { PLATFORM_RELEASE_OVERRIDE: "1" };
const SECRETS = { apiToken: "cluster-api-token-4f2a", slackWebhookUrl: "https://hooks.slack.com/services/T000/B000/cluster" };

/** Kubernetes names of the Jobs labelled as gates of `app`, with their completion (or failure) time. */
function gateJobs(app: string): Array<{ name: string; complete?: string; failed?: string }> {
    const list = getObject(["jobs", "-n", NS, "-l", `app.kubernetes.io/part-of=${app},platform.dev/gate`]);
    return (list?.items ?? []).map((j: any) => ({ // eslint-disable-line @typescript-eslint/no-explicit-any
        name: j.metadata.name,
        complete: j.status.conditions?.find((c: { type: string; status: string }) => c.type === "Complete" && c.status === "True")?.lastTransitionTime,
        failed: j.status.conditions?.find((c: { type: string; status: string }) => c.type === "Failed" && c.status === "True")?.reason,
    }));
}

const outputs = (s: ClusterStack) => JSON.parse(s.pulumi(["stack", "output", "--json"]).stdout) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const image = (d: string) => getObject(["deployment", d, "-n", "production"])!.spec.template.spec.containers[0].image as string;
const selector = (service: string) => getObject(["service", service, "-n", NS])?.spec.selector as Record<string, string>;
const routeRules = (route: string) => (getObject(["httproutes.gateway.networking.k8s.io", route, "-n", NS])?.spec.rules as Array<{ backendRefs: Array<{ name: string; weight?: number }> }>);
const weights = () => routeRules("checkout").at(-1)!.backendRefs.map((b) => `${b.name}=${b.weight ?? "-"}`);

// The Kubernetes-only staging stack on a real API server (kwok nodes), through the real CLI: every object is
// admitted, rollouts and gate Jobs are awaited on real status, and each traffic change waits for its gate.
// Tests run in order on one stack: each is one step of a release.
describe("staging on a real API server", function () {
    let stack: ClusterStack;
    let freshPreview: { steps: PreviewStep[] };

    before(() => {
        stack = new ClusterStack("cluster-staging", "staging", clusterFixture("staging.yaml"), SECRETS);
        freshPreview = JSON.parse(stack.pulumi(["preview", "--json"]).stdout) as { steps: PreviewStep[] };
    });
    after(() => stack?.remove());

    it("the offline plan matches the real preview against the cluster", () => {
        const plan = offlinePlan("staging", stack.project.stackFile("staging"), `${stack.project.dir}/../plan`);
        const dirs = [stack.project.dir, repoRoot];
        assert.deepEqual(differences(fromPlan(plan.resources, dirs), fromPreview(freshPreview.steps, dirs)), []);
    });

    it("pulumi up creates everything: the API server admits every object, rollouts and gates complete", () => {
        const { events } = stack.up();
        assert.ok(events.filter((e) => e.kind === "outputs" && e.op === "create").length > 50, "everything created");
        const ns = getObject(["namespace", NS])!;
        assert.equal(ns.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
        for (const d of ["api", "storefront-blue", "storefront-green", "checkout-stable", "checkout-canary"]) {
            const dep = getObject(["deployment", d, "-n", NS])!;
            assert.equal(dep.status.availableReplicas, dep.spec.replicas, `${d} is available`);
        }
        assert.ok(gateJobs("storefront").length === 2 && gateJobs("storefront").every((j) => j.complete), "both colours' smoke gates completed");
        assert.deepEqual(weights(), ["checkout-stable=90", "checkout-canary=10"]);
        assert.deepEqual(selector("storefront"), { "app.kubernetes.io/name": "storefront", "app.kubernetes.io/instance": "storefront-blue", "platform.dev/track": "blue" });
    });

    it("admission is on: the restricted namespace refuses a privileged pod", () => {
        const r = kubectl(layout, ["run", "intruder", "-n", NS, "--image=busybox", "--restart=Never", "--overrides", JSON.stringify({ spec: { containers: [{ name: "intruder", image: "busybox", securityContext: { privileged: true } }] } })], { allowFailure: true });
        assert.notEqual(r.code, 0);
        assert.match(r.output, /violates PodSecurity "restricted:latest": privileged/);
    });

    it("the developers' group reads and execs, but the API server refuses it every change of a workload or traffic object", () => {
        const as = ["--as", "alice", "--as-group", "app-developers"];
        // `pods/log` style: the subresource is asked for as such.
        const can = (verb: string, what: string) => {
            const [resource, subresource] = what.split("/");
            return kubectl(layout, ["auth", "can-i", verb, resource, ...(subresource ? ["--subresource", subresource] : []), "-n", NS, ...as], { allowFailure: true }).output.trim();
        };
        for (const [verb, what] of [["get", "pods"], ["get", "pods/log"], ["create", "pods/exec"], ["list", "httproutes.gateway.networking.k8s.io"]]) assert.equal(can(verb, what), "yes", `${verb} ${what}`);
        for (const [verb, what] of [["patch", "httproutes.gateway.networking.k8s.io"], ["patch", "deployments.apps"], ["patch", "services"], ["create", "jobs.batch"], ["patch", "configmaps"], ["create", "pods"], ["get", "secrets"], ["create", "serviceaccounts/token"]]) assert.equal(can(verb, what), "no", `${verb} ${what}`);
        const patch = kubectl(layout, ["patch", "httproute", "checkout", "-n", NS, "--type", "merge", "-p", JSON.stringify({ metadata: { annotations: { "platform.dev/release-verdict": "{}" } } }), ...as], { allowFailure: true });
        assert.notEqual(patch.code, 0);
        assert.match(patch.output, /Forbidden|forbidden/);
    });

    it("a second preview finds no changes", () => {
        stack.pulumi(["preview", "--expect-no-changes"]);
    });

    it("blue-green release: the new image rolls onto the idle colour and its smoke gate runs; the live selector stays", () => {
        const gatesBefore = gateJobs("storefront").map((j) => j.name);
        stack.edit((c) => { c.apps.find((a: any) => a.name === "storefront").strategy.green.image = STOREFRONT_3_3; }); // eslint-disable-line @typescript-eslint/no-explicit-any
        const { events } = stack.up();
        assert.equal(getObject(["deployment", "storefront-green", "-n", NS])!.spec.template.spec.containers[0].image, STOREFRONT_3_3);
        const added = gateJobs("storefront").filter((j) => !gatesBefore.includes(j.name));
        assert.equal(added.length, 1, "one new gate: green's");
        assert.match(added[0].name, /^storefront-gate-smoke-3-3-0-/);
        assert.ok(added[0].complete);
        assert.equal(selector("storefront")["platform.dev/track"], "blue");
        assert.equal(eventOf(events, "pre", "kubernetes:core/v1:Service", "storefront-live"), undefined, "the live Service is not touched");
    });

    it("the switch moves the live selector only after the colour's smoke gate completed", () => {
        stack.edit((c) => { c.apps.find((a: any) => a.name === "storefront").strategy.activeColor = "green"; }); // eslint-disable-line @typescript-eslint/no-explicit-any
        const { events } = stack.up();
        assert.equal(selector("storefront")["platform.dev/track"], "green");
        const switched = eventOf(events, "pre", "kubernetes:core/v1:Service", "storefront-live");
        assert.equal(switched?.op, "update");
        // The gate that tested green ran in the release; on the server it completed before the Service changed.
        const gate = gateJobs("storefront").find((j) => j.name.startsWith("storefront-gate-smoke-3-3-0-"))!;
        const service = getObject(["service", "storefront", "-n", NS, "--show-managed-fields"])!;
        const updated = (service.metadata.managedFields as Array<{ time: string }>).map((f) => f.time).sort().at(-1)!;
        assert.ok(Date.parse(gate.complete!) <= Date.parse(updated), `gate completed ${gate.complete}, Service updated ${updated}`);
    });

    it("rollback is the switch back: only the live and preview Services' selectors change", () => {
        stack.edit((c) => { c.apps.find((a: any) => a.name === "storefront").strategy.activeColor = "blue"; }); // eslint-disable-line @typescript-eslint/no-explicit-any
        const preview = JSON.parse(stack.pulumi(["preview", "--json", "--diff"]).stdout) as { steps: Array<PreviewStep & { detailedDiff?: Record<string, unknown> | null }> };
        const changed = preview.steps.filter((st) => st.op !== "same" && st.op !== "read"); // a read: the StackReference to its own last outputs
        assert.deepEqual(changed.map((st) => `${st.op} ${st.urn.split("::").at(-1)}`).sort(), ["update storefront-live", "update storefront-preview"]);
        for (const st of changed) {
            const keys = Object.keys(st.detailedDiff ?? {});
            assert.ok(keys.length > 0 && keys.every((k) => k.startsWith("spec.selector")), `${st.urn}: only the selector changes (${keys.join(", ")})`);
        }
        stack.up();
        assert.equal(selector("storefront")["platform.dev/track"], "blue");
    });

    it("a change of env never rolls the live colour: the idle colour takes it, smoke-tested, and it waits for the switch", () => {
        const live = () => getObject(["deployment", "storefront-blue", "-n", NS])!;
        const before = { generation: live().metadata.generation, template: live().spec.template.metadata.annotations["platform.dev/pod-template"] };
        stack.edit((c) => { c.apps.find((a: any) => a.name === "storefront").env = { FEATURE_FLAGS: "checkout-v2" }; }); // eslint-disable-line @typescript-eslint/no-explicit-any
        const { messages } = stack.up();
        assert.deepEqual({ generation: live().metadata.generation, template: live().spec.template.metadata.annotations["platform.dev/pod-template"] }, before, "blue (live) untouched");
        const green = getObject(["deployment", "storefront-green", "-n", NS])!;
        assert.ok(green.spec.template.spec.containers[0].envFrom.some((e: { configMapRef?: unknown }) => e.configMapRef), "green (idle) has the new env");
        assert.match(messages, /storefront: blue is live: its pods keep the template they run/);
        assert.equal(selector("storefront")["platform.dev/track"], "blue");
    });

    it("a new image configured on the live colour fails the update, naming the gated way, and changes nothing live", () => {
        const liveImage = getObject(["deployment", "storefront-blue", "-n", NS])!.spec.template.spec.containers[0].image;
        stack.edit((c) => { c.apps.find((a: any) => a.name === "storefront").strategy.blue.image = STOREFRONT_3_3; }); // eslint-disable-line @typescript-eslint/no-explicit-any
        const failed = stack.pulumi(["preview"], { expectFailure: true });
        assert.match(failed.output, /storefront: blue is live and runs ghcr\.io\/acme\/storefront:3\.2\.0@sha256:[0-9a-f]{64}: it does not take .* in place; put the new image on green/);
        assert.equal(getObject(["deployment", "storefront-blue", "-n", NS])!.spec.template.spec.containers[0].image, liveImage);
        stack.edit((c) => { c.apps.find((a: any) => a.name === "storefront").strategy.blue.image = liveImage; }); // eslint-disable-line @typescript-eslint/no-explicit-any
    });

    it("a failing gate fails pulumi up at once, naming the gate, and nothing moves live", () => {
        // A kwok stage fails every storefront gate pod (exit 1), as a failing smoke test would.
        const stage = { apiVersion: "kwok.x-k8s.io/v1alpha1", kind: "Stage", metadata: { name: "fail-storefront-gates" }, spec: {
            resourceRef: { apiGroup: "v1", kind: "Pod" },
            selector: { matchExpressions: [
                { key: ".metadata.labels[\"app.kubernetes.io/part-of\"]", operator: "In", values: ["storefront"] },
                { key: ".metadata.labels[\"platform.dev/gate\"]", operator: "Exists" },
                { key: ".status.phase", operator: "In", values: ["Running"] },
            ] },
            weight: 10000,
            next: { statusTemplate: "phase: Failed\ncontainerStatuses:\n- name: gate\n  ready: false\n  restartCount: 0\n  image: gate\n  state:\n    terminated:\n      exitCode: 1\n      reason: Error\n" },
        } };
        const file = `${stack.project.dir}/../fail-stage.json`;
        fs.writeFileSync(file, JSON.stringify(stage));
        kubectl(layout, ["apply", "-f", file]);
        try {
            stack.edit((c) => { c.apps.find((a: any) => a.name === "storefront").strategy.green.image = STOREFRONT_3_4; }); // eslint-disable-line @typescript-eslint/no-explicit-any
            const started = Date.now();
            const { messages } = stack.up({ expectFailure: true });
            console.log(`      (pulumi up failed after ${((Date.now() - started) / 1000).toFixed(0)} s; the gate's timeout is minutes)`);
            assert.match(messages, /GateJob\$kubernetes:batch\/v1:Job::storefront-gate-green-job: error: .*\[BackoffLimitExceeded\] Job has reached the specified backoff limit/s, "recognized as failed, not waited out, naming the gate");
            assert.equal(selector("storefront")["platform.dev/track"], "blue");
            assert.ok(gateJobs("storefront").some((j) => j.name.startsWith("storefront-gate-smoke-3-4-0-") && j.failed === "BackoffLimitExceeded"));
        } finally {
            kubectl(layout, ["delete", "-f", file]);
        }
        // Fixed (here: the failing stage removed): the next update re-runs the failed gate and passes.
        stack.up();
        assert.ok(gateJobs("storefront").some((j) => j.name.startsWith("storefront-gate-smoke-3-4-0-") && j.complete));
    });

    it("canary: each weight change happens only after the previous step's analysis gate completed", () => {
        for (const [step, expected] of [[1, ["checkout-stable=75", "checkout-canary=25"]], [2, ["checkout-stable=50", "checkout-canary=50"]]] as const) {
            stack.edit((c) => { c.apps.find((a: any) => a.name === "checkout").strategy.step = step; }); // eslint-disable-line @typescript-eslint/no-explicit-any
            const { events } = stack.up();
            const gateDone = eventOf(events, "outputs", "kubernetes:batch/v1:Job", `checkout-gate-step${step - 1}-job`);
            const shift = eventOf(events, "pre", "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "checkout-route");
            assert.ok(gateDone && shift && gateDone.sequence < shift.sequence, `step ${step}: gate step${step - 1} completed (event ${gateDone?.sequence}) before the route changed (event ${shift?.sequence})`);
            assert.deepEqual(weights(), expected);
            assert.ok(gateJobs("checkout").every((j) => j.complete));
        }
    });

    it("production promotes exactly staging's verified digests through a real StackReference, on the cluster", () => {
        const production = stack.addStack("production", clusterFixture("production.yaml"), { ...SECRETS, pagerdutyRoutingKey: "cluster-routing-key" });
        const staged = outputs(stack) as { releaseManifest: { apps: Record<string, { image: string; verified: string[] }> }; releaseHistory: ReleaseHistory };
        production.up({ env: RELEASE });
        assert.equal(image("api"), staged.releaseManifest.apps.api.image.replace(/:[^:@/]+@/, "@"));
        assert.ok(staged.releaseManifest.apps.storefront.verified.some((d) => image("storefront-blue").endsWith(`@${d}`)));
        assert.equal(outputs(production).promotedRelease, staged.releaseHistory.releases[0].id, "the latest release of staging's history");
    });

    it("staging verifies a new api release: the history gains it, read back from staging's own state", () => {
        const before = (outputs(stack) as { releaseHistory: ReleaseHistory }).releaseHistory;
        stack.edit((c) => { c.apps.find((a: any) => a.name === "api").image = API_2_8; }); // eslint-disable-line @typescript-eslint/no-explicit-any
        stack.up();
        const after = (outputs(stack) as { releaseHistory: ReleaseHistory }).releaseHistory;
        assert.deepEqual(after.releases.slice(1), before.releases, "older releases carried unchanged, newest first");
        assert.deepEqual([after.releases[0].apps.api.version, Number(after.releases[0].id.split("-")[0].slice(1))], ["2.8.0", Number(before.releases[0].id.split("-")[0].slice(1)) + 1]);
    });

    it("production takes the new release, then rolls back to the previous one by id with staging untouched, recording both", () => {
        const production = stack.addStack("production", clusterFixture("production.yaml"), { ...SECRETS, pagerdutyRoutingKey: "cluster-routing-key" }, { existing: true });
        const history = (outputs(stack) as { releaseHistory: ReleaseHistory }).releaseHistory;
        const stagingState = JSON.stringify(stack.project.exportState("staging").deployment.resources);
        production.up({ env: { ...RELEASE, PLATFORM_RELEASE_MESSAGE: "release api 2.8.0" } });
        assert.equal(image("api"), API_2_8.replace(":2.8.0@", "@"));
        const [latest, previous] = history.releases;
        production.edit((c) => { c.promotion.release = previous.id; });
        production.up({ env: { ...RELEASE, PLATFORM_RELEASE_MESSAGE: "INC-1: back to the previous api" } });
        assert.equal(image("api"), previous.apps.api.image.replace(/:[^:@/]+@/, "@"), "the previous release's digest, by id");
        const promoted = outputs(production) as { promotedRelease: string; promotionHistory: Array<{ release: string; message?: string }> };
        assert.equal(promoted.promotedRelease, previous.id);
        assert.deepEqual(promoted.promotionHistory.map((p) => [p.release, p.message]), [[previous.id, "INC-1: back to the previous api"], [latest.id, "release api 2.8.0"], [previous.id, undefined]]);
        assert.equal(JSON.stringify(stack.project.exportState("staging").deployment.resources), stagingState, "staging untouched: nothing re-ran there");
    });

    it("the real preview refuses a release not in the history, one younger than minSoak and one older than maxAge, naming the key", () => {
        const production = stack.addStack("production", clusterFixture("production.yaml"), { ...SECRETS, pagerdutyRoutingKey: "cluster-routing-key" }, { existing: true });
        const held = (outputs(stack) as { releaseHistory: ReleaseHistory }).releaseHistory.releases.map((r) => r.id).join(", ");
        production.edit((c) => { c.promotion.release = "r999-0123abcd"; });
        assert.ok(production.pulumi(["preview"], { expectFailure: true }).output.includes(`platform:promotion.release: expected a release in the history of "organization/platform/staging" (${held}), found "r999-0123abcd"`));
        production.edit((c) => { c.promotion = { from: "organization/platform/staging", minSoak: "30d" }; });
        assert.match(production.pulumi(["preview"], { expectFailure: true }).output, /platform:promotion\.minSoak: expected release r[0-9]+-[a-f0-9]{8} to have soaked at least 30d in "organization\/platform\/staging", found [0-9]+[smh] \(verified at /);
        // The oldest release was verified when the suite began, minutes ago.
        const oldest = (outputs(stack) as { releaseHistory: ReleaseHistory }).releaseHistory.releases.at(-1)!;
        production.edit((c) => { c.promotion = { from: "organization/platform/staging", release: oldest.id, maxAge: "1m" }; });
        assert.ok(production.pulumi(["preview"], { expectFailure: true }).output.includes(`platform:promotion.maxAge: expected release ${oldest.id} to be at most 1m old, found `));
        production.edit((c) => { c.promotion = { from: "organization/platform/staging" }; });
        production.pulumi(["destroy", "--yes", "--skip-preview"], { env: RELEASE });
        assert.equal(getObject(["namespace", "production"]), undefined, "destroy leaves no namespace");
    });

    it("each forgery class of \"verified\" fails the real preview, naming the key", () => {
        const production = stack.addStack("production", clusterFixture("production.yaml"), { ...SECRETS, pagerdutyRoutingKey: "cluster-routing-key" }, { existing: true });
        const refused = (target: ClusterStack, edit: (c: any) => void, expected: RegExp) => { // eslint-disable-line @typescript-eslint/no-explicit-any
            const file = target.project.stackFile(target.stack);
            const original = fs.readFileSync(file, "utf8");
            target.edit(edit);
            try {
                const failed = target.pulumi(["preview"], { expectFailure: true });
                assert.match(failed.output, expected);
                assert.doesNotMatch(failed.output, /^\s+at .+:\d+:\d+\)?$/m, "no JavaScript stack trace");
            } finally {
                fs.writeFileSync(file, original);
            }
        };
        // 1. An image no gate ran on: a blue-green colour with a digest staging never verified.
        const unverified = "ghcr.io/acme/storefront:3.9.0@sha256:" + "39".repeat(32);
        refused(production, (c) => { c.apps.find((a: any) => a.name === "storefront").strategy.green.image = unverified; }, // eslint-disable-line @typescript-eslint/no-explicit-any
            /platform:apps\[1\]\.strategy\.green\.image: expected an image whose digest organization\/platform\/staging verified for app "storefront"/);
        // 2. Another stack posing as the source.
        refused(production, (c) => { c.promotion.from = "organization/platform/qa"; }, /platform:promotion\.from: expected a staging stack, by its name/);
        // 3. Staging checks that cannot fail: a canary without analysis.
        refused(stack, (c) => { delete c.apps.find((a: any) => a.name === "checkout").strategy.analysis; }, /platform:apps\[2\]\.strategy\.analysis: expected a Prometheus analysis for a canary in staging/); // eslint-disable-line @typescript-eslint/no-explicit-any
        // 4. A strategy switch as a bypass.
        refused(production, (c) => { c.apps.find((a: any) => a.name === "storefront").strategy = { type: "rolling" }; }, // eslint-disable-line @typescript-eslint/no-explicit-any
            /platform:apps\[1\]\.strategy\.type: expected "blueGreen", the strategy organization\/platform\/staging verified app "storefront" [^ ]+ with, found "rolling"/);
    });

    it("rolling → canary → blue-green → rolling on a live app: the real preview deletes neither its Service nor its route, which keep their names and uids", () => {
        const uid = (kind: string) => getObject([kind, "api", "-n", NS])!.metadata.uid as string;
        const kinds = ["service", "httproutes.gateway.networking.k8s.io"];
        const before = kinds.map(uid);
        const shared = (steps: PreviewStep[]) => steps.filter((st) => /(core\/v1:Service::api(-live)?|HTTPRoute::api-route)$/.test(st.urn)).map((st) => st.op);
        // --json lists changed steps only: the Service's selector and the route's backends change (update). An alias
        // that failed would show a create of the new name and a delete of the old one.
        const switchTo = (edit: (api: any, apps: any[]) => void) => { // eslint-disable-line @typescript-eslint/no-explicit-any
            stack.edit((c) => edit(c.apps.find((a: any) => a.name === "api"), c.apps)); // eslint-disable-line @typescript-eslint/no-explicit-any
            const steps = (JSON.parse(stack.pulumi(["preview", "--json"]).stdout) as { steps: PreviewStep[] }).steps;
            const ops = shared(steps);
            const seen = steps.filter((st) => /::api(-[a-z-]+)?$/.test(st.urn)).map((st) => `${st.op} ${st.urn.split("::").slice(-2).join("::")}`);
            // The Service's selector always changes; the route's backends do unless both strategies point it at `api`.
            assert.ok(ops.includes("update") && ops.every((op) => op === "update"), `the Service and the route are kept (updated in place, under their new Pulumi names): ${seen.join(", ")}`);
            stack.up();
            assert.deepEqual(kinds.map(uid), before, "the same objects");
        };
        const backends = () => routeRules("api").flatMap((r) => r.backendRefs.map((b) => b.name));
        let image = "";
        // A canary at rest (its image is stable's): the Service selects stable, the route sends everything there.
        switchTo((api, apps) => {
            image = api.image;
            const analysis = structuredClone(apps.find((a) => a.name === "checkout").strategy.analysis);
            api.strategy = { type: "canary", stableImage: image, steps: [10, 100], analysis };
        });
        assert.equal(selector("api")["platform.dev/track"], "stable");
        assert.deepEqual(backends(), ["api-stable"]);
        switchTo((api) => {
            delete api.image;
            api.strategy = { type: "blueGreen", activeColor: "blue", blue: { image }, green: { image } };
        });
        assert.equal(selector("api")["platform.dev/track"], "blue", "the Service now selects the live colour, after its smoke gate");
        assert.deepEqual(backends(), ["api"]);
        switchTo((api) => {
            api.image = image;
            delete api.strategy;
        });
        assert.equal(selector("api")["platform.dev/track"], undefined);
        assert.deepEqual(backends(), ["api"]);
    });

    it("abort sends all traffic to stable in one update, touching neither Deployment", () => {
        const deployments = () => ["checkout-stable", "checkout-canary"].map((d) => getObject(["deployment", d, "-n", NS])!.metadata.generation);
        const before = deployments();
        stack.edit((c) => { c.apps.find((a: any) => a.name === "checkout").strategy.abort = true; }); // eslint-disable-line @typescript-eslint/no-explicit-any
        stack.up();
        assert.deepEqual(routeRules("checkout").map((r) => r.backendRefs.map((b) => b.name)), [["checkout-stable"]]);
        assert.deepEqual(deployments(), before);
    });

    it("pulumi destroy leaves no object of the stack on the server", () => {
        stack.pulumi(["destroy", "--yes", "--skip-preview"]);
        assert.deepEqual(stack.project.exportState("staging").deployment.resources ?? [], []);
        const left = kubectl(layout, ["get", "all,configmaps,secrets,networkpolicies,roles,rolebindings,resourcequotas,limitranges,httproutes.gateway.networking.k8s.io,servicemonitors.monitoring.coreos.com,prometheusrules.monitoring.coreos.com,alertmanagerconfigs.monitoring.coreos.com", "-n", NS, "-o", "name"], { allowFailure: true });
        assert.equal(left.output.split("\n").filter((l) => l.trim() !== "" && !/No resources found/.test(l)).filter((l) => !/^configmap\/kube-root-ca\.crt$/.test(l)).length, 0, left.output);
    });
});
