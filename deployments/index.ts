// Entry point of the `platform-deployments` control project (see Pulumi.yaml). All logic lives in program.ts.
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { NAMESPACE, parseControlConfig, rawControlConfig } from "./config";
import { controlProgram, type PolicyConfigs } from "./program";
import { stackMaintenanceWindow } from "./releaseSchedule";
import { projectRoot } from "../components/projectRoot";

/** policies/config/<stack>.json of the repository, when present: the same file `pulumi preview --policy-pack-config` uses. */
export function readPolicyConfigs(repoRoot: string, stacks: readonly string[]): PolicyConfigs {
    return Object.fromEntries(stacks.map((stack) => {
        const file = path.join(repoRoot, "policies", "config", `${stack}.json`);
        return [stack, fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>) : undefined];
    }));
}

const config = parseControlConfig(rawControlConfig(pulumi.runtime.allConfig()));
const secretConfig = new pulumi.Config(NAMESPACE);
const webhookSecret = secretConfig.getSecret("webhookSecret");
const control = controlProgram(
    config,
    { webhookUrl: secretConfig.requireSecret("webhookUrl"), ...(webhookSecret !== undefined ? { webhookSecret } : {}) },
    readPolicyConfigs(projectRoot(), [config.stacks.staging.name, config.stacks.production.name]),
    stackMaintenanceWindow(projectRoot(), config.stacks.production.name),
);

export const stagingBranch = control.outputs.stagingBranch;
export const productionBranch = control.outputs.productionBranch;
export const reviewTemplateStack = control.outputs.reviewTemplateStack;
export const policyGroups = control.outputs.policyGroups;
export const deployerTeam = control.outputs.deployerTeam;
export const releaseApprovalEnvironment = control.outputs.releaseApprovalEnvironment;
export const productionReleaseCron = control.outputs.productionReleaseCron;
