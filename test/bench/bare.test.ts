import * as assert from "node:assert/strict";
import { parsePlatformConfig, readRawConfig } from "../../stacks/config";
import { platformProgram } from "../../stacks/program";
import { parseBareArgs, replay, type PlanEntry } from "../../tools/bench/bare";
import { planProgram, stackConfig } from "../support/plan";

/** A plan entry as plan.json records it. */
const entry = ({ urn, type, name, parent, inputs, dependencies }: PlanEntry): PlanEntry => ({ urn, type, name, parent, inputs, dependencies });
const byUrn = (entries: readonly PlanEntry[]) => new Map(entries.map((e) => [e.urn, e]));

describe("bench bare replay", function () {
    this.timeout(60_000);

    it("registers exactly the plan's resources: types, names, parents, inputs and dependencies", async () => {
        const { config, secretKeys } = stackConfig("dev");
        const plan = await planProgram(() => platformProgram({ mode: "plan", config: parsePlatformConfig(readRawConfig(config), "dev") }), { stack: "dev", config, secretKeys });
        const recorded = JSON.parse(JSON.stringify(plan.resources.map(entry))) as PlanEntry[];
        const replayed = await planProgram(replay(recorded, plan.outputs), { stack: "dev" });
        assert.deepEqual(byUrn(replayed.resources.map(entry)), byUrn(recorded));
        assert.deepEqual(replayed.outputs, JSON.parse(JSON.stringify(plan.outputs)));
    });

    it("runs with the plan's settings unless told to use the SDK's defaults, and takes the plan's referenced outputs", () => {
        assert.deepEqual(parseBareArgs(["p.json", "out", "[\"@pulumi/pulumi\"]"]), { sdkDefaults: false, stackOutputs: {}, planFile: "p.json", outDir: "out", entryPoints: ["@pulumi/pulumi"] });
        assert.deepEqual(parseBareArgs(["--sdk-defaults", "--stack-outputs", "staging=s.json", "p.json", "out"]), { sdkDefaults: true, stackOutputs: { staging: "s.json" }, planFile: "p.json", outDir: "out", entryPoints: [] });
        assert.throws(() => parseBareArgs(["p.json"]), /usage: bare\.js/);
        assert.throws(() => parseBareArgs(["--stack-outputs", "staging", "p.json", "out"]), /usage: bare\.js/);
    });
});
