import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_PATH_FILTERS, parseControlConfig, rawControlConfig, type ControlConfig } from "../../deployments/config";
import { controlProgram } from "../../deployments/program";
import { parseMaintenanceWindow, type MaintenanceWindow } from "../../stacks/delivery/maintenanceWindow";

interface Registered {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, unknown>;
}

const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** Secret inputs reach the mock monitor as signature objects: show them as { secret: value }. */
function unwrap(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(unwrap);
    if (value !== null && typeof value === "object") {
        const o = value as Record<string, unknown>;
        if (SECRET_SIG in o) return { secret: unwrap(o.value) };
        if (pulumi.asset.Asset.isInstance(o)) return o;
        return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, unwrap(v)]));
    }
    return value;
}

const AWS_STAGING = { provider: "aws", roleArn: "arn:aws:iam::111111111111:role/deploy-staging", sessionName: "platform-staging" };
const AZURE_PRODUCTION = {
    provider: "azure",
    clientId: "0b0e8a4c-1d2f-4a6b-9c8d-7e6f5a4b3c2d",
    tenantId: "1c1f9b5d-2e3a-4b7c-8d9e-8f7a6b5c4d3e",
    subscriptionId: "2d2a0c6e-3f4b-4c8d-9e0f-9a8b7c6d5e4f",
};

/** Runs the control program under mocks and returns every registered resource once all have registered. */
async function run(config: ControlConfig, policyConfigs = {}, productionWindow?: MaintenanceWindow): Promise<Registered[]> {
    const registered: Registered[] = [];
    pulumi.runtime.setMocks({
        newResource: (args) => {
            registered.push({ type: args.type, name: args.name, inputs: unwrap(args.inputs) as Record<string, unknown> });
            const extra = args.type === "pulumiservice:index:TeamAccessToken" ? { value: "pul-team-token" } : {};
            return { id: `${args.name}_id`, state: { ...args.inputs, ...extra } };
        },
        call: (args) => args.inputs,
    }, "platform-deployments", "control", false);
    const control = controlProgram(config, { webhookUrl: pulumi.secret("https://hooks.example.com/platform") }, policyConfigs, productionWindow);
    const resources: pulumi.Resource[] = [
        control.staging, control.staging.settings, control.staging.webhook!, control.staging.driftSchedule!, control.production, control.production.settings,
        control.production.driftSchedule!, control.production.webhook!, ...(control.production.releaseSchedule ? [control.production.releaseSchedule] : []), control.team, control.token, ...control.permissions,
        control.approval, control.approval.environment, control.approval.rule, control.approval.permission,
        ...control.policyGroups,
        ...(control.reviewTemplate ? [control.reviewTemplate, control.reviewTemplate.settings] : []),
        ...(control.reviewStack ? [control.reviewStack] : []),
    ];
    await Promise.all(resources.map((r) => new Promise((resolve) => r.urn.apply(resolve))));
    return registered;
}

function find(resources: readonly Registered[], type: string, name: string): Registered {
    const found = resources.filter((r) => r.type === type && r.name === name);
    assert.equal(found.length, 1, `expected one ${type} "${name}", found ${found.length}: ${resources.map((r) => `${r.type}/${r.name}`).join(", ")}`);
    return found[0];
}

const baseConfig = {
    organization: "acme",
    repository: "acme/platform",
    stacks: { staging: { cloud: AWS_STAGING }, production: { cloud: AZURE_PRODUCTION, approvals: { approvers: [{ team: "release-managers" }] } } },
};

