import * as assert from "node:assert/strict";
import { ConfigError, decodeConfigValue, parsePlatformConfig, readRawConfig } from "../../stacks/config";
import { stackConfig } from "../support/plan";

function raw(stack: string, file?: string): Record<string, unknown> {
    return readRawConfig(stackConfig(stack, file).config);
}

function problems(values: Record<string, unknown>): readonly string[] {
    try {
        parsePlatformConfig(values, "test");
    } catch (e) {
        assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
        return e.problems;
    }
    assert.fail("expected the config to be rejected");
}

describe("stack config schema", () => {
    for (const stack of ["dev", "staging", "production"]) {
        it(`accepts the shipped ${stack} stack`, () => {
            const config = parsePlatformConfig(raw(stack), stack);
            assert.equal(config.environment.name, stack);
            assert.ok(config.apps.length > 0);
        });
    }

    it("applies tier defaults for the namespace and strategy", () => {
        const config = parsePlatformConfig(raw("dev"), "dev");
        assert.equal(config.namespace.name, "dev");
        assert.equal(config.namespace.quota.pods, 50);
        assert.deepEqual(config.apps[0].strategy, { type: "rolling", maxSurge: "25%", maxUnavailable: 0 });
        assert.deepEqual(config.cloud, { provider: "none" });
    });

    it("reports a typo, a wrong type, a negative replica count and a missing image all at once", () => {
        const values = raw("dev", "test/fixtures/config/invalid.yaml");
        const lines = problems(values);
        assert.equal(lines.length, 5);
        assert.deepEqual(lines.slice(0, 4), [
            "platform:apps[0].replicas: expected a number >= 0, found number -2",
            "platform:apps[0].resources.limits.memory: expected a string, found number 256",
            "platform:apps[0].replcas: unknown key (did you mean \"replicas\"?); expected one of: name, image, version, replicas, autoscaling, resources, ports, env, secretEnv, probes, strategy, progressDeadlineSeconds, automountServiceAccountToken, allowFrom, route, monitoring",
            "platform:apps[1].image: expected an image reference (or platform:promotion to take it from the source stack), found nothing",
        ]);
        assert.match(lines[4], /^platform:enviroment: unknown config key \(did you mean "environment"\?\); expected one of: environment, cloud, kubernetes, kubeconfig, namespace, rbac, gateway, tags, apps, monitoring, alerts, data, backups, dr, network, promotion, release, secrets$/);
    });

    it("names enum values and discriminators it expected", () => {
        const values = raw("dev");
        const bad = { ...values, environment: { name: "dev", tier: "qa" }, kubernetes: { mode: "cluster" } };
        assert.deepEqual(problems(bad), [
            "platform:environment.tier: expected one of \"dev\", \"staging\", \"production\", found \"qa\"",
            "platform:kubernetes.mode: expected one of \"render\", \"kubeconfig\", \"context\", found \"cluster\"",
        ]);
    });

    it("rejects latest and untagged images", () => {
        const values = raw("dev") as { apps: Array<Record<string, unknown>> };
        const apps = [{ ...values.apps[0], image: "nginx:latest" }, { ...values.apps[0], name: "web2", image: "nginx" }];
        assert.deepEqual(problems({ ...values, apps }), [
            "platform:apps[0].image: expected a pinned tag or digest, not \"latest\", found \"nginx:latest\"",
            "platform:apps[1].image: expected an image with a tag or a digest; an untagged image means \"latest\", found \"nginx\"",
        ]);
    });

    it("requires every secretEnv reference to exist under platform:secrets, without echoing secret values", () => {
        const values = raw("staging") as { apps: Array<{ secretEnv?: Record<string, string> }>; secrets: Record<string, string> };
        const apps = [{ ...values.apps[0], secretEnv: { API_TOKEN: "apiTokne" } }, values.apps[1]];
        const lines = problems({ ...values, apps });
        assert.equal(lines.length, 1);
        assert.match(lines[0], /^platform:apps\[0\]\.secretEnv\.API_TOKEN: expected the name of a key under platform:secrets .*found "apiTokne"$/);
        const leaked = problems({ ...values, secrets: { apiToken: 42 } });
        assert.deepEqual(leaked, ["platform:secrets.apiToken: expected a string, found \"[secret]\""]);
    });

    it("requires a secret kubeconfig in kubeconfig mode", () => {
        const values = raw("staging");
        delete values.kubeconfig;
        assert.deepEqual(problems(values), [
            "platform:kubeconfig: expected a secret kubeconfig because kubernetes.mode is \"kubeconfig\" (`pulumi config set --secret platform:kubeconfig < kubeconfig.yaml`)",
        ]);
    });

    it("fails a declared RPO that the data protection mechanisms cannot achieve, naming the gap", () => {
        const values = raw("production") as Record<string, Record<string, unknown>>;
        const lines = problems({ ...values, dr: { ...values.dr, rpoMinutes: 15, replica: false }, data: { ...values.data, database: { ...(values.data.database as object), pointInTimeRecovery: false } } });
        assert.equal(lines.length, 1, lines.join("\n"));
        assert.match(lines[0], /^platform:dr\.rpoMinutes: declared 15 min for the database \(loss of the primary region\) but .* can only achieve 1440 min; .*or declare at least 1440$/);
    });

    it("requires a cloud and a private network for a managed database", () => {
        const values = raw("staging");
        assert.deepEqual(problems({ ...values, cloud: { provider: "none" }, network: undefined }), [
            "platform:cloud.provider: expected aws, azure or gcp because platform:data enables a database or bucket, found \"none\"",
        ]);
        assert.deepEqual(problems({ ...values, network: undefined }), [
            "platform:network.aws: expected the private network the aws database attaches to (it never gets a public endpoint)",
        ]);
    });

    it("decodes config values as the CLI encodes them", () => {
        assert.deepEqual(decodeConfigValue("{\"a\":1}"), { a: 1 });
        assert.equal(decodeConfigValue("3"), 3);
        assert.equal(decodeConfigValue("dev"), "dev");
        assert.equal(decodeConfigValue("{not json"), "{not json");
    });
});
