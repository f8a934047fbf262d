import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { E2EProject, fixture, repoRoot, setSecrets } from "./support/project";

const PACK = path.join(repoRoot, "policies");
const config = (tier: string) => path.join(repoRoot, "policies", "config", `${tier}.json`);

// The compiled policy pack as the CLI runs it: through the language host's RunPlugin, with the stack's
// per-environment config. What is asserted is the CLI's exit code and what it prints.
describe("policy pack through the real CLI", function () {
    const projects: E2EProject[] = [];
    after(() => projects.forEach((p) => p.remove()));

    for (const [stack, file, tier] of [["dev", "Pulumi.dev.yaml", "dev"], ["staging", "test/e2e/fixtures/staging.yaml", "staging"]] as const) {
        it(`passes the ${stack === "dev" ? "shipped dev stack" : "Kubernetes-only staging fixture"} with the ${tier} config`, () => {
            const text = file.startsWith("test/") ? fixture(path.basename(file)) : fs.readFileSync(path.join(repoRoot, file), "utf8");
            const project = E2EProject.create(`policy-${stack}`, { [stack]: text });
            projects.push(project);
            project.initStack(stack);
            if (stack === "staging") setSecrets(project, stack, { apiToken: "t", slackWebhookUrl: "https://hooks.slack.com/services/T0/B0/x" });
            const run = project.pulumi(["preview", "--policy-pack", PACK, "--policy-pack-config", config(tier)]);
            assert.match(run.stdout, /Policies:\s+✅ platform-policies@v0\.1\.0 \(local: .*policies\)/);
            assert.doesNotMatch(run.output, /mandatory/);
        });
    }

    it("fails the preview of a program registering a privileged container, an ungated split, a split gated by a labelled do-nothing Job, a hostname-less route and an ExternalName alias, naming each rule", () => {
        const project = E2EProject.fromFixture("policy-insecure", "insecure");
        projects.push(project);
        project.initStack("dev");
        const run = project.pulumi(["preview", "--policy-pack", PACK, "--policy-pack-config", config("production")], { expectFailure: true });
        assert.equal(run.code, 1);
        assert.match(run.stdout, /\[mandatory\] \[severity: critical\]\s+k8s-no-privileged-containers\s+\(kubernetes:apps\/v1:Deployment: rogue\)/);
        assert.match(run.stdout, /\[mandatory\] \[severity: \w+\]\s+k8s-traffic-shift-gated\s+\(kubernetes:gateway.networking.k8s.io\/v1:HTTPRoute: rogue-split\)/);
        // A Job that only carries the gate label is not a gate; a hostname-less route and an ExternalName alias on the shared Gateway.
        assert.match(run.stdout, /k8s-traffic-shift-gated\s+\(kubernetes:gateway.networking.k8s.io\/v1:HTTPRoute: rogue-fake-gated-split\)[\s\S]*?its gate Job rogue-fake-gate is not the platform's gate program: no container runs exactly `node <dir>\/gate.js`/);
        // The fake gate also runs with the namespace's default ServiceAccount token.
        assert.match(run.stdout, /\[mandatory\] \[severity: high\]\s+k8s-gate-identity-scoped\s+\(kubernetes:batch\/v1:Job: rogue-fake-gate\)[\s\S]*?gate Job mounts the namespace's default ServiceAccount token/);
        assert.match(run.stdout, /\[mandatory\] \[severity: high\]\s+k8s-route-hostnames\s+\(kubernetes:gateway.networking.k8s.io\/v1:HTTPRoute: rogue-catch-all\)[\s\S]*?sets no hostnames/);
        assert.match(run.stdout, /\[mandatory\] \[severity: high\]\s+k8s-no-external-services\s+\(kubernetes:core\/v1:Service: rogue-alias\)[\s\S]*?ExternalName aliases "metadata.internal.example"/);
        assert.match(run.output, /error: preview failed/);
    });

    it("reports the same violations as advisory with the dev config, and lets the preview pass", () => {
        const project = E2EProject.fromFixture("policy-insecure-dev", "insecure");
        projects.push(project);
        project.initStack("dev");
        const run = project.pulumi(["preview", "--policy-pack", PACK, "--policy-pack-config", config("dev")]);
        assert.match(run.stdout, /\[advisory\] \[severity: critical\]\s+k8s-no-privileged-containers/);
        assert.doesNotMatch(run.stdout, /\[mandatory\]/);
    });
});