describe("deployments control program", () => {
    let resources: Registered[];
    before(async () => {
        resources = await run(parseControlConfig({
            ...baseConfig,
            reviewStacks: { templateStack: "pr" },
            policyPack: { name: "platform-policies", versionTag: "0.1.0" },
            notifications: { format: "slack" },
        }), { staging: { all: "advisory" }, production: { all: "mandatory" } });
    });

    it("registers exactly the expected resources", () => {
        const names = resources.map((r) => `${r.type}/${r.name}`).sort();
        assert.deepEqual(names, [
            "platform:deployments:ReleaseApproval/production-release-approval",
            "platform:deployments:StackDeployment/pr",
            "platform:deployments:StackDeployment/production",
            "platform:deployments:StackDeployment/staging",
            "pulumiservice:index:ApprovalRule/production-release-approval-rule",
            "pulumiservice:index:DeploymentSettings/pr-settings",
            "pulumiservice:index:DeploymentSettings/production-settings",
            "pulumiservice:index:DeploymentSettings/staging-settings",
            "pulumiservice:index:DriftSchedule/production-drift",
            "pulumiservice:index:DriftSchedule/staging-drift",
            "pulumiservice:index:Environment/production-release-approval-environment",
            "pulumiservice:index:PolicyGroup/production-policy-group",
            "pulumiservice:index:PolicyGroup/staging-policy-group",
            "pulumiservice:index:Stack/review-template-stack",
            "pulumiservice:index:Team/deployer-team",
            "pulumiservice:index:TeamAccessToken/deployer-token",
            "pulumiservice:index:TeamEnvironmentPermission/production-release-approval-read",
            "pulumiservice:index:TeamStackPermission/deployer-production-edit",
            "pulumiservice:index:TeamStackPermission/deployer-staging-read",
            "pulumiservice:index:Webhook/production-failures",
            "pulumiservice:index:Webhook/staging-failures",
        ]);
    });

    it("staging: push-to-deploy on main with path filters, PR previews, install+build, AWS OIDC", () => {
        assert.deepEqual(find(resources, "pulumiservice:index:DeploymentSettings", "staging-settings").inputs, {
            organization: "acme",
            project: "platform",
            stack: "staging",
            sourceContext: { git: { branch: "refs/heads/main", repoDir: "." } },
            vcs: {
                provider: "github",
                repository: "acme/platform",
                deployCommits: true,
                previewPullRequests: true,
                pullRequestTemplate: false,
                paths: ["components/**", "stacks/**", "policies/**", "Pulumi.yaml", "Pulumi.staging.yaml", "package.json", "package-lock.json"],
            },
            operationContext: {
                preRunCommands: ["npm ci", "npm run build:policies"],
                options: { skipInstallDependencies: true, deleteAfterDestroy: false },
                oidc: { aws: { roleARN: "arn:aws:iam::111111111111:role/deploy-staging", sessionName: "platform-staging", duration: "1h0m0s" } },
            },
        });
    });

    it("production: deploys on pushes to the release branch, no path filter, Azure OIDC, team token as a secret", () => {
        assert.deepEqual(find(resources, "pulumiservice:index:DeploymentSettings", "production-settings").inputs, {
            organization: "acme",
            project: "platform",
            stack: "production",
            sourceContext: { git: { branch: "refs/heads/release", repoDir: "." } },
            vcs: { provider: "github", repository: "acme/platform", deployCommits: true, previewPullRequests: true, pullRequestTemplate: false },
            // The token makes the whole operation context secret.
            operationContext: {
                secret: {
                    preRunCommands: ["npm ci", "npm run build:policies", "pulumi env get acme/platform/production-release approvedRelease --value string > .platform-approved-release"],
                    options: { skipInstallDependencies: true, deleteAfterDestroy: false },
                    environmentVariables: { PULUMI_ACCESS_TOKEN: "pul-team-token", PLATFORM_PROMOTION_SOURCE: "acme/platform/staging", PLATFORM_APPROVAL_FILE: ".platform-approved-release" },
                    oidc: { azure: AZURE_PRODUCTION_OIDC() },
                },
            },
        });
    });

    it("production: a release needs an approval by someone other than its author, on an environment only approvals change", async () => {
        const environment = find(resources, "pulumiservice:index:Environment", "production-release-approval-environment");
        assert.deepEqual({ ...environment.inputs, yaml: undefined }, { organization: "acme", project: "platform", name: "production-release", yaml: undefined });
        assert.match(await (environment.inputs.yaml as pulumi.asset.StringAsset).text, /\nvalues:\n {2}approvedRelease: none\n$/, "nothing approved until a change request is");
        assert.deepEqual(find(resources, "pulumiservice:index:ApprovalRule", "production-release-approval-rule").inputs, {
            name: "production release approval",
            enabled: true,
            environmentIdentifier: { organization: "acme", project: "platform", name: "production-release" },
            targetActionTypes: ["update"],
            approvalRuleConfig: { allowSelfApproval: false, requireReapprovalOnChange: true, numApprovalsRequired: 1, eligibleApprovers: [{ teamName: "release-managers" }] },
        });
        assert.deepEqual(find(resources, "pulumiservice:index:TeamEnvironmentPermission", "production-release-approval-read").inputs, {
            organization: "acme", project: "platform", environment: "production-release", team: "platform-deployments", permission: "open",
        });
    });

    it("staging and production: drift detection every 6 hours, never auto-remediated (production promotes what staging's state says)", () => {
        for (const stack of ["staging", "production"]) {
            assert.deepEqual(find(resources, "pulumiservice:index:DriftSchedule", `${stack}-drift`).inputs, {
                organization: "acme", project: "platform", stack, scheduleCron: "0 */6 * * *", autoRemediate: false,
            });
        }
        assert.equal(resources.filter((r) => r.type === "pulumiservice:index:DriftSchedule").length, 2);
    });

    it("webhooks notify failed deployments and updates, and drift, URL kept secret", () => {
        assert.deepEqual(find(resources, "pulumiservice:index:Webhook", "staging-failures").inputs, {
            organizationName: "acme", projectName: "platform", stackName: "staging", displayName: "platform/staging failures",
            active: true, format: "slack", payloadUrl: { secret: "https://hooks.example.com/platform" },
            filters: ["deployment_failed", "update_failed", "drift_detected"],
        });
        const production = find(resources, "pulumiservice:index:Webhook", "production-failures").inputs;
        assert.deepEqual(production.filters, ["deployment_failed", "update_failed", "drift_detected"]);
        assert.deepEqual(production.payloadUrl, { secret: "https://hooks.example.com/platform" });
    });

    it("access: the deployer team reads staging and edits production; the token belongs to that team", () => {
        assert.deepEqual(find(resources, "pulumiservice:index:TeamStackPermission", "deployer-staging-read").inputs, {
            organization: "acme", project: "platform", stack: "staging", team: "platform-deployments", permission: 101,
        });
        assert.deepEqual(find(resources, "pulumiservice:index:TeamStackPermission", "deployer-production-edit").inputs, {
            organization: "acme", project: "platform", stack: "production", team: "platform-deployments", permission: 102,
        });
        const token = find(resources, "pulumiservice:index:TeamAccessToken", "deployer-token").inputs;
        assert.equal(token.teamName, "platform-deployments");
        assert.equal(token.organizationName, "acme");
        assert.equal(find(resources, "pulumiservice:index:Team", "deployer-team").inputs.teamType, "pulumi");
    });

    it("review stacks: a `pr` template stack on main, deleted after destroy, with staging's credentials", () => {
        assert.deepEqual(find(resources, "pulumiservice:index:Stack", "review-template-stack").inputs, {
            organizationName: "acme", projectName: "platform", stackName: "pr",
        });
        const pr = find(resources, "pulumiservice:index:DeploymentSettings", "pr-settings").inputs;
        assert.deepEqual(pr.vcs, { provider: "github", repository: "acme/platform", deployCommits: false, previewPullRequests: false, pullRequestTemplate: true });
        assert.deepEqual(pr.sourceContext, { git: { branch: "refs/heads/main", repoDir: "." } });
        assert.deepEqual((pr.operationContext as Record<string, unknown>).options, { skipInstallDependencies: true, deleteAfterDestroy: true });
        assert.deepEqual((pr.operationContext as Record<string, unknown>).oidc, {
            aws: { roleARN: "arn:aws:iam::111111111111:role/deploy-staging", sessionName: "platform-staging", duration: "1h0m0s" },
        });
    });

    it("policy pack: one preventative policy group per stack with that stack's enforcement config", () => {
        assert.deepEqual(find(resources, "pulumiservice:index:PolicyGroup", "staging-policy-group").inputs, {
            organizationName: "acme", name: "platform-staging", entityType: "stacks", mode: "preventative",
            stacks: [{ name: "staging", routingProject: "platform" }],
            policyPacks: [{ name: "platform-policies", versionTag: "0.1.0", config: { all: "advisory" } }],
        });
        const production = find(resources, "pulumiservice:index:PolicyGroup", "production-policy-group").inputs;
        assert.deepEqual(production.policyPacks, [{ name: "platform-policies", versionTag: "0.1.0", config: { all: "mandatory" } }]);
        assert.deepEqual(production.stacks, [{ name: "production", routingProject: "platform" }]);
    });
});

