import { z } from "zod";

const ids = z.array(z.string().min(1)).min(1);

/**
 * `platform:network` — where managed data services attach. Private networking only: the database
 * gets no public endpoint, so it needs the stack's private subnets (AWS), delegated subnet and private
 * DNS zone (Azure) or VPC (GCP). Only the section for the stack's cloud is read.
 */
export const networkSchema = z
    .object({
        aws: z
            .object({
                /** Private subnets for the database subnet group (two or more AZs). */
                subnetIds: ids,
                securityGroupIds: ids.optional(),
                /** Private subnets in the DR region (for the cross-region replica). */
                drSubnetIds: ids.optional(),
                drSecurityGroupIds: ids.optional(),
            })
            .strict()
            .optional(),
        azure: z
            .object({
                primary: z.object({ delegatedSubnetId: z.string().min(1), privateDnsZoneId: z.string().min(1) }).strict(),
                dr: z.object({ delegatedSubnetId: z.string().min(1), privateDnsZoneId: z.string().min(1) }).strict().optional(),
            })
            .strict()
            .optional(),
        gcp: z
            .object({
                /** Self link of the VPC with private services access. */
                privateNetwork: z.string().min(1),
            })
            .strict()
            .optional(),
    })
    .strict();
export type NetworkConfig = z.infer<typeof networkSchema>;
