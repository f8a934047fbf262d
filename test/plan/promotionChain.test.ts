import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { ConfigError } from "../../stacks/errors";
import { chainFromEnv, defaultOrganization, localPromotionSource, PLAN_CHAIN_ENV } from "../../tools/plan/promotionChain";
import { planCli, repoRoot } from "../support/plan";

function plan(args: string[]) {
    return planCli(args);
}

/** A copy of a shipped stack file with `edit` applied to its config, written to a temp file. */
function stackFile(stack: string, edit: (config: Record<string, any>) => void): string { // eslint-disable-line @typescript-eslint/no-explicit-any
    const doc = parse(fs.readFileSync(path.join(repoRoot, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
    edit(doc.config);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "chain-")), `Pulumi.${stack}.yaml`);
    fs.writeFileSync(file, stringify(doc));
    return file;
}

const scope = { organization: "acme", project: "platform", stack: "production", chain: [] };

describe("offline promotion chain", function () {
    this.timeout(120_000);

    it("stands in a local stack only for another stack of this organization and project", () => {
        assert.equal(localPromotionSource("acme/platform/staging", scope), "staging");
        assert.equal(localPromotionSource("evil/platform/staging", scope), undefined, "another organization: never substituted");
        assert.equal(localPromotionSource("acme/other/staging", scope), undefined, "another project: never substituted");
        assert.equal(localPromotionSource("acme/platform/production", scope), undefined, "itself: never planned again (the program refuses it)");
    });

    it("refuses a source that leads back to a stack being planned, naming the chain", () => {
        assert.throws(() => localPromotionSource("acme/platform/production", { ...scope, stack: "staging", chain: ["production"] }), (e: unknown) => {
            assert.ok(e instanceof ConfigError);
            assert.deepEqual(e.problems, [
                "platform:promotion.from: expected a promotion chain that ends in a stack without platform:promotion, found \"acme/platform/production\", which leads back to \"production\" (production → staging → production)",
            ]);
            return true;
        });
        assert.deepEqual(chainFromEnv({ [PLAN_CHAIN_ENV]: "production,staging" }), ["production", "staging"]);
        assert.deepEqual(chainFromEnv({}), []);
    });

    it("assumes the organization the control program manages", () => {
        assert.equal(defaultOrganization(repoRoot), "acme");
        assert.equal(defaultOrganization(os.tmpdir()), "organization", "without deployments/: the DIY backend's organization");
    });

    it("a cyclic promotion (staging ← production ← staging) fails after one nested plan instead of spawning plans without end", () => {
        const file = stackFile("staging", (c) => (c["platform:promotion"] = { from: "acme/platform/production" }));
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "chain-out-"));
        const run = plan(["staging", "--config-file", file, "--out", out]);
        assert.equal(run.status, 1, run.stdout);
        assert.match(run.stderr, /planning the promotion source "production" failed:\ninvalid configuration for stack "production" in Pulumi\.production\.yaml \(1 problem\):\n {2}- platform:promotion\.from: expected a promotion chain that ends in a stack without platform:promotion, found "acme\/platform\/staging", which leads back to "staging" \(staging → production → staging\)/);
        assert.deepEqual(fs.readdirSync(out), []);
    });

    it("a source in another organization is refused by the program, not replaced by the local stack", () => {
        const file = stackFile("production", (c) => (c["platform:promotion"] = { from: "evil/platform/staging" }));
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "chain-out-"));
        const run = plan(["production", "--config-file", file, "--out", out]);
        assert.equal(run.status, 1, run.stdout);
        assert.equal(run.stderr.trim(), [
            `invalid configuration for stack "production" in ${file} (1 problem):`,
            "  - platform:promotion.from: expected a stack of this organization (\"acme/platform/<stack>\"), found \"evil/platform/staging\"",
        ].join("\n"));
        assert.doesNotMatch(run.stdout, /planned offline first/);
        assert.deepEqual(fs.readdirSync(out), []);
    });
});
