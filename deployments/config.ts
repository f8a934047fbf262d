import { Cron } from "croner";
import { z } from "zod";

/** Config namespace of the control program (its project name). */
export const NAMESPACE = "platform-deployments";

/** Config keys that hold secrets: read with `requireSecret`, never parsed into the plain config object. */
export const SECRET_KEYS = ["webhookUrl", "webhookSecret"] as const;

/**
 * Files whose change affects the platform stacks: a push to staging's branch that touches none of them
 * does not start a deployment (docs-only changes, for example).
 */
export const DEFAULT_PATH_FILTERS: readonly string[] = [
    "components/**",
    "stacks/**",
    "policies/**",
    "Pulumi.yaml",
    "Pulumi.staging.yaml",
    "package.json",
    "package-lock.json",
];

const stackName = z.string().regex(/^[A-Za-z0-9_.-]+$/, { message: "expected a stack name (letters, digits, '-', '_', '.')" });
const branchName = z.string().regex(/^(?!refs\/)[A-Za-z0-9._/-]+$/, { message: "expected a branch name such as \"main\" (without refs/heads/)" });
/** A standard 5-field cron expression, as croner (a maintained cron library) parses it: not any five words. */
const cron = z.string().refine((text) => {
    if (!/^\S+( \S+){4}$/.test(text)) return false;
    try {
        new Cron(text, { paused: true, mode: "5-part", timezone: "UTC" });
        return true;
    } catch {
        return false;
    }
}, { message: "expected a 5-field cron expression such as \"0 */6 * * *\"" });
/** Session lengths in Pulumi Deployments' "XhYmZs" form. */
const sessionDuration = z.string().regex(/^(?=\d)(\d+h)?(\d+m)?(\d+s)?$/, { message: "expected a duration in \"XhYmZs\" form such as \"1h0m0s\"" });

/** AWS: Pulumi Deployments assumes `roleArn` with its OIDC token (trust policy on api.pulumi.com/oidc). */
const awsCloud = z.object({
    provider: z.literal("aws"),
    roleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/, { message: "expected an IAM role ARN \"arn:aws:iam::<account>:role/<name>\"" }),
    sessionName: z.string().regex(/^[\w+=,.@-]{2,64}$/, { message: "expected an STS session name (2-64 of letters, digits and +=,.@_-)" }),
    /** Assume-role session length. Default 1h0m0s. */
    duration: sessionDuration.default("1h0m0s"),
}).strict();

/** Azure: a federated credential on the app registration `clientId`. */
const azureCloud = z.object({
    provider: z.literal("azure"),
    clientId: z.guid(),
    tenantId: z.guid(),
    subscriptionId: z.guid(),
}).strict();

/** GCP: workload identity federation through `workloadPoolId`/`providerId`, impersonating `serviceAccount`. */
const gcpCloud = z.object({
    provider: z.literal("gcp"),
    projectId: z.string().regex(/^\d+$/, { message: "expected the numeric GCP project number" }),
    workloadPoolId: z.string().min(1),
    providerId: z.string().min(1),
    serviceAccount: z.email(),
    /** Region handed to the deployment. Default: unset (the stack's own config decides). */
    region: z.string().min(1).optional(),
    /** Lifetime of the temporary credentials. Default: Pulumi Deployments' (1h). */
    tokenLifetime: sessionDuration.optional(),
}).strict();

/** No cloud credentials (a stack that only talks to Kubernetes through a kubeconfig secret). */
const noCloud = z.object({ provider: z.literal("none") }).strict();

export const cloudSchema = z.discriminatedUnion("provider", [awsCloud, azureCloud, gcpCloud, noCloud]);
export type CloudCredentials = z.infer<typeof cloudSchema>;

