import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { bareCase, floorCase, floorPreloadCase, planCommand, startupCase } from "../../tools/bench/cases";
import { childEnv } from "../../tools/bench/measure";
import { nodeFlagsOf, planNodeFlags, pulumiYamlRuntime } from "../../tools/bench/settings";
import { repoRoot } from "../support/plan";

const ENTRY_POINTS = ["@pulumi/pulumi", "@pulumi/kubernetes/core/v1"];
const PRELOAD = path.join(repoRoot, "tools", "runtime", "preload.cjs");

describe("bench cases", () => {
    it("measures the floor as plain node: no preload, no loader, no compile cache from the environment", () => {
        const { command } = floorCase(repoRoot, ENTRY_POINTS);
        assert.equal(command.args.includes("--require"), false);
        assert.deepEqual(command.args.slice(0, 1), ["-e"]);
        assert.match(command.args[1], /@pulumi\/pulumi.*@pulumi\/kubernetes\/core\/v1/);
        const env = childEnv(command.env, { NODE_COMPILE_CACHE: "/tmp/cache", NODE_OPTIONS: "--require x", PATH: "/bin" });
        assert.deepEqual(env, { PATH: "/bin" });
    });

    it("measures the preload on the same modules, loaded first", () => {
        const plain = floorCase(repoRoot, ENTRY_POINTS).command;
        const preloaded = floorPreloadCase(repoRoot, ENTRY_POINTS).command;
        assert.deepEqual(preloaded.args, ["--require", PRELOAD, ...plain.args]);
    });

    it("starts the program the Pulumi.yaml way: its nodeargs, in the folder of main, loading main", () => {
        const runtime = pulumiYamlRuntime(repoRoot);
        const { command } = startupCase(repoRoot);
        assert.equal(command.cwd, path.join(repoRoot, path.dirname(runtime.main)));
        assert.deepEqual(command.args.slice(0, runtime.nodeargs.length), runtime.nodeargs);
        assert.ok(fs.existsSync(path.join(command.cwd, path.basename(runtime.main))), "main exists where the case loads it");
        const run = spawnSync(process.execPath, command.args, { cwd: command.cwd, env: childEnv(command.env), encoding: "utf8" });
        assert.equal(run.status, 0, run.stderr);
    });

    it("plans with package.json's node flags, and replays with the same flags or with none", () => {
        const flags = planNodeFlags(repoRoot);
        assert.ok(flags.includes("--require") && flags.length >= 2, `the plan script preloads: ${flags.join(" ")}`);
        const target = { stack: "production", stackOutputs: ["staging=/tmp/staging.json"] };
        const plan = planCommand(repoRoot, target, "/tmp/out").args;
        assert.deepEqual(plan.slice(0, flags.length + 1), [...flags, "dist/tools/plan/cli.js"]);
        assert.deepEqual(plan.slice(-4), ["--out", "/tmp/out", "--stack-outputs", "staging=/tmp/staging.json"]);
        const same = bareCase(repoRoot, target, "/tmp/plan.json", "/tmp/bare", ENTRY_POINTS, "plan").command.args;
        assert.deepEqual(same.slice(0, flags.length + 1), [...flags, "dist/tools/bench/bare.js"]);
        assert.ok(same.includes("staging=/tmp/staging.json"), "the replay gets the plan's referenced outputs");
        const sdk = bareCase(repoRoot, target, "/tmp/plan.json", "/tmp/bare", ENTRY_POINTS, "sdk").command.args;
        assert.deepEqual(sdk.slice(0, 2), ["dist/tools/bench/bare.js", "--sdk-defaults"]);
    });

    it("reads node flags only from a `node <flags> <script>` npm script", () => {
        assert.deepEqual(nodeFlagsOf("node --require ./p.cjs --max-semi-space-size=32 dist/tools/plan/cli.js", "dist/tools/plan/cli.js"), ["--require", "./p.cjs", "--max-semi-space-size=32"]);
        assert.deepEqual(nodeFlagsOf("node dist/tools/plan/cli.js", "dist/tools/plan/cli.js"), []);
        assert.throws(() => nodeFlagsOf("tsx tools/plan/cli.ts", "dist/tools/plan/cli.js"), /expected an npm script "node <flags> dist\/tools\/plan\/cli.js \.\.\."/);
    });
});
