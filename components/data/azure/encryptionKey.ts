import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import type { DataTags } from "../common";

/** Built-in role "Key Vault Crypto Service Encryption User" (get, wrap, unwrap keys). */
export const KEY_VAULT_CRYPTO_SERVICE_ENCRYPTION_USER = "e147488a-f6f5-4113-8e2d-b22465e65bf6";

export interface AzureEncryptionKeyArgs {
    readonly resourceGroupName: pulumi.Input<string>;
    readonly location: pulumi.Input<string>;
    readonly tenantId: pulumi.Input<string>;
    readonly subscriptionId: pulumi.Input<string>;
    /** Rotate the key this long after creation (ISO 8601). Default: "P90D". */
    readonly rotateAfter?: string;
    readonly tags: DataTags;
}

/**
 * A customer-managed key in its own Key Vault (RBAC, purge protection, no public network),
 * rotated by a rotation policy, plus the user-assigned identity that services use to reach it.
 */
export class AzureEncryptionKey extends pulumi.ComponentResource {
    readonly vault: keyvault.Vault;
    readonly key: keyvault.Key;
    readonly identity: managedidentity.UserAssignedIdentity;
    /** Versionless key URI, so services follow rotations. */
    readonly keyUri: pulumi.Output<string>;
    readonly keyName: pulumi.Output<string>;
    readonly vaultUri: pulumi.Output<string>;
    readonly identityId: pulumi.Output<string>;

    constructor(name: string, args: AzureEncryptionKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("platform:data:AzureEncryptionKey", name, {}, opts);
        const tags = { ...args.tags };
        this.vault = new keyvault.Vault(`${name}-vault`, {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            properties: {
                tenantId: args.tenantId,
                sku: { family: "A", name: "standard" },
                enableRbacAuthorization: true,
                enablePurgeProtection: true,
                softDeleteRetentionInDays: 90,
                publicNetworkAccess: "Disabled",
                networkAcls: { defaultAction: "Deny", bypass: "AzureServices" },
            },
            tags,
        }, { parent: this });
        this.key = new keyvault.Key(`${name}-key`, {
            resourceGroupName: args.resourceGroupName,
            vaultName: this.vault.name,
            properties: {
                kty: "RSA",
                keySize: 3072,
                keyOps: ["wrapKey", "unwrapKey"],
                rotationPolicy: {
                    attributes: { expiryTime: "P2Y" },
                    lifetimeActions: [
                        { action: { type: "rotate" }, trigger: { timeAfterCreate: args.rotateAfter ?? "P90D" } },
                        { action: { type: "notify" }, trigger: { timeBeforeExpiry: "P30D" } },
                    ],
                },
            },
            tags,
        }, { parent: this });
        this.identity = new managedidentity.UserAssignedIdentity(`${name}-identity`, { resourceGroupName: args.resourceGroupName, location: args.location, tags }, { parent: this });
        new authorization.RoleAssignment(`${name}-crypto-user`, {
            scope: this.vault.id,
            principalId: this.identity.principalId,
            principalType: "ServicePrincipal",
            roleDefinitionId: pulumi.interpolate`/subscriptions/${args.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${KEY_VAULT_CRYPTO_SERVICE_ENCRYPTION_USER}`,
        }, { parent: this });
        this.keyName = this.key.name;
        this.keyUri = this.key.keyUri;
        this.vaultUri = this.vault.properties.apply((p) => p.vaultUri ?? "");
        this.identityId = this.identity.id;
        this.registerOutputs({ keyUri: this.keyUri, keyName: this.keyName, vaultUri: this.vaultUri, identityId: this.identityId });
    }
}
