import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConfigError, parsePlatformConfig, readRawConfig } from "../../stacks/config";
import { platformProgram } from "../../stacks/program";
import { planCli, planProgram, stackConfig } from "../support/plan";

function plan(args: string[]) {
    return planCli(args);
}

describe("release window and promotion in the stack program", function () {
    this.timeout(120_000);
    const production = stackConfig("production");
    const config = parsePlatformConfig(readRawConfig(production.config), "production");
    const run = (mode: "deploy" | "plan", now: Date, env: Record<string, string | undefined> = {}) => {
        const saved = { ...process.env };
        Object.assign(process.env, env);
        return planProgram(() => platformProgram({ mode, config, now }), { stack: "production", config: production.config, secretKeys: production.secretKeys, stackOutputs: { staging: stagingOutputs } })
            .finally(() => { process.env = saved; });
    };
    let stagingOutputs: Record<string, unknown>;
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "promotion-"));

    before(() => {
        const staging = plan(["staging", "--out", outDir]);
        assert.equal(staging.status, 0, staging.stderr);
        stagingOutputs = JSON.parse(fs.readFileSync(path.join(outDir, "staging", "plan.json"), "utf8")).outputs;
    });

    it("refuses `up` outside the maintenance window before registering anything", async () => {
        const sunday = new Date("2026-11-29T12:00:00Z");
        await assert.rejects(run("deploy", sunday), (e: unknown) => {
            assert.ok(e instanceof ConfigError);
            assert.match(e.message, /platform:release\.maintenanceWindow: updates are allowed only inside the maintenance window "Mon-Thu 22:00-23:00 UTC" and it is now Sun 12:00 UTC; wait for the window, or override with PLATFORM_RELEASE_OVERRIDE=1 pulumi up --message "<reason>"/);
            return true;
        });
    });

    it("allows `up` inside the window, with an explicit override outside it, and never blocks the plan", async () => {
        const monday = new Date("2026-11-30T22:30:00Z");
        const inside = await run("deploy", monday);
        assert.ok(inside.resources.some((r) => r.type === "kubernetes:apps/v1:Deployment"));
        const sunday = new Date("2026-11-29T12:00:00Z");
        const logged: string[] = [];
        const warn = console.warn;
        console.warn = (...args: unknown[]) => void logged.push(args.map(String).join(" "));
        const overridden = await run("deploy", sunday, { PLATFORM_RELEASE_OVERRIDE: "pul-secret-looking-value-1234" }).finally(() => { console.warn = warn; });
        assert.equal(overridden.resources.length, inside.resources.length);
        assert.ok(logged.some((l) => l.includes("OVERRIDE: updating outside the maintenance window") && l.includes("because PLATFORM_RELEASE_OVERRIDE is set")), logged.join("\n"));
        assert.ok(!logged.join("\n").includes("pul-secret-looking-value-1234"), "the override's value is never logged");
        const planned = await run("plan", sunday);
        assert.equal(planned.resources.length, inside.resources.length);
    });

    it("deploys exactly the digests staging verified, read through a StackReference", async () => {
        const result = await run("plan", new Date());
        const ref = result.resources.find((r) => r.type === "pulumi:pulumi:StackReference");
        assert.equal(ref?.inputs.name, "acme/platform/staging");
        const verified = (stagingOutputs.releaseManifest as { apps: Record<string, { image: string; digest: string }> }).apps;
        const images = result.resources
            .filter((r) => r.type === "kubernetes:apps/v1:Deployment")
            .map((r) => (r.inputs.spec as { template: { spec: { containers: Array<{ image: string }> } } }).template.spec.containers[0].image);
        const digests = new Set(Object.values(verified).map((e) => e.digest));
        for (const image of images) assert.ok(digests.has(image.split("@")[1]), `${image} runs a digest staging verified`);
        for (const [app, entry] of Object.entries(verified)) assert.ok(images.some((i) => i.endsWith(entry.digest)), `${app} is deployed`);
        for (const image of images) assert.match(image, /@sha256:[a-f0-9]{64}$/);
    });

    it("fails the production plan when staging did not verify an app, naming app, source and fix", () => {
        const tampered = JSON.parse(JSON.stringify(stagingOutputs));
        // Staging's newest update did not verify api (its newest release lacks it) and never had worker.
        tampered.releaseManifest.apps.api.gates = { passed: false, names: ["api-gate-smoke"] };
        delete tampered.releaseManifest.apps.worker;
        for (const r of tampered.releaseHistory.releases) delete r.apps.api, delete r.apps.worker;
        const file = path.join(outDir, "tampered.json");
        fs.writeFileSync(file, JSON.stringify(tampered));
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "promotion-bad-"));
        const result = plan(["production", "--stack-outputs", `staging=${file}`, "--out", out]);
        assert.equal(result.status, 1);
        assert.match(result.stderr, /platform:promotion: promotion from "acme\/platform\/staging": app "api" 2\.7\.0 is not verified \(gates not passed: api-gate-smoke\); fix it in the source stack and let its gates pass before promoting/);
        assert.match(result.stderr, /platform:promotion: promotion from "acme\/platform\/staging": app "worker" is not in the release manifest \(it has: api, checkout, storefront\)/);
        assert.deepEqual(fs.readdirSync(out), []);
    });

    it("refuses a blue-green app neither of whose colours runs the verified digest", () => {
        const tampered = JSON.parse(JSON.stringify(stagingOutputs));
        const other = "sha256:" + "ab".repeat(32);
        const storefront = tampered.releaseHistory.releases[0].apps.storefront;
        Object.assign(storefront, { digest: other, image: `ghcr.io/acme/storefront:3.3.0@${other}`, version: "3.3.0", verified: [...storefront.verified, other] });
        const file = path.join(outDir, "bluegreen.json");
        fs.writeFileSync(file, JSON.stringify(tampered));
        const result = plan(["production", "--stack-outputs", `staging=${file}`, "--out", fs.mkdtempSync(path.join(os.tmpdir(), "promotion-bg-"))]);
        assert.equal(result.status, 1);
        assert.match(result.stderr, new RegExp(`platform:promotion: promotion from "acme/platform/staging": blue-green app "storefront" runs neither colour with the verified digest ${other}; put it on the idle colour \\(platform:apps\\[2\\]\\.strategy\\.green\\.image\\), let its smoke gate pass, then switch activeColor`));
    });

    it("refuses every image production would run that staging did not verify: a blue-green colour, a canary's stable", async () => {
        const evil = "ghcr.io/acme/storefront:3.2.0@sha256:" + "e".repeat(64);
        const values = structuredClone(readRawConfig(production.config)) as { apps: Array<{ name: string; strategy: Record<string, any> }> }; // eslint-disable-line @typescript-eslint/no-explicit-any
        values.apps[2].strategy.green.image = evil;
        values.apps[3].strategy.stableImage = evil.replace("storefront", "checkout");
        const hostile = parsePlatformConfig(values, "production");
        const verified = (stagingOutputs.releaseManifest as { apps: Record<string, { verified: string[] }> }).apps;
        await assert.rejects(planProgram(() => platformProgram({ mode: "plan", config: hostile }), { stack: "production", config: production.config, secretKeys: production.secretKeys, stackOutputs: { staging: stagingOutputs } }), (e: unknown) => {
            assert.ok(e instanceof ConfigError);
            assert.deepEqual(e.problems, [
                `platform:apps[2].strategy.green.image: expected an image whose digest acme/platform/staging verified for app "storefront" (${verified.storefront.verified.join(", ")}), found "${evil}"; run only images whose gates passed in the source stack`,
                `platform:apps[3].strategy.stableImage: expected an image whose digest acme/platform/staging verified for app "checkout" (${verified.checkout.verified.join(", ")}), found "${evil.replace("storefront", "checkout")}"; run only images whose gates passed in the source stack`,
            ]);
            return true;
        });
    });

    it("refuses to promote a canary staging holds steady: no gate ran, so it is not verified", async () => {
        const steady = structuredClone(readRawConfig(stackConfig("staging").config)) as { apps: Array<{ name: string; image?: string; strategy: Record<string, any> }> }; // eslint-disable-line @typescript-eslint/no-explicit-any
        const checkout = steady.apps.find((a) => a.name === "checkout")!;
        // Hostile staging edit: the new image set as both stable and canary skips every gate.
        checkout.strategy.stableImage = checkout.image;
        const staged = await planProgram(() => platformProgram({ mode: "plan", config: parsePlatformConfig(steady, "staging") }), { stack: "staging", config: stackConfig("staging").config, secretKeys: stackConfig("staging").secretKeys });
        const entry = (staged.outputs.releaseManifest as { apps: Record<string, { gates: { passed: boolean }; verified: string[] }> }).apps.checkout;
        assert.deepEqual([entry.gates.passed, entry.verified], [false, []]);
        await assert.rejects(planProgram(() => platformProgram({ mode: "plan", config }), { stack: "production", config: production.config, secretKeys: production.secretKeys, stackOutputs: { staging: staged.outputs } }),
            /platform:promotion: promotion from "acme\/platform\/staging": app "checkout" 1\.8\.0 is not verified \(gates not passed: no gates recorded\)/);
    });

    it("production's canary, promoted by digest, is steady: one track, no split, no release gate", async () => {
        const result = await run("plan", new Date());
        const route = result.resources.find((r) => r.type === "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute" && r.name === "checkout-route")!;
        assert.deepEqual((route.inputs.spec as { rules: Array<{ backendRefs: unknown[] }> }).rules.map((r) => r.backendRefs), [[{ name: "checkout-stable", port: 80 }]]);
        assert.deepEqual(result.resources.filter((r) => r.type === "kubernetes:batch/v1:Job" && r.name.startsWith("checkout-")).map((r) => r.name), [], "no gate: steady, and stable frozen");
    });

    it("plans the staging → production chain offline from a staging plan file", () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "promotion-chain-"));
        const result = plan(["production", "--stack-outputs", `staging=${path.join(outDir, "staging", "plan.json")}`, "--out", out]);
        assert.equal(result.status, 0, result.stderr);
        assert.match(result.stdout, /promotion from acme\/platform\/staging:\n {4}api: \(new\) → 2\.7\.0 \(rolling, no gates\)\n {4}checkout: \(new\) → 1\.8\.0 \(canary, gates: smoke, analysis step 1\.\.4\)\n {4}storefront: \(new\) → 3\.2\.0 \(blueGreen, gates: smoke\)\n {4}worker: \(new\) → 5\.2\.1 \(recreate, no gates\)/);
        const outputs = JSON.parse(fs.readFileSync(path.join(out, "production", "plan.json"), "utf8")).outputs;
        assert.equal(outputs.promotedFrom, "acme/platform/staging");
        assert.deepEqual(Object.keys(outputs.releaseManifest.apps), ["api", "checkout", "storefront", "worker"]);
    });
});
