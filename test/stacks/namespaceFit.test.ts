// Hostile or careless edits of where a stack lands: a namespace someone else owns, a render directory
// outside the project, apps that cannot fit the namespace's own ResourceQuota.
import * as assert from "node:assert/strict";
import { parsePlatformConfig } from "../../stacks/config";
import { quantity } from "../../stacks/schema/common";
import { renderDirectoryProblem } from "../../stacks/schema/platform";
import { appClaims, appServices } from "../../stacks/schema/quotaFit";
import { configProblems as problems, rawConfig } from "../support/config";

/** A namespace of its own with room for the shipped apps. */
const ownNamespace = (name: string) => ({ name, quota: { requestsCpu: "32", requestsMemory: "64Gi", limitsCpu: "64", limitsMemory: "128Gi", pods: 400 }, limitRange: { defaultRequest: { cpu: "100m", memory: "128Mi" }, defaultLimit: { cpu: "500m", memory: "512Mi" }, max: { cpu: "4", memory: "8Gi" } } });

describe("where a stack lands", () => {
    describe("reserved namespaces", () => {
        it("refuses a namespace that Kubernetes, the gateway, monitoring or Velero own", () => {
            const cases: Array<[string, string]> = [
                ["gateway", "the platform's shared gateway namespace, which fronts every app"],
                ["monitoring", "the platform's monitoring namespace, whose Prometheus scrapes every app"],
                ["default", "Kubernetes' default namespace, where every object without a namespace lands"],
                ["kube-system", "the kube- prefix is reserved for Kubernetes system namespaces (kube-system, kube-public, kube-node-lease)"],
                ["kube-public", "the kube- prefix is reserved for Kubernetes system namespaces (kube-system, kube-public, kube-node-lease)"],
                ["kube-node-lease", "the kube- prefix is reserved for Kubernetes system namespaces (kube-system, kube-public, kube-node-lease)"],
                ["velero", "Velero's namespace (the backup Schedule and BackupStorageLocation live there)"],
            ];
            for (const [name, reason] of cases) {
                const c = rawConfig("production");
                c.namespace = ownNamespace(name);
                assert.deepEqual(problems(c), [`platform:namespace.name: expected a namespace of the stack's own, but "${name}" is ${reason}, found "${name}"`], name);
            }
        });

        it("a stack cannot move the platform's namespaces to take the real ones over (#23 class 1)", () => {
            const gatewayMessage = "expected the platform's gateway namespace (gateway): every pod in the gateway namespace reaches every app's ports, so it is fixed by the platform, not by the stack";
            const monitoringMessage = "expected the platform's monitoring namespace (monitoring): its Prometheus scrapes every app and apps admit it to their metrics port, so it is fixed by the platform, not by the stack";
            // Move the gateway elsewhere, then take `gateway` as the app namespace: both halves are refused, at once.
            const c = rawConfig("production");
            c.gateway = { name: "platform-gateway", namespace: "edge" };
            c.namespace = ownNamespace("gateway");
            assert.deepEqual(problems(c), [
                `platform:gateway.namespace: ${gatewayMessage}, found "edge"`,
            ]);
            // The app namespace check does not depend on the gateway key: with the gateway left alone it still refuses `gateway`.
            const d = rawConfig("production");
            d.namespace = ownNamespace("gateway");
            assert.deepEqual(problems(d), ["platform:namespace.name: expected a namespace of the stack's own, but \"gateway\" is the platform's shared gateway namespace, which fronts every app, found \"gateway\""]);
            // `monitoring` with the install left off is still the platform's.
            const m = rawConfig("staging");
            m.namespace = ownNamespace("monitoring");
            assert.deepEqual(problems(m), ["platform:namespace.name: expected a namespace of the stack's own, but \"monitoring\" is the platform's monitoring namespace, whose Prometheus scrapes every app, found \"monitoring\""]);
            // A gateway namespace anyone else owns widens the network: refused, whatever it is.
            for (const ns of ["default", "kube-system", "staging", "monitoring", "gateway-2"]) {
                const g = rawConfig("staging");
                g.gateway = { name: "platform-gateway", namespace: ns };
                assert.deepEqual(problems(g), [`platform:gateway.namespace: ${gatewayMessage}, found "${ns}"`], ns);
            }
            for (const ns of ["observability", "default", "kube-system", "gateway"]) {
                const i = rawConfig("staging");
                i.monitoring = { install: { namespace: ns } };
                assert.deepEqual(problems(i), [`platform:monitoring.install.namespace: ${monitoringMessage}, found "${ns}"`], ns);
            }
        });

        it("names environment.name when the namespace defaults to it", () => {
            for (const name of ["default", "gateway", "monitoring", "kube-system"]) {
                const c = rawConfig("dev");
                c.environment = { name, tier: "dev" };
                const [line, ...rest] = problems(c);
                assert.deepEqual(rest, [], name);
                assert.match(line, new RegExp(`^platform:environment\\.name: expected a namespace of the stack's own, but "${name}" is .* \\(the namespace defaults to environment\\.name; set platform:namespace\\.name\\), found "${name}"$`), name);
            }
        });
    });

    describe("render directory", () => {
        it("refuses a directory outside the project, or the project itself", () => {
            for (const [directory, problem] of [
                ["../../etc", "expected a directory inside the project, but \"..\" leads out of it"],
                ["rendered/../../x", "expected a directory inside the project, but \"..\" leads out of it"],
                ["..\\..\\x", "expected a directory inside the project, but \"..\" leads out of it"],
                ["/tmp/rendered", "expected a directory relative to the project (next to Pulumi.yaml), not an absolute path"],
                ["C:\\rendered", "expected a directory relative to the project (next to Pulumi.yaml), not an absolute path"],
                [".", "expected a subdirectory of the project, not the project directory itself"],
                ["rendered/..", "expected a subdirectory of the project, not the project directory itself"],
            ]) {
                assert.equal(renderDirectoryProblem(directory), problem, directory);
                const c = rawConfig("dev");
                c.kubernetes = { mode: "render", directory };
                assert.deepEqual(problems(c), [`platform:kubernetes.directory: ${problem}, found ${JSON.stringify(directory)}`], directory);
            }
            for (const directory of ["rendered/dev", "out/../rendered", "./rendered"]) assert.equal(renderDirectoryProblem(directory), undefined, directory);
        });
    });

    describe("quota fit", () => {
        it("counts every track at its peak: autoscaling max and surge, both colours, canary and stable, one gate pod", () => {
            const prod = parsePlatformConfig(rawConfig("production"), "production");
            const claims = prod.apps.flatMap((a) => appClaims(a, "production")).map((c) => `${c.who} ${c.pods} (${c.why})`);
            assert.deepEqual(claims, [
                "api 13 (autoscaling max 12 + surge 1)",
                "worker 3 (3 replicas)",
                "storefront/green 4 (3 replicas + surge 1)",
                "storefront/blue 3 (3 replicas)",
                "storefront gate 1 (one gate Job at a time)",
                "checkout/canary 4 (3 replicas + surge 1)",
                "checkout/stable 3 (3 replicas)",
                "checkout gate 1 (one gate Job at a time)",
            ]);
            assert.deepEqual(prod.apps.map(appServices), [1, 1, 4, 3]);
        });

        it("refuses apps whose peak exceeds the tier's default quota, naming what each app and track takes", () => {
            const c = rawConfig("production");
            c.apps[0].autoscaling = { minReplicas: 3, maxReplicas: 120 };
            assert.deepEqual(problems(c), [
                "platform:namespace.quota.requestsCpu: expected at least 32.75, the apps' CPU requests at their peak: api 121 × 250m, worker 3 × 100m, storefront/green 4 × 100m, storefront/blue 3 × 100m, storefront gate 1 × 50m, checkout/canary 4 × 200m, checkout/stable 3 × 200m, checkout gate 1 × 50m; the quota is the production tier's default (set platform:namespace.quota), found \"32\"",
                "platform:namespace.quota.limitsCpu: expected at least 133.4, the apps' CPU limits at their peak: api 121 × 1, worker 3 × 500m, storefront/green 4 × 500m, storefront/blue 3 × 500m, storefront gate 1 × 200m, checkout/canary 4 × 1, checkout/stable 3 × 1, checkout gate 1 × 200m; the quota is the production tier's default (set platform:namespace.quota), found \"64\"",
            ]);
        });

        it("refuses apps that exceed the stack's own quota: pods and Services too", () => {
            const c = rawConfig("dev");
            c.namespace = { quota: { requestsCpu: "1", requestsMemory: "1Gi", limitsCpu: "4", limitsMemory: "4Gi", pods: 5, services: 2 }, limitRange: { defaultRequest: { cpu: "100m", memory: "128Mi" }, defaultLimit: { cpu: "500m", memory: "512Mi" }, max: { cpu: "1", memory: "1Gi" } } };
            c.apps[0].replicas = 4;
            c.apps.push({ ...structuredClone(c.apps[0]), name: "admin", replicas: 1, strategy: { type: "recreate" }, route: undefined }, { ...structuredClone(c.apps[0]), name: "jobs", replicas: 1, strategy: { type: "recreate" }, route: undefined });
            assert.deepEqual(problems(c), [
                "platform:namespace.quota.pods: expected at least 7, the apps' pods at their peak: web 5 (4 replicas + surge 1), admin 1 (1 replica), jobs 1 (1 replica), found 5",
                "platform:namespace.quota.services: expected at least 3, the apps' Services at their peak: web 1, admin 1, jobs 1, found 2",
            ]);
        });

        it("counts a parked canary as running: the next release must fit too", () => {
            const c = rawConfig("production");
            c.apps[3].strategy.canaryReplicas = 200;
            c.apps[3].image = c.apps[3].strategy.stableImage; // steady: the canary runs no pods today
            const [line] = problems(c);
            assert.match(line, /^platform:namespace\.quota\.requestsCpu: expected at least 54\.95, .* checkout\/canary 250 × 200m, checkout\/stable 3 × 200m, /);
        });

        it("fits staging's shipped apps into its tier default: 15.9 of 16 CPU limits at the peak", () => {
            const staging = parsePlatformConfig(rawConfig("staging"), "staging");
            const limits = staging.apps.flatMap((a) => appClaims(a, "staging")).reduce((sum, c) => sum + c.pods * (quantity(c.resources.limits.cpu) ?? NaN), 0);
            assert.equal(Math.round(limits * 1000), 15_900);
        });
    });
});
