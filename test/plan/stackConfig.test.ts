// The offline plan reads a stack file the way the Pulumi CLI (v3.276.0) does, and every error names the file.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ConfigError } from "../../stacks/errors";
import { configKey, loadStackConfig, stackNameProblem } from "../../tools/plan/stackConfig";
import { repoRoot } from "../support/plan";

const CLI_KEY_MESSAGE = (key: string) => `could not parse ${key} as a configuration key (configuration keys should be of the form \`<namespace>:<name>\`)`;

/** A throwaway project: this repository's Pulumi.yaml and the given stack files. */
function project(stacks: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-config-"));
    fs.copyFileSync(path.join(repoRoot, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    for (const [name, text] of Object.entries(stacks)) fs.writeFileSync(path.join(dir, name), text);
    return dir;
}

function thrown(f: () => unknown): Error {
    try {
        f();
    } catch (e) {
        return e as Error;
    }
    assert.fail("expected an error");
}

describe("stack file loading (offline plan)", () => {
    it("reads keys as the CLI does: a bare key is the project's, <ns>:config:<name> is <ns>:<name>", () => {
        assert.deepEqual(configKey("tags", "platform"), { key: "platform:tags" });
        assert.deepEqual(configKey("aws:region", "platform"), { key: "aws:region" });
        assert.deepEqual(configKey("platform:config:tags", "platform"), { key: "platform:tags" });
        for (const bad of ["platform:tags:owner", "a:b:c:d", "platform:config:"]) assert.deepEqual(configKey(bad, "platform"), { problem: CLI_KEY_MESSAGE(bad) }, bad);
        const dir = project({ "Pulumi.dev.yaml": "config:\n  environment: { name: dev, tier: dev }\n  platform:config:tags: { owner: a, costCenter: b }\n  kubernetes:context: kind\n" });
        assert.deepEqual(loadStackConfig(dir, "dev").config, {
            "platform:environment": "{\"name\":\"dev\",\"tier\":\"dev\"}",
            "platform:tags": "{\"owner\":\"a\",\"costCenter\":\"b\"}",
            "kubernetes:context": "kind",
        });
    });

    it("refuses every key the CLI refuses and every key given twice, at once, naming the file", () => {
        const dir = project({
            "Pulumi.dev.yaml": [
                "config:",
                "  platform:tags: { owner: reviewed, costCenter: cc-1000 }",
                "  platform:apps:extra: []",
                "  tags: { owner: override, costCenter: cc-1000 }",
                "  platform:config:rbac: { admins: [a] }",
                "  rbac: { admins: [everyone] }",
                "",
            ].join("\n"),
        });
        const e = thrown(() => loadStackConfig(dir, "dev"));
        assert.ok(e instanceof ConfigError);
        assert.equal(e.message, [
            "invalid configuration for stack \"dev\" in Pulumi.dev.yaml (4 problems):",
            "  - Stack 'dev' is missing configuration value 'environment'",
            `  - platform:apps:extra: ${CLI_KEY_MESSAGE("platform:apps:extra")}`,
            "  - platform:tags: set twice, as \"platform:tags\" and \"tags\" (the Pulumi CLI silently keeps the last one); keep one",
            "  - platform:rbac: set twice, as \"platform:config:rbac\" and \"rbac\" (the Pulumi CLI silently keeps the last one); keep one",
        ].join("\n"));
    });

    it("names the file in YAML errors: the stack file, the --config-file path as given, Pulumi.yaml", () => {
        const dir = project({ "Pulumi.dev.yaml": "config:\n  platform:apps: [1\n", "other.yaml": "- a list\n" });
        assert.match(thrown(() => loadStackConfig(dir, "dev")).message, /^Pulumi\.dev\.yaml: Flow sequence in block collection must be sufficiently indented and end with a \] at line 3, column 1/);
        assert.equal(thrown(() => loadStackConfig(dir, "dev", path.join(dir, "other.yaml"))).message, `${path.join(dir, "other.yaml")}: expected a YAML mapping at the top level`);
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config:\n  platform:tags: {a: 1}\n  platform:tags: {a: 2}\n");
        assert.match(thrown(() => loadStackConfig(dir, "dev")).message, /^Pulumi\.dev\.yaml: Map keys must be unique at line 3, column 3/);
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config: [1]\n");
        assert.equal(thrown(() => loadStackConfig(dir, "dev")).message, "Pulumi.dev.yaml: expected \"config\" to be a mapping");
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: [platform\n");
        assert.match(thrown(() => loadStackConfig(dir, "dev")).message, /^Pulumi\.yaml: /);
    });

    it("names the file in the program's config errors: Pulumi.<stack>.yaml by default, the plan's file when it read another", () => {
        const e = new ConfigError(["platform:apps[0].replicas: expected a number >= 0, found number -2"], "dev");
        assert.equal(e.message, "invalid configuration for stack \"dev\" in Pulumi.dev.yaml (1 problem):\n  - platform:apps[0].replicas: expected a number >= 0, found number -2");
        assert.equal(e.inFile("my.yaml").message, "invalid configuration for stack \"dev\" in my.yaml (1 problem):\n  - platform:apps[0].replicas: expected a number >= 0, found number -2");
        assert.deepEqual(e.inFile("my.yaml").problems, e.problems);
    });

    it("lists the stacks that exist for an unknown one, and refuses names the CLI refuses or that are paths", () => {
        const dir = project({ "Pulumi.dev.yaml": "config: {}\n", "Pulumi.qa.yaml": "config: {}\n" });
        assert.equal(thrown(() => loadStackConfig(dir, "prod")).message, "no config for stack \"prod\": Pulumi.prod.yaml does not exist; the stacks of this project are dev, qa (or pass --config-file <path>)");
        assert.equal(thrown(() => loadStackConfig(dir, "qa", "missing.yaml")).message, "no config for stack \"qa\": missing.yaml does not exist; the stacks of this project are dev, qa (or pass --config-file <path>)");
        for (const [name, problem] of [
            ["../dev", "a stack name may only contain alphanumeric, hyphens, underscores, or periods"],
            ["a b", "a stack name may only contain alphanumeric, hyphens, underscores, or periods"],
            ["", "a stack name may only contain alphanumeric, hyphens, underscores, or periods"],
            ["x".repeat(101), "a stack name cannot exceed 100 characters"],
            ["..", "a stack name cannot be \".\" or \"..\" (the plan writes out/<stack>/)"],
            [".", "a stack name cannot be \".\" or \"..\" (the plan writes out/<stack>/)"],
        ]) {
            assert.equal(stackNameProblem(name), problem, name);
            assert.equal(thrown(() => loadStackConfig(dir, name, path.join(dir, "Pulumi.dev.yaml"))).message, `stack ${JSON.stringify(name)}: ${problem}`);
        }
        for (const name of ["dev", "prod-eu.1", "feature_x"]) assert.equal(stackNameProblem(name), undefined, name);
    });
});
