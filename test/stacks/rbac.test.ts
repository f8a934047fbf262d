import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type * as k8s from "@pulumi/kubernetes";
import { writeVerbs } from "../../policies/lib/rbacVerbs";
import { configProblems, rawValues } from "../support/config";
import { planCli } from "../support/plan";

type Rule = k8s.types.input.rbac.v1.PolicyRule & { resources?: string[] };

describe("platform:rbac", () => {
    const problems = (rbac: unknown) => configProblems({ ...rawValues("dev"), rbac }, "dev");
    const refused = (key: string, group: string) =>
        `platform:rbac.${key}: expected an identity-provider group, not one of Kubernetes' own "system:" groups (system:authenticated is every signed-in user, system:serviceaccounts every workload's token), found "${group}"`;

    it("refuses every Kubernetes system: group for every role, all at once", () => {
        assert.deepEqual(problems({ admins: ["platform-admins", "system:masters"], developers: ["system:serviceaccounts", "system:serviceaccounts:dev"], viewers: ["system:authenticated"] }), [
            refused("admins[1]", "system:masters"),
            refused("developers[0]", "system:serviceaccounts"),
            refused("developers[1]", "system:serviceaccounts:dev"),
            refused("viewers[0]", "system:authenticated"),
        ]);
    });

    it("accepts identity-provider groups, including ones that merely mention system", () => {
        assert.deepEqual(problems({ admins: ["platform-admins"], developers: ["ops:system-team"], viewers: ["everyone"] }), []);
    });
});

// Traffic objects and workload templates change only through `pulumi up`, behind the gates (#23 class 10): a
// developer who could patch a route, a Service or a Deployment, create a Job (run as a gate's traffic identity) or
// edit a gate's script ConfigMap would move traffic past every gate.
describe("what developers may do, per tier, through the stacks", function () {
    this.timeout(120_000);
    const GUARDED: Array<[string, string]> = [
        ["apps", "deployments"], ["apps", "replicasets"], ["apps", "statefulsets"], ["apps", "daemonsets"], ["apps", "deployments/scale"],
        ["", "pods"], ["", "services"], ["", "endpoints"], ["discovery.k8s.io", "endpointslices"], ["", "configmaps"], ["", "secrets"],
        ["", "serviceaccounts"], ["", "serviceaccounts/token"], ["batch", "jobs"], ["batch", "cronjobs"],
        ["gateway.networking.k8s.io", "httproutes"], ["networking.k8s.io", "networkpolicies"], ["autoscaling", "horizontalpodautoscalers"],
        ["policy", "poddisruptionbudgets"], ["monitoring.coreos.com", "servicemonitors"], ["monitoring.coreos.com", "prometheusrules"],
        ["monitoring.coreos.com", "alertmanagerconfigs"], ["rbac.authorization.k8s.io", "roles"], ["rbac.authorization.k8s.io", "rolebindings"],
    ];
    const roles: Record<string, Record<string, Rule[]>> = {};
    before(() => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "rbac-"));
        for (const stack of ["staging", "production"]) {
            const r = planCli([stack, "--out", out]);
            assert.equal(r.status, 0, r.stderr);
            const plan = JSON.parse(fs.readFileSync(path.join(out, stack, "plan.json"), "utf8")) as { resources: Array<{ type: string; inputs: { metadata?: { name?: string }; rules?: Rule[] } }> };
            roles[stack] = Object.fromEntries(plan.resources.filter((x) => x.type === "kubernetes:rbac.authorization.k8s.io/v1:Role" && /^platform-/.test(x.inputs.metadata?.name ?? "")).map((x) => [x.inputs.metadata!.name!.slice("platform-".length), x.inputs.rules ?? []]));
        }
        fs.rmSync(out, { recursive: true, force: true });
    });

    it("developers can change no workload, no traffic object, no gate script and no monitor, in either tier", () => {
        for (const stack of ["staging", "production"]) {
            for (const [group, resource] of GUARDED) assert.deepEqual(writeVerbs(roles[stack].developer, group, resource), [], `${stack}: developers write ${group || "core"}/${resource}`);
            assert.deepEqual(writeVerbs(roles[stack].viewer, "apps", "deployments"), []);
            // The admin is the break glass: by hand, outside the gates.
            assert.deepEqual(writeVerbs(roles[stack].admin, "apps", "deployments"), ["create", "delete", "patch", "update"]);
            assert.deepEqual(writeVerbs(roles[stack].admin, "gateway.networking.k8s.io", "httproutes"), ["create", "patch", "update"]);
        }
    });

    it("developers exec and port-forward in staging; in production they read and log only", () => {
        assert.deepEqual(writeVerbs(roles.staging.developer, "", "pods/exec"), ["create"]);
        assert.deepEqual(writeVerbs(roles.staging.developer, "", "pods/portforward"), ["create"]);
        assert.deepEqual(writeVerbs(roles.production.developer, "", "pods/exec"), []);
        assert.deepEqual(writeVerbs(roles.production.developer, "", "pods/portforward"), []);
        assert.deepEqual(writeVerbs(roles.production.admin, "", "pods/exec"), ["create"]);
        assert.ok(roles.production.developer.some((r) => (r.resources ?? []).includes("pods/log")), "developers read logs in production");
    });

    it("writeVerbs sees wildcards: a rule on every resource or every verb is a write", () => {
        assert.deepEqual(writeVerbs([{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }], "apps", "deployments"), ["*"]);
        assert.deepEqual(writeVerbs([{ apiGroups: ["apps"], resources: ["*"], verbs: ["patch", "get"] }], "apps", "deployments"), ["patch"]);
        assert.deepEqual(writeVerbs([{ apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "list"] }], "apps", "deployments"), []);
    });
});
