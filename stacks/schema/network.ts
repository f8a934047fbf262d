import { z } from "zod";
import { isPrivateCidr, parseCidr } from "../../policies/lib/cidr";

const ids = z.array(z.string().min(1)).min(1);

/** Narrowest prefix a database subnet range may have: an AWS VPC is at most a /16, so a subnet is no wider. */
export const DATABASE_CIDR_MIN_PREFIX = { ipv4: 16, ipv6: 48 } as const;

/**
 * A range the database's private addresses come from. Apps may reach the database port there and
 * nowhere else, so it must be private address space and no wider than a VPC.
 */
const databaseCidr = z.string().superRefine((text, ctx) => {
    const cidr = parseCidr(text);
    const problem = cidr === undefined ? "expected a CIDR such as \"10.0.1.0/24\""
        : !isPrivateCidr(cidr) ? "expected a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10 or fc00::/7): the database never gets a public address"
            : cidr.prefix < DATABASE_CIDR_MIN_PREFIX[cidr.family] ? `expected a subnet range of /${DATABASE_CIDR_MIN_PREFIX[cidr.family]} or narrower: apps reach the database port anywhere in it`
                : undefined;
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem, input: text });
});

const azureSubnet = { delegatedSubnetId: z.string().min(1), privateDnsZoneId: z.string().min(1) };

/**
 * `platform:network` — where managed data services attach. Private networking only: the database
 * gets no public endpoint, so it needs the stack's private subnets (AWS), delegated subnet and private
 * DNS zone (Azure) or VPC (GCP), and the ranges its addresses come from (apps' egress is scoped to
 * them). Only the section for the stack's cloud is read.
 */
export const networkSchema = z
    .object({
        aws: z
            .object({
                /** Private subnets for the database subnet group (two or more AZs). */
                subnetIds: ids,
                /** The CIDR of each of `subnetIds`, in the same order. Required with a database. */
                subnetCidrs: z.array(databaseCidr).min(1).optional(),
                securityGroupIds: ids.optional(),
                /** Private subnets in the DR region (for the cross-region replica). */
                drSubnetIds: ids.optional(),
                drSecurityGroupIds: ids.optional(),
            })
            .strict()
            .superRefine((a, ctx) => {
                if (a.subnetCidrs !== undefined && a.subnetCidrs.length !== a.subnetIds.length) {
                    ctx.addIssue({ code: "custom", path: ["subnetCidrs"], message: `expected one CIDR per entry of subnetIds (${a.subnetIds.length}), in the same order`, input: a.subnetCidrs });
                }
            })
            .optional(),
        azure: z
            .object({
                primary: z.object({
                    ...azureSubnet,
                    /** Address prefix of the delegated subnet. Required with a database. */
                    subnetCidr: databaseCidr.optional(),
                }).strict(),
                dr: z.object(azureSubnet).strict().optional(),
            })
            .strict()
            .optional(),
        gcp: z
            .object({
                /** Self link of the VPC with private services access. */
                privateNetwork: z.string().min(1),
                /** The range allocated to private services access (Cloud SQL takes its private IP from it). Required with a database. */
                privateServicesCidr: databaseCidr.optional(),
            })
            .strict()
            .optional(),
    })
    .strict();
export type NetworkConfig = z.infer<typeof networkSchema>;

/** Per cloud: the key holding the database's ranges, and what it is, for messages. */
export const DATABASE_CIDR_KEYS: Readonly<Record<"aws" | "azure" | "gcp", { readonly path: readonly string[]; readonly what: string }>> = {
    aws: { path: ["aws", "subnetCidrs"], what: "the CIDRs of subnetIds, in order" },
    azure: { path: ["azure", "primary", "subnetCidr"], what: "the delegated subnet's address prefix" },
    gcp: { path: ["gcp", "privateServicesCidr"], what: "the range allocated to private services access" },
};

/** The ranges the stack's database takes its addresses from, when the network section of `cloud` names them. */
export function databaseCidrs(network: NetworkConfig | undefined, cloud: "aws" | "azure" | "gcp" | "none"): string[] | undefined {
    switch (cloud) {
        case "aws":
            return network?.aws?.subnetCidrs;
        case "azure":
            return network?.azure?.primary.subnetCidr === undefined ? undefined : [network.azure.primary.subnetCidr];
        case "gcp":
            return network?.gcp?.privateServicesCidr === undefined ? undefined : [network.gcp.privateServicesCidr];
        case "none":
            return undefined;
    }
}
