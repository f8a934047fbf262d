import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { E2EProject, fixture, setSecrets } from "./support/project";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
/** A one-hour window on a day that is not today (UTC): closed for the whole run. */
const closedWindow = () => `${DAYS[(new Date().getUTCDay() + 3) % 7]} 03:00-04:00 UTC`;
const REASON = "e2e-reason-8c41-never-logged";

// The maintenance window on the real engine: `pulumi up` refused before any resource is registered, the
// fixed override variable (its value never printed), and `pulumi preview` never blocked.
describe("release window on the real engine", function () {
    let project: E2EProject;

    before(() => {
        const text = fixture("staging.yaml").replace("config:\n", `config:\n  platform:release: { maintenanceWindow: "${closedWindow()}" }\n`);
        project = E2EProject.create("window", { staging: text });
        project.initStack("staging");
        setSecrets(project, "staging", { apiToken: "t", slackWebhookUrl: "https://hooks.slack.com/services/T0/B0/x" });
    });
    after(() => project?.remove());

    it("pulumi preview is never blocked", () => {
        project.pulumi(["preview", "--stack", "staging"]);
    });

    it("pulumi up outside the window fails before any resource is registered, naming the key", () => {
        const failed = project.pulumi(["up", "--yes", "--skip-preview", "--stack", "staging"], { expectFailure: true });
        assert.match(failed.output, /platform:release\.maintenanceWindow: /);
        assert.match(failed.output, /PLATFORM_RELEASE_OVERRIDE/);
        const resources = (project.exportState("staging").deployment.resources ?? []).map((r) => r.type);
        assert.deepEqual(resources.filter((t) => t !== "pulumi:pulumi:Stack"), [], "nothing but the stack itself");
        assert.ok(!fs.existsSync(path.join(project.dir, "rendered", "staging")), "nothing rendered");
    });

    it("the override lets it through, logs that it did, and never prints its value", () => {
        const up = project.pulumi(["up", "--yes", "--skip-preview", "--stack", "staging", "--message", "hotfix: e2e"], { env: { PLATFORM_RELEASE_OVERRIDE: REASON } });
        assert.match(up.output, /OVERRIDE: updating outside the maintenance window ".*" .* because PLATFORM_RELEASE_OVERRIDE is set \(its value is not logged/);
        assert.ok(!up.output.includes(REASON));
        assert.ok(!project.pulumi(["stack", "export", "--stack", "staging"]).stdout.includes(REASON));
    });
});
