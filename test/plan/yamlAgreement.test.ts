// The offline plan must read a stack file as the Pulumi CLI does, or refuse what the two would read
// differently (#23 class 7). The expectations are the real CLI's readings (`pulumi config --json`, the CLI
// built from Go modules here, v3.276.0), recorded in the tables below; test/e2e/yamlReading.e2e.ts reads them with the CLI again.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { ConfigError } from "../../stacks/errors";
import { loadStackConfig } from "../../tools/plan/stackConfig";
import { yamlReadingProblems } from "../../tools/plan/yamlAgreement";
import { repoRoot } from "../support/plan";
import { DIFFERENT, SAME } from "../support/yamlReadings";

function problemsOf(yamlText: string): string[] {
    return yamlReadingProblems(parseDocument(yamlText, { merge: true }));
}

describe("the plan reads a stack file as the Pulumi CLI does (#23 class 7)", () => {
    it("accepts values both read alike, and reads them as the CLI does", () => {
        const text = `config:\n${SAME.map(([v], i) => `  platform:k${i}: ${v}`).join("\n")}\n`;
        assert.deepEqual(problemsOf(text), []);
        const read = parseDocument(text, { merge: true }).toJS() as { config: Record<string, unknown> };
        assert.deepEqual(SAME.map(([, cli], i) => [i, read.config[`platform:k${i}`]]), SAME.map(([, cli], i) => [i, cli]));
    });

    it("refuses each value the two read differently, naming the key, wherever it sits", () => {
        const text = [
            "config:",
            "  platform:data:",
            "    backups:",
            "      retentionDays: 014",
            "  platform:apps:",
            "    - name: web",
            "      env: { BATCH: 1_000, SINCE: 2001-12-14, MASK: 0b101, QUOTED: \"014\", LEVEL: 09 }",
            "  platform:other: -014",
            "  platform:ok: 09x",
            "",
        ].join("\n");
        assert.deepEqual(problemsOf(text), [
            "platform:data.backups.retentionDays: \"014\" is read two ways (the Pulumi CLI reads it as the YAML 1.1 octal number 12, YAML 1.2 as 14); write the value you mean unambiguously, or quote it as a string",
            "platform:apps[0].env.BATCH: \"1_000\" is read two ways (the Pulumi CLI reads it as a YAML 1.1 number, YAML 1.2 as a string); write the value you mean unambiguously, or quote it as a string",
            "platform:apps[0].env.SINCE: \"2001-12-14\" is read two ways (the Pulumi CLI reads it as a YAML 1.1 timestamp (\"2001-12-14 00:00:00 +0000 UTC\"), YAML 1.2 as a string); write the value you mean unambiguously, or quote it as a string",
            "platform:apps[0].env.MASK: \"0b101\" is read two ways (the Pulumi CLI reads it as a YAML 1.1 number, YAML 1.2 as a string); write the value you mean unambiguously, or quote it as a string",
            "platform:other: \"-014\" is read two ways (the Pulumi CLI reads it as the YAML 1.1 octal number -12, YAML 1.2 as -14); write the value you mean unambiguously, or quote it as a string",
        ]);
        for (const [value] of DIFFERENT) assert.equal(problemsOf(`config:\n  platform:v: ${value}\n`).length, 1, value);
    });

    it("merges merge keys as the CLI does", () => {
        const read = parseDocument("config:\n  platform:g: { base: &b { p: 1 }, m: { <<: *b, q: 2 } }\n", { merge: true }).toJS() as { config: Record<string, unknown> };
        assert.deepEqual(read.config["platform:g"], { base: { p: 1 }, m: { p: 1, q: 2 } });
    });

    it("the offline plan refuses such a stack file before anything else, naming the file and the key", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "yaml-agreement-"));
        fs.copyFileSync(path.join(repoRoot, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), `${fs.readFileSync(path.join(repoRoot, "Pulumi.dev.yaml"), "utf8").trimEnd()}\n  platform:release: { retries: 010 }\n`);
        assert.throws(() => loadStackConfig(dir, "dev"), (e: unknown) => {
            assert.ok(e instanceof ConfigError);
            assert.equal(e.problems.length, 1);
            assert.match(e.message, /^invalid configuration for stack "dev" in Pulumi\.dev\.yaml \(1 problem\):\n {2}- platform:release\.retries: "010" is read two ways \(the Pulumi CLI reads it as the YAML 1\.1 octal number 8, YAML 1\.2 as 10\)/);
            return true;
        });
    });
});
