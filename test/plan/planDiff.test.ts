// #25 item 4: the plan says what it changes against the previous plan in out/<stack>/, and warns where a live
// Service or route would be deleted or recreated under a new URN.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { formatPlanDiff, planDiff, type DiffResource } from "../../tools/plan/planDiff";
import { planCli, repoRoot } from "../support/plan";

const SERVICE = "kubernetes:core/v1:Service";
const ROUTE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";
const res = (type: string, name: string, objectName: string, extra: Record<string, unknown> = {}, parentType = "platform:kubernetes:AppDeployment"): DiffResource => ({
    urn: `urn:pulumi:s::platform::${parentType}$${type}::${name}`, type, name, inputs: { metadata: { name: objectName, namespace: "shop" }, ...extra },
});

describe("what a plan changes against the previous one (#25)", () => {
    it("added, changed and deleted by URN; inputs compared whole", () => {
        const before = [res(SERVICE, "api", "api"), res("kubernetes:apps/v1:Deployment", "api", "api", { spec: { replicas: 2 } }), res("kubernetes:core/v1:ConfigMap", "old", "old")];
        const after = [res(SERVICE, "api", "api"), res("kubernetes:apps/v1:Deployment", "api", "api", { spec: { replicas: 3 } }), res("kubernetes:core/v1:ConfigMap", "new", "new")];
        const d = planDiff(before, after);
        assert.deepEqual([d.added.map((r) => r.name), d.changed.map((r) => r.name), d.deleted.map((r) => r.name), d.warnings], [["new"], ["api"], ["old"], []]);
        assert.deepEqual(formatPlanDiff(d), [
            "  against the previous plan: 1 added, 1 changed, 1 deleted",
            "    + kubernetes:core/v1:ConfigMap new",
            "    ~ kubernetes:apps/v1:Deployment api",
            "    - kubernetes:core/v1:ConfigMap old",
        ]);
        assert.deepEqual(formatPlanDiff(planDiff(before, before)), ["  against the previous plan: no change"]);
        assert.deepEqual(formatPlanDiff(undefined), ["  no previous plan to compare with"]);
    });

    it("warns for a deleted Service or route, and for one recreated under another URN (a strategy switch without aliases)", () => {
        const before = [res(SERVICE, "checkout", "checkout"), res(ROUTE, "checkout-route", "checkout"), res(SERVICE, "gone", "gone")];
        const after = [res(SERVICE, "checkout-live", "checkout", {}, "platform:kubernetes:CanarySplit"), res(ROUTE, "checkout-route", "checkout", {}, "platform:kubernetes:CanarySplit")];
        const warnings = planDiff(before, after).warnings;
        assert.equal(warnings.length, 3);
        assert.match(warnings[0], /^WARNING: Service shop\/checkout moves from urn:.*AppDeployment\$kubernetes:core\/v1:Service::checkout to urn:.*CanarySplit\$kubernetes:core\/v1:Service::checkout-live: the engine deletes and re-creates it/);
        assert.match(warnings[1], /^WARNING: HTTPRoute shop\/checkout moves from /);
        assert.match(warnings[2], /^WARNING: Service shop\/gone \(urn:.*::gone\) would be deleted: in-cluster callers and routed traffic to it break$/);
        assert.deepEqual(planDiff([res("kubernetes:core/v1:ConfigMap", "c", "c")], []).warnings, [], "other kinds are listed, not warned about");
    });

    it("limits each list, and says how many more", () => {
        const many = Array.from({ length: 25 }, (_, i) => res("kubernetes:core/v1:ConfigMap", `c${i}`, `c${i}`));
        const lines = formatPlanDiff(planDiff([], many), 20);
        assert.equal(lines.length, 1 + 20 + 1);
        assert.equal(lines[21], "    + ... and 5 more");
    });

    it("npm run plan prints it: no change on a second run, a warning when the route goes away", function () {
        this.timeout(120_000);
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "plan-diff-"));
        const first = planCli(["dev", "--out", out]);
        assert.equal(first.status, 0, first.stderr);
        assert.match(first.stdout, /\n {2}no previous plan to compare with\n/);
        assert.match(planCli(["dev", "--out", out]).stdout, /\n {2}against the previous plan: no change\n/);
        const file = path.join(out, "Pulumi.dev.yaml");
        const text = fs.readFileSync(path.join(repoRoot, "Pulumi.dev.yaml"), "utf8");
        fs.writeFileSync(file, text.slice(0, text.indexOf("      route:\n")));
        const third = planCli(["dev", "--config-file", file, "--out", out]);
        assert.equal(third.status, 0, third.stderr);
        assert.match(third.stdout, /\n {2}against the previous plan: 0 added, 0 changed, 1 deleted\n {2}WARNING: HTTPRoute dev\/web \(urn:pulumi:dev::platform::.*HTTPRoute::web-route\) would be deleted/);
    });
});
