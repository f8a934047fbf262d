import * as pulumi from "@pulumi/pulumi";
import * as pulumiservice from "@pulumi/pulumiservice";
import type { CloudCredentials } from "./config";

/** Commands run before every deployment: a clean install and the policy pack build. */
export const PRE_RUN_COMMANDS: readonly string[] = ["npm ci", "npm run build:policies"];

/** What starts a deployment of the stack (Pulumi Deployments' `vcs` block, GitHub app). */
export interface DeploymentTrigger {
    /** `pulumi up` on every push to the stack's branch. */
    readonly deployCommits: boolean;
    /** `pulumi preview` on every pull request against the stack's branch. */
    readonly previewPullRequests: boolean;
    /** Pull requests against the branch get a review stack copied from this stack. */
    readonly pullRequestTemplate: boolean;
    /** Only pushes touching these paths deploy. Default: every push. */
    readonly paths?: readonly string[];
}

/** Failure notifications of one stack. */
export interface FailureWebhook {
    /** Receiver URL (a secret). */
    readonly url: pulumi.Input<string>;
    /** HMAC key for the `Pulumi-Webhook-Signature` header. Default: unsigned. */
    readonly secret?: pulumi.Input<string>;
    readonly format: pulumiservice.WebhookFormat;
    readonly filters: readonly pulumiservice.WebhookFilters[];
}

export interface StackDeploymentArgs {
    readonly organization: string;
    readonly project: string;
    readonly stack: string;
    /** GitHub repository "owner/name". */
    readonly repository: string;
    /** Directory of Pulumi.yaml in the repository. */
    readonly repoDir: string;
    /** Branch the stack deploys from (without refs/heads/). */
    readonly branch: string;
    readonly trigger: DeploymentTrigger;
    /** OIDC credentials for the stack's cloud; `none` sets no OIDC block. */
    readonly cloud: CloudCredentials;
    /** Shell commands before the Pulumi operation. Default PRE_RUN_COMMANDS (with the default install step skipped). */
    readonly preRunCommands?: readonly string[];
    /** Environment variables of the deployment (values may be secrets). Default: none. */
    readonly environmentVariables?: Readonly<Record<string, pulumi.Input<string>>>;
    /** Delete the stack from Pulumi Cloud after it is destroyed (review stack templates). Default false. */
    readonly deleteAfterDestroy?: boolean;
    /** Cron of a drift-detection run that never auto-remediates. Default: no drift schedule. */
    readonly driftCron?: string;
    /** Webhook for failed deployments and updates. Default: no webhook. */
    readonly webhook?: FailureWebhook;
    /** Cron (UTC) of scheduled `pulumi up` runs of the branch head: production's maintenance window openings. Default: none. */
    readonly releaseCron?: string;
}

/** The OIDC block for a cloud, in the provider's shape. */
export function oidcSettings(cloud: CloudCredentials): pulumiservice.types.input.OperationContextOIDCArgs | undefined {
    switch (cloud.provider) {
        case "aws":
            return { aws: { roleARN: cloud.roleArn, sessionName: cloud.sessionName, duration: cloud.duration } };
        case "azure":
            return { azure: { clientId: cloud.clientId, tenantId: cloud.tenantId, subscriptionId: cloud.subscriptionId } };
        case "gcp":
            return {
                gcp: {
                    projectId: cloud.projectId,
                    workloadPoolId: cloud.workloadPoolId,
                    providerId: cloud.providerId,
                    serviceAccount: cloud.serviceAccount,
                    ...(cloud.region !== undefined ? { region: cloud.region } : {}),
                    ...(cloud.tokenLifetime !== undefined ? { tokenLifetime: cloud.tokenLifetime } : {}),
                },
            };
        case "none":
            return undefined;
    }
}

/** The DeploymentSettings inputs for a stack. Pure: tests call it without mocks. */
export function deploymentSettingsArgs(args: StackDeploymentArgs): pulumiservice.DeploymentSettingsArgs {
    const oidc = oidcSettings(args.cloud);
    return {
        organization: args.organization,
        project: args.project,
        stack: args.stack,
        sourceContext: { git: { branch: `refs/heads/${args.branch}`, repoDir: args.repoDir } },
        vcs: {
            provider: "github",
            repository: args.repository,
            deployCommits: args.trigger.deployCommits,
            previewPullRequests: args.trigger.previewPullRequests,
            pullRequestTemplate: args.trigger.pullRequestTemplate,
            ...(args.trigger.paths !== undefined ? { paths: [...args.trigger.paths] } : {}),
        },
        operationContext: {
            preRunCommands: [...(args.preRunCommands ?? PRE_RUN_COMMANDS)],
            options: { skipInstallDependencies: true, deleteAfterDestroy: args.deleteAfterDestroy ?? false },
            ...(args.environmentVariables !== undefined ? { environmentVariables: { ...args.environmentVariables } } : {}),
            ...(oidc !== undefined ? { oidc } : {}),
        },
    };
}

/** How one platform stack is deployed: settings, optional drift schedule and failure webhook. */
export class StackDeployment extends pulumi.ComponentResource {
    public readonly settings: pulumiservice.DeploymentSettings;
    /** Present when `driftCron` was given. */
    public readonly driftSchedule?: pulumiservice.DriftSchedule;
    /** Present when `webhook` was given. */
    public readonly webhook?: pulumiservice.Webhook;
    /** Present when `releaseCron` was given. */
    public readonly releaseSchedule?: pulumiservice.DeploymentSchedule;

    constructor(name: string, args: StackDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:deployments:StackDeployment", name, {}, opts);
        this.settings = new pulumiservice.DeploymentSettings(`${name}-settings`, deploymentSettingsArgs(args), { parent: this });
        if (args.driftCron !== undefined) {
            this.driftSchedule = new pulumiservice.DriftSchedule(`${name}-drift`, {
                organization: args.organization,
                project: args.project,
                stack: args.stack,
                scheduleCron: args.driftCron,
                autoRemediate: false,
            }, { parent: this, dependsOn: [this.settings] });
        }
        if (args.releaseCron !== undefined) {
            this.releaseSchedule = new pulumiservice.DeploymentSchedule(`${name}-release`, {
                organization: args.organization,
                project: args.project,
                stack: args.stack,
                scheduleCron: args.releaseCron,
                pulumiOperation: pulumiservice.PulumiOperation.Update,
            }, { parent: this, dependsOn: [this.settings] });
        }
        if (args.webhook !== undefined) {
            this.webhook = new pulumiservice.Webhook(`${name}-failures`, {
                organizationName: args.organization,
                projectName: args.project,
                stackName: args.stack,
                displayName: `${args.project}/${args.stack} failures`,
                active: true,
                payloadUrl: pulumi.secret(args.webhook.url),
                ...(args.webhook.secret !== undefined ? { secret: pulumi.secret(args.webhook.secret) } : {}),
                format: args.webhook.format,
                filters: [...args.webhook.filters],
            }, { parent: this });
        }
        this.registerOutputs({ settings: this.settings, driftSchedule: this.driftSchedule, releaseSchedule: this.releaseSchedule, webhook: this.webhook });
    }
}
