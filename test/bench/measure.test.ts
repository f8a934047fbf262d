import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runOnce, writeRssReporter } from "../../tools/bench/measure";
import { repoRoot } from "../support/plan";

describe("bench measurement", function () {
    this.timeout(60_000);
    let dir: string;
    let reporter: string;
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-measure-"));
        reporter = writeRssReporter(dir);
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("reports the child's own peak memory and CPU time", async () => {
        const sample = await runOnce({ cwd: dir, args: ["-e", "const a = []; for (let i = 0; i < 2e6; i++) a.push({ i });"] }, reporter, dir);
        assert.ok(sample.rssMb > 50, `${sample.rssMb} MB for two million objects`);
        assert.ok(sample.cpuMs > 0 && sample.wallMs > 0);
    });

    it("fails with the child's output when it fails", async () => {
        await assert.rejects(runOnce({ cwd: dir, args: ["-e", "console.error('broken on purpose'); process.exitCode = 3"] }, reporter, dir), /exited with 3:\nbroken on purpose/);
    });

    it("records the @pulumi modules the project's own code requires, not those the SDK requires itself", async () => {
        const modulesFile = path.join(dir, "modules.json");
        const preload = path.join(repoRoot, "tools", "runtime", "preload.cjs");
        await runOnce({ cwd: repoRoot, args: ["--require", preload, "dist/tools/bench/entryPoints.js"], env: { BENCH_MODULES_FILE: modulesFile } }, reporter, dir);
        const recorded = JSON.parse(fs.readFileSync(modulesFile, "utf8")) as string[];
        assert.ok(recorded.includes("@pulumi/pulumi") && recorded.includes("@pulumi/kubernetes/apps/v1"), recorded.join(", "));
        assert.equal(recorded.some((m) => m.startsWith("@pulumi/pulumi/proto")), false, "the SDK's own requires are not ours");
    });
});
