import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { configKeySchemas, decodeConfigValue, parsePlatformConfig } from "../../stacks/config";
import { configProblems as problems, rawConfig as raw } from "../support/config";
import { repoRoot } from "../support/plan";

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
            "platform:apps[0].replcas: unknown key (did you mean \"replicas\"?); expected one of: name, image, version, replicas, autoscaling, resources, ports, env, secretEnv, probes, strategy, progressDeadlineSeconds, automountServiceAccountToken, allowFrom, allowTo, route, monitoring",
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

    it("finds a secretEnv reference only among the secrets' own keys, never Object.prototype's (#23 class 8)", () => {
        const values = raw("staging") as { apps: Array<{ secretEnv?: Record<string, string> }> };
        for (const name of ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"]) {
            const apps = [{ ...values.apps[0], secretEnv: { API_TOKEN: name } }, values.apps[1]];
            const lines = problems({ ...values, apps });
            assert.deepEqual(lines.map((l) => l.replace(/ \(set it with .*\)/, "")), [`platform:apps[0].secretEnv.API_TOKEN: expected the name of a key under platform:secrets, found ${JSON.stringify(name)}`], name);
        }
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

    it("rejects what the API server or the rollout would reject later", () => {
        const values = raw("dev") as { apps: Array<Record<string, any>> };
        const web = values.apps[0];
        const app = {
            ...web,
            allowFrom: [{}],
            ports: [...web.ports, { name: "admin", containerPort: 8081, servicePort: 80 }],
            resources: { requests: { cpu: "2", memory: "128Mi" }, limits: { cpu: "1", memory: "16Gi" } },
            route: { hostnames: ["https://Web.Example.com/x"] },
            probes: { ...web.probes, readiness: { type: "http", path: "/healthz", port: "htp" } },
        };
        assert.deepEqual(problems({ ...values, apps: [app] }), [
            "platform:apps[0].allowFrom[0]: expected a namespace, podLabels or both, found an object",
            "platform:apps[0].route.hostnames[0]: expected a lower-case hostname such as \"shop.example.com\" (no scheme, port or path), found \"https://Web.Example.com/x\"",
            "platform:apps[0].ports: expected distinct Service ports (servicePort, default containerPort), found a list of 3",
            "platform:apps[0].probes.readiness.port: expected a port number or one of the app's port names (http, metrics, admin), found \"htp\"",
            "platform:apps[0].resources.requests.cpu: expected at most the limit (1), found \"2\"",
        ]);
        const sized = { ...web, resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "16Gi" } } };
        assert.deepEqual(problems({ ...values, apps: [sized] }), [
            "platform:apps[0].resources.limits.memory: expected at most the namespace LimitRange max (8Gi; platform:namespace.limitRange.max), or pods are refused, found \"16Gi\"",
            "platform:namespace.quota.limitsMemory: expected at least 32Gi, the apps' memory limits at their peak: web 2 × 16Gi; the quota is the dev tier's default (set platform:namespace.quota), found \"16Gi\"",
        ]);
    });

    it("checks cloud placement before anything is registered: Azure HA SKU, GCP dual-region continent", () => {
        const azure = raw("prod-azure", "test/fixtures/stacks/azure.yaml") as Record<string, any>;
        assert.deepEqual(problems({ ...azure, data: { ...azure.data, database: { ...azure.data.database, sku: undefined, size: "small" } } }), [
            "platform:data.database: expected a General Purpose or Memory Optimized SKU for zone-redundant HA (size \"medium\"/\"large\" or sku Standard_D*/E*); Azure offers no HA on Burstable, found \"Standard_B2s\"",
        ]);
        const gcp = raw("prod-gcp", "test/fixtures/stacks/gcp.yaml") as Record<string, any>;
        assert.deepEqual(problems({ ...gcp, dr: { ...gcp.dr, region: "us-central1", bucketReplication: true } }), [
            "platform:dr.region: expected a region on the same continent as europe-west1 (a dual-region bucket spans one continent), found \"us-central1\"",
        ]);
    });

    it("declares in Pulumi.yaml exactly the keys every stack must set, so the CLI never refuses an optional key left out", () => {
        const project = parse(fs.readFileSync(path.join(repoRoot, "Pulumi.yaml"), "utf8")) as { config: Record<string, { description?: string; default?: unknown; value?: unknown }> };
        // Required = the schema refuses the key's absence. The CLI refuses a stack missing any declared key without a default.
        const required = Object.entries(configKeySchemas).filter(([, schema]) => !schema.safeParse(undefined).success).map(([key]) => key).sort();
        assert.deepEqual(required, ["environment", "tags"]);
        assert.deepEqual(Object.keys(project.config).sort(), required);
        for (const [key, decl] of Object.entries(project.config)) {
            assert.ok(decl.description, `${key} has a description`);
            assert.equal(decl.default ?? decl.value, undefined, `${key} has no default: the schema owns defaults`);
        }
    });

    it("documents every key, optional ones included, in the README's configuration table", () => {
        const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
        const table = readme.slice(readme.indexOf("| Key | Meaning | Default |"));
        const documented = new Set([...table.matchAll(/^\| ((?:`[a-z]+`(?:, )?)+) \|/gm)].flatMap((m) => [...m[1].matchAll(/`([a-z]+)`/g)].map((k) => k[1])));
        assert.deepEqual(Object.keys(configKeySchemas).filter((k) => !documented.has(k)), []);
    });

    it("decodes config values as the CLI encodes them", () => {
        assert.deepEqual(decodeConfigValue("{\"a\":1}"), { a: 1 });
        assert.equal(decodeConfigValue("3"), 3);
        assert.equal(decodeConfigValue("dev"), "dev");
        assert.equal(decodeConfigValue("{not json"), "{not json");
    });
});
