import * as assert from "node:assert/strict";
import * as path from "node:path";
import { ConfigError, parsePlatformConfig, readRawConfig } from "../../stacks/config";
import { resolvePromotion } from "../../stacks/delivery/promotion";
import { RELEASE_MANIFEST_API_VERSION, type ReleaseManifest } from "../../stacks/delivery/releaseManifest";
import { deliveryProblems } from "../../stacks/schema/deliveryRules";
import { platformProgram } from "../../stacks/program";
import { loadStackConfig } from "../../tools/plan/stackConfig";
import { planProgram, repoRoot, stackConfig } from "../support/plan";

/* eslint-disable @typescript-eslint/no-explicit-any */
// The forgery classes of "verified" that a stack file alone could break (issue: a "verified" that cannot be
// forged). Class 1 (laundering through the stable track) is proven with the release history, through the program,
// in test/stacks/releaseHistory.test.ts.

const D1 = `sha256:${"1".repeat(64)}`;
const fixture = path.join(repoRoot, "test", "fixtures", "progressive", "canary.yaml");

function problems(edit: (app: any) => void, tier = "staging"): readonly string[] {
    const raw = readRawConfig(loadStackConfig(repoRoot, "canary", fixture).config);
    const apps = structuredClone(raw.apps) as any[];
    edit(apps[0]);
    try {
        parsePlatformConfig({ ...raw, apps, environment: { ...(raw.environment as object), tier } });
    } catch (e) {
        if (e instanceof ConfigError) return e.problems;
        throw e;
    }
    return [];
}

describe("forgery class 2: any stack posing as the promotion source", () => {
    const production = (from: string) => deliveryProblems({ environment: { tier: "production" }, promotion: { from, requireVerified: true }, release: { maintenanceWindow: "Mon-Thu 22:00-23:00 UTC" } as any }, { project: "platform", stack: "production", organization: "acme" });

    it("production promotes only from a stack whose name makes it staging, whatever its file or manifest says", () => {
        assert.deepEqual(production("acme/platform/staging"), []);
        assert.deepEqual(production("acme/platform/stage-eu"), []);
        assert.deepEqual(production("acme/platform/preprod"), []);
        for (const from of ["acme/platform/qa", "acme/platform/dev", "acme/platform/stagingish", "acme/platform/prod-copy"]) {
            assert.deepEqual(production(from).map((p) => [p.path.join("."), p.message]), [["promotion.from", 'expected a staging stack, by its name (a stack named with "staging", "stage", "stg", "preprod"): production promotes only what staging verified, and a stack\'s tier follows its name, never its file or its manifest']], from);
        }
    });

    it("the rule is production's: staging may promote from a dev stack", () => {
        assert.deepEqual(deliveryProblems({ environment: { tier: "staging" }, promotion: { from: "acme/platform/qa", requireVerified: true } }, { project: "platform", stack: "staging", organization: "acme" }), []);
    });
});

describe("forgery class 3: staging checks that cannot fail", () => {
    it("a staging canary without analysis is refused (smoke tests alone would verify it)", () => {
        assert.deepEqual(problems((a) => delete a.strategy.analysis), ["platform:apps[0].strategy.analysis: expected a Prometheus analysis for a canary in staging (every step must be gated on metrics: staging's verdict is what production promotes)"]);
        assert.deepEqual(problems((a) => delete a.strategy.analysis, "dev"), []);
    });

    it("a smoke gate pointed at the metrics port, or away from the readiness path, is refused outside dev", () => {
        assert.deepEqual(problems((a) => (a.strategy.smokePort = "metrics")), ['platform:apps[0].strategy.smokePort: expected the readiness probe\'s port (http) in staging: a smoke gate on another port (metrics answers 200 for any image) verifies nothing, found "metrics"']);
        assert.deepEqual(problems((a) => (a.strategy.smokePaths = ["/metrics"])), ['platform:apps[0].strategy.smokePaths: expected the readiness probe\'s path "/ready" among the smoke paths in staging: the smoke gate must call the endpoint that tells a good release from a bad one, found ["/metrics"]']);
        assert.deepEqual(problems((a) => (a.strategy.smokePaths = ["/ready", "/live"])), []);
        assert.deepEqual(problems((a) => (a.strategy.smokePort = "http")), [], "the readiness port itself");
        assert.deepEqual(problems((a) => (a.strategy.smokePort = "metrics"), "dev"), []);
    });

    it("an app whose readiness is not an http endpoint cannot be verified by a smoke gate outside dev", () => {
        const exec = (a: any) => {
            a.probes.readiness = { type: "exec", command: ["sh", "-c", "exit 0"] };
            a.strategy.smokePaths = ["/ready"];
        };
        assert.deepEqual(problems(exec), ['platform:apps[0].probes.readiness.type: expected an http readiness probe for a canary app in staging: its smoke gate verifies the release by calling that endpoint (a readiness probe of type exec gives it nothing to call), found "exec"']);
        assert.deepEqual(problems(exec, "dev"), []);
    });
});

