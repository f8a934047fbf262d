import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Manifest } from "../../tools/plan/manifests";
import { writePlanOutput } from "../../tools/plan/output";
import type { PlanResult } from "../../tools/plan/run";

const plan: PlanResult = { stack: "s", resources: [], outputs: { a: 1 } };
const policy = { environment: "dev", checks: 0, violations: [], skipped: [] };
const manifest = (name: string, data: string): Manifest => ({ file: `ns.configmap.${name}.yaml`, object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: { v: data } } });

function tree(dir: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of fs.readdirSync(dir, { recursive: true, encoding: "utf8" }) as string[]) {
        if (fs.statSync(path.join(dir, f)).isFile()) out[f] = fs.readFileSync(path.join(dir, f), "utf8");
    }
    return out;
}

describe("plan output directory", () => {
    let base: string;
    let outDir: string;
    beforeEach(() => {
        base = fs.mkdtempSync(path.join(os.tmpdir(), "plan-output-"));
        outDir = path.join(base, "s");
    });
    afterEach(() => fs.rmSync(base, { recursive: true, force: true }));

    it("replaces the previous output with exactly the new files, keeping the unchanged ones as they were", () => {
        writePlanOutput(outDir, plan, [manifest("a", "1"), manifest("b", "1"), manifest("gone", "1")], policy);
        const before = fs.statSync(path.join(outDir, "manifests", "ns.configmap.a.yaml"));
        writePlanOutput(outDir, plan, [manifest("a", "1"), manifest("b", "2")], policy);
        assert.deepEqual(Object.keys(tree(outDir)).sort(), ["manifests/ns.configmap.a.yaml", "manifests/ns.configmap.b.yaml", "plan.json", "policy.json"].map((f) => f.split("/").join(path.sep)));
        assert.match(tree(outDir)[path.join("manifests", "ns.configmap.b.yaml")], /v: "2"/);
        const after = fs.statSync(path.join(outDir, "manifests", "ns.configmap.a.yaml"));
        assert.equal(after.ino, before.ino, "an unchanged manifest is the previous file");
        assert.equal(after.nlink, 1, "and nothing else links to it any more");
        assert.deepEqual(fs.readdirSync(base), ["s"], "no temporary or previous directory is left");
    });

    it("writes the same bytes whether a previous output exists or not", () => {
        const fresh = path.join(base, "fresh");
        writePlanOutput(outDir, plan, [manifest("a", "1")], policy);
        writePlanOutput(outDir, plan, [manifest("a", "1")], policy);
        writePlanOutput(fresh, plan, [manifest("a", "1")], policy);
        assert.deepEqual(tree(outDir), tree(fresh));
    });

    it("leaves the previous output untouched when writing fails on the way", () => {
        writePlanOutput(outDir, plan, [manifest("a", "1")], policy);
        const previous = tree(outDir);
        const broken: Manifest = { file: path.join("no-such-dir", "x.yaml"), object: { kind: "X" } };
        assert.throws(() => writePlanOutput(outDir, { ...plan, outputs: { a: 2 } }, [manifest("a", "2"), broken], policy), /ENOENT/);
        assert.deepEqual(tree(outDir), previous);
        assert.deepEqual(fs.readdirSync(base), ["s"]);
    });
});