export const controlConfigSchema = z.object({
    /** Pulumi Cloud organization that owns the platform stacks. */
    organization: z.string().regex(/^[A-Za-z0-9_.-]+$/, { message: "expected a Pulumi organization name" }),
    /** The platform program's project name. Default "platform". */
    project: stackName.default("platform"),
    /** GitHub repository "owner/name" (the Pulumi GitHub app must be installed on it). */
    repository: z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { message: "expected a GitHub repository \"owner/name\"" }),
    /** Directory of the platform's Pulumi.yaml inside the repository. Default ".". */
    repoDir: z.string().min(1).default("."),
    stacks: z.object({
        staging: z.object({
            /** Default "staging". */
            name: stackName.default("staging"),
            /** Pushes to this branch deploy staging. Default "main". */
            branch: branchName.default("main"),
            /** Push-to-deploy path filters. Default DEFAULT_PATH_FILTERS. */
            paths: z.array(z.string().min(1)).min(1).default([...DEFAULT_PATH_FILTERS]),
            /**
             * Drift detection schedule (no auto-remediation: production promotes what staging's state says was
             * verified, so a drifted staging is reported, never silently re-applied). Default every 6 hours.
             */
            driftCron: cron.default("0 */6 * * *"),
            cloud: cloudSchema,
        }).strict(),
        production: z.object({
            /** Default "production". */
            name: stackName.default("production"),
            /** The release branch: a push to it deploys production. Default "release". */
            branch: branchName.default("release"),
            /** Drift detection schedule (no auto-remediation). Default every 6 hours. */
            driftCron: cron.default("0 */6 * * *"),
            cloud: cloudSchema,
            /**
             * Approval before production (deployments/releaseApproval.ts): who may approve the release production
             * deploys, and how many approvals a release needs (default 1). The author never approves their own.
             */
            approvals: z.object({
                approvers: z.array(z.union([
                    z.object({ team: z.string().regex(/^[A-Za-z0-9_.-]+$/, { message: "expected a Pulumi team name" }) }).strict(),
                    z.object({ user: z.string().regex(/^[A-Za-z0-9_.-]+$/, { message: "expected a Pulumi user login" }) }).strict(),
                ], { error: "expected { team: <name> } or { user: <login> }" })).min(1, { message: "expected at least one approver" }),
                required: z.number().int().min(1).max(10).default(1),
            }).strict(),
        }).strict(),
    }).strict(),
    /** Review stacks for pull requests. Default: none (PRs still get a `pulumi preview` of staging). */
    reviewStacks: z.object({
        /** Template stack whose config every review stack copies. Default "pr" (needs Pulumi.pr.yaml). */
        templateStack: stackName.default("pr"),
        /** Pull requests against this branch get a review stack. Default "main". */
        branch: branchName.default("main"),
        /** Create the template stack in Pulumi Cloud. Default true. */
        createStack: z.boolean().default(true),
        /** Cloud credentials of review stacks. Default: staging's. */
        cloud: cloudSchema.optional(),
    }).strict().optional(),
    /** Policy pack enforced by Pulumi Cloud policy groups (published with `pulumi policy publish`). Default: none. */
    policyPack: z.object({
        name: z.string().min(1),
        versionTag: z.string().min(1),
        /** "preventative" blocks updates on mandatory violations, "audit" only reports. Default "preventative". */
        mode: z.enum(["audit", "preventative"]).default("preventative"),
    }).strict().optional(),
    notifications: z.object({
        /** Payload format of the failure webhook. Default "raw". */
        format: z.enum(["raw", "slack", "ms_teams"]).default("raw"),
    }).strict().default({ format: "raw" }),
    access: z.object({
        /** Pulumi team whose token production's deployments run with. Default "platform-deployments". */
        teamName: z.string().regex(/^[A-Za-z0-9_.-]+$/).default("platform-deployments"),
    }).strict().default({ teamName: "platform-deployments" }),
}).strict();

export type ControlConfig = z.infer<typeof controlConfigSchema>;

/** Invalid control config: one line per problem, each naming the key. */
export class ControlConfigError extends Error {
    constructor(readonly problems: readonly string[]) {
        super(`invalid ${NAMESPACE} configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "ControlConfigError";
    }
}

function keyPath(path: readonly PropertyKey[]): string {
    return path.reduce<string>((acc, s) => (typeof s === "number" ? `${acc}[${s}]` : acc === "" ? String(s) : `${acc}.${String(s)}`), "");
}

/** Validates the control config (keys without the namespace); every problem reported at once. */
export function parseControlConfig(input: Record<string, unknown>): ControlConfig {
    const plain = Object.fromEntries(Object.entries(input).filter(([k]) => !(SECRET_KEYS as readonly string[]).includes(k)));
    const result = controlConfigSchema.safeParse(plain);
    if (result.success) return result.data;
    const problems = result.error.issues.flatMap((issue) =>
        issue.code === "unrecognized_keys"
            ? issue.keys.map((k) => `${NAMESPACE}:${keyPath([...issue.path, k])}: unknown key`)
            : [`${NAMESPACE}:${keyPath(issue.path)}: ${issue.message}`],
    );
    throw new ControlConfigError(problems);
}

/**
 * The control program's config as the Pulumi CLI hands it over (`allConfig()`: namespaced keys, objects as JSON
 * text), without the namespace. Keys of other namespaces are ignored; secret keys are left out.
 */
export function rawControlConfig(all: Record<string, string>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, text] of Object.entries(all)) {
        if (!key.startsWith(`${NAMESPACE}:`)) continue;
        const name = key.slice(NAMESPACE.length + 1);
        if ((SECRET_KEYS as readonly string[]).includes(name)) continue;
        out[name] = /^\s*[[{]/.test(text) ? JSON.parse(text) : text === "true" || text === "false" ? text === "true" : text;
    }
    return out;
}