function AZURE_PRODUCTION_OIDC() {
    const { provider: _provider, ...rest } = AZURE_PRODUCTION;
    return rest;
}

describe("deployments control program: GCP, staging as review template, no policy pack", () => {
    let resources: Registered[];
    before(async () => {
        resources = await run(parseControlConfig({
            ...baseConfig,
            repoDir: "platform",
            stacks: {
                staging: { branch: "trunk", paths: ["stacks/**"], cloud: { provider: "none" } },
                production: {
                    branch: "prod",
                    driftCron: "30 2 * * *",
                    approvals: { approvers: [{ user: "alice" }, { team: "sre" }], required: 2 },
                    cloud: {
                        provider: "gcp", projectId: "123456789012", workloadPoolId: "pulumi", providerId: "pulumi-oidc",
                        serviceAccount: "deployer@acme-prod.iam.gserviceaccount.com", region: "europe-west1",
                    },
                },
            },
            reviewStacks: { templateStack: "staging" },
        }));
    });

    it("GCP workload identity block, custom branch and drift schedule", () => {
        const production = find(resources, "pulumiservice:index:DeploymentSettings", "production-settings").inputs;
        const context = (production.operationContext as { secret: Record<string, unknown> }).secret;
        assert.deepEqual(context.oidc, {
            gcp: {
                projectId: "123456789012", workloadPoolId: "pulumi", providerId: "pulumi-oidc",
                serviceAccount: "deployer@acme-prod.iam.gserviceaccount.com", region: "europe-west1",
            },
        });
        assert.deepEqual(production.sourceContext, { git: { branch: "refs/heads/prod", repoDir: "platform" } });
        assert.equal(find(resources, "pulumiservice:index:DriftSchedule", "production-drift").inputs.scheduleCron, "30 2 * * *");
    });

    it("staging as the review template: no extra stack, staging's vcs block carries pullRequestTemplate; cloud none has no OIDC", () => {
        const staging = find(resources, "pulumiservice:index:DeploymentSettings", "staging-settings").inputs;
        assert.deepEqual(staging.vcs, {
            provider: "github", repository: "acme/platform", deployCommits: true, previewPullRequests: true, pullRequestTemplate: true, paths: ["stacks/**"],
        });
        assert.equal((staging.operationContext as Record<string, unknown>).oidc, undefined);
        assert.equal(resources.filter((r) => r.type === "pulumiservice:index:Stack").length, 0);
        assert.equal(resources.filter((r) => r.type === "pulumiservice:index:PolicyGroup").length, 0);
    });
});

