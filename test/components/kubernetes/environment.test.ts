import * as assert from "node:assert/strict";
import { Environment } from "../../../components/kubernetes/environment";
import type { PlanResult } from "../../../tools/plan/run";
import { at, childrenOf, find, planProgram } from "../../support/plan";

describe("Environment", () => {
    let plan: PlanResult;
    before(async () => {
        plan = await planProgram(() => {
            new Environment("team-a", {
                namespace: "team-a",
                ownership: { environment: "staging", owner: "payments", costCenter: "cc-42" },
                quota: { requestsCpu: "4", requestsMemory: "8Gi", limitsCpu: "8", limitsMemory: "16Gi", pods: 40, services: 10, persistentVolumeClaims: 5 },
                limitRange: { defaultRequest: { cpu: "100m", memory: "128Mi" }, defaultLimit: { cpu: "500m", memory: "512Mi" }, max: { cpu: "2", memory: "4Gi" } },
                groups: { admin: ["ops"], developer: ["devs", "contractors"], viewer: [] },
            });
            return {};
        });
    });

    it("creates exactly the namespace, quota, limits, network policies and role objects", () => {
        const env = find(plan.resources, "platform:kubernetes:Environment", "team-a");
        assert.deepEqual(childrenOf(plan.resources, env.urn), [
            "kubernetes:core/v1:LimitRange/team-a-limits",
            "kubernetes:core/v1:Namespace/team-a",
            "kubernetes:core/v1:ResourceQuota/team-a-quota",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy/team-a-allow-dns",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy/team-a-default-deny",
            "kubernetes:rbac.authorization.k8s.io/v1:Role/team-a-admin",
            "kubernetes:rbac.authorization.k8s.io/v1:Role/team-a-developer",
            "kubernetes:rbac.authorization.k8s.io/v1:Role/team-a-viewer",
            "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding/team-a-admin",
            "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding/team-a-developer",
        ]);
    });

    it("enforces the restricted pod security standard and carries ownership labels", () => {
        const ns = find(plan.resources, "kubernetes:core/v1:Namespace", "team-a");
        const labels = at(ns.inputs, "metadata.labels") as Record<string, string>;
        assert.equal(labels["pod-security.kubernetes.io/enforce"], "restricted");
        assert.equal(labels["platform.dev/owner"], "payments");
        assert.equal(labels["platform.dev/cost-center"], "cc-42");
        assert.equal(labels["platform.dev/environment"], "staging");
    });

    it("denies all ingress and egress by default and allows DNS egress only to kube-dns", () => {
        const deny = find(plan.resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "team-a-default-deny");
        assert.deepEqual(deny.inputs.spec, { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
        const dns = find(plan.resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy", "team-a-allow-dns");
        assert.deepEqual(at(dns.inputs, "spec.egress"), [{
            ports: [{ port: 53, protocol: "UDP" }, { port: 53, protocol: "TCP" }],
            to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
        }]);
    });

    it("sets quota hard limits, forbidding load balancers and node ports", () => {
        const quota = find(plan.resources, "kubernetes:core/v1:ResourceQuota", "team-a-quota");
        assert.deepEqual(at(quota.inputs, "spec.hard"), {
            "limits.cpu": "8", "limits.memory": "16Gi", persistentvolumeclaims: "5", pods: "40",
            "requests.cpu": "4", "requests.memory": "8Gi", services: "10", "services.loadbalancers": "0", "services.nodeports": "0",
        });
    });

    it("grants roles by capability without wildcards, and binds groups", () => {
        const verbsOn = (role: string, group: string, resource: string) => {
            const rules = find(plan.resources, "kubernetes:rbac.authorization.k8s.io/v1:Role", `team-a-${role}`).inputs.rules as Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>;
            for (const r of rules) for (const v of [...r.verbs, ...r.resources, ...r.apiGroups]) assert.notEqual(v, "*");
            return new Set(rules.filter((r) => r.apiGroups.includes(group) && r.resources.includes(resource)).flatMap((r) => r.verbs));
        };
        assert.ok(verbsOn("viewer", "", "pods/log").has("get"), "viewer reads logs");
        assert.ok(verbsOn("viewer", "metrics.k8s.io", "pods").has("list"), "viewer reads metrics");
        assert.equal(verbsOn("viewer", "apps", "deployments").has("update"), false, "viewer cannot deploy");
        assert.equal(verbsOn("viewer", "", "secrets").size, 0, "viewer cannot read secrets");
        assert.deepEqual([...verbsOn("developer", "apps", "deployments")].sort(), ["get", "list", "watch"], "developers deploy only through pulumi up");
        assert.ok(verbsOn("developer", "", "pods/exec").has("create"), "developers exec by default");
        assert.ok(verbsOn("admin", "apps", "deployments").has("patch"), "the admin deploys by hand (break glass)");
        assert.equal(verbsOn("developer", "rbac.authorization.k8s.io", "roles").size, 0, "developer cannot manage roles");
        assert.ok(verbsOn("admin", "apps", "deployments/rollback").has("create"), "admin rolls back");
        assert.ok(verbsOn("admin", "rbac.authorization.k8s.io", "rolebindings").has("create"), "admin manages roles");
        const binding = find(plan.resources, "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "team-a-developer");
        assert.deepEqual(binding.inputs.subjects, [
            { apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "devs" },
            { apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "contractors" },
        ]);
        assert.deepEqual(binding.inputs.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "platform-developer" });
    });
});
