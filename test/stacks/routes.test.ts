// Hostile route edits of the shipped stack files, and every shipped app with a `route` getting its HTTPRoute.
import * as assert from "node:assert/strict";
import { parsePlatformConfig, readRawConfig } from "../../stacks/config";
import { platformProgram } from "../../stacks/program";
import { configProblems as problems, rawValues as raw, type Values } from "../support/config";
import { validateObject } from "../support/kubernetesModels";
import { planProgram, stackConfig } from "../support/plan";

const appIn = (values: Values, name: string) => values.apps.find((a: Values) => a.name === name);

describe("route config", () => {
    it("refuses a canary without route hostnames", () => {
        const values = raw("staging");
        delete appIn(values, "checkout").route;
        assert.deepEqual(problems(values, "staging"), [
            `platform:apps[${values.apps.indexOf(appIn(values, "checkout"))}].route: expected route hostnames for a canary app: its weighted HTTPRoute attaches to the shared gateway, where a route without hostnames takes every other host's traffic`,
        ]);
    });

    it("refuses a canary header that ordinary requests carry, or any other than x-canary[-<word>]", () => {
        for (const name of ["accept", "User-Agent", "cookie", "x-forwarded-proto", "cdn-loop", "via", "x-acme-release"]) {
            const values = raw("production");
            appIn(values, "checkout").strategy.header = { name, value: "*/*" };
            const lines = problems(values, "production");
            assert.equal(lines.length, 1, lines.join("\n"));
            assert.match(lines[0], new RegExp(`^platform:apps\\[3\\]\\.strategy\\.header\\.name: expected "x-canary" or "x-canary-<word>" \\(the platform's own header, which only test clients send\\): "${name}" could be one that browsers, proxies or CDNs add to ordinary requests, which would then reach the canary whatever its weight, found "${name}"$`));
        }
    });

    it("refuses a wildcard over a top-level domain; reports another app's hostname and path and a route to the metrics port together", () => {
        const values = raw("staging");
        appIn(values, "api").route = { hostnames: ["*.com", "*.co.uk", "*.github.io", "*.internal", "*.example.co.uk", "*.team.github.io"] };
        // Public suffixes from the Public Suffix List, ICANN and private sections (#23 class 9); a domain under one is fine.
        assert.deepEqual(problems(values, "staging"), ["com", "co.uk", "github.io", "internal"].map((s, i) =>
            `platform:apps[0].route.hostnames[${i}]: expected a wildcard under a domain such as "*.example.com" (a wildcard over the public suffix "${s}" takes every host registered under it on the shared gateway), found "*.${s}"`));
        const taken = raw("staging");
        appIn(taken, "worker").route = { hostnames: ["api.staging.example.com"] };
        appIn(taken, "api").ports.reverse();
        assert.deepEqual(problems(taken, "staging"), [
            "platform:apps[0].ports[0]: expected the app's first port to be a TCP port that serves requests: the route sends HTTP traffic to it, and it is the metrics port (the gateway may not reach it), found \"metrics\"",
            "platform:apps[1].route.hostnames[0]: expected a hostname and path no other app routes: app \"api\" already routes api.staging.example.com/, found \"api.staging.example.com\"",
        ]);
        // the same hostname on another path is another route (storefront / and checkout /checkout share a host)
        assert.deepEqual(problems(raw("staging"), "staging"), []);
    });
});

describe("every shipped app with a route gets its HTTPRoute", function () {
    this.timeout(60_000);
    const plans: Record<string, Awaited<ReturnType<typeof planProgram>>> = {};
    before(async () => {
        for (const stack of ["dev", "staging", "production"]) {
            const loaded = stackConfig(stack);
            const config = parsePlatformConfig(readRawConfig(loaded.config), stack);
            plans[stack] = await planProgram(() => platformProgram({ mode: "plan", config }), {
                stack, config: loaded.config, secretKeys: loaded.secretKeys, ...(stack === "production" ? { stackOutputs: { staging: plans.staging.outputs } } : {}),
            });
        }
    });

    for (const stack of ["dev", "staging", "production"]) {
        it(`${stack}: one HTTPRoute per routed app, with its hostnames and path, valid for the Gateway API`, async () => {
            const routed = (raw(stack).apps as Values[]).filter((a) => a.route !== undefined);
            const routes = plans[stack].resources.filter((r) => r.type === "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute");
            assert.deepEqual(routes.map((r) => (r.inputs.metadata as { name: string }).name).sort(), routed.map((a) => a.name).sort());
            for (const app of routed) {
                const route = routes.find((r) => (r.inputs.metadata as { name: string }).name === app.name)!;
                const spec = route.inputs.spec as { hostnames: string[]; rules: Array<{ matches: Array<{ path: { value: string } }> }> };
                assert.deepEqual(spec.hostnames, app.route.hostnames, app.name);
                assert.equal(spec.rules[spec.rules.length - 1].matches[0].path.value, app.route.path ?? "/", app.name);
                assert.ok(await validateObject({ apiVersion: route.inputs.apiVersion, kind: route.inputs.kind, metadata: route.inputs.metadata, spec }));
            }
        });
    }
});