describe("deployments control config", () => {
    it("defaults: project platform, repoDir '.', main/release branches, path filters", () => {
        const config = parseControlConfig(baseConfig);
        assert.equal(config.project, "platform");
        assert.equal(config.repoDir, ".");
        assert.equal(config.stacks.staging.branch, "main");
        assert.deepEqual(config.stacks.staging.paths, DEFAULT_PATH_FILTERS);
        assert.equal(config.stacks.production.branch, "release");
        assert.equal(config.stacks.production.driftCron, "0 */6 * * *");
        assert.equal(config.notifications.format, "raw");
    });

    it("reports every problem at once, naming the key", () => {
        assert.throws(() => parseControlConfig({
            repository: "platform",
            stacks: {
                staging: { branch: "refs/heads/main", cloud: { provider: "aws", roleArn: "deploy", sessionName: "s" } },
                production: { cloud: { provider: "azure", clientId: "x", tenantId: AZURE_PRODUCTION.tenantId, subscriptionId: AZURE_PRODUCTION.subscriptionId }, drift: "daily", approvals: { approvers: [{ group: "x" }], required: 0 } },
            },
            webhookUrl: "https://ignored.example.com",
        }), (err: Error) => {
            assert.equal(err.message, [
                "invalid platform-deployments configuration:",
                "  - platform-deployments:organization: Invalid input: expected string, received undefined",
                "  - platform-deployments:repository: expected a GitHub repository \"owner/name\"",
                "  - platform-deployments:stacks.staging.branch: expected a branch name such as \"main\" (without refs/heads/)",
                "  - platform-deployments:stacks.staging.cloud.roleArn: expected an IAM role ARN \"arn:aws:iam::<account>:role/<name>\"",
                "  - platform-deployments:stacks.staging.cloud.sessionName: expected an STS session name (2-64 of letters, digits and +=,.@_-)",
                "  - platform-deployments:stacks.production.cloud.clientId: Invalid GUID",
                "  - platform-deployments:stacks.production.approvals.approvers[0]: expected { team: <name> } or { user: <login> }",
                "  - platform-deployments:stacks.production.approvals.required: Too small: expected number to be >=1",
                "  - platform-deployments:stacks.production.drift: unknown key",
            ].join("\n"));
            return true;
        });
    });

    it("reads driftCron with a cron library: five words that are no schedule are refused (#23 validators)", () => {
        const drift = (driftCron: string) => () => parseControlConfig({ ...baseConfig, stacks: { ...(baseConfig as any).stacks, production: { ...(baseConfig as any).stacks?.production, driftCron } } }); // eslint-disable-line @typescript-eslint/no-explicit-any
        for (const bad of ["a b c d e", "61 * * * *", "0 25 * * *", "0 0 32 * *", "0 0 * 13 *", "0 0 * * 8", "*/0 * * * *", "0 0 * * * *", "0 0 * *"]) {
            assert.throws(drift(bad), /platform-deployments:stacks\.production\.driftCron: expected a 5-field cron expression such as "0 \*\/6 \* \* \*"/, bad);
        }
        for (const good of ["0 */6 * * *", "30 2 * * 1-5", "0 0 1 * *", "15,45 * * * *", "0 3 * * SUN"]) {
            assert.equal(parseControlConfig({ ...baseConfig, stacks: { ...(baseConfig as any).stacks, production: { ...(baseConfig as any).stacks?.production, driftCron: good } } }).stacks.production.driftCron, good); // eslint-disable-line @typescript-eslint/no-explicit-any
        }
    });

    it("reads the CLI's config map: own namespace only, objects from JSON, secret keys left out", () => {
        assert.deepEqual(rawControlConfig({
            "platform-deployments:organization": "acme",
            "platform-deployments:stacks": JSON.stringify({ staging: { cloud: { provider: "none" } } }),
            "platform-deployments:webhookUrl": "https://secret.example.com",
            "platform:environment": "{}",
        }), { organization: "acme", stacks: { staging: { cloud: { provider: "none" } } } });
    });
});

