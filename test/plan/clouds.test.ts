import * as assert from "node:assert/strict";
import { parsePlatformConfig, readRawConfig } from "../../stacks/config";
import { platformProgram } from "../../stacks/program";
import { evaluatePolicies, hasMandatoryViolations } from "../../policies/offline";
import type { PlanResult } from "../../tools/plan/run";
import { planProgram, stackConfig } from "../support/plan";

/** A whole production stack per cloud, planned through the stack program (not only the data components). */
const cases = [
    { cloud: "aws", stack: "production", file: undefined, replica: "aws:rds/instance:Instance", drRegion: "us-west-2", provider: "pulumi:providers:aws", databaseCidrs: ["10.20.1.0/24", "10.20.2.0/24"] },
    { cloud: "azure", stack: "prod-azure", file: "test/fixtures/stacks/azure.yaml", replica: "azure-native:dbforpostgresql:Server", drRegion: "northeurope", provider: "pulumi:providers:azure-native", databaseCidrs: ["10.30.4.0/24"] },
    { cloud: "gcp", stack: "prod-gcp", file: "test/fixtures/stacks/gcp.yaml", replica: "gcp:sql/databaseInstance:DatabaseInstance", drRegion: "europe-west4", provider: "pulumi:providers:gcp", databaseCidrs: ["10.100.0.0/16"] },
];

describe("production stacks per cloud, planned through the stack program", function () {
    this.timeout(60_000);
    for (const c of cases) {
        describe(c.cloud, () => {
            let plan: PlanResult;
            before(async () => {
                const loaded = stackConfig(c.stack, c.file);
                const config = parsePlatformConfig(readRawConfig(loaded.config), c.stack);
                // Every production stack promotes from staging.
                plan = await planProgram(() => platformProgram({ mode: "plan", config }), {
                    stack: c.stack, config: loaded.config, secretKeys: loaded.secretKeys, stackOutputs: { staging: await stagingManifest() },
                });
            });

            it("binds the DR replica to an explicit provider in the DR region", () => {
                const drProvider = plan.resources.find((r) => r.type === c.provider && r.name.endsWith("-dr"));
                assert.ok(drProvider, "a DR-region provider exists");
                const region = drProvider.inputs.region ?? drProvider.inputs.location;
                assert.equal(region, c.drRegion);
                const replicas = plan.resources.filter((r) => r.type === c.replica && r.provider?.startsWith(`${drProvider.urn}::`));
                assert.equal(replicas.length, 1, "exactly one database lives in the DR region");
            });

            if (c.cloud === "gcp") {
                it("creates the database only after its key is granted to the Cloud SQL service agent", () => {
                    const grants = new Set(plan.resources.filter((r) => r.type === "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember").map((r) => r.urn));
                    const primary = plan.resources.find((r) => r.type === c.replica && !r.provider?.includes("-dr::"));
                    assert.ok(primary?.dependencies.some((d) => grants.has(d)), "the primary instance depends on a key grant");
                });
            }

            it("lets every app track reach the database port only in the database's ranges", () => {
                const appEgress = plan.resources.filter((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy" && r.name.endsWith("-egress") && r.parent?.includes("platform:kubernetes:AppDeployment"));
                assert.ok(appEgress.length >= 2, `an egress policy per app track, found ${appEgress.length}`);
                for (const np of appEgress) {
                    const rules = (np.inputs.spec as { egress: Array<{ to?: unknown; ports: Array<{ port: number }> }> }).egress;
                    assert.deepEqual(rules.filter((r) => r.ports.some((p) => p.port === 5432)),
                        c.databaseCidrs.map((cidr) => ({ to: [{ ipBlock: { cidr } }], ports: [{ port: 5432, protocol: "TCP" }] })), np.name);
                }
            });

            it("exports the database endpoint, its Secret reference and a DR runbook", () => {
                const outputs = plan.outputs as { data?: { databaseSecret?: { name: string } }; drRunbook?: { steps?: unknown[] } };
                assert.equal(outputs.data?.databaseSecret?.name, "database");
                assert.ok((outputs.drRunbook?.steps ?? []).length > 0);
            });

            it("passes every mandatory production policy", () => {
                const result = evaluatePolicies(plan.resources, { environment: "production" });
                assert.equal(hasMandatoryViolations(result), false, result.violations.map((v) => `${v.policy} ${v.name}: ${v.message}`).join("\n"));
            });

            it("never carries the database password in plain inputs", () => {
                for (const r of plan.resources.filter((x) => x.type === "kubernetes:core/v1:Secret")) {
                    assert.ok(r.inputs.stringData === "[secret]" || r.inputs.data === "[secret]", `${r.name} is masked`);
                }
                assert.ok(!JSON.stringify(plan).includes("offline-"), "the generated password never appears");
            });
        });
    }
});

async function stagingManifest(): Promise<Record<string, unknown>> {
    const loaded = stackConfig("staging");
    const config = parsePlatformConfig(readRawConfig(loaded.config), "staging");
    const staging = await planProgram(() => platformProgram({ mode: "plan", config }), { stack: "staging", config: loaded.config, secretKeys: loaded.secretKeys });
    return staging.outputs;
}
