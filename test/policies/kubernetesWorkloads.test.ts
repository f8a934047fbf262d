import * as assert from "assert";
import { dropCapabilities } from "../../policies/kubernetes/dropCapabilities";
import { healthProbes } from "../../policies/kubernetes/healthProbes";
import { imagePinned } from "../../policies/kubernetes/imagePinned";
import { parseImageReference } from "../../policies/lib/imageReference";
import { noHostNamespaces } from "../../policies/kubernetes/noHostNamespaces";
import { noHostPathVolumes } from "../../policies/kubernetes/noHostPathVolumes";
import { noPrivilegeEscalation } from "../../policies/kubernetes/noPrivilegeEscalation";
import { noPrivilegedContainers } from "../../policies/kubernetes/noPrivilegedContainers";
import { readOnlyRootFilesystem } from "../../policies/kubernetes/readOnlyRootFilesystem";
import { resourceRequestsLimits } from "../../policies/kubernetes/resourceRequestsLimits";
import { runAsNonRoot } from "../../policies/kubernetes/runAsNonRoot";
import { seccompProfile } from "../../policies/kubernetes/seccompProfile";
import { noCredentialsInEnv } from "../../policies/kubernetes/noCredentialsInEnv";
import { appArmorProfile } from "../../policies/kubernetes/appArmorProfile";
import { noHostPorts } from "../../policies/kubernetes/noHostPorts";
import { procMountDefault } from "../../policies/kubernetes/procMountDefault";
import { safeSysctls } from "../../policies/kubernetes/safeSysctls";
import { seLinuxOptions } from "../../policies/kubernetes/seLinuxOptions";
import { C0, CRONJOB, DEPLOYMENT, DIGEST, POD, secureCronJob, secureDeployment } from "./fixtures";
import { assertUnknownSafe, edit, runResource } from "./harness";

const podFromDeployment = { metadata: { name: "p" }, spec: secureDeployment.spec.template.spec };

/** Rules that read the pod template: each must pass the secure baselines of every workload shape. */
const workloadRules = [noPrivilegedContainers, noPrivilegeEscalation, runAsNonRoot, readOnlyRootFilesystem, dropCapabilities,
    noHostNamespaces, noHostPathVolumes, seccompProfile, imagePinned, resourceRequestsLimits, healthProbes, noCredentialsInEnv,
    noHostPorts, procMountDefault, appArmorProfile, seLinuxOptions, safeSysctls];