describe("deployments control program: production released at its maintenance window's openings (#22)", () => {
    it("with a window: a DeploymentSchedule at each opening, and no deployment on push (it would only fail outside the window)", async () => {
        const window = parseMaintenanceWindow("Mon-Thu 22:00-23:00 UTC") as MaintenanceWindow;
        const resources = await run(parseControlConfig(baseConfig), {}, window);
        assert.deepEqual(find(resources, "pulumiservice:index:DeploymentSchedule", "production-release").inputs, {
            organization: "acme", project: "platform", stack: "production", scheduleCron: "0 22 * * 1,2,3,4", pulumiOperation: "update",
        });
        const settings = find(resources, "pulumiservice:index:DeploymentSettings", "production-settings").inputs as { vcs: { deployCommits: boolean; previewPullRequests: boolean } };
        assert.equal(settings.vcs.deployCommits, false);
        assert.equal(settings.vcs.previewPullRequests, true);
    });
    it("without a window: deployed on push, no schedule", async () => {
        const resources = await run(parseControlConfig(baseConfig));
        assert.deepEqual(resources.filter((r) => r.type === "pulumiservice:index:DeploymentSchedule"), []);
        assert.equal((find(resources, "pulumiservice:index:DeploymentSettings", "production-settings").inputs as { vcs: { deployCommits: boolean } }).vcs.deployCommits, true);
    });
});
