// A Helm release is checked for what it installs, where, from where and with which values.
import * as assert from "assert";
import { KUBE_PROMETHEUS_STACK_REPO, KUBE_PROMETHEUS_STACK_VERSION, kubePrometheusStackValues } from "../../components/observability/kubePrometheusStack";
import { HELM_RELEASE, helmReleaseAllowed } from "../../policies/kubernetes/helmReleaseAllowed";
import { KUBE_PROMETHEUS_STACK_MINIMUM } from "../../policies/lib/chartVersion";
import { describeResourceCases, edit, runResource, type Props, type ResourceCase } from "./harness";

const PASSWORD = "Vq3-grafana-admin-8d1f";
const values = kubePrometheusStackValues({ release: "kube-prometheus-stack" }) as Props;
/** The release the platform's KubePrometheusStack component registers (password in plain, as the analyzer sees it). */
const release: Props = {
    name: "kube-prometheus-stack", chart: "kube-prometheus-stack", version: KUBE_PROMETHEUS_STACK_VERSION,
    repositoryOpts: { repo: KUBE_PROMETHEUS_STACK_REPO }, namespace: "monitoring", createNamespace: true, atomic: true,
    values: edit(values, "grafana.adminPassword", PASSWORD),
};

const cases: ResourceCase[] = [[helmReleaseAllowed, HELM_RELEASE, release, [
    ["namespace", "kube-system", /^release installs into "kube-system": never a system namespace$/],
    ["namespace", "apps", /^release installs into "apps" \(allowed: monitoring\)$/],
    ["namespace", undefined, /^release installs into "default" \(allowed: monitoring\)$/],
    ["chart", "cluster-takeover", /^chart "cluster-takeover" is not a reviewed chart \(allowed: kube-prometheus-stack\)$/],
    ["repositoryOpts.repo", "https://charts.example.net", /^chart "kube-prometheus-stack" comes from "https:\/\/charts.example.net", not https:\/\/prometheus-community.github.io\/helm-charts$/],
    ["repositoryOpts", undefined, /comes from no repositoryOpts.repo/],
    ["version", ">=79.0.0", /^chart version ">=79.0.0" is not an exact version \(x.y.z\)$/],
    ["version", undefined, /^chart version null is not an exact version/],
    ["version", "58.0.0", /^chart "kube-prometheus-stack" version 58\.0\.0 is older than the reviewed minimum 79\.5\.0: a downgrade brings back what later versions fixed$/],
    ["version", "79.4.9", /is older than the reviewed minimum 79\.5\.0/],
    ["version", "079.5.0", /^chart version "079\.5\.0" is not an exact version/],
    ["valueYamlFiles", [{ path: "values.yaml" }], /^valueYamlFiles hold values the pack cannot read/],
    ["postrender", "/usr/local/bin/rewrite", /^postrender rewrites the rendered manifests/],
    ["values.grafana.adminPassword", undefined, /^values.grafana.adminPassword is not set: Grafana would start with the chart's public default password$/],
    ["values.grafana.adminPassword", "prom-operator", /^values.grafana.adminPassword is a publicly known default password$/],
    ["values.prometheus.prometheusSpec.hostNetwork", true, /^values.prometheus.prometheusSpec.hostNetwork is true: only prometheus-node-exporter runs with host access$/],
    ["values.prometheus.prometheusSpec.securityContext", { privileged: true }, /^values.prometheus.prometheusSpec.securityContext.privileged is true/],
    ["values.prometheus.prometheusSpec.volumes", [{ name: "root", hostPath: { path: "/" } }], /^values.prometheus.prometheusSpec.volumes\[0\].hostPath mounts the node's filesystem$/],
    ["values.grafana.service", { type: "LoadBalancer" }, /^values.grafana.service.type is LoadBalancer: the chart's services stay inside the cluster \(ClusterIP\)$/],
    ["values.alertmanager.ingress", { enabled: true, hosts: ["am.example.com"] }, /^values.alertmanager.ingress.enabled is true/],
    ["values.grafana.extraContainers", [{ name: "proxy", image: "evil/proxy" }], /^values.grafana.extraContainers adds containers the workload rules cannot inspect$/],
    ["values.prometheus-node-exporter.extraHostVolumeMounts", [{ name: "etc", hostPath: "/etc", mountPath: "/host/etc" }], /^values.prometheus-node-exporter.extraHostVolumeMounts mounts the node's filesystem$/],
    ["values.prometheus-node-exporter.permissionInitContainer", { fixes: { rapl: true } }, /^values.prometheus-node-exporter.permissionInitContainer.fixes runs a root init container with write access/],
]]];

describe("k8s-helm-release-allowed", () => {
    describeResourceCases(cases);

    it("accepts node-exporter's host access, Grafana's password from an existing Secret, and a chart the environment reviewed", () => {
        assert.deepStrictEqual(runResource(helmReleaseAllowed, HELM_RELEASE, edit(release, "values.prometheus-node-exporter", { hostNetwork: true, hostPID: true })).messages, []);
        const existing = edit(edit(release, "values.grafana.adminPassword", undefined), "values.grafana.admin", { existingSecret: "grafana-admin" });
        assert.deepStrictEqual(runResource(helmReleaseAllowed, HELM_RELEASE, existing).messages, []);
        const loki = { ...release, chart: "loki", repositoryOpts: { repo: "https://grafana.github.io/helm-charts" }, values: {} };
        assert.deepStrictEqual(runResource(helmReleaseAllowed, HELM_RELEASE, loki, { allowedCharts: { loki: "https://grafana.github.io/helm-charts" } }).messages, []);
    });
    it("accepts newer chart versions, and a minimum the environment sets for another chart", () => {
        for (const version of ["79.5.0", "79.10.0", "80.0.1", "100.0.0"]) assert.deepStrictEqual(runResource(helmReleaseAllowed, HELM_RELEASE, edit(release, "version", version)).messages, [], version);
        const loki = { ...release, chart: "loki", version: "5.0.0", repositoryOpts: { repo: "https://grafana.github.io/helm-charts" }, values: {} };
        const cfg = { allowedCharts: { loki: "https://grafana.github.io/helm-charts" }, minimumVersions: { loki: "6.2.0" } };
        assert.deepStrictEqual(runResource(helmReleaseAllowed, HELM_RELEASE, loki, cfg).messages, ['chart "loki" version 5.0.0 is older than the reviewed minimum 6.2.0: a downgrade brings back what later versions fixed']);
    });
    it("the reviewed minimum is the version the platform installs by default", () => assert.strictEqual(KUBE_PROMETHEUS_STACK_MINIMUM, KUBE_PROMETHEUS_STACK_VERSION));
    it("refuses kube-system even when the environment allows it", () => {
        assert.deepStrictEqual(runResource(helmReleaseAllowed, HELM_RELEASE, edit(release, "namespace", "kube-system"), { allowedNamespaces: ["kube-system"] }).messages,
            ['release installs into "kube-system": never a system namespace']);
    });
    it("reports every problem at once and never echoes the password", () => {
        const hostile = edit(edit(edit(release, "namespace", "kube-system"), "version", "latest"), "values.grafana.service", { type: "NodePort" });
        const messages = runResource(helmReleaseAllowed, HELM_RELEASE, hostile).messages;
        assert.strictEqual(messages.length, 3, messages.join("; "));
        assert.ok(!messages.join("\n").includes(PASSWORD));
    });
    it("ignores other types", () => assert.deepStrictEqual(runResource(helmReleaseAllowed, "kubernetes:helm.sh/v4:Chart", { namespace: "kube-system", chart: "x" }).messages, []));
});
