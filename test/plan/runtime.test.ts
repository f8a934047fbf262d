import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { projectRoot } from "../../components/projectRoot";
import { unexpectedFailure } from "../../tools/plan/cli";
import { PLAN_DEBUG_ENV, PLAN_STACK_TRACE_LIMIT, planRuntimeSettings } from "../../tools/plan/runtime";

describe("the plan's runtime settings", () => {
    it("captures no frames and maps none by default: errors are reported by message", () => {
        assert.deepEqual(planRuntimeSettings({}), { sourceMaps: false, stackTraceLimit: PLAN_STACK_TRACE_LIMIT, printStacks: false });
        assert.equal(PLAN_STACK_TRACE_LIMIT, 0);
        assert.deepEqual(planRuntimeSettings({ [PLAN_DEBUG_ENV]: "" }), planRuntimeSettings({}));
    });

    it("keeps node's stack trace limit and source maps, and prints stacks, with PLATFORM_DEBUG", () => {
        assert.deepEqual(planRuntimeSettings({ PLATFORM_DEBUG: "1" }), { sourceMaps: true, stackTraceLimit: undefined, printStacks: true });
    });

    it("reports our own refusals by message alone, and tells how to see an internal error's stack", () => {
        assert.equal(unexpectedFailure(new Error('no config for stack "qa"'), false), 'plan failed: no config for stack "qa"');
        assert.equal(
            unexpectedFailure(new TypeError("Cannot read properties of undefined (reading 'image')"), false),
            "plan failed: Cannot read properties of undefined (reading 'image')\n(an internal error: run again with PLATFORM_DEBUG=1 to see where it was thrown)",
        );
        assert.equal(unexpectedFailure("boom", false), "plan failed: boom");
    });

    it("prints the whole stack when asked", () => {
        const e = new TypeError("x is undefined");
        e.stack = "TypeError: x is undefined\n    at deployApp (stacks/strategies.ts:12:3)";
        assert.equal(unexpectedFailure(e, true), "plan failed: TypeError: x is undefined\n    at deployApp (stacks/strategies.ts:12:3)");
    });
});

describe("the preload every entry point runs first", () => {
    const probe = (env: Record<string, string>) =>
        execFileSync(process.execPath, ["--require", path.join(projectRoot(), "tools", "runtime", "preload.cjs"), "-e", "console.log(Error.stackTraceLimit, process.sourceMapsEnabled)"], {
            env: { ...process.env, PLATFORM_SKIP_BUILD_CHECK: "1", PLATFORM_DEBUG: "", NODE_OPTIONS: "", ...env },
            encoding: "utf8",
        }).trim();

    it("caps stack traces at 4 frames and leaves source maps to the caller", () => {
        assert.equal(probe({}), "4 false");
    });

    it("keeps node's 10 frames and maps them to the TypeScript sources with PLATFORM_DEBUG", () => {
        assert.equal(probe({ PLATFORM_DEBUG: "1" }), "10 true");
    });
});
