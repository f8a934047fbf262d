// Hostile edits of the shipped production stack file that the delivery rules must refuse before anything is registered.
import * as assert from "node:assert/strict";
import { promotionSourceProblems } from "../../stacks/schema/deliveryRules";
import { configProblems, shippedValues } from "../support/config";

const production = (edit: (values: Record<string, any>) => void) => shippedValues("production", edit); // eslint-disable-line @typescript-eslint/no-explicit-any
const problems = (values: Record<string, unknown>, stack = "production", organization = "acme") => configProblems(values, stack, organization);

describe("production delivery rules (hostile stack files)", () => {
    it("the shipped production stack passes", () => {
        assert.deepEqual(problems(production(() => undefined)), []);
    });

    it("refuses a production stack without a promotion source: it would deploy images from its own config", () => {
        assert.deepEqual(problems(production((v) => {
            delete v.promotion;
            for (const app of v.apps) if (app.strategy.type !== "blueGreen") app.image = "ghcr.io/evil/api:1.0.0@sha256:" + "e".repeat(64);
        })), [
            "platform:promotion: expected a promotion source in production ({ from: \"<org>/platform/staging\" }): production deploys only the digests staging verified, never images from its own config",
        ]);
    });

    it("refuses requireVerified: false in production", () => {
        assert.deepEqual(problems(production((v) => (v.promotion.requireVerified = false))), [
            "platform:promotion.requireVerified: expected true (or unset) in production: an app whose gates did not pass in the source stack must not be promoted, found false",
        ]);
    });

    it("refuses a production stack without a maintenance window, and a configurable override variable", () => {
        assert.deepEqual(problems(production((v) => delete v.release)), [
            "platform:release: expected a maintenance window in production ({ maintenanceWindow: \"Mon-Thu 22:00-23:00 UTC\" }): `pulumi up` may change production only inside it",
        ]);
        // Naming another variable (the deployment's access token) as the override is no longer possible.
        assert.deepEqual(problems(production((v) => (v.release.overrideEnvVar = "PULUMI_ACCESS_TOKEN"))), [
            "platform:release.overrideEnvVar: unknown key; expected one of: maintenanceWindow",
        ]);
    });

    it("refuses a promotion source in another project or organization, or the stack itself, all at once", () => {
        assert.deepEqual(problems(production((v) => (v.promotion.from = "evil/other/production"))), [
            "platform:promotion.from: expected a stack of this project (\"<org>/platform/<stack>\"): another project's release manifest describes other apps, found \"evil/other/production\"",
            "platform:promotion.from: expected a stack of this organization (\"acme/platform/<stack>\"), found \"evil/other/production\"",
        ]);
        assert.deepEqual(problems(production((v) => (v.promotion.from = "acme/platform/production"))), [
            "platform:promotion.from: expected another stack than this one (\"production\"): a stack cannot verify its own release, found \"acme/platform/production\"",
        ]);
        // A DIY backend's organization is "organization".
        assert.deepEqual(problems(production((v) => (v.promotion.from = "organization/platform/staging")), "production", "organization"), []);
        assert.deepEqual(problems(production((v) => (v.promotion.from = "staging"))), [
            "platform:promotion.from: expected a fully qualified stack name \"<org>/<project>/<stack>\", found \"staging\"",
        ]);
    });

    it("applies the source rules in every tier (a staging stack cannot promote from itself either)", () => {
        assert.deepEqual(promotionSourceProblems("acme/platform/staging", { project: "platform", stack: "staging", organization: "acme" }).map((p) => p.message), [
            "expected another stack than this one (\"staging\"): a stack cannot verify its own release",
        ]);
        assert.deepEqual(promotionSourceProblems("acme/platform/staging", { project: "platform" }), [], "without a known stack or organization only the project is checked");
    });
});
