// platform:monitoring.install: where kube-prometheus-stack may go and where Grafana's admin password comes from.
import * as assert from "node:assert/strict";
import { ConfigError, parsePlatformConfig, readRawConfig } from "../../stacks/config";
import { platformProgram } from "../../stacks/program";
import { evaluatePolicies } from "../../policies/offline";
import { at, find, planProgram, stackConfig } from "../support/plan";

const loaded = stackConfig("staging");
const SENTINEL = "SENTINEL-grafana-admin-51c9";
const secrets = { apiToken: "t", slackWebhookUrl: "https://hooks.example.invalid/x", grafanaAdmin: SENTINEL };

/** The shipped staging config with `platform:monitoring` replaced, as the CLI hands it over. */
function withMonitoring(monitoring: object, secretValues: Record<string, string> = secrets): Record<string, string> {
    return { ...loaded.config, "platform:monitoring": JSON.stringify(monitoring), "platform:secrets": JSON.stringify(secretValues) };
}

function problems(config: Record<string, string>): readonly string[] {
    try {
        parsePlatformConfig(readRawConfig(config), "staging");
    } catch (e) {
        assert.ok(e instanceof ConfigError, String(e));
        return e.problems;
    }
    assert.fail("expected the config to be rejected");
}

const install = (extra: object) => ({ install: { enabled: true, grafanaAdminPassword: { secretKey: "grafanaAdmin" }, ...extra } });

describe("platform:monitoring.install", function () {
    this.timeout(60_000);

    it("refuses an install without a Grafana admin password from platform:secrets", () => {
        assert.deepEqual(problems(withMonitoring({ install: { enabled: true } })), [
            "platform:monitoring.install.grafanaAdminPassword: expected { secretKey: <name of a key under platform:secrets> } because install.enabled is true: the chart's default Grafana admin password is public, found nothing",
        ]);
    });
    it("refuses a secretKey that names no secret", () => {
        assert.deepEqual(problems(withMonitoring(install({ grafanaAdminPassword: { secretKey: "grafanaAdmn" } }))), [
            "platform:monitoring.install.grafanaAdminPassword.secretKey: expected the name of a key under platform:secrets (`pulumi config set --secret --path 'platform:secrets.grafanaAdmn' <password>`), found \"grafanaAdmn\"",
        ]);
    });
    it("refuses a plain-text password in place of a secret reference", () => {
        assert.deepEqual(problems(withMonitoring(install({ grafanaAdminPassword: "hunter2" }))), [
            "platform:monitoring.install.grafanaAdminPassword: expected an object, found \"hunter2\"",
        ]);
    });
    for (const ns of ["kube-system", "kube-public", "kube-node-lease", "default", "staging", "gateway", "observability"]) {
        it(`refuses ${ns}: the release goes only to the platform's monitoring namespace`, () => {
            assert.deepEqual(problems(withMonitoring(install({ namespace: ns }))), [
                `platform:monitoring.install.namespace: expected the platform's monitoring namespace (monitoring): its Prometheus scrapes every app and apps admit it to their metrics port, so it is fixed by the platform, not by the stack, found "${ns}"`,
            ]);
        });
    }
    it("does not ask for a password while install is off", () => {
        assert.doesNotThrow(() => parsePlatformConfig(readRawConfig(withMonitoring({ install: { enabled: false } })), "staging"));
    });

    it("plans the release with the password as a secret leaf of its values, and the pack accepts it", async () => {
        const config = withMonitoring(install({}));
        const parsed = parsePlatformConfig(readRawConfig(config), "staging");
        const plan = await planProgram(() => platformProgram({ mode: "plan", config: parsed }), { stack: "staging", config, secretKeys: [...loaded.secretKeys, "platform:secrets"] });
        assert.ok(!JSON.stringify(plan).includes(SENTINEL), "the password leaked into the plan");
        const release = find(plan.resources, "kubernetes:helm.sh/v3:Release", "kube-prometheus-stack-release");
        assert.deepEqual([release.inputs.namespace, release.inputs.chart, at(release.inputs, "values.grafana.adminPassword")], ["monitoring", "kube-prometheus-stack", "[secret]"]);
        assert.deepEqual(at(release.inputs, "values.prometheus.prometheusSpec.ruleSelector"), { matchLabels: { release: "kube-prometheus-stack" } }, "the other values stay readable");
        const result = evaluatePolicies(plan.resources, { environment: "production" });
        assert.deepEqual(result.violations.filter((v) => v.name === "kube-prometheus-stack-release"), []);
    });
});
