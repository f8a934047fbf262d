import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BenchProject, stripSourceMaps } from "../../tools/bench/engine";
import { previewResourceCount } from "../../tools/bench/engineSuite";
import { pulumiYamlRuntime } from "../../tools/bench/settings";
import { EngineLayout } from "../../tools/engine/layout";
import { repoRoot } from "../support/plan";

describe("bench real-engine projects", () => {
    it("strips dist/ of its source maps as tsc's sourceMap: false would leave it, and nothing else", () => {
        const dist = fs.mkdtempSync(path.join(os.tmpdir(), "bench-dist-"));
        try {
            fs.mkdirSync(path.join(dist, "stacks"));
            fs.writeFileSync(path.join(dist, "stacks", "index.js"), '"use strict";\nmodule.exports = 1;\n//# sourceMappingURL=index.js.map');
            fs.writeFileSync(path.join(dist, "stacks", "index.js.map"), "{}");
            fs.writeFileSync(path.join(dist, "stacks", "index.d.ts"), "export {};\n");
            fs.writeFileSync(path.join(dist, "gate.js"), "// sourceMappingURL= in a comment that is not tsc's\nmodule.exports = 2;\n");
            stripSourceMaps(dist);
            assert.deepEqual(fs.readdirSync(path.join(dist, "stacks")).sort(), ["index.d.ts", "index.js"]);
            assert.equal(fs.readFileSync(path.join(dist, "stacks", "index.js"), "utf8"), '"use strict";\nmodule.exports = 1;\n');
            assert.equal(fs.readFileSync(path.join(dist, "gate.js"), "utf8"), "// sourceMappingURL= in a comment that is not tsc's\nmodule.exports = 2;\n");
        } finally {
            fs.rmSync(dist, { recursive: true, force: true });
        }
    });

    it("copies the project as a clone has it and changes only the nodeargs of its Pulumi.yaml", () => {
        const base = fs.mkdtempSync(path.join(os.tmpdir(), "bench-project-"));
        try {
            const project = BenchProject.copyOf(new EngineLayout(repoRoot), base, { sourceMaps: false });
            const shipped = pulumiYamlRuntime(repoRoot);
            project.setNodeargs([...shipped.nodeargs, "--require", "/tmp/report-rss.cjs"]);
            assert.deepEqual(pulumiYamlRuntime(project.dir), { ...shipped, nodeargs: [...shipped.nodeargs, "--require", "/tmp/report-rss.cjs"], cwd: path.join(project.dir, path.dirname(shipped.main)) });
            const before = fs.readFileSync(path.join(repoRoot, "Pulumi.yaml"), "utf8").split("\n").filter((l) => !l.includes("nodeargs:"));
            const after = fs.readFileSync(path.join(project.dir, "Pulumi.yaml"), "utf8").split("\n").filter((l) => !l.includes("nodeargs:"));
            assert.deepEqual(after, before, "comments and every other setting kept");
            assert.equal(fs.statSync(path.join(project.dir, "dist", ".tsbuildinfo")).mtimeMs, fs.statSync(path.join(repoRoot, "dist", ".tsbuildinfo")).mtimeMs, "timestamps kept: the preload finds the build up to date");
            assert.equal(fs.existsSync(path.join(project.dir, "dist", "stacks", "index.js.map")), false);
        } finally {
            fs.rmSync(base, { recursive: true, force: true });
        }
    });

    it("reads the resource count of a preview from the CLI's summary", () => {
        assert.equal(previewResourceCount("Previewing update (dev)\n...\nResources:\n    + 26 to create\n\nDuration: 2s\n"), 26);
        assert.equal(previewResourceCount("error: preview failed"), undefined);
    });
});
