// Ways around the gateway and the gates: externalIPs, LoadBalancer patches, Ingress objects,
// weighted GRPCRoutes and older HTTPRoutes without a gate, and disruption budgets that block drains.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { httpRouteWeights } from "../../policies/kubernetes/httpRouteWeights";
import { noExternalServices } from "../../policies/kubernetes/noExternalServices";
import { podDisruptionBudget } from "../../policies/kubernetes/podDisruptionBudget";
import { routeHostnames } from "../../policies/kubernetes/routeHostnames";
import { trafficShiftGated } from "../../policies/kubernetes/trafficShiftGated";
import { INGRESS_TYPES, isGatewayRoute } from "../../policies/lib/kubernetes";
import { StackItem, assertStackUnknownSafe, assertUnknownSafe, describeResourceCases, edit, runResource, runStack, type ResourceCase } from "./harness";

const SERVICE = "kubernetes:core/v1:Service";
const SERVICE_PATCH = "kubernetes:core/v1:ServicePatch";
const GRPC_ROUTE = "kubernetes:gateway.networking.k8s.io/v1:GRPCRoute";
const OLD_HTTP_ROUTE = "kubernetes:gateway.networking.k8s.io/v1alpha2:HTTPRoute";
const PDB = "kubernetes:policy/v1:PodDisruptionBudget";
const HTTP_ROUTE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";

const svc = { metadata: { name: "web", namespace: "apps" }, spec: { type: "ClusterIP", selector: { app: "web" }, ports: [{ port: 80 }] } };
const ingress = { metadata: { name: "web", namespace: "gateway" }, spec: { rules: [{ host: "web.example.com", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "gw", port: { number: 80 } } } }] } }] } };
const hosted = { metadata: { name: "api", namespace: "apps" }, spec: { hostnames: ["api.example.com", "*.api.example.com"], parentRefs: [{ name: "platform-gateway", namespace: "gateway" }], rules: [{ backendRefs: [{ name: "api", port: 80 }] }] } };
const split = { metadata: { name: "api", namespace: "apps" }, spec: { rules: [{ backendRefs: [{ name: "api-stable", port: 50051, weight: 80 }, { name: "api-canary", port: 50051, weight: 20 }] }] } };

