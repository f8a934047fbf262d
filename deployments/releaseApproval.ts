// Approval before production: the release production may deploy is the value of an ESC environment that only an
// approved change request can update. The deployment reads it before `pulumi up`; the platform program refuses any
// other release. A stack file can neither change the deployment settings nor the environment.
import * as pulumi from "@pulumi/pulumi";
import * as pulumiservice from "@pulumi/pulumiservice";
import { APPROVAL_FILE_ENV_VAR, APPROVED_RELEASE_KEY } from "../stacks/approval";

/** Who may approve a release: Pulumi Cloud teams or users of the organization. */
export type Approver = { readonly team: string } | { readonly user: string };

export interface ReleaseApprovalArgs {
    readonly organization: string;
    /** ESC project of the environment (the platform project's name). */
    readonly project: string;
    /** The promoted stack (production): the environment is `<stack>-release`. */
    readonly stack: string;
    /** Eligible approvers; the author of a change request never counts (self-approval is off). */
    readonly approvers: readonly Approver[];
    /** Approvals a change needs. Default 1. */
    readonly required?: number;
    /** Team whose token runs the promoted stack's deployments: it may read (open) the environment, not change it. */
    readonly deployerTeam: string;
}

/** File, relative to the deployment's working directory, the approved release is written to before `pulumi up`. */
export const APPROVAL_FILE = ".platform-approved-release";

/** The environment's first content: no release approved yet (production refuses to deploy until one is). */
export function initialEnvironmentYaml(): string {
    return `# The release production may deploy. Change it only through an approved change request:\n#   pulumi env set <org>/<project>/<env> ${APPROVED_RELEASE_KEY} <release id> --draft\nvalues:\n  ${APPROVED_RELEASE_KEY}: none\n`;
}

/**
 * An ESC environment holding the approved release id, an approval rule on every update to it (no self-approval,
 * re-approval after any change of the request), and read access for the deployer team. `preRunCommand` writes the
 * approved id where the platform program reads it (`environmentVariables`).
 */
export class ReleaseApproval extends pulumi.ComponentResource {
    public readonly environment: pulumiservice.Environment;
    public readonly rule: pulumiservice.ApprovalRule;
    public readonly permission: pulumiservice.TeamEnvironmentPermission;
    /** `<org>/<project>/<stack>-release`. */
    public readonly environmentRef: string;
    /** Runs after dependencies are installed, before `pulumi up`. */
    public readonly preRunCommand: string;
    /** For the promoted stack's deployment settings. */
    public readonly environmentVariables: Readonly<Record<string, string>>;

    constructor(name: string, args: ReleaseApprovalArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:deployments:ReleaseApproval", name, {}, opts);
        const envName = `${args.stack}-release`;
        this.environmentRef = `${args.organization}/${args.project}/${envName}`;
        // Created once: its value changes only through approved change requests, never by this program.
        this.environment = new pulumiservice.Environment(`${name}-environment`, {
            organization: args.organization,
            project: args.project,
            name: envName,
            yaml: new pulumi.asset.StringAsset(initialEnvironmentYaml()),
        }, { parent: this, ignoreChanges: ["yaml"] });
        const identifier = { organization: args.organization, project: args.project, name: envName };
        this.rule = new pulumiservice.ApprovalRule(`${name}-rule`, {
            name: `${args.stack} release approval`,
            enabled: true,
            environmentIdentifier: identifier,
            targetActionTypes: [pulumiservice.TargetActionType.Update],
            approvalRuleConfig: {
                allowSelfApproval: false,
                requireReapprovalOnChange: true,
                numApprovalsRequired: args.required ?? 1,
                eligibleApprovers: args.approvers.map((a) => ("team" in a ? { teamName: a.team } : { user: a.user })),
            },
        }, { parent: this, dependsOn: [this.environment] });
        this.permission = new pulumiservice.TeamEnvironmentPermission(`${name}-read`, {
            organization: args.organization,
            project: args.project,
            environment: envName,
            team: args.deployerTeam,
            permission: pulumiservice.EnvironmentPermission.Open,
        }, { parent: this, dependsOn: [this.environment] });
        this.preRunCommand = `pulumi env get ${this.environmentRef} ${APPROVED_RELEASE_KEY} --value string > ${APPROVAL_FILE}`;
        this.environmentVariables = { [APPROVAL_FILE_ENV_VAR]: APPROVAL_FILE };
        this.registerOutputs({ environmentRef: this.environmentRef });
    }
}
