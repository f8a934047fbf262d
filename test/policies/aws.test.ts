import * as assert from "assert";
import { awsKmsKeyRotation } from "../../policies/aws/kmsKeyRotation";
import { rdsBackupRetention } from "../../policies/aws/rdsBackupRetention";
import { rdsNotPublic } from "../../policies/aws/rdsNotPublic";
import { rdsResilience } from "../../policies/aws/rdsResilience";
import { rdsStorageEncrypted } from "../../policies/aws/rdsStorageEncrypted";
import { rdsTlsRequired } from "../../policies/aws/rdsTlsRequired";
import { s3PublicAccessBlock } from "../../policies/aws/s3PublicAccessBlock";
import { securityGroupNoPublicAdmin } from "../../policies/aws/securityGroupNoPublicAdmin";
import { StackItem, assertStackUnknownSafe, describeResourceCases, edit, runResource, runStack, type ResourceCase } from "./harness";

const RDS = "aws:rds/instance:Instance";
export const secureRds = {
    engine: "postgres", engineVersion: "16.4", instanceClass: "db.t4g.medium", storageEncrypted: true, kmsKeyId: "arn:aws:kms:eu-west-1:1:key/k",
    publiclyAccessible: false, deletionProtection: true, multiAz: true, backupRetentionPeriod: 14, maintenanceWindow: "sun:03:00-sun:04:00",
    tags: { owner: "team-a", environment: "production", "cost-center": "cc-1" },
};

describe("aws rules", () => {
    const resourceCases: ResourceCase[] = [
        [rdsStorageEncrypted, RDS, secureRds, [["storageEncrypted", false, /storageEncrypted is not true/], ["storageEncrypted", undefined, /storageEncrypted is not true/]]],
        [rdsNotPublic, RDS, secureRds, [["publiclyAccessible", true, /publiclyAccessible is true/]]],
        [rdsResilience, RDS, secureRds, [["deletionProtection", false, /deletionProtection is not true/], ["multiAz", undefined, /multiAz is not true/]]],
        [rdsBackupRetention, RDS, secureRds, [["backupRetentionPeriod", 3, /3 day\(s\), below the minimum 7/], ["backupRetentionPeriod", undefined, /1 day\(s\)/]]],
        [awsKmsKeyRotation, "aws:kms/key:Key", { enableKeyRotation: true }, [["enableKeyRotation", false, /enableKeyRotation is not true/]]],
        [securityGroupNoPublicAdmin, "aws:ec2/securityGroup:SecurityGroup",
            { ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }, { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["10.0.0.0/16"] }] },
            [["ingress.1.cidrBlocks", ["0.0.0.0/0"], /from 0.0.0.0\/0 opens port\(s\) 5432/], ["ingress.0.protocol", "-1", /opens port\(s\) 22, 3389, 5432/], ["ingress.0.toPort", 6000, /opens port\(s\) 3389, 5432, 3306, 1433, 1521/]]],
        [securityGroupNoPublicAdmin, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", { ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: "10.0.0.0/8" },
            [["cidrIpv4", "0.0.0.0/0", /opens port\(s\) 22$/], ["cidrIpv6", "::/0", /from ::\/0 opens port\(s\) 22/]]],
        [securityGroupNoPublicAdmin, "aws:ec2/securityGroupRule:SecurityGroupRule", { type: "ingress", protocol: "tcp", fromPort: 3306, toPort: 3306, cidrBlocks: ["10.1.0.0/16"] },
            [["cidrBlocks", ["0.0.0.0/0"], /opens port\(s\) 3306/]]],
    ];
    describeResourceCases(resourceCases);
    it("aws-rds-deletion-protection-ha can be relaxed per environment", () => {
        assert.deepStrictEqual(runResource(rdsResilience, RDS, edit(secureRds, "multiAz", false), { requireMultiAz: false }).messages, []);
    });
    it("aws-kms-key-rotation skips asymmetric keys", () => {
        assert.deepStrictEqual(runResource(awsKmsKeyRotation, "aws:kms/key:Key", { customerMasterKeySpec: "RSA_2048" }).messages, []);
    });

    describe("aws-s3-no-public-buckets", () => {
        const bucket: StackItem = { type: "aws:s3/bucket:Bucket", name: "assets", props: { tags: {} } };
        const block: StackItem = { type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", name: "assets-pab", deps: ["assets"],
            props: { bucket: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true } };
        it("passes a bucket with a full public access block (matched by dependency, bucket id unknown)", () => assert.deepStrictEqual(runStack(s3PublicAccessBlock, [bucket, block]).messages, []));
        it("rejects a bucket without a block", () => assert.deepStrictEqual(runStack(s3PublicAccessBlock, [bucket]).messages, ["assets: bucket has no BucketPublicAccessBlock"]));
        it("rejects a block with a flag off", () => assert.deepStrictEqual(runStack(s3PublicAccessBlock, [bucket, { ...block, props: edit(block.props, "restrictPublicBuckets", false) }]).messages,
            ["assets-pab: public access block leaves restrictPublicBuckets unset or false"]));
        it("rejects a public ACL", () => assert.deepStrictEqual(runStack(s3PublicAccessBlock, [{ ...bucket, props: { acl: "public-read" } }, block]).messages, ['assets: bucket uses the public ACL "public-read"']));
        it("rejects a public BucketAcl", () => assert.deepStrictEqual(runStack(s3PublicAccessBlock, [bucket, block, { type: "aws:s3/bucketAcl:BucketAcl", name: "assets-acl", deps: ["assets"], props: { acl: "public-read-write" } }]).messages,
            ['assets-acl: bucket ACL grants "public-read-write"']));
        it("covers the deprecated BucketV2 token", () => assert.strictEqual(runStack(s3PublicAccessBlock, [{ ...bucket, type: "aws:s3/bucketV2:BucketV2" }]).messages.length, 1));
    });

    describe("aws-rds-tls-required", () => {
        const pg: StackItem = { type: "aws:rds/parameterGroup:ParameterGroup", name: "db-params", props: { family: "postgres14", parameters: [{ name: "rds.force_ssl", value: "1" }] } };
        const db: StackItem = { type: RDS, name: "db", props: edit(secureRds, "engineVersion", "14.9"), deps: ["db-params"] };
        it("passes a parameter group forcing TLS", () => assert.deepStrictEqual(runStack(rdsTlsRequired, [pg, db]).messages, []));
        it("passes PostgreSQL 15+ without a group (force_ssl defaults to 1)", () => assert.deepStrictEqual(runStack(rdsTlsRequired, [{ ...db, props: secureRds, deps: [] }]).messages, []));
        it("rejects PostgreSQL 14 without a group", () => assert.match(runStack(rdsTlsRequired, [{ ...db, deps: [] }]).messages[0], /^db: no parameter group forcing TLS/));
        it("rejects a group turning TLS off", () => {
            const off = { ...pg, props: edit(pg.props, "parameters", [{ name: "rds.force_ssl", value: "0" }]) };
            assert.deepStrictEqual(runStack(rdsTlsRequired, [off, db]).messages, ["db-params: parameter group turns TLS enforcement off", "db: no parameter group forcing TLS (rds.force_ssl=1 / require_secure_transport=ON) is attached"]);
        });
        it("never crashes on unknowns", () => assert.ok(assertStackUnknownSafe(rdsTlsRequired, [pg, db]) > 10));
    });
});