const cases: ResourceCase[] = [
    [noExternalServices, SERVICE, svc, [
        ["spec.externalIPs", ["203.0.113.10"], /^Service sets externalIPs 203.0.113.10: every node then answers for those addresses \(allowed nowhere\)$/],
        ["spec", { type: "ExternalName", externalName: "metadata.internal.example" }, /^Service of type ExternalName aliases "metadata.internal.example": a route to it makes the gateway proxy to a host outside the cluster, past the namespace's egress policy \(allowed nowhere\)$/],
    ]],
    [noExternalServices, SERVICE_PATCH, { metadata: { name: "web", namespace: "apps" }, spec: {} }, [
        ["spec.type", "LoadBalancer", /^ServicePatch of type LoadBalancer in namespace "apps" \(allowed only in gateway\)$/],
        ["spec.type", "NodePort", /^ServicePatch of type NodePort in namespace "apps"/],
        ["spec.externalIPs", ["10.0.0.5"], /^ServicePatch sets externalIPs 10.0.0.5/],
        ["spec.type", "ExternalName", /^ServicePatch of type ExternalName aliases "": a route to it/],
    ]],
    ...[...INGRESS_TYPES].map((type): ResourceCase => [noExternalServices, type, ingress, [
        ["metadata.namespace", "apps", new RegExp(`^${type.split(":")[2]} in namespace "apps" \\(allowed only in gateway\\)$`)],
        ["metadata.namespace", undefined, /in namespace "default"/],
    ]]),
    ...[HTTP_ROUTE, GRPC_ROUTE, OLD_HTTP_ROUTE, "kubernetes:gateway.networking.k8s.io/v1alpha2:TLSRoute"].map((type): ResourceCase => [routeHostnames, type, hosted, [
        ["spec.hostnames", undefined, new RegExp(`^${type.split(":")[2]} attached to the shared Gateway gateway/platform-gateway sets no hostnames: it takes every host's traffic that its paths match$`)],
        ["spec.hostnames", [], /sets no hostnames/],
        ["spec.hostnames", ["*"], /hostname "\*" on the shared Gateway gateway\/platform-gateway matches every host$/],
        ["spec.hostnames", ["api.example.com", "*.com"], /hostname "\*\.com" on the shared Gateway gateway\/platform-gateway is a wildcard over the public suffix "com"$/],
        ["spec.hostnames", ["*.api.example.co.uk", "*.co.uk"], /hostname "\*\.co\.uk" on the shared Gateway gateway\/platform-gateway is a wildcard over the public suffix "co\.uk"$/],
        ["spec.hostnames", ["*.github.io"], /hostname "\*\.github\.io" on the shared Gateway gateway\/platform-gateway is a wildcard over the public suffix "github\.io"$/],
    ]]),
    [httpRouteWeights, GRPC_ROUTE, split, [
        ["spec.rules.0.backendRefs.1.weight", 30, /^rules\[0\] weights sum to 110, expected 100$/],
    ]],
    [httpRouteWeights, OLD_HTTP_ROUTE, split, [
        ["spec.rules.0.backendRefs.0.weight", 95, /^rules\[0\] weights sum to 115, expected 100$/],
    ]],
];

describe("exposure and traffic-shift blind spots", () => {
    describeResourceCases(cases);

    it("a LoadBalancer with externalIPs in the gateway namespace is still refused for the externalIPs", () => {
        const lb = edit(edit(edit(svc, "metadata.namespace", "gateway"), "spec.type", "LoadBalancer"), "spec.externalIPs", ["198.51.100.1"]);
        assert.deepStrictEqual(runResource(noExternalServices, SERVICE, lb).messages,
            ["Service sets externalIPs 198.51.100.1: every node then answers for those addresses (allowed nowhere)"]);
    });

    describe("k8s-route-hostnames outside the shared Gateway, and patches", () => {
        const open = edit(hosted, "spec.hostnames", undefined);
        it("leaves a hostname-less route on a team's own Gateway, or on none, to that team", () => {
            assert.deepStrictEqual(runResource(routeHostnames, HTTP_ROUTE, edit(open, "spec.parentRefs", [{ name: "team-gw" }])).messages, []);
            assert.deepStrictEqual(runResource(routeHostnames, HTTP_ROUTE, edit(open, "spec.parentRefs", [{ name: "x", namespace: "gateway", kind: "Service", group: "" }])).messages, []);
            assert.deepStrictEqual(runResource(routeHostnames, HTTP_ROUTE, edit(open, "spec.parentRefs", undefined)).messages, []);
        });
        it("counts a parentRef without a namespace as the route's own, so a route in the gateway namespace is checked", () => {
            const inGateway = edit(edit(open, "metadata.namespace", "gateway"), "spec.parentRefs", [{ name: "platform-gateway" }]);
            assert.deepStrictEqual(runResource(routeHostnames, HTTP_ROUTE, inGateway).messages,
                ["HTTPRoute attached to the shared Gateway gateway/platform-gateway sets no hostnames: it takes every host's traffic that its paths match"]);
        });
        it("passes a patch that leaves hostnames alone and refuses one that empties them", () => {
            const patch = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoutePatch";
            assert.deepStrictEqual(runResource(routeHostnames, patch, open).messages, []);
            assert.match(runResource(routeHostnames, patch, edit(open, "spec.hostnames", [])).messages.join(), /^HTTPRoute attached to the shared Gateway gateway\/platform-gateway sets no hostnames/);
        });
        it("ignores TCP and UDP routes, which match on listener ports, not hosts", () => {
            assert.deepStrictEqual(runResource(routeHostnames, "kubernetes:gateway.networking.k8s.io/v1alpha2:TCPRoute", open).messages, []);
        });
        it("reads the shared Gateways' namespaces from its config", () => {
            assert.deepStrictEqual(runResource(routeHostnames, HTTP_ROUTE, open, { gatewayNamespaces: ["edge"] }).messages, []);
            assert.equal(runResource(routeHostnames, HTTP_ROUTE, edit(open, "spec.parentRefs", [{ name: "public", namespace: "edge" }]), { gatewayNamespaces: ["edge"] }).messages.length, 1);
        });
    });

    describe("k8s-traffic-shift-gated", () => {
        const gate: StackItem = { type: "kubernetes:batch/v1:Job", name: "api-gate-1", props: { metadata: { labels: { "platform.dev/gate": "analysis-1" } } } };
        for (const type of [GRPC_ROUTE, OLD_HTTP_ROUTE, "kubernetes:gateway.networking.k8s.io/v1alpha2:TCPRoute", "kubernetes:gateway.networking.k8s.io/v1:HTTPRoutePatch"]) {
            const kind = type.split(":")[2];
            it(`passes a weighted ${kind} that depends on a gate and rejects one that does not`, () => {
                const route: StackItem = { type, name: "api-route", props: split, deps: ["api-gate-1"] };
                assert.deepStrictEqual(runStack(trafficShiftGated, [gate, route]).messages, []);
                assert.deepStrictEqual(runStack(trafficShiftGated, [gate, { ...route, deps: [] }]).messages,
                    [`api-route: ${kind} shifts live traffic but depends on no Job labelled platform.dev/gate`]);
            });
        }
        it("rejects an ungated ServicePatch that re-points a Service's selector, and passes one that does not touch it", () => {
            const repoint: StackItem = { type: SERVICE_PATCH, name: "web-live-patch", props: { metadata: { name: "web" }, spec: { selector: { color: "green" } } } };
            assert.deepStrictEqual(runStack(trafficShiftGated, [repoint]).messages, ["web-live-patch: ServicePatch shifts live traffic but depends on no Job labelled platform.dev/gate"]);
            assert.deepStrictEqual(runStack(trafficShiftGated, [{ ...repoint, props: { metadata: { name: "web", labels: { a: "b" } } } }]).messages, []);
        });
        it("never crashes on unknowns", () => assert.ok(assertStackUnknownSafe(trafficShiftGated, [gate, { type: GRPC_ROUTE, name: "r", props: split, deps: ["api-gate-1"] }]) > 8));

        describe("a route straight to a Service that selects a canary, blue or green track is a shift too", () => {
            const track = (t: string): StackItem => ({ type: "kubernetes:apps/v1:Deployment", name: `api-${t}`, props: { metadata: { name: `api-${t}`, namespace: "apps" }, spec: { template: { metadata: { labels: { app: "api", "platform.dev/track": t } } } } } });
            const service = (name: string, selector: object, annotations?: object): StackItem => ({ type: SERVICE, name: `${name}-svc`, props: { metadata: { name, namespace: "apps", ...(annotations ? { annotations } : {}) }, spec: { selector } } });
            const routeTo = (backend: string, deps: string[] = []): StackItem => ({ type: HTTP_ROUTE, name: "api-route", deps, props: { metadata: { name: "api", namespace: "apps" }, spec: { rules: [{ backendRefs: [{ name: backend, port: 80 }] }] } } });
            const stack = [track("stable"), track("canary"), service("api-stable", { app: "api", "platform.dev/track": "stable" }), service("api-canary", { app: "api", "platform.dev/track": "canary" }), service("api-all", { app: "api" })];

            it("refuses an ungated single-backend route to the canary's Service, or to one that selects every track", () => {
                assert.deepStrictEqual(runStack(trafficShiftGated, [...stack, routeTo("api-canary")]).messages,
                    ["api-route: HTTPRoute routes live traffic to Service api-canary, which selects the canary track's pods (api-canary) but depends on no Job labelled platform.dev/gate"]);
                assert.deepStrictEqual(runStack(trafficShiftGated, [...stack, routeTo("api-all")]).messages,
                    ["api-route: HTTPRoute routes live traffic to Service api-all, which selects the canary track's pods (api-canary) but depends on no Job labelled platform.dev/gate"]);
            });
            it("passes a route to stable, a gated route to the canary, and leaves the annotated live Service to its own check", () => {
                assert.deepStrictEqual(runStack(trafficShiftGated, [...stack, routeTo("api-stable")]).messages, []);
                assert.deepStrictEqual(runStack(trafficShiftGated, [...stack, gate, routeTo("api-canary", ["api-gate-1"])]).messages, []);
                const colours = [track("blue"), track("green"), service("api", { app: "api", "platform.dev/track": "green" }, { "platform.dev/traffic-shift": "true" })];
                assert.deepStrictEqual(runStack(trafficShiftGated, [...colours, routeTo("api")]).messages,
                    ["api-svc: Service shifts live traffic but depends on no Job labelled platform.dev/gate"]);
                const previewRoute = [...colours, service("api-preview", { app: "api", "platform.dev/track": "blue" }), routeTo("api-preview")];
                assert.match(runStack(trafficShiftGated, previewRoute).messages.join("\n"), /api-route: HTTPRoute routes live traffic to Service api-preview, which selects the blue track's pods \(api-blue\)/);
            });
            it("never crashes on unknowns", () => assert.ok(assertStackUnknownSafe(trafficShiftGated, [...stack, routeTo("api-canary")]) > 10));
        });
    });

    describe("k8s-pod-disruption-budget flags a budget that blocks every drain on its own", () => {
        const pdb = (type: string, spec: object): StackItem => ({ type, name: "orphan-pdb", props: { metadata: { namespace: "apps" }, spec: { selector: { matchLabels: { app: "nothing" } }, ...spec } } });
        const blocking: [string, object, string][] = [
            [PDB, { maxUnavailable: 0 }, "maxUnavailable is 0"],
            [PDB, { maxUnavailable: "0%" }, 'maxUnavailable is "0%"'],
            [PDB, { maxUnavailable: "0" }, 'maxUnavailable is "0"'],
            [PDB, { minAvailable: "100%" }, 'minAvailable is "100%"'],
            ["kubernetes:policy/v1beta1:PodDisruptionBudget", { maxUnavailable: 0 }, "maxUnavailable is 0"],
            ["kubernetes:policy/v1:PodDisruptionBudgetPatch", { maxUnavailable: 0 }, "maxUnavailable is 0"],
        ];
        for (const [type, spec, why] of blocking) {
            it(`${type.split(":")[2]} with ${JSON.stringify(spec)}, selecting no workload of the stack`, () => {
                assert.deepStrictEqual(runStack(podDisruptionBudget, [pdb(type, spec)]).messages, [`orphan-pdb: PodDisruptionBudget blocks all voluntary disruption: ${why}`]);
            });
        }
        it("passes a budget that allows a disruption", () => {
            assert.deepStrictEqual(runStack(podDisruptionBudget, [pdb(PDB, { maxUnavailable: 1 }), pdb(PDB, { minAvailable: "50%" }), pdb(PDB, { maxUnavailable: "25%" })]).messages, []);
        });
        it("never crashes on unknowns", () => assert.ok(assertStackUnknownSafe(podDisruptionBudget, [pdb(PDB, { maxUnavailable: 0 })]) > 4));
    });

    it("matches every Gateway API route kind and version kubernetes-models publishes, older v1alpha2 HTTPRoutes, and route patches", () => {
        const root = path.dirname(require.resolve("@kubernetes-models/gateway-api/package.json"));
        const published = ["gateway.networking.k8s.io", "gateway.networking.x-k8s.io"].flatMap(group => fs.readdirSync(path.join(root, group), { withFileTypes: true })
            .filter(d => d.isDirectory())
            .flatMap(v => fs.readdirSync(path.join(root, group, v.name)).filter(f => /^[A-Z]+Route\.js$/.test(f)).map(f => `kubernetes:${group}/${v.name}:${f.replace(/\.js$/, "")}`)));
        assert.ok(published.length >= 8, published.join(", "));
        assert.deepStrictEqual(published.filter(t => !isGatewayRoute(t)), []);
        assert.ok(isGatewayRoute(OLD_HTTP_ROUTE) && isGatewayRoute("kubernetes:gateway.networking.k8s.io/v1:GRPCRoutePatch"));
        assert.ok(!isGatewayRoute("kubernetes:gateway.networking.k8s.io/v1:Gateway") && !isGatewayRoute("kubernetes:example.com/v1:HTTPRoute"));
    });
    it("never crashes on unknowns", () => assert.ok(assertUnknownSafe(noExternalServices, SERVICE, edit(svc, "spec.externalIPs", ["1.2.3.4"])) > 5));
});
