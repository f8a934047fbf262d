import * as assert from "assert";
import { prometheusRuleSpec } from "../../components/observability/alertRules";
import { alertmanagerConfigSpec } from "../../components/observability/alertRouting";
import { serviceMonitorSpec } from "../../components/observability/monitoring";
import { alertRulesArgs } from "./fixtures";

type Validatable = new (data: object) => { validate(): void };
let ServiceMonitor: Validatable;
let PrometheusRule: Validatable;
let AlertmanagerConfig: Validatable;
/** Sub-routes are free-form JSON in the CRD schema, so each is validated as a Route on its own. */
let Route: Validatable;

const metadata = { name: "x", namespace: "shop-production", labels: { release: "kube-prometheus-stack" } };

describe("observability objects validate against @kubernetes-models/prometheus-operator", () => {
    before(async () => {
        ({ ServiceMonitor, PrometheusRule } = (await import("@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1")) as unknown as { ServiceMonitor: Validatable; PrometheusRule: Validatable });
        ({ AlertmanagerConfig } = (await import("@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1")) as unknown as { AlertmanagerConfig: Validatable });
        ({ Route } = (await import("@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1/Route")) as unknown as { Route: Validatable });
    });

    it("ServiceMonitor for a canary app", () => {
        const spec = serviceMonitorSpec({ namespace: "shop-production", app: "web", tracks: ["stable", "canary"] });
        new ServiceMonitor({ metadata, spec }).validate();
    });

    it("rejects a malformed ServiceMonitor (the check can fail)", () => {
        const spec = serviceMonitorSpec({ namespace: "shop-production", app: "web" });
        assert.throws(() => new ServiceMonitor({ metadata, spec: { ...spec, endpoints: [{ ...spec.endpoints![0], port: 9090 }] } }).validate());
    });

    for (const tier of ["dev", "staging", "production"] as const) {
        it(`PrometheusRule of the ${tier} environment`, () => {
            new PrometheusRule({ metadata, spec: prometheusRuleSpec(alertRulesArgs(tier)) }).validate();
        });
    }

    it("rejects a PrometheusRule group without rules' expressions (the check can fail)", () => {
        assert.throws(() => new PrometheusRule({ metadata, spec: { groups: [{ name: "g", rules: [{ alert: "A" }] }] } }).validate());
    });

    const variants = [
        { paging: { type: "pagerduty" as const }, chat: { type: "slack" as const, channel: "#alerts" } },
        { paging: { type: "webhook" as const }, chat: { type: "webhook" as const } },
        { chat: { type: "slack" as const } },
        {},
    ];
    for (const v of variants) {
        it(`AlertmanagerConfig with ${JSON.stringify(v)}`, () => {
            const spec = alertmanagerConfigSpec({ namespace: "shop-production", ...v }, "platform-alert-receivers");
            new AlertmanagerConfig({ metadata, spec }).validate();
            for (const r of spec.route!.routes!) new Route(r as object).validate();
            assert.throws(() => new Route({ receiver: "chat", matchers: [{ name: "severity", value: "critical", matchType: "==" }] }).validate());
        });
    }

    it("rejects a plaintext PagerDuty routing key (receivers must reference a Secret)", () => {
        const spec = alertmanagerConfigSpec({ namespace: "shop-production", paging: { type: "pagerduty" } }, "s");
        const receivers = spec.receivers!.map((r) => (r.name === "paging" ? { name: "paging", pagerdutyConfigs: [{ routingKey: "plain-text-key" }] } : r));
        assert.throws(() => new AlertmanagerConfig({ metadata, spec: { ...spec, receivers } }).validate());
    });
});
