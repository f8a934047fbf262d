import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { E2EProject, fixture, repoRoot, setSecrets } from "./support/project";

// Values set with `pulumi config set --secret`, followed through the real engine: the state, the stack's
// outputs, the update's output and the engine's own logs (-v=9) see them only encrypted or masked.
const SENTINELS = { apiToken: "SENTINEL-api-token-5d1e9c", slackWebhookUrl: "https://hooks.slack.com/services/T0/B0/SENTINEL-slack-7b2f" };
const forms = (v: string) => [v, Buffer.from(v).toString("base64")];

describe("secrets on the real engine", function () {
    let project: E2EProject;
    let up: { stdout: string; stderr: string };

    before(() => {
        project = E2EProject.create("secrets", { staging: fixture("staging.yaml") });
        project.initStack("staging");
        setSecrets(project, "staging", SENTINELS);
        // Verbose engine logs to stderr: every RPC the engine and its plugins exchange, flowed to the providers too.
        up = project.pulumi(["up", "--yes", "--skip-preview", "--stack", "staging", "--logtostderr", "--logflow", "-v=9"]);
    });
    after(() => project?.remove());

    it("the stack file holds them as ciphertext only", () => {
        const text = fs.readFileSync(project.stackFile("staging"), "utf8");
        for (const v of Object.values(SENTINELS)) assert.ok(!text.includes(v));
        assert.match(text, /apiToken:\s+secure: v1:/);
    });

    it("pulumi stack export has them only as ciphertext", () => {
        const state = project.pulumi(["stack", "export", "--stack", "staging"]).stdout;
        for (const v of Object.values(SENTINELS)) for (const f of forms(v)) assert.ok(!state.includes(f), `${v} in the state`);
        assert.match(state, /"ciphertext":/);
        const secret = JSON.parse(state).deployment.resources.find((r: { urn: string }) => r.urn.endsWith("Secret::api-secrets"));
        assert.ok(secret.inputs.data.ciphertext, "the app's Secret data is stored encrypted");
    });

    it("pulumi stack output --json never shows them in plain", () => {
        const outputs = project.pulumi(["stack", "output", "--json", "--stack", "staging"]).stdout;
        for (const v of Object.values(SENTINELS)) for (const f of forms(v)) assert.ok(!outputs.includes(f));
    });

    it("the update's output carries them in no form; the engine's verbose logs never in plain text", () => {
        for (const v of Object.values(SENTINELS)) {
            for (const f of forms(v)) assert.ok(!up.stdout.includes(f), `${f} in the update's output`);
            assert.ok(!up.stderr.includes(v), `${v} in the engine's logs`);
        }
        assert.ok(up.stderr.length > 100_000, "the verbose logs were on");
        // Known limit, the SDK's: its debug line "RegisterResource RPC finished ... resp: ..." prints a Secret's
        // outputs, base64 data included; the engine masks secret config values, not their base64. See docs/engine.md.
    });

    it("a value set without --secret under platform:secrets is refused by the program under the real CLI", () => {
        const other = E2EProject.create("secrets-plain", { staging: fixture("staging.yaml") });
        try {
            other.initStack("staging");
            for (const [k, v] of Object.entries(SENTINELS)) other.pulumi(["config", "set", "--plaintext", "--path", `platform:secrets.${k}`, v, "--stack", "staging"]);
            const failed = other.pulumi(["preview", "--stack", "staging"], { expectFailure: true });
            assert.match(failed.output, /platform:secrets: expected values set with `pulumi config set --secret --path 'platform:secrets.<name>'`, found plain text in the stack file/);
            for (const v of Object.values(SENTINELS)) assert.ok(!failed.output.includes(v), "the message never echoes the value");
        } finally {
            other.remove();
        }
    });

    it("render mode writes a Secret's data to disk (base64, not encrypted): rendered/ is gitignored", () => {
        const rendered = fs.readdirSync(path.join(project.dir, "rendered", "staging", "1-manifest")).filter((f) => f.startsWith("v1-secret-"));
        const text = rendered.map((f) => fs.readFileSync(path.join(project.dir, "rendered", "staging", "1-manifest", f), "utf8")).join("\n");
        assert.ok(text.includes(Buffer.from(SENTINELS.apiToken).toString("base64")), "what the README warns about");
        assert.equal(execFileSync("git", ["check-ignore", "rendered/staging/x.yaml"], { cwd: repoRoot, encoding: "utf8" }).trim(), "rendered/staging/x.yaml");
    });
});
