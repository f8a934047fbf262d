import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { namespaceTypos } from "../../stacks/config";
import { planCli, repoRoot } from "../support/plan";

// A misspelt namespace (`platfrom:apps`) is accepted by the CLI and handed to the program, where its value
// would be ignored without a word: the app it declares would silently not be deployed.
describe("misspelt config namespaces", () => {
    it("names each key whose namespace is a misspelling of platform; other namespaces pass", () => {
        assert.deepEqual(namespaceTypos(["platfrom:apps", "aws:region", "kubernetes:context", "Platform:tags"]), [
            "Platform:tags: unknown config namespace \"Platform\" (did you mean \"platform:tags\"?); its value would be ignored",
            "platfrom:apps: unknown config namespace \"platfrom\" (did you mean \"platform:apps\"?); its value would be ignored",
        ]);
    });

    it("fails the plan of a stack file with one, before anything is registered", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ns-typo-"));
        const file = path.join(dir, "Pulumi.dev.yaml");
        fs.writeFileSync(file, fs.readFileSync(path.join(repoRoot, "Pulumi.dev.yaml"), "utf8").replace("  platform:apps:", "  platfrom:apps:"));
        const run = planCli(["dev", "--config-file", file, "--out", path.join(dir, "out")]);
        assert.equal(run.status, 1);
        assert.match(run.stderr, /platfrom:apps: unknown config namespace "platfrom" \(did you mean "platform:apps"\?\)/);
        assert.ok(!fs.existsSync(path.join(dir, "out")));
    });
});
