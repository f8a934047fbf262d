import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { alertRulesArgs } from "./fixtures";

/** How a secret value travels to the engine (pulumi `specialSigKey` / `specialSecretSig`). */
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

interface Registered { type: string; name: string; inputs: Record<string, any> }
const registered: Registered[] = [];

function outputOf<T>(o: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => o.apply(resolve));
}
const byName = (name: string) => registered.find((r) => r.name === name);

describe("observability components under mocks", () => {
    let obs: typeof import("../../components/observability");

    before(async () => {
        pulumi.runtime.setMocks({
            newResource: (args) => {
                registered.push({ type: args.type, name: args.name, inputs: args.inputs });
                return { id: `${args.name}-id`, state: args.inputs };
            },
            call: (args) => args.inputs,
        }, "platform", "production", false);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        obs = require("../../components/observability") as typeof import("../../components/observability");
    });
    beforeEach(() => { registered.length = 0; });

    it("Monitoring: a ServiceMonitor over every track of the app and a dashboard ConfigMap for the Grafana sidecar", async () => {
        const m = new obs.Monitoring("web-monitoring", { namespace: "shop", app: "web", tracks: ["stable", "canary"], metricsPortName: "metrics", metricsPath: "/prom" });
        await outputOf(m.serviceMonitor.id);
        await outputOf(m.dashboardConfigMap!.id);
        assert.deepStrictEqual(registered.map((r) => [r.type, r.name]).sort(), [
            ["kubernetes:core/v1:ConfigMap", "web-monitoring-dashboard"],
            ["kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "web-monitoring-servicemonitor"],
            ["platform:observability:Monitoring", "web-monitoring"],
        ]);
        const sm = byName("web-monitoring-servicemonitor")!.inputs;
        assert.deepStrictEqual(sm.metadata.labels, { "app.kubernetes.io/name": "web", release: "kube-prometheus-stack" });
        assert.deepStrictEqual(sm.spec.selector.matchLabels, { "app.kubernetes.io/name": "web" }, "no track in the selector: every track is scraped");
        assert.deepStrictEqual(sm.spec.namespaceSelector, { matchNames: ["shop"] });
        const ep = sm.spec.endpoints[0];
        assert.deepStrictEqual([ep.port, ep.path], ["metrics", "/prom"]);
        assert.deepStrictEqual(ep.relabelings.map((r: { sourceLabels: string[]; targetLabel: string }) => [r.sourceLabels[0], r.targetLabel]), [
            ["__meta_kubernetes_service_label_app_kubernetes_io_name", "app"],
            ["__meta_kubernetes_service_label_platform_dev_track", "track"],
        ]);
        const cm = byName("web-monitoring-dashboard")!.inputs;
        assert.strictEqual(cm.metadata.labels.grafana_dashboard, "1");
        assert.strictEqual(cm.metadata.annotations.grafana_folder, "Platform");
        const dashboard = JSON.parse(cm.data["shop-web.json"]);
        assert.strictEqual(dashboard.uid, obs.dashboardUid("shop", "web"));
        assert.deepStrictEqual(dashboard.panels.map((p: { title: string }) => p.title), [
            "Request rate", "Error rate (5xx)", "Latency", "CPU against limit", "Memory against limit", "Replicas available", "Traffic split by track", "Error budget burn rate (1h)",
        ]);
    });

    it("Monitoring: no dashboard when turned off", async () => {
        const m = new obs.Monitoring("api-monitoring", { namespace: "shop", app: "api", dashboard: false, selectorLabels: { prometheus: "main" } });
        await outputOf(m.serviceMonitor.id);
        assert.deepStrictEqual(registered.map((r) => r.name).sort(), ["api-monitoring", "api-monitoring-servicemonitor"]);
        assert.strictEqual(m.dashboardConfigMap, undefined);
        assert.deepStrictEqual(byName("api-monitoring-servicemonitor")!.inputs.metadata.labels, { "app.kubernetes.io/name": "api", prometheus: "main" });
    });

    it("dashboard JSON is deterministic", () => {
        const input = { namespace: "shop", app: "web", tracks: ["blue", "green"], availabilityTarget: 99.9, latencyMs: 300 };
        assert.strictEqual(JSON.stringify(obs.appDashboard(input)), JSON.stringify(obs.appDashboard({ ...input })));
        assert.notStrictEqual(obs.dashboardUid("shop", "web"), obs.dashboardUid("shop-staging", "web"));
    });

    it("AlertRules: one PrometheusRule for the environment with every group", async () => {
        const r = new obs.AlertRules("alerts", alertRulesArgs("production", "shop"));
        await outputOf(r.prometheusRule.id);
        assert.deepStrictEqual(registered.map((x) => [x.type, x.name]).sort(), [
            ["kubernetes:monitoring.coreos.com/v1:PrometheusRule", "alerts-rules"],
            ["platform:observability:AlertRules", "alerts"],
        ]);
        const pr = byName("alerts-rules")!.inputs;
        assert.deepStrictEqual(pr.metadata, { name: "platform-alerts", namespace: "shop", labels: { release: "kube-prometheus-stack" } });
        assert.deepStrictEqual(pr.spec.groups.map((g: { name: string }) => g.name), [
            "shop.slo-records", "shop.api.slo", "shop.api.resources", "shop.checkout.slo", "shop.checkout.resources", "shop.web.slo", "shop.web.resources", "shop.platform", "shop.data",
        ]);
        for (const g of pr.spec.groups) {
            for (const rule of g.rules.filter((x: { alert?: string }) => x.alert)) {
                assert.ok(["critical", "warning"].includes(rule.labels.severity), `${rule.alert} severity`);
                assert.strictEqual(rule.labels.namespace, "shop", `${rule.alert} namespace`);
                if (rule.alert !== "RolloutGateFailed") assert.ok(rule.labels.app, `${rule.alert} app`);
            }
        }
    });

    it("AlertRouting: receiver keys only in a secret Secret, referenced by the AlertmanagerConfig", async () => {
        const routing = new obs.AlertRouting("routing", {
            namespace: "shop",
            paging: { type: "pagerduty", secret: pulumi.secret("pd-routing-key") },
            chat: { type: "slack", secret: "https://hooks.slack.example/T000/B000/XXXX" },
        });
        assert.strictEqual(await pulumi.isSecret(routing.secret.data), true);
        const amc = await outputOf(routing.alertmanagerConfig.id);
        assert.ok(amc);
        assert.deepStrictEqual(registered.map((x) => [x.type, x.name]).sort(), [
            ["kubernetes:core/v1:Secret", "routing-receivers"],
            ["kubernetes:monitoring.coreos.com/v1alpha1:AlertmanagerConfig", "routing-config"],
            ["platform:observability:AlertRouting", "routing"],
        ]);
        const secretInputs = byName("routing-receivers")!.inputs;
        // The engine receives the whole data map (base64, as the provider stores a Secret) wrapped as a secret, plain chat URL included.
        const b64 = (v: string) => Buffer.from(v).toString("base64");
        assert.deepStrictEqual(secretInputs.data, {
            [SECRET_SIG_KEY]: SECRET_SIG,
            value: { chat: b64("https://hooks.slack.example/T000/B000/XXXX"), paging: b64("pd-routing-key") },
        });
        assert.equal(secretInputs.stringData, undefined);
        const spec = byName("routing-config")!.inputs.spec;
        const text = JSON.stringify(spec);
        assert.ok(!text.includes("pd-routing-key") && !text.includes("hooks.slack"), "no receiver value in the AlertmanagerConfig");
        assert.deepStrictEqual(spec.receivers.find((r: { name: string }) => r.name === "paging").pagerdutyConfigs[0].routingKey, { name: "platform-alert-receivers", key: "paging" });
        assert.deepStrictEqual(spec.receivers.find((r: { name: string }) => r.name === "chat").slackConfigs[0].apiURL, { name: "platform-alert-receivers", key: "chat" });
        assert.deepStrictEqual(spec.route.routes.map((r: { receiver: string; matchers: Array<{ value: string }> }) => [r.matchers[0].value, r.receiver]), [["critical", "paging"], ["warning", "chat"]]);
    });

    it("AlertRouting: critical goes to chat when the tier does not page", async () => {
        const routing = new obs.AlertRouting("routing-dev", { namespace: "dev", pageOnCritical: false, paging: { type: "webhook", secret: pulumi.secret("https://pager.example/hook") }, chat: { type: "webhook", secret: pulumi.secret("https://chat.example/hook") } });
        await outputOf(routing.alertmanagerConfig.id);
        const spec = byName("routing-dev-config")!.inputs.spec;
        assert.deepStrictEqual(spec.route.routes.map((r: { receiver: string }) => r.receiver), ["chat", "chat"]);
        assert.deepStrictEqual(spec.receivers.find((r: { name: string }) => r.name === "paging").webhookConfigs[0].urlSecret, { name: "platform-alert-receivers", key: "paging" });
    });

    it("KubePrometheusStack: a pinned Helm release selecting the platform's objects", async () => {
        const k = new obs.KubePrometheusStack("kps", { grafanaAdminPassword: "grafana-admin-pw" });
        await outputOf(k.release.id);
        assert.deepStrictEqual(registered.map((x) => [x.type, x.name]).sort(), [
            ["kubernetes:helm.sh/v3:Release", "kps-release"],
            ["platform:observability:KubePrometheusStack", "kps"],
        ]);
        const rel = byName("kps-release")!.inputs;
        assert.deepStrictEqual([rel.chart, rel.version, rel.repositoryOpts.repo, rel.namespace], ["kube-prometheus-stack", "79.5.0", "https://prometheus-community.github.io/helm-charts", "monitoring"]);
        const values = rel.values.value;
        assert.deepStrictEqual(values.prometheus.prometheusSpec.ruleSelector, { matchLabels: { release: "kube-prometheus-stack" } });
        assert.strictEqual(values.grafana.sidecar.dashboards.label, "grafana_dashboard");
    });

    it("KubePrometheusStack: Grafana's admin password makes the release values secret, even when given in plain", async () => {
        const k = new obs.KubePrometheusStack("kps", { grafanaAdminPassword: "grafana-admin-pw" });
        await outputOf(k.release.id);
        // The mock monitor lifts a nested secret to its top-level input, as the SDK's deserializer does; on
        // the wire it stays on the leaf (test/stacks/monitoringInstall.test.ts reads it through the plan).
        const values = byName("kps-release")!.inputs.values;
        assert.strictEqual(values[SECRET_SIG_KEY], SECRET_SIG);
        assert.strictEqual(values.value.grafana.adminPassword, "grafana-admin-pw");
        assert.strictEqual(values.value.grafana.sidecar.dashboards.enabled, true, "the rest of grafana's values are kept");
    });
});
