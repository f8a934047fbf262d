import * as pulumi from "@pulumi/pulumi";
import { Environment } from "../components/kubernetes/environment";
import type { OwnershipLabels } from "../components/labels";
import { deployPlainApp, type DeployedApp } from "./apps";
import { loadConfig, type PlatformConfig } from "./config";
import { deployData } from "./data";
import { summarizePromotion } from "./delivery/changeSummary";
import { buildReleaseManifest, releaseInputProblems } from "./delivery/releaseManifest";
import { deployObservability } from "./observability";
import { kubernetesProvider } from "./providers";
import { enforceReleaseWindow, previousOutputs, promote } from "./release";
import { releaseHistories } from "./releaseHistory";
import { deployBlueGreenApp, deployCanaryApp } from "./strategies";
import { projectRoot } from "../components/projectRoot";

export interface ProgramOptions {
    /** "deploy" under the Pulumi CLI; "plan" offline (release windows are not enforced). Default "deploy". */
    readonly mode?: "deploy" | "plan";
    /** Config to use instead of the engine's (tests). */
    readonly config?: PlatformConfig;
    /** Directory of Pulumi.yaml. Default: the repository root. */
    readonly projectDir?: string;
    /** Clock for the release window (tests). Default now. */
    readonly now?: Date;
}

/** The platform stack: validates config and the release window first, then composes the environment and its apps. */
export async function platformProgram(options: ProgramOptions = {}): Promise<Record<string, unknown>> {
    const config = options.config ?? loadConfig();
    const mode = options.mode ?? "deploy";
    enforceReleaseWindow(config, mode, options.now);
    const now = options.now ?? new Date();
    const promotion = await promote(config, now);
    const apps = promotion?.apps ?? config.apps;
    const projectDir = options.projectDir ?? projectRoot();
    const ownership: OwnershipLabels = { environment: config.environment.name, owner: config.tags.owner, costCenter: config.tags.costCenter };

    const provider = kubernetesProvider(config, projectDir);
    const environment = new Environment(config.environment.name, {
        namespace: config.namespace.name,
        ownership,
        quota: config.namespace.quota,
        limitRange: config.namespace.limitRange,
        groups: { admin: config.rbac.admins, developer: config.rbac.developers, viewer: config.rbac.viewers },
        // Developers read, log and exec; in production they read and log only.
        developerExec: config.environment.tier !== "production",
    }, { provider });

    const deployed: DeployedApp[] = apps.map((app) => {
        const strategy = app.strategy;
        switch (strategy.type) {
            case "rolling":
            case "recreate":
                return deployPlainApp(app, config, environment.namespace, ownership, provider);
            case "blueGreen":
                return deployBlueGreenApp({ ...app, strategy }, config, environment.namespace, ownership, provider);
            case "canary":
                return deployCanaryApp({ ...app, strategy }, config, environment.namespace, ownership, provider);
        }
    });

    const data = deployData(config, environment.namespace, provider);
    deployObservability(config, deployed, provider, [environment]);

    // Render mode deploys nothing: no rollout happened and no gate ran, so nothing it releases is verified.
    const deploys = config.kubernetes.mode !== "render";
    const release = deployed.map((d) => ({
        app: d.name, image: d.image, version: d.version, strategy: d.strategy,
        gates: deploys ? d.gates : unverified(d.gates),
        verified: deploys ? d.verified : pulumi.output<string[]>([]),
    }));
    // Promotable only when every image is pinned by digest (required outside dev by the schema).
    const releaseManifest = releaseInputProblems(release).length === 0 ? buildReleaseManifest(config.environment, release) : undefined;
    // Only a stack that publishes a release (digest-pinned) or promotes one keeps histories (dev does neither).
    const histories = releaseManifest === undefined && promotion === undefined ? {} : await releaseHistories(previousOutputs(config.environment.name), {
        manifest: releaseManifest, promotion, deployed, clock: mode === "plan" ? () => now : () => new Date(),
    });
    const promotionSummary = promotion
        ? summarizePromotion(undefined, deployed.map((d) => ({ app: d.name, image: d.image, version: d.version, strategy: d.strategy, gates: gatesOf(apps.find((a) => a.name === d.name)!) })))
        : undefined;
    if (mode === "deploy") for (const line of promotionSummary ?? []) void pulumi.log.info(`promotion from ${promotion?.source}: ${line}`);

    return {
        environment: config.environment.name,
        tier: config.environment.tier,
        namespace: environment.namespace,
        apps: Object.fromEntries(deployed.map((d) => [d.name, {
            image: d.image,
            version: d.version,
            strategy: d.strategy,
            service: pulumi.interpolate`${d.liveService}.${environment.namespace}.svc.cluster.local`,
        }])),
        ...(data ? { data: { databaseHost: data.databaseHost, databaseSecret: data.databaseSecret, bucketName: data.bucketName }, drRunbook: data.runbook } : {}),
        ...(releaseManifest ? { releaseManifest } : {}),
        ...histories,
        ...(promotion ? { promotedFrom: promotion.source, ...(promotion.release ? { promotedRelease: promotion.release.id } : {}), promotionSummary } : {}),
    };
}

/** The same gates, recorded as not passed (they never ran). */
function unverified(gates: DeployedApp["gates"]): pulumi.Output<{ passed: boolean; names: string[] }> {
    return pulumi.output(gates).apply((g) => ({ passed: false, names: [...g.names] }));
}

/** The gates a release of this app runs, by kind, for the promotion summary. */
function gatesOf(app: PlatformConfig["apps"][number]): string[] {
    switch (app.strategy.type) {
        case "blueGreen":
            return ["smoke"];
        case "canary":
            // One analysis gate per step: the last one gates promotion.
            return ["smoke", ...app.strategy.steps.map((_, i) => `analysis-${i + 1}`)];
        default:
            return [];
    }
}
