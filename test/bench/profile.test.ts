import * as assert from "node:assert/strict";
import { owner } from "../../tools/bench/profile";

describe("bench profile summary", () => {
    it("names our compiled code by the folder of its source, and everything else by its package or node", () => {
        const root = "/repo";
        assert.equal(owner("file:///repo/dist/policies/offline.js", root), "ours: policies/");
        assert.equal(owner("file:///repo/dist/tools/plan/output.js", root), "ours: tools/");
        assert.equal(owner("/repo/tools/runtime/preload.cjs", root), "ours: tools/");
        assert.equal(owner("file:///repo/node_modules/@pulumi/pulumi/runtime/rpc.js", root), "@pulumi/pulumi");
        assert.equal(owner("file:///repo/node_modules/yaml/dist/index.js", root), "yaml");
        assert.equal(owner("node:internal/errors", root), "(node internals)");
        assert.equal(owner("", root), "(node / V8: GC, idle, native)");
    });
});
