// Hostile or careless edits of a shipped stack that the Kubernetes or Prometheus API would refuse later
// (or accept and misbehave): each must be refused at config time, naming the key, the rule and the value.
import * as assert from "node:assert/strict";
import { parsePlatformConfig } from "../../stacks/config";
import { INT32_MAX, labelKey, labelValue, parseDuration, portName } from "../../stacks/schema/common";
import { configProblems as problems, rawConfig } from "../support/config";
import { validateObject } from "../support/kubernetesModels";

const GRAMMAR = "expected a Prometheus duration: whole numbers with units y, w, d, h, m, s, ms, largest first and each at most once (\"30s\", \"5m\", \"1h30m\")";
const INT32 = `expected a number <= ${INT32_MAX} (the Kubernetes API's int32 maximum)`;

/** The dev stack with `edit` applied to its first app. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function devWith(edit: (app: any, config: any) => void): Record<string, unknown> {
    const config = rawConfig("dev");
    edit(config.apps[0], config);
    return config;
}

/** A ServiceMonitor endpoint with the given durations, for the Prometheus Operator's published schema. */
function serviceMonitor(interval: string) {
    return { apiVersion: "monitoring.coreos.com/v1", kind: "ServiceMonitor", metadata: { name: "web" }, spec: { selector: {}, endpoints: [{ port: "metrics", interval }] } };
}

