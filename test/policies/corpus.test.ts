// A corpus of insecure resources, written with the real provider SDK classes and registered under
// the Pulumi mock monitor; the registered inputs are evaluated with the production config and
// each resource must be rejected by the rules named next to it.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { PlanResource, evaluatePolicies } from "../../policies/offline";
import * as appsv1 from "@pulumi/kubernetes/apps/v1";
import * as batchv1beta1 from "@pulumi/kubernetes/batch/v1beta1";
import * as corev1 from "@pulumi/kubernetes/core/v1";
import * as networkingv1 from "@pulumi/kubernetes/networking/v1";
import * as policyv1 from "@pulumi/kubernetes/policy/v1";
import * as rbacv1 from "@pulumi/kubernetes/rbac/v1";
import * as rbacv1beta1 from "@pulumi/kubernetes/rbac/v1beta1";
import * as apiextensions from "@pulumi/kubernetes/apiextensions";
import * as helmv3 from "@pulumi/kubernetes/helm/v3";
import * as rds from "@pulumi/aws/rds";
import * as s3 from "@pulumi/aws/s3";
import * as ec2 from "@pulumi/aws/ec2";
import * as kms from "@pulumi/aws/kms";
import * as storage from "@pulumi/azure-native/storage";
import * as dbforpostgresql from "@pulumi/azure-native/dbforpostgresql";
import * as network from "@pulumi/azure-native/network";
import * as gcs from "@pulumi/gcp/storage";
import * as sql from "@pulumi/gcp/sql";
import * as compute from "@pulumi/gcp/compute";
import * as gkms from "@pulumi/gcp/kms";

