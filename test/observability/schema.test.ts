import * as assert from "assert";
import {
    alertingProblems,
    alertsSchema,
    appMonitoringSchema,
    monitoringSchema,
    receiverSecretKeys,
    resolveAlerting,
} from "../../stacks/schema/observability";

describe("observability config schema", () => {
    it("defaults platform:monitoring to ServiceMonitors and dashboards on, install off, pinned chart", () => {
        const m = monitoringSchema.parse({});
        assert.deepStrictEqual(m, {
            enabled: true,
            install: { enabled: false, chartVersion: "79.5.0", namespace: "monitoring" },
            dashboards: { enabled: true, folder: "Platform" },
            serviceMonitor: { interval: "30s", scrapeTimeout: "10s" },
            selectorLabels: { release: "kube-prometheus-stack" },
        });
    });

    it("rejects unknown keys and unpinned chart versions", () => {
        assert.throws(() => monitoringSchema.parse({ instal: { enabled: true } }), /instal/);
        assert.throws(() => monitoringSchema.parse({ install: { chartVersion: "^79" } }), /exact chart version/);
        // A downgrade is refused at config time, as the policy pack refuses it
        assert.throws(() => monitoringSchema.parse({ install: { chartVersion: "58.0.0" } }), /expected 79\.5\.0 or newer \(the oldest version the platform reviewed/);
        assert.equal(monitoringSchema.parse({ install: { chartVersion: "80.1.0" } }).install.chartVersion, "80.1.0");
        assert.throws(() => alertsSchema.parse({ thresholds: { cpu: 80 } }), /cpu/);
    });

    it("defaults per-app monitoring to port 9090 named metrics on /metrics with a 99.9% SLO", () => {
        assert.deepStrictEqual(appMonitoringSchema.parse({}), { port: 9090, portName: "metrics", path: "/metrics", slo: { availabilityTarget: 99.9 } });
        assert.throws(() => appMonitoringSchema.parse({ slo: { availabilityTarget: 100 } }));
    });

    it("resolves production thresholds to the operators' defaults", () => {
        const r = resolveAlerting(alertsSchema.parse({}), "production");
        assert.deepStrictEqual(
            [r.thresholds.cpuPercent, r.thresholds.memoryPercent, r.thresholds.errorRatePercent, r.thresholds.latencyP95Ms, r.thresholds.diskWarnPercent, r.thresholds.diskCriticalPercent, r.thresholds.dbConnections, r.thresholds.slowQuerySeconds, r.thresholds.backupMaxAgeHours],
            [80, 85, 1, 500, 80, 90, 100, 1, 26],
        );
        assert.deepStrictEqual([r.for.cpu, r.for.memory, r.for.errorRate, r.for.instanceDown], ["5m", "5m", "5m", "1m"]);
        assert.strictEqual(r.pageOnCritical, true);
    });

    it("applies tier defaults, then stack settings, then the tier's own overrides", () => {
        const parsed = alertsSchema.parse({
            thresholds: { cpuPercent: 70, errorRatePercent: 3 },
            environments: { dev: { thresholds: { cpuPercent: 95 }, pageOnCritical: true } },
        });
        const dev = resolveAlerting(parsed, "dev");
        assert.strictEqual(dev.thresholds.cpuPercent, 95);
        assert.strictEqual(dev.thresholds.errorRatePercent, 3, "stack setting beats the dev tier default of 5");
        assert.strictEqual(dev.thresholds.latencyP95Ms, 1000, "dev tier default");
        assert.strictEqual(dev.for.cpu, "15m");
        assert.strictEqual(dev.pageOnCritical, true);
        const staging = resolveAlerting(parsed, "staging");
        assert.strictEqual(staging.thresholds.cpuPercent, 70);
        assert.strictEqual(staging.pageOnCritical, false);
    });

    it("reports a production stack without paging and inverted disk thresholds", () => {
        const parsed = alertsSchema.parse({ thresholds: { diskWarnPercent: 90, diskCriticalPercent: 85 }, receivers: { chat: { type: "slack", secretKey: "slackUrl" } } });
        const problems = alertingProblems(resolveAlerting(parsed, "production"), "production");
        assert.deepStrictEqual(problems, [
            "alerts: diskWarnPercent (90) must be below diskCriticalPercent (85)",
            "alerts: a production stack needs receivers.paging (type pagerduty or webhook, secretKey naming a key under platform:secrets)",
        ]);
        assert.deepStrictEqual(alertingProblems(resolveAlerting(alertsSchema.parse({ receivers: { chat: { type: "webhook", secretKey: "hook" } } }), "dev"), "dev"), []);
    });

    it("lists the secret keys the receivers reference", () => {
        const parsed = alertsSchema.parse({ receivers: { paging: { type: "pagerduty", secretKey: "pdKey" }, chat: { type: "slack", secretKey: "slackUrl" } } });
        assert.deepStrictEqual(receiverSecretKeys(parsed), ["pdKey", "slackUrl"]);
    });
});
