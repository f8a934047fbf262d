import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { APP_DEPLOYMENT_TYPE, BLUE_GREEN_PAIR_TYPE, CANARY_SPLIT_TYPE, strategyAliases } from "../../../components/kubernetes/appIdentity";

/** An alias's parent URN, resolved. */
function parentOf(alias: pulumi.Alias): Promise<string> {
    return new Promise((resolve) => pulumi.output(alias.parent as pulumi.Input<string>).apply(resolve));
}

// The Service `<app>` and route `<app>` keep one identity across rolling/recreate, blue-green and canary: each
// component names the others'. A wrong name or parent would make a strategy switch delete and re-create them (cluster-proven in
// test/cluster/staging.cluster.ts; here the names themselves).
describe("an app's shared Service and route aliases across strategies", () => {
    before(() => pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: a.inputs }), call: (a) => a.inputs }, "platform", "staging", false));

    const BG = "platform:kubernetes:BlueGreenPair";
    const AD = "platform:kubernetes:AppDeployment";
    const CS = "platform:kubernetes:CanarySplit";
    const cases = [
        { as: APP_DEPLOYMENT_TYPE, app: "api", service: [["api-live", `${BG}::api`], ["api-live", `${CS}::api`]], route: [["api-route", `${BG}::api`], ["api-route", `${CS}::api`]], why: "a plain app's Service is the blue-green and canary live Service, its route theirs" },
        { as: BLUE_GREEN_PAIR_TYPE, app: "storefront", service: [["storefront", `${AD}::storefront`], ["storefront-live", `${CS}::storefront`]], route: [["storefront-route", `${AD}::storefront`], ["storefront-route", `${CS}::storefront`]], why: "a blue-green app's live Service and route are the plain app's and the canary's" },
        { as: CANARY_SPLIT_TYPE, app: "checkout", service: [["checkout", `${AD}::checkout`], ["checkout-live", `${BG}::checkout`]], route: [["checkout-route", `${AD}::checkout`], ["checkout-route", `${BG}::checkout`]], why: "a canary app's live Service and route are the plain app's and the blue-green's" },
    ] as const;
    for (const c of cases) {
        it(`${c.why}, under the other components named after the app`, async () => {
            // The traffic identity of the release gates sits where the route does, named `<app>-traffic`.
            const expected = { ...c, identity: c.route.map(([n, parent]) => [n.replace(/-route$/, "-traffic"), parent]) };
            for (const what of ["service", "route", "identity"] as const) {
                const aliases = strategyAliases(c.app, c.as, what);
                const found = await Promise.all(aliases.map(async (a) => [a.name, await parentOf(a)]));
                assert.deepEqual(found, expected[what].map(([n, parent]) => [n, `urn:pulumi:staging::platform::${parent}`]), what);
            }
        });
    }
});
