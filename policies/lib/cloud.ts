/** Type tokens of the cloud resources the rules inspect (verified against @pulumi/aws 7.48,
 * @pulumi/azure-native 3.28 and @pulumi/gcp 9.37 `__pulumiType`). */
export const AWS = {
    rdsInstance: "aws:rds/instance:Instance",
    rdsCluster: "aws:rds/cluster:Cluster",
    rdsClusterInstance: "aws:rds/clusterInstance:ClusterInstance",
    rdsParameterGroup: "aws:rds/parameterGroup:ParameterGroup",
    rdsClusterParameterGroup: "aws:rds/clusterParameterGroup:ClusterParameterGroup",
    rdsBackupReplication: "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
    // @pulumi/aws 7 renamed BucketV2 back to Bucket; BucketV2 remains as a deprecated alias class.
    s3Bucket: "aws:s3/bucket:Bucket",
    s3BucketV2: "aws:s3/bucketV2:BucketV2",
    s3Acl: "aws:s3/bucketAcl:BucketAcl",
    s3AclV2: "aws:s3/bucketAclV2:BucketAclV2",
    s3PublicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    s3Encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    s3EncryptionV2: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    s3Replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
    kmsKey: "aws:kms/key:Key",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
    securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    vpcIngressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    backupPlan: "aws:backup/plan:Plan",
    backupSelection: "aws:backup/selection:Selection",
} as const;

export const AZURE = {
    postgres: "azure-native:dbforpostgresql:Server",
    postgresConfiguration: "azure-native:dbforpostgresql:Configuration",
    mysql: "azure-native:dbformysql:Server",
    storageAccount: "azure-native:storage:StorageAccount",
    keyVaultKey: "azure-native:keyvault:Key",
    nsg: "azure-native:network:NetworkSecurityGroup",
    securityRule: "azure-native:network:SecurityRule",
    backupInstance: "azure-native:dataprotection:BackupInstance",
    resourceLock: "azure-native:authorization:ManagementLockAtResourceLevel",
    resourceLockByScope: "azure-native:authorization:ManagementLockByScope",
} as const;

export const GCP = {
    sqlInstance: "gcp:sql/databaseInstance:DatabaseInstance",
    bucket: "gcp:storage/bucket:Bucket",
    firewall: "gcp:compute/firewall:Firewall",
    cryptoKey: "gcp:kms/cryptoKey:CryptoKey",
    backupPlanAssociation: "gcp:backupdisasterrecovery/backupPlanAssociation:BackupPlanAssociation",
} as const;

/** Managed databases, across clouds. */
export const DATABASE_TYPES = new Set<string>([AWS.rdsInstance, AWS.rdsCluster, AZURE.postgres, AZURE.mysql, GCP.sqlInstance]);

/** Customer-managed encryption keys, across clouds. */
export const KEY_TYPES = new Set<string>([AWS.kmsKey, AZURE.keyVaultKey, GCP.cryptoKey]);

/** Where a resource keeps its tags/labels: AWS and Azure `tags`, most GCP `labels`. */
export function tagsPropertyOf(type: string): string[] | undefined {
    if (TAGGABLE_GCP_SPECIAL[type]) {
        return TAGGABLE_GCP_SPECIAL[type];
    }
    if (TAGGABLE_AWS.has(type) || TAGGABLE_AZURE.has(type)) {
        return ["tags"];
    }
    if (TAGGABLE_GCP.has(type)) {
        return ["labels"];
    }
    return undefined;
}

const TAGGABLE_AWS = new Set<string>([
    AWS.rdsInstance, AWS.rdsCluster, AWS.rdsClusterInstance, AWS.rdsParameterGroup, AWS.rdsClusterParameterGroup,
    AWS.s3Bucket, AWS.s3BucketV2, AWS.kmsKey, AWS.securityGroup, AWS.vpcIngressRule, AWS.backupPlan,
    "aws:backup/vault:Vault", "aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/instance:Instance",
    "aws:ec2/natGateway:NatGateway", "aws:ec2/internetGateway:InternetGateway", "aws:ec2/eip:Eip",
    "aws:ec2/routeTable:RouteTable", "aws:ec2/launchTemplate:LaunchTemplate", "aws:ebs/volume:Volume",
    "aws:eks/cluster:Cluster", "aws:eks/nodeGroup:NodeGroup", "aws:iam/role:Role", "aws:iam/policy:Policy",
    "aws:dynamodb/table:Table", "aws:efs/fileSystem:FileSystem", "aws:elasticache/replicationGroup:ReplicationGroup",
    "aws:lb/loadBalancer:LoadBalancer", "aws:lb/targetGroup:TargetGroup", "aws:ecr/repository:Repository",
    "aws:secretsmanager/secret:Secret", "aws:sns/topic:Topic", "aws:sqs/queue:Queue",
    "aws:cloudwatch/logGroup:LogGroup", "aws:route53/zone:Zone", "aws:acm/certificate:Certificate",
]);

const TAGGABLE_AZURE = new Set<string>([
    AZURE.postgres, AZURE.mysql, AZURE.storageAccount, AZURE.nsg, "azure-native:keyvault:Vault",
    "azure-native:resources:ResourceGroup", "azure-native:network:VirtualNetwork", "azure-native:network:PublicIPAddress",
    "azure-native:network:LoadBalancer", "azure-native:network:PrivateEndpoint", "azure-native:containerservice:ManagedCluster",
    "azure-native:sql:Server", "azure-native:sql:Database", "azure-native:dataprotection:BackupVault",
    "azure-native:dataprotection:BackupInstance", "azure-native:operationalinsights:Workspace",
    "azure-native:containerregistry:Registry", "azure-native:managedidentity:UserAssignedIdentity",
]);

const TAGGABLE_GCP = new Set<string>([
    GCP.bucket, GCP.cryptoKey, "gcp:compute/instance:Instance", "gcp:compute/disk:Disk",
    "gcp:compute/address:Address", "gcp:compute/globalAddress:GlobalAddress", "gcp:redis/instance:Instance",
    "gcp:alloydb/cluster:Cluster", "gcp:pubsub/topic:Topic", "gcp:secretmanager/secret:Secret",
    "gcp:artifactregistry/repository:Repository",
]);

/** GCP resources whose labels live under another property path. */
const TAGGABLE_GCP_SPECIAL: Record<string, string[]> = {
    [GCP.sqlInstance]: ["settings", "userLabels"],
    "gcp:container/cluster:Cluster": ["resourceLabels"],
};
