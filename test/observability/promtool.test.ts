import * as assert from "assert";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import YAML from "yaml";
import { prometheusRuleSpec } from "../../components/observability/alertRules";
import { promtoolTests, ruleFile, type PromRuleGroup, type PromtoolTestFile } from "../../components/observability/rules";
import type { Tier } from "../../stacks/schema/observability";
import { alertRulesArgs, apps } from "./fixtures";

const MISSING = "promtool not found on PATH: install it with `apt-get install prometheus` (Debian package prometheus) to run the rule tests";

function run(args: string[], cwd: string): Promise<{ status: number | null; output: string }> {
    return new Promise((resolve, reject) => {
        const child = spawn("promtool", args, { cwd });
        let output = "";
        child.stdout.on("data", (d: Buffer) => (output += d.toString()));
        child.stderr.on("data", (d: Buffer) => (output += d.toString()));
        child.on("error", reject);
        child.on("close", (status) => resolve({ status, output }));
    });
}

/** Writes rules.yml (and tests.yml) into a fresh directory. */
function render(groups: PromRuleGroup[], tests?: PromtoolTestFile): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "promtool-"));
    fs.writeFileSync(path.join(dir, "rules.yml"), YAML.stringify(ruleFile(groups)));
    if (tests) fs.writeFileSync(path.join(dir, "tests.yml"), YAML.stringify(tests));
    return dir;
}

function environment(tier: Tier) {
    const args = alertRulesArgs(tier);
    const groups = prometheusRuleSpec(args).groups;
    const ctx = { namespace: args.namespace, thresholds: args.thresholds, for: args.for };
    return { groups, ctx, tests: promtoolTests("rules.yml", groups, ctx, apps) };
}

describe("alert rules under promtool", function () {
    this.timeout(180_000);
    const unitRuns = new Map<Tier, Promise<{ status: number | null; output: string }>>();

    before(function () {
        if (spawnSync("promtool", ["--version"]).error) {
            if (process.env.CI) throw new Error(`${MISSING}; under CI this is a failure`);
            console.warn(`WARNING: ${MISSING}. Skipping.`);
            this.skip();
        }
        // The two tiers' unit tests take ~20 s each; start both now so they use both cores.
        for (const tier of ["production", "dev"] as const) {
            const { groups, tests } = environment(tier);
            unitRuns.set(tier, run(["test", "rules", "tests.yml"], render(groups, tests)));
        }
    });

    it("has a firing and a silent unit test for every alert", () => {
        const { groups, tests } = environment("production");
        const alerts = new Set(groups.flatMap((g) => g.rules.flatMap((r) => (r.alert ? [r.alert] : []))));
        const cases = tests.tests.flatMap((t) => t.alert_rule_test);
        const missing = [...alerts].filter((a) => !cases.some((c) => c.alertname === a && c.exp_alerts.length > 0) || !cases.some((c) => c.alertname === a && c.exp_alerts.length === 0));
        assert.deepStrictEqual(missing, []);
        assert.strictEqual(alerts.size, 20, [...alerts].join(", "));
    });

    for (const tier of ["production", "dev"] as const) {
        it(`passes promtool check rules (${tier})`, async () => {
            const { groups } = environment(tier);
            const count = groups.reduce((n, g) => n + g.rules.length, 0);
            const { status, output } = await run(["check", "rules", "rules.yml"], render(groups));
            assert.strictEqual(status, 0, output);
            assert.match(output, new RegExp(`SUCCESS: ${count} rules found`));
        });

        it(`passes promtool test rules: each alert fires on a bad series and stays silent on a healthy one (${tier})`, async () => {
            const { status, output } = await unitRuns.get(tier)!;
            assert.strictEqual(status, 0, output);
            assert.match(output, /SUCCESS/);
        });
    }

    it("fails promtool check rules on a broken expression", async () => {
        const { status, output } = await run(["check", "rules", "rules.yml"], render([{ name: "broken", rules: [{ alert: "Broken", expr: "sum by (namespace (up)" }] }]));
        assert.notStrictEqual(status, 0);
        assert.match(output, /Broken|parse error/);
    });

    it("fails promtool test rules when a rule's threshold differs from what the tests expect", async () => {
        const { ctx, tests } = environment("production");
        const drifted = prometheusRuleSpec({ ...alertRulesArgs("production"), thresholds: { ...ctx.thresholds, cpuPercent: 97 } }).groups;
        const cpuOnly = { ...tests, tests: tests.tests.filter((t) => t.name.startsWith("AppHighCpu")) };
        const { status, output } = await run(["test", "rules", "tests.yml"], render(drifted, cpuOnly));
        assert.notStrictEqual(status, 0);
        assert.match(output, /AppHighCpu fires for/);
    });
});
