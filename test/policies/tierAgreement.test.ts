// Bounds that the stack schema and the pack both enforce must be the same number in each tier: a schema
// looser than the pack fails late (at preview), a pack looser than the schema lets a hand-written program
// through. Read from the shipped tier configs, as the CLI reads them.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { canaryStepsRising } from "../../policies/kubernetes/canaryStepsRising";
import { rdsBackupRetention } from "../../policies/aws/rdsBackupRetention";
import { databaseBackupRetention } from "../../policies/azure/databaseBackupRetention";
import { sqlBackupRetention } from "../../policies/gcp/sqlBackupRetention";
import { crossRegionReplication } from "../../policies/stack/crossRegionReplication";
import { GATE_POLICY } from "../../stacks/gatePolicy";
import { PRODUCTION_FLOORS } from "../../stacks/tierFloors";
import { repoRoot } from "../support/plan";

const TIERS = ["dev", "staging", "production"] as const;

function packConfig(tier: string, rule: string): Record<string, unknown> {
    const all = JSON.parse(fs.readFileSync(path.join(repoRoot, "policies", "config", `${tier}.json`), "utf8")) as Record<string, Record<string, unknown>>;
    return all[rule] ?? {};
}

describe("the schema's and the pack's tier bounds agree", () => {
    for (const tier of TIERS) {
        it(`${tier}: a canary's first step`, () => {
            const schema = canaryStepsRising.configSchema!.properties!.maxFirstStep as { default: number };
            const pack = packConfig(tier, canaryStepsRising.name).maxFirstStep ?? schema.default;
            assert.strictEqual(pack, GATE_POLICY[tier].maxFirstStepPercent);
        });
    }
    it("production and staging start small", () => {
        assert.ok(GATE_POLICY.production.maxFirstStepPercent <= 25);
        assert.ok(GATE_POLICY.staging.maxFirstStepPercent <= GATE_POLICY.production.maxFirstStepPercent);
    });
    it("production: the RPO and the backup retention", () => {
        assert.strictEqual(packConfig("production", crossRegionReplication.name).rpoMinutes, PRODUCTION_FLOORS.maxRpoMinutes);
        for (const rule of [rdsBackupRetention, databaseBackupRetention, sqlBackupRetention]) {
            assert.strictEqual(packConfig("production", rule.name).minRetentionDays, PRODUCTION_FLOORS.minBackupRetentionDays, rule.name);
        }
    });
});
