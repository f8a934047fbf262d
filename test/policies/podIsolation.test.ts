// The isolation settings of the Pod Security Standards baseline the pack did not read before:
// host ports, /proc masking, AppArmor, SELinux, sysctls and Windows HostProcess.
import * as assert from "assert";
import { appArmorProfile } from "../../policies/kubernetes/appArmorProfile";
import { noHostPorts } from "../../policies/kubernetes/noHostPorts";
import { noPrivilegedContainers } from "../../policies/kubernetes/noPrivilegedContainers";
import { procMountDefault } from "../../policies/kubernetes/procMountDefault";
import { safeSysctls } from "../../policies/kubernetes/safeSysctls";
import { seLinuxOptions } from "../../policies/kubernetes/seLinuxOptions";
import { C0, DEPLOYMENT, secureDeployment } from "./fixtures";
import { describeResourceCases, edit, runResource, type ResourceCase } from "./harness";

const POD_SC = "spec.template.spec.securityContext";
/** The secure Deployment with the settings these rules accept spelled out, so each case changes one field. */
const confined = [
    [`${C0}.ports`, [{ name: "http", containerPort: 8080 }]],
    [`${C0}.securityContext.procMount`, "Default"],
    [`${C0}.securityContext.appArmorProfile`, { type: "RuntimeDefault" }],
    [`${POD_SC}.appArmorProfile`, { type: "RuntimeDefault" }],
    ["spec.template.metadata.annotations", { "container.apparmor.security.beta.kubernetes.io/web": "runtime/default" }],
    [`${POD_SC}.seLinuxOptions`, { type: "container_t", level: "s0:c123,c456" }],
    [`${POD_SC}.sysctls`, [{ name: "net.ipv4.tcp_keepalive_time", value: "300" }]],
].reduce((props, [field, value]) => edit(props, field as string, value), secureDeployment);

const cases: ResourceCase[] = [
    [noHostPorts, DEPLOYMENT, confined, [
        [`${C0}.ports.0.hostPort`, 8080, /^container "web" ports\[0\] binds hostPort 8080 on the node$/],
        [`${C0}.ports`, [{ containerPort: 8080 }, { containerPort: 9090, hostPort: 9090 }], /^container "web" ports\[1\] binds hostPort 9090/],
        ["spec.template.spec.initContainers", [{ name: "setup", ports: [{ containerPort: 53, hostPort: 53, protocol: "UDP" }] }], /^init container "setup" ports\[0\] binds hostPort 53/],
    ]],
    [procMountDefault, DEPLOYMENT, confined, [
        [`${C0}.securityContext.procMount`, "Unmasked", /^container "web" sets securityContext.procMount: "Unmasked" \(only Default is allowed\)$/],
        [`${C0}.securityContext.procMount`, "unmasked", /procMount: "unmasked"/],
    ]],
    [appArmorProfile, DEPLOYMENT, confined, [
        [`${C0}.securityContext.appArmorProfile.type`, "Unconfined", /^container "web" sets appArmorProfile.type "Unconfined"$/],
        [`${POD_SC}.appArmorProfile.type`, "Unconfined", /^pod securityContext.appArmorProfile.type is "Unconfined"$/],
        ["spec.template.metadata.annotations", { "container.apparmor.security.beta.kubernetes.io/web": "unconfined" },
            /^pod annotation container.apparmor.security.beta.kubernetes.io\/web is "unconfined"$/],
    ]],
    [seLinuxOptions, DEPLOYMENT, confined, [
        [`${POD_SC}.seLinuxOptions.type`, "spc_t", /^pod seLinuxOptions type "spc_t" \(allowed: container_t, container_init_t, container_kvm_t, container_engine_t\)$/],
        [`${POD_SC}.seLinuxOptions.type`, "unconfined_t", /type "unconfined_t"/],
        [`${C0}.securityContext.seLinuxOptions`, { user: "system_u" }, /^container "web" seLinuxOptions user "system_u" \(must not be set\)$/],
        [`${C0}.securityContext.seLinuxOptions`, { role: "system_r" }, /role "system_r"/],
    ]],
    [safeSysctls, DEPLOYMENT, confined, [
        [`${POD_SC}.sysctls`, [{ name: "kernel.msgmax", value: "65536" }], /^pod securityContext sets sysctl "kernel.msgmax", which is not in the safe set$/],
        [`${POD_SC}.sysctls`, [{ name: "net.ipv4.tcp_keepalive_time", value: "300" }, { name: "vm.swappiness", value: "0" }], /"vm.swappiness"/],
    ]],
    [noPrivilegedContainers, DEPLOYMENT, confined, [
        [`${C0}.securityContext.windowsOptions`, { hostProcess: true }, /^container "web" sets securityContext.windowsOptions.hostProcess: true$/],
        [`${POD_SC}.windowsOptions`, { hostProcess: true }, /^pod securityContext sets windowsOptions.hostProcess: true$/],
    ]],
];

describe("pod isolation rules", () => {
    describeResourceCases(cases);

    it("k8s-no-host-ports accepts a hostPort of 0 (unset) and the ports the environment allows", () => {
        assert.deepStrictEqual(runResource(noHostPorts, DEPLOYMENT, edit(confined, `${C0}.ports.0.hostPort`, 0)).messages, []);
        assert.deepStrictEqual(runResource(noHostPorts, DEPLOYMENT, edit(confined, `${C0}.ports.0.hostPort`, 8080), { allowedHostPorts: [8080] }).messages, []);
    });
    it("k8s-apparmor-profile accepts Localhost profiles in the field and the annotation", () => {
        const local = edit(edit(confined, `${C0}.securityContext.appArmorProfile`, { type: "Localhost", localhostProfile: "k8s-web" }),
            "spec.template.metadata.annotations", { "container.apparmor.security.beta.kubernetes.io/web": "localhost/k8s-web" });
        assert.deepStrictEqual(runResource(appArmorProfile, DEPLOYMENT, local).messages, []);
    });
    it("k8s-selinux-options honours the environment's allowed types", () => {
        const spc = edit(confined, `${POD_SC}.seLinuxOptions.type`, "spc_t");
        assert.deepStrictEqual(runResource(seLinuxOptions, DEPLOYMENT, spc, { allowedTypes: ["spc_t"] }).messages, []);
    });
    it("k8s-safe-sysctls honours the environment's allowed sysctls", () => {
        const msgmax = edit(confined, `${POD_SC}.sysctls`, [{ name: "kernel.msgmax", value: "65536" }]);
        assert.deepStrictEqual(runResource(safeSysctls, DEPLOYMENT, msgmax, { allowedSysctls: ["kernel.msgmax"] }).messages, []);
    });
});
