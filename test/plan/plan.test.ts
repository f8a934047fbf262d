import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse, parseDocument } from "yaml";
import { validateObject, NO_PUBLISHED_SCHEMA } from "../support/kubernetesModels";
import { planCli, repoRoot } from "../support/plan";

function plan(args: string[]) {
    return planCli(args);
}

function readTree(dir: string): Record<string, string> {
    const out: Record<string, string> = {};
    const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
            const p = path.join(d, e.name);
            if (e.isDirectory()) walk(p);
            else out[path.relative(dir, p)] = fs.readFileSync(p, "utf8");
        }
    };
    walk(dir);
    return out;
}

describe("offline plan (npm run plan)", function () {
    this.timeout(120_000);
    const outA = fs.mkdtempSync(path.join(os.tmpdir(), "plan-a-"));
    const outB = fs.mkdtempSync(path.join(os.tmpdir(), "plan-b-"));
    const stacks = ["dev", "staging", "production"];

    before(() => {
        for (const out of [outA, outB]) {
            // One clock for both runs: the plan records when staging's release was verified.
            const run = plan(["--out", out, "--now", "2026-12-07T18:00:00Z"]);
            assert.equal(run.status, 0, `plan of every stack failed:\n${run.stdout}\n${run.stderr}`);
            for (const s of stacks) assert.match(run.stdout, new RegExp(`^ok +stack ${s}: \\d+ resources`, "m"));
        }
    });

    it("writes plan.json with every resource, parent and dependency, and the stack outputs", () => {
        for (const s of stacks) {
            const p = JSON.parse(fs.readFileSync(path.join(outA, s, "plan.json"), "utf8"));
            assert.equal(p.stack, s);
            const urns = new Set(p.resources.map((r: { urn: string }) => r.urn));
            for (const r of p.resources) {
                assert.deepEqual(Object.keys(r).filter((k) => k !== "ignoreChanges"), ["urn", "type", "name", "parent", "inputs", "dependencies"]);
                if (r.parent !== null) assert.ok(urns.has(r.parent), `${r.urn}'s parent is registered`);
                for (const d of r.dependencies) assert.ok(urns.has(d), `${r.urn}'s dependency ${d} is registered`);
            }
            assert.ok(p.resources.some((r: { type: string }) => r.type === "platform:kubernetes:Environment"));
            assert.equal(p.outputs.namespace, s);
            assert.ok(Object.keys(p.outputs.apps).length > 0, "every app's image and version exported");
            if (s !== "dev") assert.equal(p.outputs.releaseManifest.apiVersion, "platform.delivery/v2", "digest-pinned stacks publish a release manifest");
        }
    });

    it("is byte-for-byte deterministic", () => {
        assert.deepEqual(readTree(outA), readTree(outB));
    });

    it("writes no path of the machine it ran on: the checkout folder is <project> (#25)", () => {
        for (const s of stacks) {
            const text = fs.readFileSync(path.join(outA, s, "plan.json"), "utf8");
            assert.ok(!text.includes(repoRoot), `${s}/plan.json names ${repoRoot}`);
        }
        assert.match(fs.readFileSync(path.join(outA, "dev", "plan.json"), "utf8"), /"renderYamlToDirectory": "<project>\/rendered\/dev"/);
    });

    it("emits manifests that validate against the published Kubernetes schemas", async () => {
        let validated = 0;
        const unvalidated: string[] = [];
        for (const s of stacks) {
            const dir = path.join(outA, s, "manifests");
            for (const file of fs.readdirSync(dir)) {
                const object = parse(fs.readFileSync(path.join(dir, file), "utf8")) as Record<string, unknown>;
                try {
                    if (await validateObject(object)) validated++;
                    else unvalidated.push(String(object.apiVersion));
                } catch (e) {
                    assert.fail(`${s}/manifests/${file}: ${(e as Error).message}`);
                }
            }
        }
        assert.ok(validated > 40, `validated ${validated} objects`);
        for (const apiVersion of unvalidated) assert.ok(NO_PUBLISHED_SCHEMA.has(apiVersion.split("/")[0]), `${apiVersion} is listed as having no published schema`);
    });

    it("never writes a secret value: secrets are placeholders", () => {
        const text = JSON.stringify(readTree(path.join(outA, "staging")));
        assert.ok(text.includes("[secret]"));
        assert.ok(!text.includes("REPLACE-WITH"), "ciphertext placeholders never reach the plan");
    });

    it("fails on invalid config naming every problem, and leaves nothing under out/", () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "plan-bad-"));
        const run = plan(["dev", "--config-file", "test/fixtures/config/invalid.yaml", "--out", out]);
        assert.equal(run.status, 1);
        assert.match(run.stderr, /^invalid configuration for stack "dev" in test\/fixtures\/config\/invalid\.yaml \(5 problems\):/);
        assert.match(run.stderr, /platform:apps\[0\]\.replicas: expected a number >= 0, found number -2/);
        assert.match(run.stderr, /platform:enviroment: unknown config key \(did you mean "environment"\?\)/);
        assert.deepEqual(fs.readdirSync(out), []);
    });

    it("replaces a previous plan only when the new one succeeds", () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "plan-keep-"));
        assert.equal(plan(["dev", "--out", out]).status, 0);
        const before = readTree(out);
        assert.equal(plan(["dev", "--config-file", "test/fixtures/config/invalid.yaml", "--out", out]).status, 1);
        assert.deepEqual(readTree(out), before);
    });

    it("a plan blocked by a mandatory policy violation exits 1, prints every violation, and leaves the previous out/<stack>/ untouched", () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "plan-blocked-"));
        fs.cpSync(path.join(outA, "staging"), path.join(out, "staging"), { recursive: true });
        const before = readTree(out);
        // A careless edit of staging: a literal credential in an app's plain env (k8s-no-credentials-in-configmaps is mandatory there).
        const doc = parseDocument(fs.readFileSync(path.join(repoRoot, "Pulumi.staging.yaml"), "utf8"));
        doc.setIn(["config", "platform:apps", 0, "env", "DATABASE_PASSWORD"], "hunter2-in-plain-config");
        const hostile = path.join(out, "hostile.yaml");
        fs.writeFileSync(hostile, doc.toString());
        const run = plan(["staging", "--config-file", hostile, "--out", out]);
        assert.equal(run.status, 1);
        assert.equal(run.stdout, "");
        assert.match(run.stderr, /^stack staging: \d+ resources, \d+ Kubernetes manifests, POLICY FAILED \(staging\): 1 mandatory violation\(s\); nothing written, \S+ left as it was$/m);
        assert.match(run.stderr, /\[critical\] k8s-no-credentials-in-configmaps: kubernetes:core\/v1:ConfigMap "api-env"\n +ConfigMap "DATABASE_PASSWORD" holds a literal value that looks like a credential\n/);
        assert.ok(!run.stderr.includes("hunter2"), "the report never echoes the value");
        fs.rmSync(hostile);
        assert.deepEqual(readTree(out), before);
    });

    it("rejects unknown options, unknown stacks (listing the stacks that exist) and stack names that are paths", () => {
        const run = plan(["--frobnicate"]);
        assert.equal(run.status, 1);
        assert.match(run.stderr, /unknown option --frobnicate\nusage: npm run plan/);
        // --help answers with every option, writes nothing and plans nothing.
        const help = plan(["--help"]);
        assert.equal(help.status, 0, help.stderr);
        assert.match(help.stdout, /^The offline plan: /);
        for (const option of ["--config-file", "--out", "--stack-outputs", "--policy-config", "--organization", "--now"]) assert.match(help.stdout, new RegExp(`\n  ${option} `));
        assert.doesNotMatch(help.stdout, /stack dev:/);
        const missing = plan(["qa"]);
        assert.equal(missing.status, 1);
        assert.equal(missing.stderr.trim(), "plan failed: no config for stack \"qa\": Pulumi.qa.yaml does not exist; the stacks of this project are dev, production, staging (or pass --config-file <path>)");
        // out/.. is the project itself: a stack named ".." must never get that far.
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "plan-dotdot-"));
        const dotdot = plan(["..", "--config-file", "Pulumi.dev.yaml", "--out", out]);
        assert.equal(dotdot.status, 1);
        assert.equal(dotdot.stderr.trim(), "plan failed: stack \"..\": a stack name cannot be \".\" or \"..\" (the plan writes out/<stack>/)");
        assert.deepEqual(fs.readdirSync(out), []);
        assert.ok(fs.existsSync(path.join(repoRoot, "Pulumi.yaml")));
        const outputs = plan(["dev", "--stack-outputs", "staging=Pulumi.yaml", "--out", out]);
        assert.equal(outputs.status, 1);
        assert.match(outputs.stderr, /^plan failed: --stack-outputs Pulumi\.yaml: Unexpected token/);
    });
});
