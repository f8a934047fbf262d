import * as assert from "node:assert/strict";
import { parsePlatformConfig, readRawConfig } from "../../stacks/config";
import { canarySplitArgs } from "../../stacks/strategies";
import type { CanaryConfig } from "../../stacks/schema/strategies";
import type { AppConfig } from "../../stacks/schema/apps";
import { stackConfig } from "../support/plan";

describe("canary analysis window", () => {
    it("spans at least four scrape intervals whatever the analysis interval", () => {
        const loaded = stackConfig("staging");
        const config = parsePlatformConfig(readRawConfig(loaded.config), "staging");
        const app = config.apps.find((a) => a.name === "checkout") as AppConfig & { strategy: CanaryConfig };
        const owner = { environment: "staging", owner: "o", costCenter: "c" };
        const queries = (interval: string) => canarySplitArgs({ ...app, strategy: { ...app.strategy, analysis: { ...app.strategy.analysis!, interval } } }, config, "staging", owner)
            .analysis!.checks.map((c) => c.query);
        // ServiceMonitor scrapes every 30s: the window is at least 120s.
        for (const q of queries("15s")) assert.match(q, /\[120s\]/);
        for (const q of queries("5m")) assert.match(q, /\[300s\]/);
    });
});
