// RBAC rules against hostile bindings and roles: Kubernetes' own system: groups as subjects, the
// verbs that bypass RBAC's escalation checks, and the built-in admin roles bound cluster-wide.
import * as assert from "assert";
import { evaluatePolicies } from "../../policies/offline";
import { rbacNoAdminClusterBinding } from "../../policies/kubernetes/rbacNoAdminClusterBinding";
import { rbacNoEscalationVerbs } from "../../policies/kubernetes/rbacNoEscalationVerbs";
import { rbacNoSystemGroups } from "../../policies/kubernetes/rbacNoSystemGroups";
import { Environment } from "../../components/kubernetes/environment";
import { adminRules, developerRules, viewerRules } from "../../components/kubernetes/rbacRules";
import { planProgram } from "../support/plan";
import { describeResourceCases, edit, runResource } from "./harness";

const RB = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding";
const CRB = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding";
const ROLE = "kubernetes:rbac.authorization.k8s.io/v1:Role";
const CLUSTER_ROLE = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole";

const binding = {
    metadata: { name: "platform-viewer", namespace: "shop" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "platform-viewer" },
    subjects: [{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: "engineering" }, { kind: "ServiceAccount", name: "ci", namespace: "shop" }],
};
const role = { metadata: { name: "deployer" }, rules: [{ apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings"], verbs: ["get", "create", "update"] }] };
const clusterBinding = { roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" }, subjects: [{ kind: "Group", name: "sre" }] };

describeResourceCases([
    [rbacNoSystemGroups, RB, binding, [
        ["subjects.0.name", "system:authenticated", /^subjects\[0\] binds "platform-viewer" to the group "system:authenticated" \(every authenticated user\)$/],
        ["subjects.0.name", "system:serviceaccounts", /\(every service account in the cluster\)$/],
        ["subjects.0.name", "system:serviceaccounts:kube-system", /\(every service account in namespace "kube-system"\)$/],
        ["subjects.0.name", "system:masters", /\(the groups that bypass RBAC\)$/],
        ["subjects.0.name", "system:kube-scheduler-ish", /\(a group Kubernetes itself manages\)$/],
    ]],
    [rbacNoSystemGroups, CRB, clusterBinding, [["subjects.0.name", "system:unauthenticated", /binds "view" to the group "system:unauthenticated" \(every anonymous request\)/]]],
    [rbacNoEscalationVerbs, CLUSTER_ROLE, role, [
        ["rules.0.verbs", ["get", "escalate"], /^rules\[0\] grants "escalate" on roles, rolebindings: its holder can write roles with permissions its holder does not have$/],
        ["rules.0.verbs", ["bind"], /^rules\[0\] grants "bind" on roles, rolebindings: its holder can bind any role/],
        ["rules.0", { apiGroups: [""], resources: ["users", "groups", "serviceaccounts"], verbs: ["impersonate"] }, /^rules\[0\] grants "impersonate" on users, groups, serviceaccounts: its holder can act as any user, group or service account$/],
    ]],
    [rbacNoEscalationVerbs, ROLE, role, [["rules.0.verbs", ["list", "bind"], /^rules\[0\] grants "bind"/]]],
    [rbacNoAdminClusterBinding, CRB, clusterBinding, [
        ["roleRef.name", "cluster-admin", /^ClusterRoleBinding grants the built-in "cluster-admin" ClusterRole in every namespace$/],
        ["roleRef.name", "admin", /"admin" ClusterRole in every namespace/],
        ["roleRef.name", "edit", /"edit" ClusterRole in every namespace/],
    ]],
]);

describe("RBAC rules: scope and configuration", () => {
    it("reports every system: group of a binding, and names the allowed ones only when configured", () => {
        const hostile = edit(binding, "subjects", [{ kind: "Group", name: "system:authenticated" }, { kind: "Group", name: "devs" }, { kind: "Group", name: "system:serviceaccounts:shop" }]);
        assert.deepStrictEqual(runResource(rbacNoSystemGroups, RB, hostile).messages, [
            'subjects[0] binds "platform-viewer" to the group "system:authenticated" (every authenticated user)',
            'subjects[2] binds "platform-viewer" to the group "system:serviceaccounts:shop" (every service account in namespace "shop")',
        ]);
        assert.deepStrictEqual(runResource(rbacNoSystemGroups, RB, hostile, { allowedGroups: ["system:authenticated", "system:serviceaccounts:shop"] }).messages, []);
    });
    it("leaves a ServiceAccount's own user name, look-alike groups (names are case-sensitive) and namespaced bindings of built-in roles alone", () => {
        assert.deepStrictEqual(runResource(rbacNoSystemGroups, RB, edit(binding, "subjects", [{ kind: "User", name: "system:serviceaccount:shop:ci" }, { kind: "Group", name: "System:Authenticated" }])).messages, []);
        assert.deepStrictEqual(runResource(rbacNoEscalationVerbs, ROLE, edit(role, "rules.0.verbs", ["Escalate"])).messages, []);
        assert.deepStrictEqual(runResource(rbacNoAdminClusterBinding, RB, edit(binding, "roleRef", { kind: "ClusterRole", name: "admin" })).messages, []);
    });
    it("the platform's own admin, developer and viewer rules grant none of the escalation verbs", () => {
        for (const rules of [adminRules, developerRules, viewerRules]) assert.deepStrictEqual(runResource(rbacNoEscalationVerbs, ROLE, { rules }).messages, []);
    });
});

describe("RBAC rules on what the Environment component would bind", () => {
    it("a system: group reaching the component (the schema refuses it first) is a mandatory violation in production", async () => {
        const plan = await planProgram(() => {
            new Environment("shop", {
                namespace: "shop",
                ownership: { environment: "production", owner: "shop", costCenter: "cc-1" },
                quota: { requestsCpu: "4", requestsMemory: "8Gi", limitsCpu: "8", limitsMemory: "16Gi", pods: 40, services: 10, persistentVolumeClaims: 5 },
                limitRange: { defaultRequest: { cpu: "100m", memory: "128Mi" }, defaultLimit: { cpu: "500m", memory: "512Mi" }, max: { cpu: "2", memory: "4Gi" } },
                groups: { admin: ["platform-admins"], developer: [], viewer: ["system:authenticated"] },
            });
            return {};
        });
        const result = evaluatePolicies(plan.resources, { environment: "production" });
        assert.deepStrictEqual(result.violations.filter((v) => v.policy.startsWith("k8s-rbac")).map((v) => [v.policy, v.enforcementLevel, v.name, v.message]), [
            ["k8s-rbac-no-system-group-subjects", "mandatory", "shop-viewer", 'subjects[0] binds "platform-viewer" to the group "system:authenticated" (every authenticated user)'],
        ]);
    });
});
