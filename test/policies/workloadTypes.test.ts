// Every type that carries a pod template (every version the provider ships, and its Patch) is
// inspected like a Deployment, and the pack fails closed where it cannot find a pod spec.
import * as assert from "assert";
import { unknownCheckingProxy, type ResourceValidationPolicy } from "@pulumi/policy";
import { appArmorProfile } from "../../policies/kubernetes/appArmorProfile";
import { dropCapabilities } from "../../policies/kubernetes/dropCapabilities";
import { healthProbes } from "../../policies/kubernetes/healthProbes";
import { imagePinned } from "../../policies/kubernetes/imagePinned";
import { noCredentialsInEnv } from "../../policies/kubernetes/noCredentialsInEnv";
import { noHostNamespaces } from "../../policies/kubernetes/noHostNamespaces";
import { noHostPathVolumes } from "../../policies/kubernetes/noHostPathVolumes";
import { noHostPorts } from "../../policies/kubernetes/noHostPorts";
import { noPrivilegeEscalation } from "../../policies/kubernetes/noPrivilegeEscalation";
import { noPrivilegedContainers } from "../../policies/kubernetes/noPrivilegedContainers";
import { podSpecInspectable, podSpecPaths, podSpecProblem } from "../../policies/kubernetes/podSpecInspectable";
import { procMountDefault } from "../../policies/kubernetes/procMountDefault";
import { readOnlyRootFilesystem } from "../../policies/kubernetes/readOnlyRootFilesystem";
import { resourceRequestsLimits } from "../../policies/kubernetes/resourceRequestsLimits";
import { runAsNonRoot } from "../../policies/kubernetes/runAsNonRoot";
import { safeSysctls } from "../../policies/kubernetes/safeSysctls";
import { seLinuxOptions } from "../../policies/kubernetes/seLinuxOptions";
import { seccompProfile } from "../../policies/kubernetes/seccompProfile";
import { minimumReplicas } from "../../policies/kubernetes/minimumReplicas";
import { LONG_RUNNING_TYPES } from "../../policies/lib/kubernetes";
import { appObservability } from "../../policies/stack/appObservability";
import { requiredTags } from "../../policies/stack/requiredTags";
import { POD_TEMPLATE_PATHS } from "../../policies/lib/workloadTypes";
import { DEPLOYMENT, secureDeployment, workloadOf } from "./fixtures";
import { UNKNOWN, assertUnknownSafe, edit, runResource, runStack, type Props } from "./harness";

const template: Props = secureDeployment.spec.template;
const C0 = "spec.containers.0";

