import type { Policies } from "@pulumi/policy";
import { appArmorProfile } from "./kubernetes/appArmorProfile";
import { canaryStepsRising } from "./kubernetes/canaryStepsRising";
import { dropCapabilities } from "./kubernetes/dropCapabilities";
import { egressRestricted } from "./kubernetes/egressRestricted";
import { healthProbes } from "./kubernetes/healthProbes";
import { helmReleaseAllowed } from "./kubernetes/helmReleaseAllowed";
import { ingressRestricted } from "./kubernetes/ingressRestricted";
import { httpRouteWeights } from "./kubernetes/httpRouteWeights";
import { imagePinned } from "./kubernetes/imagePinned";
import { minimumReplicas } from "./kubernetes/minimumReplicas";
import { namespaceDefaultDeny } from "./kubernetes/namespaceDefaultDeny";
import { noCredentialsInConfigMaps } from "./kubernetes/noCredentialsInConfigMaps";
import { noCredentialsInEnv } from "./kubernetes/noCredentialsInEnv";
import { noExternalServices } from "./kubernetes/noExternalServices";
import { noHostNamespaces } from "./kubernetes/noHostNamespaces";
import { noHostPathVolumes } from "./kubernetes/noHostPathVolumes";
import { noHostPorts } from "./kubernetes/noHostPorts";
import { noListObjects } from "./kubernetes/noListObjects";
import { noPrivilegeEscalation } from "./kubernetes/noPrivilegeEscalation";
import { noPrivilegedContainers } from "./kubernetes/noPrivilegedContainers";
import { platformNamespacesUntouched } from "./kubernetes/platformNamespacesUntouched";
import { podDisruptionBudget } from "./kubernetes/podDisruptionBudget";
import { podSpecInspectable } from "./kubernetes/podSpecInspectable";
import { procMountDefault } from "./kubernetes/procMountDefault";
import { rbacNoAdminClusterBinding } from "./kubernetes/rbacNoAdminClusterBinding";
import { rbacNoClusterAdmin } from "./kubernetes/rbacNoClusterAdmin";
import { rbacNoEscalationVerbs } from "./kubernetes/rbacNoEscalationVerbs";
import { rbacNoTrafficWriters } from "./kubernetes/rbacNoTrafficWriters";
import { gateIdentityScoped } from "./kubernetes/gateIdentityScoped";
import { rbacNoSystemGroups } from "./kubernetes/rbacNoSystemGroups";
import { rbacNoWildcards } from "./kubernetes/rbacNoWildcards";
import { readOnlyRootFilesystem } from "./kubernetes/readOnlyRootFilesystem";
import { resourceRequestsLimits } from "./kubernetes/resourceRequestsLimits";
import { routeHostnames } from "./kubernetes/routeHostnames";
import { runAsNonRoot } from "./kubernetes/runAsNonRoot";
import { safeSysctls } from "./kubernetes/safeSysctls";
import { seLinuxOptions } from "./kubernetes/seLinuxOptions";
import { seccompProfile } from "./kubernetes/seccompProfile";
import { trafficShiftGated } from "./kubernetes/trafficShiftGated";
import { awsKmsKeyRotation } from "./aws/kmsKeyRotation";
import { rdsBackupRetention } from "./aws/rdsBackupRetention";
import { rdsNotPublic } from "./aws/rdsNotPublic";
import { rdsResilience } from "./aws/rdsResilience";
import { rdsStorageEncrypted } from "./aws/rdsStorageEncrypted";
import { rdsTlsRequired } from "./aws/rdsTlsRequired";
import { s3PublicAccessBlock } from "./aws/s3PublicAccessBlock";
import { securityGroupNoPublicAdmin } from "./aws/securityGroupNoPublicAdmin";
import { databaseBackupRetention } from "./azure/databaseBackupRetention";
import { databaseNotPublic } from "./azure/databaseNotPublic";
import { databaseResilience } from "./azure/databaseResilience";
import { databaseTls } from "./azure/databaseTls";
import { keyVaultKeyRotation } from "./azure/keyVaultKeyRotation";
import { nsgNoPublicAdmin } from "./azure/nsgNoPublicAdmin";
import { storageAccountSecure } from "./azure/storageAccountSecure";
import { firewallNoPublicAdmin } from "./gcp/firewallNoPublicAdmin";
import { gcpKmsKeyRotation } from "./gcp/kmsKeyRotation";
import { sqlBackupRetention } from "./gcp/sqlBackupRetention";
import { sqlNotPublic } from "./gcp/sqlNotPublic";
import { sqlResilience } from "./gcp/sqlResilience";
import { sqlTlsRequired } from "./gcp/sqlTlsRequired";
import { storageBucketSecure } from "./gcp/storageBucketSecure";
import { appObservability } from "./stack/appObservability";
import { crossRegionReplication } from "./stack/crossRegionReplication";
import { customerManagedKeys } from "./stack/customerManagedKeys";
import { databaseBackupCoverage } from "./stack/databaseBackupCoverage";
import { maintenanceWindow } from "./stack/maintenanceWindow";
import { requiredTags } from "./stack/requiredTags";

/** Every rule of the pack, in the order the docs list them. */
export const policies: Policies = [
    // Kubernetes workloads, cluster objects and progressive delivery
    appArmorProfile,
    canaryStepsRising,
    dropCapabilities,
    egressRestricted,
    ingressRestricted,
    healthProbes,
    helmReleaseAllowed,
    httpRouteWeights,
    imagePinned,
    minimumReplicas,
    namespaceDefaultDeny,
    noCredentialsInConfigMaps,
    noCredentialsInEnv,
    noExternalServices,
    noHostNamespaces,
    noHostPathVolumes,
    noHostPorts,
    noListObjects,
    noPrivilegeEscalation,
    noPrivilegedContainers,
    platformNamespacesUntouched,
    podDisruptionBudget,
    podSpecInspectable,
    procMountDefault,
    rbacNoAdminClusterBinding,
    rbacNoClusterAdmin,
    rbacNoEscalationVerbs,
    rbacNoTrafficWriters,
    rbacNoSystemGroups,
    rbacNoWildcards,
    readOnlyRootFilesystem,
    resourceRequestsLimits,
    routeHostnames,
    runAsNonRoot,
    safeSysctls,
    seLinuxOptions,
    seccompProfile,
    trafficShiftGated,
    gateIdentityScoped,
    // AWS
    awsKmsKeyRotation,
    rdsBackupRetention,
    rdsNotPublic,
    rdsResilience,
    rdsStorageEncrypted,
    rdsTlsRequired,
    s3PublicAccessBlock,
    securityGroupNoPublicAdmin,
    // Azure
    databaseBackupRetention,
    databaseNotPublic,
    databaseResilience,
    databaseTls,
    keyVaultKeyRotation,
    nsgNoPublicAdmin,
    storageAccountSecure,
    // GCP
    firewallNoPublicAdmin,
    gcpKmsKeyRotation,
    sqlBackupRetention,
    sqlNotPublic,
    sqlResilience,
    sqlTlsRequired,
    storageBucketSecure,
    // Stack-wide
    appObservability,
    crossRegionReplication,
    customerManagedKeys,
    databaseBackupCoverage,
    maintenanceWindow,
    requiredTags,
];
