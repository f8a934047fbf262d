import * as pulumi from "@pulumi/pulumi";
import * as pulumiservice from "@pulumi/pulumiservice";
import type { ControlConfig } from "./config";
import { PROMOTION_SOURCE_ENV_VAR } from "../stacks/release";
import { ReleaseApproval } from "./releaseApproval";
import { windowOpeningCron } from "./releaseSchedule";
import { PRE_RUN_COMMANDS, StackDeployment, type FailureWebhook } from "./stackDeployment";
import type { MaintenanceWindow } from "../stacks/delivery/maintenanceWindow";

export interface ControlSecrets {
    /** Receiver of failure notifications (config key `webhookUrl`, secret). */
    readonly webhookUrl: pulumi.Input<string>;
    /** HMAC key for webhook signatures (config key `webhookSecret`, secret). Default: unsigned. */
    readonly webhookSecret?: pulumi.Input<string>;
}

/** Policy pack config per stack (contents of policies/config/<stack>.json), keyed by stack name. */
export type PolicyConfigs = Readonly<Record<string, Record<string, unknown> | undefined>>;

/** Events that notify: a deployment that failed to run, or an update that failed. */
export const FAILURE_FILTERS: readonly pulumiservice.WebhookFilters[] = [
    pulumiservice.WebhookFilters.DeploymentFailed,
    pulumiservice.WebhookFilters.UpdateFailed,
];

/**
 * Everything the control stack manages. Staging deploys on every relevant push to its branch, production on a push
 * to the release branch; production's deployments run with a team token that can read staging (promotion).
 */