/** One hostile edit of the pod template per workload rule, and the violation it must produce. */
const hostile: [ResourceValidationPolicy, string, unknown, RegExp][] = [
    [noPrivilegedContainers, `${C0}.securityContext.privileged`, true, /container "web" sets securityContext.privileged: true/],
    [noPrivilegeEscalation, `${C0}.securityContext.allowPrivilegeEscalation`, true, /allowPrivilegeEscalation: false/],
    [runAsNonRoot, `${C0}.securityContext.runAsUser`, 0, /runs as root/],
    [readOnlyRootFilesystem, `${C0}.securityContext.readOnlyRootFilesystem`, false, /readOnlyRootFilesystem: true/],
    [dropCapabilities, `${C0}.securityContext.capabilities.add`, ["SYS_ADMIN"], /adds capabilities SYS_ADMIN/],
    [noHostNamespaces, "spec.hostPID", true, /hostPID: true/],
    [noHostPathVolumes, "spec.volumes", [{ name: "root", hostPath: { path: "/" } }], /mounts hostPath \//],
    [seccompProfile, `${C0}.securityContext.seccompProfile`, { type: "Unconfined" }, /seccomp profile "Unconfined"/],
    [imagePinned, `${C0}.image`, "registry.example.com/web:1.4.2", /not pinned by a sha256 digest/],
    [resourceRequestsLimits, `${C0}.resources`, undefined, /missing resources/],
    [noCredentialsInEnv, `${C0}.env`, [{ name: "PGPASSWORD", value: "hunter2hunter2" }], /"PGPASSWORD" holds a literal value/],
    [noHostPorts, `${C0}.ports`, [{ containerPort: 8080, hostPort: 8080 }], /binds hostPort 8080/],
    [procMountDefault, `${C0}.securityContext.procMount`, "Unmasked", /procMount: "Unmasked"/],
    [appArmorProfile, `${C0}.securityContext.appArmorProfile`, { type: "Unconfined" }, /appArmorProfile.type "Unconfined"/],
    [seLinuxOptions, "spec.securityContext.seLinuxOptions", { type: "spc_t" }, /seLinuxOptions type "spc_t"/],
    [safeSysctls, "spec.securityContext.sysctls", [{ name: "kernel.msgmax", value: "1" }], /sysctl "kernel.msgmax"/],
];

describe("every workload type is inspected like a Deployment", () => {
    it("knows 40 types: 20 kinds and versions, each with its Patch", () => {
        const types = Object.keys(POD_TEMPLATE_PATHS);
        assert.strictEqual(types.length, 40);
        assert.deepStrictEqual(types.filter(t => !t.endsWith("Patch")).map(t => `${t}Patch`).filter(t => !types.includes(t)), []);
    });
    for (const type of Object.keys(POD_TEMPLATE_PATHS)) {
        it(`${type}: the secure template passes every rule and each hostile edit is rejected by its rule`, () => {
            for (const [rule] of hostile) {
                assert.deepStrictEqual(runResource(rule, type, workloadOf(type, template), { requireDigest: true }).messages, [], rule.name);
            }
            assert.deepStrictEqual(runResource(podSpecInspectable, type, workloadOf(type, template)).messages, []);
            for (const [rule, field, value, expected] of hostile) {
                const out = runResource(rule, type, workloadOf(type, edit(template, field, value)), { requireDigest: true });
                assert.strictEqual(out.messages.length, 1, `${rule.name}: ${out.messages.join("; ")}`);
                assert.match(out.messages[0], expected, rule.name);
            }
            const probes = runResource(healthProbes, type, workloadOf(type, edit(template, `${C0}.readinessProbe`, undefined)));
            assert.deepStrictEqual(probes.messages, LONG_RUNNING_TYPES.has(type) ? ['container "web" has no readinessProbe'] : []);
        });
    }
    it("a patch restating one container is held to the whole baseline (the pack cannot see the object it merges into)", () => {
        const patch = { metadata: { name: "web" }, spec: { template: { spec: { containers: [{ name: "web", image: "registry.example.com/web:9.9.9" }] } } } };
        assert.deepStrictEqual(runResource(imagePinned, "kubernetes:apps/v1:DeploymentPatch", patch, { requireDigest: true }).messages,
            ['container "web" image "registry.example.com/web:9.9.9" is not pinned by a sha256 digest']);
        assert.strictEqual(runResource(readOnlyRootFilesystem, "kubernetes:apps/v1:DeploymentPatch", patch).messages.length, 1);
    });
    it("a patch that leaves the template alone passes every workload rule", () => {
        const scale = { metadata: { name: "web" }, spec: { replicas: 4 } };
        for (const [rule] of hostile) {
            assert.deepStrictEqual(runResource(rule, "kubernetes:apps/v1:DeploymentPatch", scale).messages, [], rule.name);
        }
    });
});

describe("k8s-pod-spec-inspectable (fail closed)", () => {
    const cases: [string, string, Props, string][] = [
        ["a Deployment without a template", DEPLOYMENT, edit(secureDeployment, "spec.template", undefined),
            "Deployment keeps its pod spec at spec.template.spec, but nothing is there: the workload rules cannot inspect it"],
        ["a Deployment whose template spec is a list", DEPLOYMENT, edit(secureDeployment, "spec.template.spec", []),
            "Deployment keeps its pod spec at spec.template.spec, but an empty list is there: the workload rules cannot inspect it"],
        ["a CronJob with the pod template one level too high", "kubernetes:batch/v1beta1:CronJob", { spec: { jobTemplate: template } },
            "CronJob keeps its pod spec at spec.jobTemplate.spec.template.spec, but nothing is there: the workload rules cannot inspect it"],
        ["a PodTemplate with the template under spec", "kubernetes:core/v1:PodTemplate", { spec: { template } },
            "PodTemplate keeps its pod spec at template.spec, but nothing is there: the workload rules cannot inspect it"],
        ["a ReplicationController with no containers", "kubernetes:core/v1:ReplicationController", workloadOf("kubernetes:core/v1:ReplicationController", edit(template, "spec.containers", [])),
            "spec.template.spec.containers is an empty list, expected a list of containers: the workload rules cannot inspect it"],
        ["a patch whose containers are not a list", "kubernetes:apps/v1:StatefulSetPatch", { spec: { template: { spec: { containers: { web: {} } } } } },
            "spec.template.spec.containers is an object, expected a list of containers: the workload rules cannot inspect it"],
        ["a DeploymentList", "kubernetes:apps/v1:DeploymentList", { items: [secureDeployment] },
            "kubernetes:apps/v1:DeploymentList carries a pod spec at items[0].spec.template.spec that the workload rules do not inspect"],
        ["an Argo Rollout", "kubernetes:argoproj.io/v1alpha1:Rollout", { spec: { template } },
            "kubernetes:argoproj.io/v1alpha1:Rollout carries a pod spec at spec.template.spec that the workload rules do not inspect"],
        ["a Helm release whose values add containers", "kubernetes:helm.sh/v3:Release", { values: { grafana: { extraContainers: [{ name: "x", image: "x" }] }, sidecar: { containers: [{ name: "y" }] } } },
            "kubernetes:helm.sh/v3:Release carries a pod spec at values.sidecar that the workload rules do not inspect"],
    ];
    for (const [what, type, props, message] of cases) {
        it(`rejects ${what}`, () => assert.deepStrictEqual(runResource(podSpecInspectable, type, props).messages, [message]));
    }
    it("passes a patch that leaves the template, its spec or its containers out", () => {
        for (const props of [{ spec: { replicas: 2 } }, { spec: { template: { metadata: { labels: { a: "b" } } } } }, { spec: { template: { spec: { hostNetwork: false } } } }]) {
            assert.strictEqual(podSpecProblem("kubernetes:apps/v1:DeploymentPatch", props), undefined, JSON.stringify(props));
        }
    });
    it("passes objects that carry no pod spec, and ignores non-Kubernetes types", () => {
        assert.deepStrictEqual(runResource(podSpecInspectable, "kubernetes:core/v1:ConfigMap", { data: { containers: "[]" } }).messages, []);
        assert.deepStrictEqual(runResource(podSpecInspectable, "kubernetes:monitoring.coreos.com/v1:ServiceMonitor", { spec: { endpoints: [{ port: "metrics" }] } }).messages, []);
        assert.deepStrictEqual(runResource(podSpecInspectable, "aws:ecs/taskDefinition:TaskDefinition", { spec: { containers: [{ name: "x" }] } }).messages, []);
        // A Helm v4 Chart registers every object it renders, and those are inspected one by one.
        assert.deepStrictEqual(runResource(podSpecInspectable, "kubernetes:helm.sh/v4:Chart", { values: { sidecar: { containers: [{ name: "y" }] } } }).messages, []);
    });
    it("finds pod specs past unknown values instead of skipping the resource", () => {
        const props = unknownCheckingProxy({ items: [UNKNOWN, { spec: { template: { spec: { containers: [{ name: "x" }, UNKNOWN] } } } }] });
        assert.deepStrictEqual(podSpecPaths(props), ["items[1].spec.template.spec"]);
        assert.deepStrictEqual(runResource(podSpecInspectable, "kubernetes:apps/v1:DeploymentList", { metadata: { name: UNKNOWN }, items: [secureDeployment] }).messages.length, 1);
    });
    it("never crashes on unknowns", () => {
        assert.ok(assertUnknownSafe(podSpecInspectable, DEPLOYMENT, secureDeployment) > 40);
        assert.ok(assertUnknownSafe(podSpecInspectable, "kubernetes:apps/v1:DeploymentList", { items: [secureDeployment] }) > 40);
    });
});

describe("stack rules see every kind that runs an app", () => {
    const rc = { type: "kubernetes:core/v1:ReplicationController", name: "legacy", props: edit(workloadOf("kubernetes:core/v1:ReplicationController", template), "spec.replicas", 1) };
    it("k8s-minimum-replicas rejects a one-replica ReplicationController and a patch that scales a Deployment down", () => {
        const scaleDown = { type: "kubernetes:apps/v1:DeploymentPatch", name: "web-scale", props: { metadata: { name: "web", namespace: "apps" }, spec: { replicas: 0 } } };
        assert.deepStrictEqual(runStack(minimumReplicas, [rc, scaleDown], { minReplicas: 3 }).messages,
            ["legacy: replicas is 1, below the environment minimum 3", "web-scale: replicas is 0, below the environment minimum 3"]);
    });
    it("k8s-minimum-replicas takes the floor from an autoscaling/v2beta2 HorizontalPodAutoscaler", () => {
        const web = { type: DEPLOYMENT, name: "web", props: secureDeployment };
        const hpa = { type: "kubernetes:autoscaling/v2beta2:HorizontalPodAutoscaler", name: "web-hpa", deps: ["web"], props: { spec: { minReplicas: 1, maxReplicas: 5 } } };
        assert.deepStrictEqual(runStack(minimumReplicas, [web, hpa], { minReplicas: 3 }).messages, ["web: HPA minReplicas is 1, below the environment minimum 3"]);
    });
    it("k8s-minimum-replicas leaves a patch that does not touch replicas alone", () => {
        const relabel = { type: "kubernetes:apps/v1:DeploymentPatch", name: "web-labels", props: { metadata: { name: "web", labels: { a: "b" } } } };
        assert.deepStrictEqual(runStack(minimumReplicas, [relabel], { minReplicas: 3 }).messages, []);
    });
    it("stack-required-tags asks a ReplicationController for the labels, but not a patch of a live object", () => {
        assert.deepStrictEqual(runResource(requiredTags, rc.type, rc.props).messages, ["missing required labels: owner, environment, cost-center"]);
        assert.deepStrictEqual(runResource(requiredTags, "kubernetes:apps/v1:DeploymentPatch", { metadata: { name: "web" }, spec: { replicas: 3 } }).messages, []);
    });
    it("stack-app-observability asks for monitoring of a ReplicaSet of an older API version", () => {
        const rs = { type: "kubernetes:apps/v1beta2:ReplicaSet", name: "old-rs", props: workloadOf("kubernetes:apps/v1beta2:ReplicaSet", template) };
        assert.deepStrictEqual(runStack(appObservability, [rs]).messages, ["old-rs: no ServiceMonitor or PodMonitor scrapes this app",
            "old-rs: no PrometheusRule labelled app.kubernetes.io/name=<app> (or depending on the app) defines its alerts"]);
    });
});