describe("kubernetes workload rules", () => {
    for (const rule of workloadRules) {
        describe(rule.name, () => {
            it("passes the secure Deployment, CronJob and Pod", () => {
                for (const [type, props] of [[DEPLOYMENT, secureDeployment], [CRONJOB, secureCronJob], [POD, podFromDeployment]] as const) {
                    assert.deepStrictEqual(runResource(rule, type, props, { requireDigest: true }), { messages: [], skipped: false }, type);
                }
            });
            it("never crashes on an unknown value anywhere in the workload", () => {
                assert.ok(assertUnknownSafe(rule, DEPLOYMENT, secureDeployment) > 40);
            });
            it("ignores non-workload types", () => {
                assert.deepStrictEqual(runResource(rule, "kubernetes:core/v1:Service", { spec: { containers: [{ securityContext: { privileged: true } }] } }).messages, []);
            });
        });
    }

    const violations: [typeof noPrivilegedContainers, string, unknown, RegExp, object?][] = [
        [noPrivilegedContainers, `${C0}.securityContext.privileged`, true, /container "web" sets securityContext.privileged: true/],
        [noPrivilegeEscalation, `${C0}.securityContext.allowPrivilegeEscalation`, true, /does not set securityContext.allowPrivilegeEscalation: false/],
        [noPrivilegeEscalation, `${C0}.securityContext.allowPrivilegeEscalation`, undefined, /allowPrivilegeEscalation: false/],
        [runAsNonRoot, `${C0}.securityContext.runAsUser`, 0, /runs as root \(runAsUser: 0\)/],
        [runAsNonRoot, `${C0}.securityContext.runAsNonRoot`, false, /does not set runAsNonRoot: true/],
        [readOnlyRootFilesystem, `${C0}.securityContext.readOnlyRootFilesystem`, false, /readOnlyRootFilesystem: true/],
        [dropCapabilities, `${C0}.securityContext.capabilities.drop`, ["NET_RAW"], /does not drop ALL capabilities/],
        [dropCapabilities, `${C0}.securityContext.capabilities.add`, ["SYS_ADMIN"], /adds capabilities SYS_ADMIN/],
        [noHostNamespaces, "spec.template.spec.hostNetwork", true, /hostNetwork: true/],
        [noHostNamespaces, "spec.template.spec.hostPID", true, /hostPID: true/],
        [noHostNamespaces, "spec.template.spec.hostIPC", true, /hostIPC: true/],
        [noHostPathVolumes, "spec.template.spec.volumes", [{ name: "docker", hostPath: { path: "/var/run/docker.sock" } }], /volume "docker" mounts hostPath \/var\/run\/docker.sock/],
        [seccompProfile, "spec.template.spec.securityContext.seccompProfile", undefined, /seccomp profile unset/],
        [seccompProfile, `${C0}.securityContext.seccompProfile`, { type: "Unconfined" }, /seccomp profile "Unconfined"/],
        [imagePinned, `${C0}.image`, "registry.example.com/web:latest", /mutable tag "latest"/, {}],
        [imagePinned, `${C0}.image`, "registry.example.com:5000/web", /is untagged/, {}],
        [imagePinned, `${C0}.image`, "registry.example.com/web:1.4.2", /not pinned by a sha256 digest/],
        [resourceRequestsLimits, `${C0}.resources.limits`, undefined, /missing resources limits.cpu, limits.memory/],
        [resourceRequestsLimits, `${C0}.resources.requests.memory`, undefined, /missing resources requests.memory$/],
        [healthProbes, `${C0}.readinessProbe`, undefined, /container "web" has no readinessProbe/],
        [healthProbes, `${C0}.livenessProbe`, undefined, /has no livenessProbe/],
        [noCredentialsInEnv, `${C0}.env`, [{ name: "DB_PASSWORD", value: "s3cr3t-value" }], /"DB_PASSWORD" holds a literal value/],
        [noCredentialsInEnv, `${C0}.env`, [{ name: "DATABASE_URL", value: "postgres://app:pw123@db:5432/app" }], /URL with an embedded password/],
        [noCredentialsInEnv, `${C0}.env`, [{ name: "apiKey", value: "abc123def" }], /"apiKey" holds a literal value/],
    ];
    for (const [rule, field, value, expected, config] of violations) {
        it(`${rule.name} rejects ${field} = ${JSON.stringify(value)}`, () => {
            const out = runResource(rule, DEPLOYMENT, edit(secureDeployment, field, value), config ?? { requireDigest: true });
            assert.strictEqual(out.messages.length, 1, out.messages.join("; "));
            assert.match(out.messages[0], expected);
        });
    }

    it("k8s-no-privileged-containers checks init containers of a CronJob", () => {
        const job = edit(secureCronJob, "spec.jobTemplate.spec.template.spec.initContainers", [{ name: "setup", securityContext: { privileged: true } }]);
        assert.deepStrictEqual(runResource(noPrivilegedContainers, CRONJOB, job).messages, ['init container "setup" sets securityContext.privileged: true']);
    });
    it("k8s-run-as-non-root takes runAsNonRoot from the pod when the container omits it, and rejects when neither sets it", () => {
        const containerOnly = edit(secureDeployment, `${C0}.securityContext.runAsNonRoot`, undefined);
        assert.deepStrictEqual(runResource(runAsNonRoot, DEPLOYMENT, containerOnly).messages, []);
        const neither = edit(containerOnly, "spec.template.spec.securityContext.runAsNonRoot", undefined);
        assert.deepStrictEqual(runResource(runAsNonRoot, DEPLOYMENT, neither).messages,
            ['container "web" does not set runAsNonRoot: true (container or pod securityContext)']);
    });
    it("k8s-drop-capabilities accepts an allowed capability and honours the config", () => {
        const props = edit(secureDeployment, `${C0}.securityContext.capabilities.add`, ["NET_BIND_SERVICE"]);
        assert.deepStrictEqual(runResource(dropCapabilities, DEPLOYMENT, props).messages, []);
        assert.strictEqual(runResource(dropCapabilities, DEPLOYMENT, props, { allowedAddedCapabilities: [] }).messages.length, 1);
    });
    it("k8s-image-pinned accepts a tag without digest when the environment does not require one", () => {
        const props = edit(secureDeployment, `${C0}.image`, "registry.example.com/web:1.4.2");
        assert.deepStrictEqual(runResource(imagePinned, DEPLOYMENT, props, {}).messages, []);
    });
    it("reads registry ports, tags and digests with the one image reference parser", () => {
        assert.deepStrictEqual(parseImageReference("host:5000/team/web"), { domain: "host:5000", repository: "host:5000/team/web" });
        assert.deepStrictEqual(parseImageReference(`web:1.0@${DIGEST}`), { repository: "web", tag: "1.0", digest: DIGEST });
        assert.deepStrictEqual(parseImageReference(`web@${DIGEST}`), { repository: "web", digest: DIGEST });
    });
    it("k8s-health-probes does not apply to Jobs", () => {
        const job = edit(secureCronJob, "spec.jobTemplate.spec.template.spec.containers", [{ name: "x" }]);
        assert.deepStrictEqual(runResource(healthProbes, CRONJOB, job).messages, []);
    });
    it("an unknown container list skips the rule instead of passing it", () => {
        const out = runResource(noPrivilegedContainers, DEPLOYMENT, edit(secureDeployment, "spec.template.spec.containers", "04da6b54-80e4-46f7-96ec-b56ff0331ba9"));
        assert.deepStrictEqual(out, { messages: [], skipped: true });
    });
});