export function controlProgram(config: ControlConfig, secrets: ControlSecrets, policyConfigs: PolicyConfigs = {}, productionWindow?: MaintenanceWindow) {
    const { organization, project, repository, repoDir } = config;
    const { staging, production } = config.stacks;
    const webhook = (filters: readonly pulumiservice.WebhookFilters[]): FailureWebhook => ({
        url: secrets.webhookUrl,
        ...(secrets.webhookSecret !== undefined ? { secret: secrets.webhookSecret } : {}),
        format: config.notifications.format,
        filters,
    });

    // Production's deployments read staging's release manifest through a StackReference. Push-triggered deployments
    // only get a token for their own stack, so they run with a team token: write on production, read on staging.
    const teamName = config.access.teamName;
    const team = new pulumiservice.Team("deployer-team", {
        organizationName: organization,
        teamType: "pulumi",
        name: teamName,
        displayName: "Platform deployments",
        description: `Identity of ${project}/${production.name} deployments: edits ${production.name}, reads ${staging.name}.`,
    });
    const permissions = [
        new pulumiservice.TeamStackPermission("deployer-staging-read", {
            organization, project, stack: staging.name, team: teamName, permission: pulumiservice.TeamStackPermissionScope.Read,
        }, { dependsOn: [team] }),
        new pulumiservice.TeamStackPermission("deployer-production-edit", {
            organization, project, stack: production.name, team: teamName, permission: pulumiservice.TeamStackPermissionScope.Edit,
        }, { dependsOn: [team] }),
    ];
    const token = new pulumiservice.TeamAccessToken("deployer-token", {
        organizationName: organization,
        teamName,
        name: `${project}-${production.name}-deployments`,
        description: `PULUMI_ACCESS_TOKEN of ${project}/${production.name} deployments (reads ${staging.name}'s release manifest).`,
    }, { dependsOn: [team] });

    const stagingDeployment = new StackDeployment(staging.name, {
        organization, project, repository, repoDir,
        stack: staging.name,
        branch: staging.branch,
        trigger: {
            deployCommits: true,
            previewPullRequests: true,
            pullRequestTemplate: config.reviewStacks === undefined ? false : config.reviewStacks.templateStack === staging.name,
            paths: staging.paths,
        },
        cloud: staging.cloud,
        driftCron: staging.driftCron,
        webhook: webhook([...FAILURE_FILTERS, pulumiservice.WebhookFilters.DriftDetected]),
    });

    // The release production deploys is the one an approved change request set (never its author alone).
    const approval = new ReleaseApproval(`${production.name}-release-approval`, {
        organization, project, stack: production.name,
        approvers: production.approvals.approvers, required: production.approvals.required, deployerTeam: teamName,
    }, { dependsOn: [team] });

    const productionDeployment = new StackDeployment(production.name, {
        organization, project, repository, repoDir,
        stack: production.name,
        branch: production.branch,
        // Every push to the release branch is a release: no path filter. Pull requests into it get a production preview.
        // With a maintenance window, releases deploy at its openings (the branch head), not on push: a push outside
        // the window would only fail.
        trigger: { deployCommits: productionWindow === undefined, previewPullRequests: true, pullRequestTemplate: false },
        ...(productionWindow !== undefined ? { releaseCron: windowOpeningCron(productionWindow) } : {}),
        cloud: production.cloud,
        // The promotion source is the control program's staging stack: the platform program refuses any other
        // platform:promotion.from (a stack file cannot change deployment settings).
        environmentVariables: { PULUMI_ACCESS_TOKEN: pulumi.secret(token.value), [PROMOTION_SOURCE_ENV_VAR]: `${organization}/${project}/${staging.name}`, ...approval.environmentVariables },
        preRunCommands: [...PRE_RUN_COMMANDS, approval.preRunCommand],
        driftCron: production.driftCron,
        webhook: webhook([...FAILURE_FILTERS, pulumiservice.WebhookFilters.DriftDetected]),
    }, { dependsOn: [...permissions, approval] });

    // Review stacks: a template stack whose config every pull request's review stack copies. Pulumi Cloud destroys a
    // review stack when its pull request is merged or closed; deleteAfterDestroy removes it from Pulumi Cloud too.
    let reviewTemplate: StackDeployment | undefined;
    let reviewStack: pulumiservice.Stack | undefined;
    const review = config.reviewStacks;
    if (review !== undefined && review.templateStack !== staging.name) {
        const stack = reviewStack = review.createStack
            ? new pulumiservice.Stack("review-template-stack", { organizationName: organization, projectName: project, stackName: review.templateStack })
            : undefined;
        reviewTemplate = new StackDeployment(review.templateStack, {
            organization, project, repository, repoDir,
            stack: review.templateStack,
            branch: review.branch,
            trigger: { deployCommits: false, previewPullRequests: false, pullRequestTemplate: true },
            cloud: review.cloud ?? staging.cloud,
            deleteAfterDestroy: true,
        }, stack !== undefined ? { dependsOn: [stack] } : undefined);
    }

    // The policy pack is applied by Pulumi Cloud policy groups (deployment settings have no policy-pack field), one
    // group per stack so each gets its own enforcement config.
    const policyGroups = config.policyPack === undefined ? [] : [staging.name, production.name].map((stack) => {
        const pack = config.policyPack!;
        const packConfig = policyConfigs[stack];
        return new pulumiservice.PolicyGroup(`${stack}-policy-group`, {
            organizationName: organization,
            name: `${project}-${stack}`,
            entityType: "stacks",
            mode: pack.mode,
            stacks: [{ name: stack, routingProject: project }],
            policyPacks: [{ name: pack.name, versionTag: pack.versionTag, ...(packConfig !== undefined ? { config: packConfig } : {}) }],
        });
    });

    return {
        staging: stagingDeployment,
        production: productionDeployment,
        reviewTemplate,
        reviewStack,
        team,
        permissions,
        token,
        approval,
        policyGroups,
        outputs: {
            stagingBranch: staging.branch,
            productionBranch: production.branch,
            reviewTemplateStack: reviewTemplate !== undefined || review?.templateStack === staging.name ? review?.templateStack : undefined,
            policyGroups: pulumi.all(policyGroups.map((g) => g.name)),
            deployerTeam: teamName,
            productionReleaseCron: productionWindow !== undefined ? windowOpeningCron(productionWindow) : undefined,
            releaseApprovalEnvironment: approval.environmentRef,
        },
    };
}