const registered: PlanResource[] = [];
const PROJECT = "platform";
const STACK = "corpus";
const urn = (type: string, name: string) => `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;

/** Resource name -> rules that must reject it (mandatory in production). */
const EXPECTED: Record<string, string[]> = {
    "bad-deployment": ["k8s-no-privileged-containers", "k8s-no-privilege-escalation", "k8s-run-as-non-root", "k8s-read-only-root-filesystem",
        "k8s-drop-capabilities", "k8s-no-host-namespaces", "k8s-no-host-path-volumes", "k8s-seccomp-profile", "k8s-image-pinned",
        "k8s-resource-requests-limits", "k8s-health-probes", "k8s-no-credentials-in-env", "k8s-minimum-replicas",
        "stack-app-observability", "stack-required-tags"],
    "bad-rc": ["k8s-no-host-ports", "k8s-proc-mount-default", "k8s-apparmor-profile", "k8s-selinux-options", "k8s-safe-sysctls",
        "k8s-no-privileged-containers", "k8s-minimum-replicas"],
    "bad-cronjob": ["k8s-no-privileged-containers", "k8s-no-host-namespaces", "k8s-image-pinned"],
    "bad-patch": ["k8s-no-privileged-containers", "k8s-image-pinned", "k8s-minimum-replicas"],
    "bad-list": ["k8s-pod-spec-inspectable", "k8s-no-list-objects"],
    "bad-service-list": ["k8s-no-list-objects"],
    "bad-binding-list": ["k8s-no-list-objects"],
    "bad-binding-patch": ["k8s-rbac-no-system-group-subjects", "k8s-rbac-no-cluster-admin-binding"],
    "bad-v1beta1-binding": ["k8s-rbac-no-cluster-admin-binding", "k8s-rbac-no-admin-cluster-binding"],
    "bad-role-patch": ["k8s-rbac-no-wildcards", "k8s-rbac-no-traffic-writers"],
    "bad-egress-patch": ["k8s-egress-restricted"],
    "bad-egress-list": ["k8s-no-list-objects"],
    "bad-ingress-policy": ["k8s-ingress-restricted"],
    "bad-takeover-binding": ["k8s-platform-namespaces-untouched"],
    "bad-config-patch": ["k8s-no-credentials-in-configmaps"],
    "bad-config-list": ["k8s-no-list-objects"],
    "bad-service": ["k8s-no-external-services"],
    "bad-service-patch": ["k8s-no-external-services", "k8s-traffic-shift-gated"],
    "bad-external-ips": ["k8s-no-external-services"],
    "bad-ingress": ["k8s-no-external-services"],
    "bad-grpcroute": ["k8s-httproute-weights-valid", "k8s-traffic-shift-gated"],
    "bad-pdb": ["k8s-pod-disruption-budget"],
    "bad-release": ["k8s-helm-release-allowed"],
    "bad-config": ["k8s-no-credentials-in-configmaps"],
    "bad-role": ["k8s-rbac-no-wildcards"],
    "bad-binding": ["k8s-rbac-no-cluster-admin-binding", "k8s-rbac-no-admin-cluster-binding"],
    "bad-escalating-role": ["k8s-rbac-no-escalation-verbs"],
    "bad-system-binding": ["k8s-rbac-no-system-group-subjects"],
    "bad-admin-binding": ["k8s-rbac-no-admin-cluster-binding"],
    "bad-egress": ["k8s-egress-restricted"],
    "bad-route": ["k8s-httproute-weights-valid", "k8s-canary-steps-rising", "k8s-traffic-shift-gated"],
    "bad-rds": ["aws-rds-storage-encrypted", "aws-rds-not-public", "aws-rds-deletion-protection-ha", "aws-rds-backup-retention", "aws-rds-tls-required",
        "stack-database-backup-coverage", "stack-cross-region-replication", "cloud-cmk-encryption", "stack-required-tags"],
    "bad-bucket": ["aws-s3-no-public-buckets", "cloud-cmk-encryption"],
    "bad-sg": ["aws-security-group-no-public-admin"],
    "bad-key": ["aws-kms-key-rotation"],
    "bad-storage": ["azure-storage-no-public-access"],
    "bad-postgres": ["azure-database-not-public", "azure-database-backup-retention", "azure-database-deletion-protection-ha", "stack-database-backup-coverage"],
    "bad-nsg": ["azure-nsg-no-public-admin"],
    "bad-gcs": ["gcp-storage-no-public-buckets"],
    "bad-sql": ["gcp-sql-not-public", "gcp-sql-tls-required", "gcp-sql-deletion-protection-ha", "gcp-sql-backup-retention", "stack-maintenance-window"],
    "bad-firewall": ["gcp-firewall-no-public-admin"],
    "bad-cryptokey": ["gcp-kms-key-rotation"],
};

/** The insecure program; called after the mocks are installed. */
function insecureProgram(): pulumi.Resource[] {
    return [
        new appsv1.Deployment("bad-deployment", {
            metadata: { namespace: "apps" },
            spec: {
                replicas: 1, selector: { matchLabels: { app: "bad" } },
                template: {
                    metadata: { labels: { app: "bad" } },
                    spec: {
                        hostNetwork: true, hostPID: true,
                        containers: [{ name: "app", image: "nginx:latest", securityContext: { privileged: true, runAsUser: 0, capabilities: { add: ["SYS_ADMIN"] } }, env: [{ name: "API_TOKEN", value: "plain-token-value" }] }],
                        volumes: [{ name: "host", hostPath: { path: "/" } }],
                    },
                },
            },
        }),
        new corev1.ReplicationController("bad-rc", {
            metadata: { namespace: "apps" },
            spec: {
                replicas: 1, selector: { app: "rc" },
                template: {
                    metadata: { labels: { app: "rc" }, annotations: { "container.apparmor.security.beta.kubernetes.io/app": "unconfined" } },
                    spec: {
                        securityContext: { seLinuxOptions: { type: "spc_t" }, sysctls: [{ name: "kernel.core_pattern", value: "|/tmp/x" }], windowsOptions: { hostProcess: true } },
                        containers: [{ name: "app", image: "nginx:1.27", ports: [{ containerPort: 80, hostPort: 80 }], securityContext: { procMount: "Unmasked" } }],
                    },
                },
            },
        }),
        new batchv1beta1.CronJob("bad-cronjob", {
            metadata: { namespace: "apps" },
            spec: { schedule: "* * * * *", jobTemplate: { spec: { template: { spec: { hostPID: true, restartPolicy: "Never", containers: [{ name: "job", image: "busybox", securityContext: { privileged: true } }] } } } } },
        }),
        new appsv1.DeploymentPatch("bad-patch", {
            metadata: { name: "api", namespace: "apps" },
            spec: { replicas: 1, template: { spec: { containers: [{ name: "api", image: "ghcr.io/evil/api:latest", securityContext: { privileged: true } }] } } },
        }),
        new appsv1.DeploymentList("bad-list", { items: [{ metadata: { name: "hidden" }, spec: { selector: { matchLabels: { app: "hidden" } }, template: { spec: { containers: [{ name: "miner", image: "evil/miner" }] } } } }] }),
        // #23 class 2: the same objects in the forms that used to pass (Patch, List, an older version)
        new corev1.ServiceList("bad-service-list", { items: [{ metadata: { name: "lb", namespace: "apps" }, spec: { type: "LoadBalancer", selector: { app: "bad" }, ports: [{ port: 80 }] } }] }),
        new rbacv1.ClusterRoleBindingList("bad-binding-list", { items: [{ metadata: { name: "all" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" }, subjects: [{ kind: "Group", name: "system:authenticated", apiGroup: "rbac.authorization.k8s.io" }] }] }),
        new rbacv1.ClusterRoleBindingPatch("bad-binding-patch", { metadata: { name: "cluster-admin" }, subjects: [{ kind: "Group", name: "system:authenticated", apiGroup: "rbac.authorization.k8s.io" }] }),
        new rbacv1beta1.ClusterRoleBinding("bad-v1beta1-binding", { roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" }, subjects: [{ kind: "Group", name: "devs", apiGroup: "rbac.authorization.k8s.io" }] }),
        new rbacv1.ClusterRolePatch("bad-role-patch", { metadata: { name: "view" }, rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }] }),
        new networkingv1.NetworkPolicyPatch("bad-egress-patch", { metadata: { name: "default-deny", namespace: "apps" }, spec: { egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }] } }),
        new networkingv1.NetworkPolicyList("bad-egress-list", { items: [{ metadata: { name: "open", namespace: "apps" }, spec: { podSelector: {}, policyTypes: ["Egress"], egress: [{}] } }] }),
        new networkingv1.NetworkPolicy("bad-ingress-policy", { metadata: { namespace: "apps" }, spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [{ namespaceSelector: {} }] }, { from: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }] } }),
        new rbacv1.RoleBinding("bad-takeover-binding", { metadata: { namespace: "gateway" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "developer" }, subjects: [{ kind: "Group", name: "app-developers", apiGroup: "rbac.authorization.k8s.io" }] }),
        new corev1.ConfigMapPatch("bad-config-patch", { metadata: { name: "settings", namespace: "apps" }, data: { DB_PASSWORD: "hunter2hunter2" } }),
        new corev1.ConfigMapList("bad-config-list", { items: [{ metadata: { name: "settings", namespace: "apps" }, data: { DB_PASSWORD: "hunter2hunter2" } }] }),
        new corev1.Service("bad-service", { metadata: { namespace: "apps" }, spec: { type: "LoadBalancer", selector: { app: "bad" }, ports: [{ port: 80 }] } }),
        new corev1.ServicePatch("bad-service-patch", { metadata: { name: "api", namespace: "apps" }, spec: { type: "LoadBalancer", selector: { app: "bad" } } }),
        new corev1.Service("bad-external-ips", { metadata: { namespace: "apps" }, spec: { selector: { app: "bad" }, ports: [{ port: 80 }], externalIPs: ["203.0.113.7"] } }),
        new networkingv1.Ingress("bad-ingress", { metadata: { namespace: "apps" }, spec: { defaultBackend: { service: { name: "api", port: { number: 80 } } } } }),
        new apiextensions.CustomResource("bad-grpcroute", {
            apiVersion: "gateway.networking.k8s.io/v1", kind: "GRPCRoute", metadata: { namespace: "apps" },
            spec: { rules: [{ backendRefs: [{ name: "api", port: 50051, weight: 50 }, { name: "api-next", port: 50051, weight: 60 }] }] },
        }),
        new policyv1.PodDisruptionBudget("bad-pdb", { metadata: { namespace: "apps" }, spec: { maxUnavailable: 0, selector: { matchLabels: { app: "nobody" } } } }),
        new helmv3.Release("bad-release", {
            chart: "kube-prometheus-stack", version: "79.x", repositoryOpts: { repo: "https://prometheus-community.github.io/helm-charts" },
            namespace: "kube-system", values: { grafana: { service: { type: "LoadBalancer" } } },
        }),
        new corev1.ConfigMap("bad-config", { metadata: { namespace: "apps" }, data: { DB_PASSWORD: "hunter2hunter2" } }),
        new rbacv1.ClusterRole("bad-role", { rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }] }),
        new rbacv1.ClusterRoleBinding("bad-binding", { roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" }, subjects: [{ kind: "Group", name: "devs", apiGroup: "rbac.authorization.k8s.io" }] }),
        new rbacv1.ClusterRole("bad-escalating-role", { rules: [{ apiGroups: ["rbac.authorization.k8s.io"], resources: ["clusterroles", "clusterrolebindings"], verbs: ["bind", "escalate"] }, { apiGroups: [""], resources: ["users", "groups"], verbs: ["impersonate"] }] }),
        new rbacv1.RoleBinding("bad-system-binding", { metadata: { namespace: "apps" }, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "reader" }, subjects: [{ kind: "Group", name: "system:authenticated", apiGroup: "rbac.authorization.k8s.io" }] }),
        new rbacv1.ClusterRoleBinding("bad-admin-binding", { roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "admin" }, subjects: [{ kind: "Group", name: "devs", apiGroup: "rbac.authorization.k8s.io" }] }),
        new networkingv1.NetworkPolicy("bad-egress", { metadata: { namespace: "apps" }, spec: { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }] }, { ports: [{ port: 443 }] }] } }),
        new apiextensions.CustomResource("bad-route", {
            apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute",
            metadata: { namespace: "apps", annotations: { "platform.dev/canary-steps": "50,25,100" } },
            spec: { rules: [{ backendRefs: [{ name: "stable", port: 80, weight: 90 }, { name: "canary", port: 80, weight: 30 }] }] },
        }),
        new rds.Instance("bad-rds", { engine: "postgres", engineVersion: "14.9", instanceClass: "db.t4g.micro", allocatedStorage: 20, publiclyAccessible: true, storageEncrypted: false, backupRetentionPeriod: 1 }),
        new s3.Bucket("bad-bucket", { acl: "public-read" }),
        new ec2.SecurityGroup("bad-sg", { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] }),
        new kms.Key("bad-key", { enableKeyRotation: false }),
        new storage.StorageAccount("bad-storage", { resourceGroupName: "rg", kind: "StorageV2", sku: { name: "Standard_LRS" }, allowBlobPublicAccess: true, minimumTlsVersion: "TLS1_0" }),
        new dbforpostgresql.Server("bad-postgres", { resourceGroupName: "rg", version: "16", network: { publicNetworkAccess: "Enabled" }, backup: { backupRetentionDays: 3 } }),
        new network.NetworkSecurityGroup("bad-nsg", { resourceGroupName: "rg", securityRules: [{ name: "rdp", direction: "Inbound", access: "Allow", protocol: "Tcp", sourceAddressPrefix: "*", sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "3389", priority: 100 }] }),
        new gcs.Bucket("bad-gcs", { location: "EU", publicAccessPrevention: "inherited", uniformBucketLevelAccess: false }),
        new sql.DatabaseInstance("bad-sql", { databaseVersion: "POSTGRES_16", deletionProtection: false, settings: { tier: "db-f1-micro", ipConfiguration: { ipv4Enabled: true, authorizedNetworks: [{ value: "0.0.0.0/0" }] }, backupConfiguration: { enabled: false } } }),
        new compute.Firewall("bad-firewall", { network: "default", sourceRanges: ["0.0.0.0/0"], allows: [{ protocol: "tcp", ports: ["22", "5432"] }] }),
        new gkms.CryptoKey("bad-cryptokey", { keyRing: "projects/p/locations/eu/keyRings/kr" }),
    ];
}

describe("insecure corpus under mocks", function () {
    this.timeout(60_000);
    let violations: Map<string, Set<string>>;

    before(async () => {
        await pulumi.runtime.setMocks({
            newResource: args => {
                registered.push({ urn: urn(args.type, args.name), type: args.type, name: args.name, parent: null, inputs: args.inputs as Record<string, unknown>, dependencies: [] });
                return { id: `${args.name}-id`, state: args.inputs };
            },
            call: args => args.inputs,
        }, PROJECT, STACK, false);
        const resources = insecureProgram();
        await new Promise<void>(resolve => pulumi.all(resources.map(r => r.urn)).apply(() => resolve()));
        const result = evaluatePolicies(registered, { environment: "production" });
        violations = new Map();
        for (const v of result.violations.filter(x => x.enforcementLevel === "mandatory" || x.policy === "stack-maintenance-window")) {
            violations.set(v.name, (violations.get(v.name) ?? new Set()).add(v.policy));
        }
    });

    it("registered every corpus resource with its provider type token", () => {
        assert.deepStrictEqual(registered.map(r => r.name).sort(), Object.keys(EXPECTED).sort());
        assert.strictEqual(registered.find(r => r.name === "bad-route")!.type, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute");
    });
    it("k8s-namespace-default-deny reports the undefended namespace apps once, on one of its workloads", () => {
        const reported = [...violations].filter(([, rules]) => rules.has("k8s-namespace-default-deny")).map(([name]) => name);
        assert.strictEqual(reported.length, 1, reported.join(", "));
        assert.ok(["bad-deployment", "bad-rc", "bad-cronjob", "bad-patch"].includes(reported[0]), reported[0]);
    });
    for (const [name, rules] of Object.entries(EXPECTED)) {
        it(`${name} is rejected by ${rules.join(", ")}`, () => {
            const got = violations.get(name) ?? new Set<string>();
            assert.deepStrictEqual(rules.filter(r => !got.has(r)), [], `got ${[...got].join(", ")}`);
        });
    }
});
