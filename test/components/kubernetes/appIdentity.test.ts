import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { APP_DEPLOYMENT_TYPE, BLUE_GREEN_PAIR_TYPE, strategyAliases } from "../../../components/kubernetes/appIdentity";

/** An alias's parent URN, resolved. */
function parentOf(alias: pulumi.Alias): Promise<string> {
    return new Promise((resolve) => pulumi.output(alias.parent as pulumi.Input<string>).apply(resolve));
}

// The Service `<app>` and route `<app>` keep one identity across rolling/recreate and blue-green: each component
// names the other's. A wrong name or parent would make a strategy switch delete and re-create them (cluster-proven in
// test/cluster/staging.cluster.ts; here the names themselves).
describe("an app's shared Service and route aliases across strategies", () => {
    before(() => pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: a.inputs }), call: (a) => a.inputs }, "platform", "staging", false));

    const cases = [
        { as: APP_DEPLOYMENT_TYPE, app: "api", names: ["api-live", "api-route"], other: "platform:kubernetes:BlueGreenPair::api", why: "a plain app's Service is the blue-green live Service, its route the blue-green route" },
        { as: BLUE_GREEN_PAIR_TYPE, app: "storefront", names: ["storefront", "storefront-route"], other: "platform:kubernetes:AppDeployment::storefront", why: "a blue-green app's live Service and route are the plain app's" },
    ] as const;
    for (const c of cases) {
        it(`${c.why}, under the other component named after the app`, async () => {
            const aliases = (["service", "route"] as const).map((what) => strategyAliases(c.app, c.as, what));
            assert.deepEqual(aliases.map((a) => a.map((x) => x.name)), c.names.map((n) => [n]));
            for (const [alias] of aliases) assert.equal(await parentOf(alias), `urn:pulumi:staging::platform::${c.other}`);
        });
    }
});
