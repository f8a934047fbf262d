import * as pulumi from "@pulumi/pulumi";
import type { Provider } from "@pulumi/kubernetes/provider";
import type { DataProtectionOutputs, DataTags } from "../components/data/common";
import { secretValue, type PlatformConfig } from "./config";

/** What the stack exports about its data services. */
export interface DeployedData {
    readonly databaseHost: pulumi.Output<string | undefined>;
    readonly databaseSecret: pulumi.Output<{ namespace: string; name: string } | undefined>;
    readonly bucketName: pulumi.Output<string | undefined>;
    readonly runbook: pulumi.Output<unknown>;
}

/** Secret config entry holding the address cloud alarms notify (optional). */
export const ALARM_EMAIL_SECRET = "alarmEmail";

/**
 * The managed database, bucket, backups, DR and cloud alarms for the stack's cloud. Only that cloud's
 * SDK is loaded. Returns undefined when the stack asks for no data services.
 */
export function deployData(config: PlatformConfig, namespace: pulumi.Input<string>, kubernetesProvider: Provider): DeployedData | undefined {
    const r = config.dataProtection;
    if (!r.database.enabled && !r.bucket.enabled) return undefined;
    const { owner, costCenter, ...extra } = config.tags;
    const tags: DataTags = { ...extra, owner, environment: config.environment.name, "cost-center": costCenter };
    const common = {
        config: r,
        environment: config.environment.name,
        tags,
        region: config.cloud.region!,
        drRegion: r.dr.region ?? config.cloud.drRegion ?? config.cloud.region!,
        namespace,
        kubernetesProvider,
        ...(config.secretNames.includes(ALARM_EMAIL_SECRET) ? { alarmEmail: secretValue(ALARM_EMAIL_SECRET) } : {}),
    };
    const name = `${config.environment.name}-data`;
    const network = config.network ?? {};
    switch (config.cloud.provider) {
        case "aws": {
            const { AwsDataProtection }: typeof import("../components/data/aws/dataProtection") = require("../components/data/aws/dataProtection");
            return exportsOf(new AwsDataProtection(name, { ...common, network: network.aws! }));
        }
        case "azure": {
            const { AzureDataProtection }: typeof import("../components/data/azure/dataProtection") = require("../components/data/azure/dataProtection");
            return exportsOf(new AzureDataProtection(name, { ...common, resourceGroupName: config.cloud.resourceGroup!, network: network.azure! }));
        }
        case "gcp": {
            const { GcpDataProtection }: typeof import("../components/data/gcp/dataProtection") = require("../components/data/gcp/dataProtection");
            return exportsOf(new GcpDataProtection(name, { ...common, project: config.cloud.project!, privateNetwork: network.gcp?.privateNetwork ?? "" }));
        }
        case "none":
            return undefined;
    }
}

function exportsOf(c: DataProtectionOutputs): DeployedData {
    return { databaseHost: c.databaseHost, databaseSecret: c.databaseSecretRef, bucketName: c.bucketName, runbook: c.runbook };
}
