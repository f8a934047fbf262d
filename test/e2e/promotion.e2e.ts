import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { differences, fromPlan, fromPreview, type PreviewStep } from "./support/compare";
import { E2EProject, fixture, offlinePlan, repoRoot, setSecrets } from "./support/project";

type StackDoc = { config: Record<string, any> };

// Promotion by StackReference on the real engine, with a staging that only renders (no cluster): its
// release manifest is real, read through a real StackReference, and says that nothing was verified.
// The verified path (gates that ran on a cluster) is in test/cluster/promotion.cluster.ts.
describe("promotion through a real StackReference from a staging that only renders", function () {
    let project: E2EProject;
    let work: string;
    /** staging's preview before its first update: a preview of an unchanged stack carries no inputs. */
    let stagingPreview: { steps: PreviewStep[] };

    before(() => {
        project = E2EProject.create("promotion", { staging: fixture("staging.yaml"), production: fixture("production.yaml") });
        work = path.join(project.dir, "..", "work");
        fs.mkdirSync(work);
        project.initStack("staging");
        setSecrets(project, "staging", { apiToken: "e2e-staging-api-token", slackWebhookUrl: "https://hooks.slack.com/services/T000/B000/e2e" });
        project.initStack("production");
        setSecrets(project, "production", { apiToken: "e2e-prod-api-token", slackWebhookUrl: "https://hooks.slack.com/services/T000/B000/e2e", pagerdutyRoutingKey: "e2e-routing-key" });
        stagingPreview = JSON.parse(project.pulumi(["preview", "--json", "--stack", "staging"]).stdout) as { steps: PreviewStep[] };
        project.pulumi(["up", "--yes", "--skip-preview", "--stack", "staging"]);
    });
    after(() => project?.remove());

    it("staging exports its release manifest with every app unverified: rendering runs no rollout and no gate", () => {
        const outputs = JSON.parse(project.pulumi(["stack", "output", "--json", "--stack", "staging"]).stdout) as { releaseManifest: { apps: Record<string, { image: string; gates: { passed: boolean } }> } };
        assert.deepEqual(Object.keys(outputs.releaseManifest.apps), ["api", "storefront"]);
        assert.ok(Object.values(outputs.releaseManifest.apps).every((a) => !a.gates.passed));
    });

    it("staging's release history, read back from its own state by a StackReference to itself, holds no release: nothing was verified", () => {
        const outputs = JSON.parse(project.pulumi(["stack", "output", "--json", "--stack", "staging"]).stdout) as { releaseHistory: { apiVersion: string; environment: string; releases: unknown[] } };
        assert.deepEqual(outputs.releaseHistory, { apiVersion: "platform.delivery/history-v1", environment: "staging", releases: [] });
        // A second update reads the first one's outputs back and changes nothing.
        const again = project.pulumi(["preview", "--json", "--stack", "staging"]);
        const steps = (JSON.parse(again.stdout) as { steps: PreviewStep[] }).steps;
        assert.deepEqual(steps.filter((s) => s.op !== "same" && s.op !== "read").map((s) => `${s.op} ${s.urn}`), []);
    });

    it("production refuses a release id the history does not hold, listing what it holds, before anything is registered", () => {
        const doc = parse(fs.readFileSync(project.stackFile("production"), "utf8")) as StackDoc;
        const original = stringify(doc);
        doc.config["platform:promotion"] = { ...doc.config["platform:promotion"], release: "r3-0123abcd" };
        fs.writeFileSync(project.stackFile("production"), stringify(doc));
        try {
            const failed = project.pulumi(["preview", "--stack", "production"], { expectFailure: true });
            assert.match(failed.output, /platform:promotion\.release: expected a release in the history of "organization\/platform\/staging" \(none yet\), found "r3-0123abcd"; a rollback reaches only releases still in the history/);
            assert.doesNotMatch(failed.output, /^\s+at .+:\d+:\d+\)?$/m, "no JavaScript stack trace");
        } finally {
            fs.writeFileSync(project.stackFile("production"), original);
        }
    });

    it("production's preview reads it through the StackReference and refuses each unverified app by name, without a stack trace", () => {
        const failed = project.pulumi(["preview", "--stack", "production"], { expectFailure: true });
        assert.match(failed.output, /platform:promotion: promotion from "organization\/platform\/staging": app "api" 2\.7\.0 is not verified/);
        assert.match(failed.output, /app "storefront" 3\.2\.0 is not verified \(gates not passed: storefront-gate-smoke-/);
        assert.doesNotMatch(failed.output, /^\s+at .+:\d+:\d+\)?$/m, "no JavaScript stack trace");
    });

    it("refuses an app the manifest does not have, naming it and what the manifest has", () => {
        const doc = parse(fs.readFileSync(project.stackFile("production"), "utf8")) as StackDoc;
        const original = stringify(doc);
        const apps = doc.config["platform:apps"] as Array<Record<string, unknown>>;
        doc.config["platform:apps"] = [...apps, { ...apps[0], name: "billing", route: { hostnames: ["billing.example.com"] } }];
        fs.writeFileSync(project.stackFile("production"), stringify(doc));
        try {
            const failed = project.pulumi(["preview", "--stack", "production"], { expectFailure: true });
            assert.match(failed.output, /app "billing" is not in the release manifest \(it has: api, storefront\)/);
        } finally {
            fs.writeFileSync(project.stackFile("production"), original);
        }
    });

    it("the offline plan of production, given staging's real outputs, fails with the same message", () => {
        const outputsFile = path.join(work, "staging-outputs.json");
        fs.writeFileSync(outputsFile, project.pulumi(["stack", "output", "--json", "--stack", "staging"]).stdout);
        assert.throws(() => offlinePlan("production", project.stackFile("production"), path.join(work, "plan"), ["--stack-outputs", `organization/platform/staging=${outputsFile}`]),
            /app "api" 2\.7\.0 is not verified/);
    });

    it("the offline plan of staging matches its real preview", () => {
        const preview = stagingPreview;
        const plan = offlinePlan("staging", project.stackFile("staging"), path.join(work, "plan"));
        const dirs = [project.dir, repoRoot];
        assert.deepEqual(differences(fromPlan(plan.resources, dirs), fromPreview(preview.steps, dirs)), []);
    });
});
