// The README's examples are what a newcomer compares their screen with: the configuration error example is the
// plan's real output for test/fixtures/config/readme-errors.yaml (a line ending in "..." is the start of the real
// one), and the misspelt-required-key sentence is what the plan prints for it (#25).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { planCli, repoRoot } from "../support/plan";

const README = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");

/** The fenced block that follows `marker` in the README. */
function blockAfter(marker: string): string[] {
    const at = README.indexOf(marker);
    assert.ok(at >= 0, `README has no "${marker}"`);
    const open = README.indexOf("```\n", at);
    const close = README.indexOf("\n```", open + 4);
    return README.slice(open + 4, close).split("\n");
}

describe("the README's configuration examples are the plan's real output", function () {
    this.timeout(120_000);

    it("the error report for the example stack file", () => {
        const run = planCli(["dev", "--config-file", "test/fixtures/config/readme-errors.yaml", "--out", fs.mkdtempSync(path.join(os.tmpdir(), "readme-"))]);
        assert.equal(run.status, 1);
        const real = run.stderr.trim().split("\n").map((l) => l.replace("in test/fixtures/config/readme-errors.yaml", "in Pulumi.dev.yaml"));
        const shown = blockAfter("reported at once with the key path");
        assert.equal(real.length, shown.length, run.stderr);
        shown.forEach((line, i) => {
            if (line.endsWith("...")) assert.ok(real[i].startsWith(line.slice(0, -3)), `${real[i]}\n  does not start with\n${line}`);
            else assert.equal(real[i], line);
        });
    });

    it("the misspelt required key", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "readme-typo-"));
        const file = path.join(dir, "Pulumi.dev.yaml");
        fs.writeFileSync(file, fs.readFileSync(path.join(repoRoot, "Pulumi.dev.yaml"), "utf8").replace("platform:environment:", "platform:enviroment:"));
        const run = planCli(["dev", "--config-file", file, "--out", path.join(dir, "out")]);
        assert.equal(run.status, 1);
        const sentence = /`(Stack 'dev' is missing configuration value 'environment' \(the file sets 'platform:enviroment':\s+did you mean 'platform:environment'\?\))`/.exec(README)?.[1]?.replace(/\s+/g, " ");
        assert.ok(sentence !== undefined, "README shows the sentence");
        assert.ok(run.stderr.includes(`  - ${sentence}`), run.stderr);
    });
});