describe("config the APIs would reject", () => {
    describe("durations", () => {
        it("follow Prometheus's grammar: units largest first, each at most once", async () => {
            for (const bad of ["5s1m", "1h1h", "30m1h", "1.5h", "-1m", "1m ", "", "10", "1M"]) {
                assert.deepEqual(problems(devWith((_a, c) => (c.monitoring = { serviceMonitor: { interval: bad } }))), [
                    `platform:monitoring.serviceMonitor.interval: ${GRAMMAR}, found ${JSON.stringify(bad)}`,
                ], bad);
                if (bad !== "") await assert.rejects(validateObject(serviceMonitor(bad)), /must match pattern/, `the Prometheus Operator refuses ${bad} too`);
            }
            for (const good of ["1m30s", "1h", "500ms", "1m0s"]) {
                assert.ok(parseDuration(good) !== undefined, good);
                assert.equal(await validateObject(serviceMonitor(good)), true, `the Prometheus Operator accepts ${good}`);
            }
            assert.deepEqual([parseDuration("1h30m"), parseDuration("1w2d"), parseDuration("1y"), parseDuration("1s500ms")], [5400, 777_600, 31_536_000, 1.5]);
        });

        it("are bounded, and the message says the bound and why", () => {
            assert.deepEqual(problems(devWith((_a, c) => {
                c.monitoring = { serviceMonitor: { interval: "9999y", scrapeTimeout: "50ms" } };
                c.alerts = { for: { cpu: "9999y", memory: "1h1m" }, environments: { dev: { for: { instanceDown: "2h" } } } };
            })), [
                "platform:monitoring.serviceMonitor.interval: expected a duration between 100ms and 2m (so that one missed scrape still leaves a sample inside Prometheus's 5m lookback window), found \"9999y\"",
                "platform:monitoring.serviceMonitor.scrapeTimeout: expected a duration between 100ms and 2m (so that one missed scrape still leaves a sample inside Prometheus's 5m lookback window), found \"50ms\"",
                "platform:alerts.for.cpu: expected a duration between 0s and 1h (an alert that waits longer than an hour to fire no longer alerts anyone in time), found \"9999y\"",
                "platform:alerts.for.memory: expected a duration between 0s and 1h (an alert that waits longer than an hour to fire no longer alerts anyone in time), found \"1h1m\"",
                "platform:alerts.environments.dev.for.instanceDown: expected a duration between 0s and 1h (an alert that waits longer than an hour to fire no longer alerts anyone in time), found \"2h\"",
            ]);
        });

        it("a canary analysis interval follows the same grammar, between 1s and 1h", () => {
            const canary = (interval: string) => {
                const c = rawConfig("production");
                c.apps[3].strategy.analysis.interval = interval;
                return c;
            };
            assert.deepEqual(problems(canary("5s1m")), [`platform:apps[3].strategy.analysis.interval: ${GRAMMAR}, found "5s1m"`]);
            assert.deepEqual(problems(canary("9999y")), ["platform:apps[3].strategy.analysis.interval: expected a duration between 1s and 1h, found \"9999y\""]);
        });

        it("a scrape timeout is at most the scrape interval", () => {
            assert.deepEqual(problems(devWith((_a, c) => (c.monitoring = { serviceMonitor: { interval: "10s", scrapeTimeout: "15s" } }))), [
                "platform:monitoring.serviceMonitor.scrapeTimeout: expected at most the scrape interval (10s); Prometheus refuses a longer timeout, found \"15s\"",
            ]);
            // Equal is what Prometheus allows.
            assert.equal(parsePlatformConfig(devWith((_a, c) => (c.monitoring = { serviceMonitor: { interval: "10s", scrapeTimeout: "10s" } }))).monitoring.serviceMonitor.scrapeTimeout, "10s");
        });

        it("alert thresholds in time units are bounded: a huge one switches the alert off", () => {
            assert.deepEqual(problems(devWith((_a, c) => (c.alerts = { thresholds: { backupMaxAgeHours: 100_000, replicationLagSeconds: 1e9, slowQuerySeconds: 7200, latencyP95Ms: 1e7 } }))), [
                "platform:alerts.thresholds.latencyP95Ms: expected a number <= 60000 (beyond 1 min the alert is as good as switched off), found number 10000000",
                "platform:alerts.thresholds.slowQuerySeconds: expected a number <= 3600 (beyond 1 h the alert is as good as switched off), found number 7200",
                "platform:alerts.thresholds.backupMaxAgeHours: expected a number <= 168 (beyond a week the alert is as good as switched off), found number 100000",
                "platform:alerts.thresholds.replicationLagSeconds: expected a number <= 86400 (beyond a day the alert is as good as switched off), found number 1000000000",
            ]);
        });
    });

    describe("integers that land in Kubernetes int32 fields", () => {
        it("refuses every one above 2^31 - 1, naming each key", async () => {
            const big = INT32_MAX + 1;
            const lines = problems(devWith((app) => {
                app.replicas = big;
                app.progressDeadlineSeconds = big;
                app.autoscaling = { minReplicas: big, maxReplicas: big };
                app.strategy = { type: "rolling", maxSurge: big, maxUnavailable: 0 };
                app.probes.readiness = { ...app.probes.readiness, initialDelaySeconds: big, periodSeconds: big, timeoutSeconds: big, failureThreshold: big, successThreshold: big };
            }));
            const keys = ["replicas", "autoscaling.minReplicas", "autoscaling.maxReplicas", "probes.readiness.initialDelaySeconds", "probes.readiness.periodSeconds",
                "probes.readiness.timeoutSeconds", "probes.readiness.failureThreshold", "probes.readiness.successThreshold", "strategy.maxSurge", "progressDeadlineSeconds"];
            assert.deepEqual(lines, keys.map((k) => `platform:apps[0].${k}: ${INT32}, found number ${big}`));
            // The published Deployment schema agrees (int32 format).
            await assert.rejects(validateObject({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web" }, spec: { replicas: big, selector: {}, template: { spec: { containers: [{ name: "web" }] } } } }), /int32/);
        });

        it("refuses progressive track sizes above int32", () => {
            const c = rawConfig("production");
            c.apps[2].strategy.idleReplicas = 2 ** 40;
            c.apps[3].strategy.canaryReplicas = 2 ** 40;
            assert.deepEqual(problems(c), [
                `platform:apps[2].strategy.idleReplicas: ${INT32}, found number ${2 ** 40}`,
                `platform:apps[3].strategy.canaryReplicas: ${INT32}, found number ${2 ** 40}`,
            ]);
        });

        it("refuses a rolling update that can never progress, or takes more than every pod", () => {
            assert.deepEqual(problems(devWith((app) => (app.strategy = { type: "rolling", maxSurge: 0, maxUnavailable: "0%" }))), [
                "platform:apps[0].strategy.maxUnavailable: expected maxSurge or maxUnavailable above 0 (with both 0 a rollout can never replace a pod), found \"0%\"",
            ]);
            assert.deepEqual(problems(devWith((app) => (app.strategy = { type: "rolling", maxSurge: "1", maxUnavailable: "150%" }))), [
                "platform:apps[0].strategy.maxSurge: expected a count or a percentage such as \"25%\", found \"1\"",
                "platform:apps[0].strategy.maxUnavailable: expected a percentage of at most 100%, found \"150%\"",
            ]);
        });
    });

    it("a liveness or startup probe's successThreshold is 1", () => {
        assert.deepEqual(problems(devWith((app) => {
            app.probes.liveness.successThreshold = 3;
            app.probes.startup = { type: "http", path: "/healthz", port: "http", successThreshold: 2 };
            app.probes.readiness.successThreshold = 2;
        })), [
            "platform:apps[0].probes.liveness.successThreshold: expected 1 for a liveness probe (Kubernetes accepts no other value), found number 3",
            "platform:apps[0].probes.startup.successThreshold: expected 1 for a startup probe (Kubernetes accepts no other value), found number 2",
        ]);
    });

    it("port names are IANA service names wherever a port is named", () => {
        const message = "expected an IANA service name (1-15 lower-case letters, digits and '-', at least one letter, no '-' at either end, no \"--\")";
        for (const bad of ["8080", "a--b", "-http", "http-", "Http", "metrics-endpoint1", ""]) {
            assert.equal(portName.safeParse(bad).success, false, bad);
        }
        for (const good of ["http", "h2c", "metrics", "grpc-web", "a1", "x"]) assert.equal(portName.safeParse(good).success, true, good);
        assert.deepEqual(problems(devWith((app) => {
            app.ports = [{ name: "8080", containerPort: 8080 }, { name: "web--admin", containerPort: 8081 }, { name: "metrics", containerPort: 9090 }];
            app.probes = { readiness: { type: "tcp", port: 8080 }, liveness: { type: "tcp", port: 8080 } };
        })), [
            `platform:apps[0].ports[0].name: ${message}, found "8080"`,
            `platform:apps[0].ports[1].name: ${message}, found "web--admin"`,
        ]);
        const c = rawConfig("production");
        c.apps[2].strategy.smokePort = "9090";
        c.apps[0].monitoring.portName = "metrics--";
        assert.deepEqual(problems(c), [
            `platform:apps[0].monitoring.portName: ${message}, found "metrics--"`,
            "platform:apps[0].monitoring.portName: expected the name of one of the app's ports (http, metrics) for the ServiceMonitor to scrape, found \"metrics--\"",
            `platform:apps[2].strategy.smokePort: ${message}, found "9090"`,
        ]);
    });

    it("label keys and values follow Kubernetes' rules in every label map and the version label", () => {
        const key = "expected a label key \"name\" or \"prefix/name\" (name: at most 63 of [A-Za-z0-9_.-], alphanumeric at both ends; prefix: a lower-case DNS subdomain of at most 253 characters)";
        const value = "expected a label value (at most 63 of [A-Za-z0-9_.-], alphanumeric at both ends)";
        for (const good of ["app", "app.kubernetes.io/name", "example.com/Team_Name", "a"]) assert.equal(labelKey.safeParse(good).success, true, good);
        for (const bad of ["a/b/c", "Example.com/x", "/x", "x/", "-x", "x".repeat(64), `${"a".repeat(254)}/x`, ""]) assert.equal(labelKey.safeParse(bad).success, false, bad);
        for (const good of ["", "v1", "1.4.2", "a_b-c.d"]) assert.equal(labelValue.safeParse(good).success, true, good);
        for (const bad of ["-x", "x-", "1.0.", "a b", "x".repeat(64)]) assert.equal(labelValue.safeParse(bad).success, false, bad);

        const c = rawConfig("production");
        c.monitoring = { selectorLabels: { "a/b/c": "x", release: "-kube-prometheus-" } };
        c.apps[0].version = "1.0-";
        c.apps[0].allowFrom = [{ podLabels: { "Example.com/x": "y" } }];
        c.apps[3].strategy.analysis.prometheusEgress.podLabels = { "app.kubernetes.io/name": "prometheus server" };
        assert.deepEqual(problems(c), [
            `platform:apps[0].version: ${value}, found "1.0-"`,
            `platform:apps[0].allowFrom[0].podLabels.Example.com/x: ${key}, found "Example.com/x"`,
            `platform:apps[3].strategy.analysis.prometheusEgress.podLabels.app.kubernetes.io/name: ${value}, found "prometheus server"`,
            `platform:monitoring.selectorLabels.a/b/c: ${key}, found "a/b/c"`,
            `platform:monitoring.selectorLabels.release: ${value}, found "-kube-prometheus-"`,
        ]);
    });

    describe("routes", () => {
        it("refuses hostnames Gateway API or DNS refuses: IP addresses, labels over 63, names over 253", () => {
            const long = `${Array.from({ length: 5 }, () => "a".repeat(60)).join(".")}.com`;
            assert.deepEqual(problems(devWith((app) => (app.route = { hostnames: ["10.0.0.1", `${"a".repeat(64)}.example.com`, long, "Shop.example.com"] }))), [
                "platform:apps[0].route.hostnames[0]: expected a hostname, not an IP address (Gateway API matches routes by name), found \"10.0.0.1\"",
                `platform:apps[0].route.hostnames[1]: expected a hostname whose labels are at most 63 characters each, found "${"a".repeat(57)}..."`,
                `platform:apps[0].route.hostnames[2]: expected a hostname of at most 253 characters, found "${long.slice(0, 57)}..."`,
                "platform:apps[0].route.hostnames[3]: expected a lower-case hostname such as \"shop.example.com\" (no scheme, port or path), found \"Shop.example.com\"",
            ]);
        });

        it("refuses path prefixes Gateway API's rules refuse, saying which rule", () => {
            const cases: Array<[string, string]> = [
                ["checkout", "start with \"/\""],
                ["/a//b", "not contain \"//\""],
                ["/a/./b", "not contain a \".\" segment"],
                ["/a/..", "not contain a \"..\" segment"],
                ["/a%2Fb", "not contain an escaped \"/\" (%2F)"],
                ["/a#b", "use only URL path characters (letters, digits, -._~!$&'()*+,;=:@/ and %XX escapes), not contain \"#\""],
                ["/a b", "use only URL path characters (letters, digits, -._~!$&'()*+,;=:@/ and %XX escapes)"],
                [`/${"a".repeat(1024)}`, "be at most 1024 characters"],
            ];
            for (const [path, rule] of cases) {
                assert.deepEqual(problems(devWith((app) => (app.route = { hostnames: ["web.dev.example.internal"], path }))), [
                    `platform:apps[0].route.path: expected a path prefix that Gateway API accepts: it must ${rule}, found ${JSON.stringify(path.length > 60 ? `${path.slice(0, 57)}...` : path)}`,
                ], path);
            }
            assert.equal(parsePlatformConfig(devWith((app) => (app.route = { hostnames: ["web.dev.example.internal"], path: "/api/v1.2/~user%20x" }))).apps[0].route?.path, "/api/v1.2/~user%20x");
        });

        it("refuses a canary header value with line breaks, outer spaces or over 4096 characters", () => {
            const header = (value: string) => {
                const c = rawConfig("production");
                c.apps[3].strategy.header = { name: "x-canary", value };
                return problems(c);
            };
            const message = "expected an HTTP header value of visible ASCII characters (spaces and tabs only inside, no line breaks)";
            assert.deepEqual(header("always\r\nx-admin: 1"), [`platform:apps[3].strategy.header.value: ${message}, found "always\\r\\nx-admin: 1"`]);
            assert.deepEqual(header(" always"), [`platform:apps[3].strategy.header.value: ${message}, found " always"`]);
            assert.deepEqual(header(""), [`platform:apps[3].strategy.header.value: ${message}, found ""`]);
            assert.deepEqual(header("a".repeat(4097)), [`platform:apps[3].strategy.header.value: expected a string of <= 4096 characters, found "${"a".repeat(57)}..."`]);
        });
    });
});
