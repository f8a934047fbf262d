import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { policyTier, stackTierProblems, tierOfName } from "../../stacks/stackTier";
import { choosePolicyConfig } from "../../tools/plan/policyChoice";
import { configProblems as problems, rawValues as raw } from "../support/config";
import { planCli, repoRoot } from "../support/plan";

const withTier = (values: Record<string, unknown>, tier: string, name?: string) =>
    ({ ...values, environment: { ...(values.environment as object), tier, ...(name ? { name } : {}) } });


/** The problems about the tier itself. */
const tierLines = (lines: readonly string[]) => lines.filter((l) => l.startsWith("platform:environment.tier:"));

describe("the tier follows the stack", () => {
    it("maps stack names to tiers by their words, strictest first; other names fix nothing", () => {
        const table = ["production", "prod-azure", "prod-gcp", "eu-prod", "Production", "acme/platform/production", "prd_1", "prod-dev-copy",
            "staging", "stg-eu", "preprod", "dev", "dev-alice", "qa", "bench-n10", "test", "prodigy", "canarytest"]
            .map((n) => [n, tierOfName(n)?.tier]);
        assert.deepEqual(table, [
            ["production", "production"], ["prod-azure", "production"], ["prod-gcp", "production"], ["eu-prod", "production"], ["Production", "production"],
            ["acme/platform/production", "production"], ["prd_1", "production"], ["prod-dev-copy", "production"],
            ["staging", "staging"], ["stg-eu", "staging"], ["preprod", "staging"], ["dev", "dev"], ["dev-alice", "dev"],
            ["qa", undefined], ["bench-n10", undefined], ["test", undefined], ["prodigy", undefined], ["canarytest", undefined],
        ]);
    });

    it("refuses the shipped production stack declaring tier dev or staging, naming the key, before anything is registered", () => {
        const production = raw("production");
        for (const tier of ["dev", "staging"]) {
            // Only the tier lines: a spoofed tier also shrinks the default quota, which is reported too.
            assert.deepEqual(tierLines(problems(withTier(production, tier), "production")), [
                `platform:environment.tier: expected "production" because the stack is named "production" (a name with the word "production" is a production stack; the tier follows the stack, not its file), found "${tier}"`,
                `platform:environment.tier: expected "production" because platform:environment.name is "production" (an environment named with the word "production" is production; its namespace and labels say so), found "${tier}"`,
            ]);
        }
        // a renamed environment does not help: the stack's name still fixes the tier
        assert.deepEqual(tierLines(problems(withTier(production, "dev", "sandbox"), "prod-eu")), [
            "platform:environment.tier: expected \"production\" because the stack is named \"prod-eu\" (a name with the word \"prod\" is a production stack; the tier follows the stack, not its file), found \"dev\"",
        ]);
    });

    it("refuses staging declaring dev, and an environment named production in a stack whose name fixes nothing", () => {
        assert.deepEqual(tierLines(problems(withTier(raw("staging"), "dev"), "staging")), [
            "platform:environment.tier: expected \"staging\" because the stack is named \"staging\" (a name with the word \"staging\" is a staging stack; the tier follows the stack, not its file), found \"dev\"",
            "platform:environment.tier: expected \"staging\" because platform:environment.name is \"staging\" (an environment named with the word \"staging\" is staging; its namespace and labels say so), found \"dev\"",
        ]);
        assert.deepEqual(stackTierProblems("qa", { name: "production", tier: "dev" }).map((p) => [p.path.join("."), p.found]), [["environment.tier", "dev"]]);
    });

    it("accepts every shipped stack and fixture under its own name, and any tier where no name fixes one", () => {
        for (const stack of ["dev", "staging", "production"]) assert.deepEqual(problems(raw(stack), stack), []);
        assert.deepEqual(problems(raw("prod-azure", "test/fixtures/stacks/azure.yaml"), "prod-azure"), []);
        assert.deepEqual(stackTierProblems("qa", { name: "canarytest", tier: "dev" }), []);
        assert.deepEqual(stackTierProblems(undefined, { name: "bench", tier: "staging" }), []);
    });

    it("chooses the plan's policy config from the stack's name, not from the tier the file claims", () => {
        assert.deepEqual(choosePolicyConfig("production", "dev"), { environment: "production" });
        assert.deepEqual(choosePolicyConfig("prod-gcp", "staging"), { environment: "production" });
        assert.deepEqual(choosePolicyConfig("staging", "dev"), { environment: "staging" });
        assert.deepEqual(choosePolicyConfig("qa", "staging"), { environment: "staging" });
        assert.equal(policyTier("bench-n10", "production"), "production");
        assert.deepEqual(choosePolicyConfig("dev", "dev", "my-policies.json"), { environment: "dev", configFile: "my-policies.json" });
        assert.throws(() => choosePolicyConfig("production", "production", "policies/config/dev.json"), {
            message: "--policy-config: expected no policy config file for stack \"production\": it is a production stack, evaluated with policies/config/production.json (another file could lower what production enforces), found \"policies/config/dev.json\"",
        });
        assert.throws(() => choosePolicyConfig("qa", "staging", "x.json"), /it is a staging stack, evaluated with policies\/config\/staging.json/);
    });

    describe("npm run plan", function () {
        this.timeout(60_000);
        const plan = (args: string[]) => planCli(args);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tier-spoof-"));

        it("fails a copy of Pulumi.production.yaml edited to tier: dev, and writes nothing", () => {
            const doc = parse(fs.readFileSync(path.join(repoRoot, "Pulumi.production.yaml"), "utf8")) as { config: Record<string, { tier?: string }> };
            doc.config["platform:environment"].tier = "dev";
            const file = path.join(dir, "spoof.yaml");
            fs.writeFileSync(file, stringify(doc));
            const outputs = path.join(dir, "staging.json");
            fs.writeFileSync(outputs, "{}");
            const out = path.join(dir, "out");
            const run = plan(["production", "--config-file", file, "--stack-outputs", `staging=${outputs}`, "--out", out]);
            assert.equal(run.status, 1, run.stdout);
            assert.match(run.stderr, /^invalid configuration for stack "production" in .*spoof\.yaml \(\d+ problems\):\n {2}- platform:environment\.tier: expected "production" because the stack is named "production"/);
            assert.ok(!fs.existsSync(out), "nothing written");
        });

        it("refuses --policy-config for a production stack before planning it", () => {
            const run = plan(["production", "--policy-config", "policies/config/dev.json", "--out", path.join(dir, "out2")]);
            assert.equal(run.status, 1, run.stdout);
            assert.match(run.stderr, /^plan failed: --policy-config: expected no policy config file for stack "production": it is a production stack/);
        });
    });
});
