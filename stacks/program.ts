import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Environment } from "../components/kubernetes/environment";
import type { OwnershipLabels } from "../components/labels";
import { deployPlainApp, type DeployedApp } from "./apps";
import { loadConfig, type PlatformConfig } from "./config";
import { kubernetesProvider } from "./providers";
import { deployBlueGreenApp, deployCanaryApp } from "./strategies";

export interface ProgramOptions {
    /** "deploy" under the Pulumi CLI; "plan" offline (release windows are not enforced). Default "deploy". */
    readonly mode?: "deploy" | "plan";
    /** Config to use instead of the engine's (tests). */
    readonly config?: PlatformConfig;
    /** Directory of Pulumi.yaml. Default: the repository root. */
    readonly projectDir?: string;
}

/** The platform stack: validates config first, then composes the environment and its apps. */
export async function platformProgram(options: ProgramOptions = {}): Promise<Record<string, unknown>> {
    const config = options.config ?? loadConfig();
    const projectDir = options.projectDir ?? path.resolve(__dirname, "..");
    const ownership: OwnershipLabels = { environment: config.environment.name, owner: config.tags.owner, costCenter: config.tags.costCenter };

    const provider = kubernetesProvider(config, projectDir);
    const environment = new Environment(config.environment.name, {
        namespace: config.namespace.name,
        ownership,
        quota: config.namespace.quota,
        limitRange: config.namespace.limitRange,
        groups: { admin: config.rbac.admins, developer: config.rbac.developers, viewer: config.rbac.viewers },
    }, { provider });

    const deployed: DeployedApp[] = config.apps.map((app) => {
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

    const services = Object.fromEntries(deployed.map((d) => [
        d.name,
        pulumi.interpolate`${d.liveService}.${environment.namespace}.svc.cluster.local`,
    ]));
    const releaseManifest = pulumi.all(deployed.map((d) => d.gates)).apply((gates) => ({
        environment: config.environment.name,
        apps: Object.fromEntries(deployed.map((d, i) => [d.name, {
            image: d.image,
            version: d.version,
            strategy: d.strategy,
            gates: gates[i],
        }])),
    }));
    return {
        environment: config.environment.name,
        tier: config.environment.tier,
        namespace: environment.namespace,
        services,
        releaseManifest,
    };
}
