// Routes through the shared gateway: a plain app's HTTPRoute, and the checks every component route
// passes (hostnames required, a Service port, a canary header no ordinary request carries).
import * as assert from "node:assert/strict";
import { AppDeployment, validateAppDeploymentArgs, type AppDeploymentArgs } from "../../../components/kubernetes/appDeployment";
import { validateBlueGreenPairArgs, type BlueGreenPairArgs } from "../../../components/kubernetes/blueGreenPair";
import { canaryHeaderProblem } from "../../../components/kubernetes/canaryHeader";
import { CanarySplit, type CanarySplitArgs } from "../../../components/kubernetes/canarySplit";
import { httpRouteModel, one, record, waitsFor, webTemplate, type Plan } from "../../progressive/harness";

const ROUTE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";
const gateway = { name: "platform-gateway", namespace: "gateway" };
const args: AppDeploymentArgs = { ...webTemplate("api"), image: "ghcr.io/acme/api:2.7.0", version: "2.7.0", replicas: 2, route: { gateway, hostnames: ["api.example.com"], path: "/v1", port: 80 } };

describe("AppDeployment route", () => {
    let plan: Plan;
    before(async () => {
        plan = await record("route-test", () => {
            new AppDeployment("api", args);
            new AppDeployment("worker", { ...args, app: "worker", route: undefined });
        });
    });

    it("creates the HTTPRoute <app> to the app's Service through the shared gateway, and none without a route", async () => {
        const api = one(plan, "platform:kubernetes:AppDeployment", "api");
        const route = one(plan, ROUTE, "api-route");
        assert.equal(route.parent, api.urn);
        assert.deepEqual(route.inputs.spec, {
            parentRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "platform-gateway", namespace: "gateway" }],
            hostnames: ["api.example.com"],
            rules: [{ matches: [{ path: { type: "PathPrefix", value: "/v1" } }], backendRefs: [{ name: "api", port: 80 }] }],
        });
        assert.deepEqual(route.inputs.metadata, {
            name: "api", namespace: "shop",
            labels: { "app.kubernetes.io/component": "app", "app.kubernetes.io/instance": "api", "app.kubernetes.io/managed-by": "pulumi", "app.kubernetes.io/name": "api", "app.kubernetes.io/part-of": "platform", "platform.dev/cost-center": "cc-1", "platform.dev/environment": "test", "platform.dev/owner": "team-a" },
        }, "no version label: a release leaves the route alone");
        const HTTPRoute = await httpRouteModel();
        new HTTPRoute({ apiVersion: route.inputs.apiVersion, kind: route.inputs.kind, metadata: route.inputs.metadata, spec: route.inputs.spec }).validate();
        assert.equal(plan.resources.filter((r) => r.type === ROUTE).length, 1, "worker has no route");
    });

    it("attaches only after the Deployment and Service exist", () => {
        const waits = waitsFor(plan, one(plan, ROUTE, "api-route").urn);
        for (const type of ["kubernetes:apps/v1:Deployment", "kubernetes:core/v1:Service"]) assert.ok(waits.has(one(plan, type, "api").urn), type);
    });

    it("refuses a route without hostnames or off the Service's ports, before registering anything", () => {
        assert.deepEqual(validateAppDeploymentArgs({ ...args, route: { gateway, port: 8080 } }), [
            "route.hostnames must list at least one hostname (a route without hostnames on the shared gateway takes every other host's traffic)",
            "route.port 8080 is not a Service port of the app",
        ]);
        assert.throws(() => new AppDeployment("open", { ...args, route: { gateway, hostnames: [], port: 80 } }), /^Error: AppDeployment open: route\.hostnames must list at least one hostname/);
    });
});

describe("progressive routes refuse what would catch other hosts' traffic", () => {
    const canary: CanarySplitArgs = {
        template: webTemplate("checkout"),
        stable: { image: "ghcr.io/acme/checkout:2.0.3", version: "2.0.3" },
        canary: { image: "ghcr.io/acme/checkout:2.1.0", version: "2.1.0" },
        replicas: 3, steps: [5, 25, 50, 100], step: 0,
        route: { gateway, hostnames: ["shop.example.com"], port: 80 },
        smoke: { paths: ["/ready"], servicePort: 80, containerPort: 8080 },
    };
    it("CanarySplit: no hostnames, or a header ordinary requests carry", () => {
        assert.throws(() => new CanarySplit("checkout", { ...canary, route: { gateway, port: 80 } }), {
            message: "CanarySplit checkout: route.hostnames must list at least one hostname (a route without hostnames on the shared gateway takes every other host's traffic)",
        });
        assert.throws(() => new CanarySplit("checkout", { ...canary, header: { name: "Accept", value: "*/*" } }), {
            message: "CanarySplit checkout: header.name: expected \"x-canary\" or \"x-canary-<word>\" (the platform's own header, which only test clients send): \"Accept\" could be one that browsers, proxies or CDNs add to ordinary requests, which would then reach the canary whatever its weight",
        });
    });
    it("BlueGreenPair: no hostnames", () => {
        const pair: BlueGreenPairArgs = { template: webTemplate("storefront"), blue: canary.stable, green: canary.canary, activeColor: "blue", replicas: 2, smoke: canary.smoke, route: { gateway, hostnames: [], port: 80 } };
        assert.deepEqual(validateBlueGreenPairArgs(pair), ["route.hostnames must list at least one hostname (a route without hostnames on the shared gateway takes every other host's traffic)"]);
    });
    it("the canary header is an allow-list: x-canary and x-canary-<word> in any case, nothing else (#23 class 4)", () => {
        const accepted = ["x-canary", "X-Canary", "X-CANARY", "x-canary-team-a", "x-canary-2"];
        // Headers proxies and CDNs add to every request, those a deny-list missed, and near misses of the pattern.
        const refused = ["cdn-loop", "via", "forwarded", "x-forwarded-for", "x-forwarded-host", "x-envoy-attempt-count", "accept", "user-agent", "cookie",
            "traceparent", "cf-ray", "x-acme-release", "canary", "x-canary-", "x-canary--a", "x-canaryx", "xx-canary", "x-canary_a", "x-canary.a", " x-canary", "x-canary\n", ""];
        assert.deepEqual(accepted.filter((n) => canaryHeaderProblem(n) !== undefined), []);
        assert.deepEqual(refused.filter((n) => canaryHeaderProblem(n) === undefined), []);
        assert.equal(canaryHeaderProblem("via"), "expected \"x-canary\" or \"x-canary-<word>\" (the platform's own header, which only test clients send): \"via\" could be one that browsers, proxies or CDNs add to ordinary requests, which would then reach the canary whatever its weight");
        assert.ok(canaryHeaderProblem("x".repeat(100_000))!.length < 400, "a huge name is not echoed whole");
    });
});