describe("forgery class 3, rolling apps: verified by readiness that cannot fail", function () {
    this.timeout(60_000);
    const rolling = (readiness: Record<string, unknown>) => (a: any) => {
        a.strategy = { type: "rolling" };
        a.probes.readiness = readiness;
    };

    it("a rolling or recreate app in staging with an exec or tcp readiness probe is refused; http and grpc are not", () => {
        const message = (type: string, strategy = "rolling") => `platform:apps[0].probes.readiness.type: expected an http or grpc readiness probe for a ${strategy} app in staging: its readiness (and, for http, a smoke gate after the rollout) is what verifies the release production promotes, and a ${type} probe cannot tell a good release from a bad one, found "${type}"`;
        assert.deepEqual(problems(rolling({ type: "exec", command: ["sh", "-c", "exit 0"] })), [message("exec")]);
        assert.deepEqual(problems(rolling({ type: "tcp", port: "http" })), [message("tcp")]);
        assert.deepEqual(problems((a) => { rolling({ type: "tcp", port: "http" })(a); a.strategy = { type: "recreate" }; }), [message("tcp", "recreate")]);
        assert.deepEqual(problems(rolling({ type: "grpc", port: 8080 })), []);
        assert.deepEqual(problems(rolling({ type: "http", path: "/ready", port: "http" })), []);
        assert.deepEqual(problems(rolling({ type: "exec", command: ["true"] }), "dev"), []);
        assert.deepEqual(problems(rolling({ type: "exec", command: ["true"] }), "production").filter((p) => p.includes("readiness")), [], "production verifies nothing: it promotes");
    });

    it("an http rolling app is verified only by a smoke gate on its readiness path after the rollout; grpc by readiness; none in dev", async () => {
        const staged = await planProgram(() => platformProgram({ mode: "plan", config: parsePlatformConfig(readRawConfig(stackConfig("staging").config), "staging"), now: new Date() }), { stack: "staging", config: stackConfig("staging").config, secretKeys: stackConfig("staging").secretKeys });
        const gate = staged.resources.find((r) => r.type === "platform:kubernetes:GateJob" && r.name === "api-gate-rollout");
        assert.ok(gate, "api (rolling, http readiness) has a rollout gate");
        const job = staged.resources.find((r) => r.type === "kubernetes:batch/v1:Job" && r.parent === gate!.urn)!;
        const deployment = staged.resources.find((r) => r.type === "kubernetes:apps/v1:Deployment" && r.name === "api")!;
        assert.ok(job.dependencies.some((d) => staged.resources.find((r) => r.urn === d)?.type === "platform:kubernetes:AppDeployment") || job.dependencies.includes(deployment.urn), "the gate waits for the rollout");
        const env = (job.inputs as any).spec.template.spec.containers[0].env as Array<{ name: string; value?: string }>;
        assert.deepEqual(env.filter((e) => e.name === "GATE_MODE" || e.name === "GATE_URLS").map((e) => `${e.name}=${e.value}`), ["GATE_MODE=smoke", "GATE_URLS=http://api:80/ready"]);
        const egress = (staged.resources.find((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy" && r.parent === gate!.urn)!.inputs as any).spec.egress;
        assert.ok(egress.some((e: any) => e.ports.some((p: any) => p.port === 8080) && e.to.some((t: any) => t.podSelector?.matchLabels?.["app.kubernetes.io/name"] === "api")), JSON.stringify(egress));
        assert.equal(staged.resources.find((r) => r.type === "platform:kubernetes:GateJob" && r.name === "worker-gate-rollout"), undefined, "worker's readiness is grpc: no endpoint to call");
        const manifest = staged.outputs.releaseManifest as ReleaseManifest;
        assert.deepEqual(manifest.apps.api.gates, { passed: true, names: [(job.inputs as any).metadata.name] });
        assert.deepEqual(manifest.apps.worker.gates, { passed: true, names: [] });
        const dev = await planProgram(() => platformProgram({ mode: "plan", config: parsePlatformConfig(readRawConfig(stackConfig("dev").config), "dev") }), { stack: "dev", config: stackConfig("dev").config, secretKeys: stackConfig("dev").secretKeys });
        assert.equal(dev.resources.filter((r) => r.name.endsWith("-gate-rollout")).length, 0, "no rollout gate in dev");
    });
});

describe("forgery class 4: a strategy switch as a bypass", () => {
    const manifest: ReleaseManifest = {
        apiVersion: RELEASE_MANIFEST_API_VERSION, environment: "staging", tier: "staging",
        apps: { api: { app: "api", image: `ghcr.io/acme/api:2.7.0@${D1}`, digest: D1, version: "2.7.0", strategy: "canary", gates: { passed: true, names: ["smoke"] }, verified: [D1] } },
    };

    it("a release verified as a canary is not promoted as a rolling app, naming the key", () => {
        const r = resolvePromotion(manifest, [{ name: "api", strategy: { key: "apps[0].strategy.type", type: "rolling" } }], "acme/platform/staging");
        assert.deepEqual(r.images, {});
        assert.deepEqual(r.errors, ['platform:apps[0].strategy.type: expected "canary", the strategy acme/platform/staging verified app "api" 2.7.0 with, found "rolling"; change the strategy in the source stack first and let its gates pass there']);
    });

    it("the same strategy promotes", () => {
        assert.deepEqual(resolvePromotion(manifest, [{ name: "api", strategy: { key: "apps[0].strategy.type", type: "canary" } }], "acme/platform/staging"), { images: { api: `ghcr.io/acme/api@${D1}` }, errors: [] });
    });
});
