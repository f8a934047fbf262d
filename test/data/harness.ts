/** Shared test helpers for the data-protection tests: fixture loading, a recording mock, secret walking. */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { backupsSchema, dataSchema, drSchema, resolveDataProtection, type EnvironmentTier, type ResolvedDataProtection } from "../../stacks/schema/data";
import { repoRoot } from "../support/plan";

export const PASSWORD = "Mock0Password0Never0Plain0123456";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const SIG_KEY = "4dabf18193072939515e22adb298388d";

export function loadFixture(cloud: "aws" | "azure" | "gcp", tier: EnvironmentTier = "production"): ResolvedDataProtection {
    const raw = parse(fs.readFileSync(path.join(repoRoot, "test", "fixtures", "data", `${cloud}.yaml`), "utf8")) as Record<string, unknown>;
    return resolveDataProtection({
        data: dataSchema.parse(raw["platform:data"]),
        backups: backupsSchema.parse(raw["platform:backups"]),
        dr: drSchema.parse(raw["platform:dr"]),
    }, tier);
}

export interface Recorded {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, unknown>;
    readonly provider?: string;
}

export function isSecretValue(v: unknown): boolean {
    return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** True when `needle` occurs in a plain (not secret-wrapped) string anywhere in `v`. */
export function plainContains(v: unknown, needle: string): boolean {
    if (isSecretValue(v)) return false;
    if (typeof v === "string") return v.includes(needle);
    if (Array.isArray(v)) return v.some((x) => plainContains(x, needle));
    if (typeof v === "object" && v !== null) return Object.values(v).some((x) => plainContains(x, needle));
    return false;
}

/** Installs mocks that record every resource; returns the live list. */
export function recordingMocks(stack: string): Recorded[] {
    const recorded: Recorded[] = [];
    pulumi.runtime.setMocks({
        newResource(a: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
            recorded.push({ type: a.type, name: a.name, inputs: a.inputs as Record<string, unknown>, provider: a.provider });
            const extra: Record<string, unknown> = {
                arn: `arn:mock:${a.type}:${a.name}`,
                name: (a.inputs.name as string | undefined) ?? a.name,
                identifier: a.name,
                address: `${a.name}.db.internal`,
                port: 5432,
                bucket: (a.inputs.bucket as string | undefined) ?? a.name,
                keyUri: `https://${a.name}.vault.azure.net/keys/k`,
                fullyQualifiedDomainName: `${a.name}.postgres.database.azure.com`,
                privateIpAddress: `10.0.0.${recorded.length % 250}`,
                principalId: `principal-${a.name}`,
                email: `${a.name}@mock.iam`,
                properties: { ...(a.inputs.properties as object | undefined), vaultUri: `https://${a.name}.vault.azure.net/` },
                identity: { ...(a.inputs.identity as object | undefined), principalId: `principal-${a.name}` },
            };
            if (a.type === "random:index/randomPassword:RandomPassword") extra.result = PASSWORD;
            return { id: `${a.name}-id`, state: { ...a.inputs, ...extra } };
        },
        call(a: pulumi.runtime.MockCallArgs): Record<string, unknown> {
            if (a.token === "aws:index/getCallerIdentity:getCallerIdentity") return { accountId: "123456789012", arn: "arn:aws:iam::123456789012:root", userId: "u", id: "123456789012" };
            if (a.token === "azure-native:authorization:getClientConfig") return { subscriptionId: "sub-1", tenantId: "tenant-1", clientId: "c", objectId: "o" };
            if (a.token === "gcp:storage/getProjectServiceAccount:getProjectServiceAccount") return { emailAddress: "gcs-agent@mock.iam", member: "serviceAccount:gcs-agent@mock.iam", id: "x" };
            return {};
        },
    }, "platform", stack, false);
    return recorded;
}

export function value<T>(o: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => o.apply((v) => { resolve(v); return v; }));
}

/** Waits until no new resource has been registered for a few ticks. */
export async function settle(recorded: Recorded[]): Promise<void> {
    let last = -1;
    let stable = 0;
    while (stable < 4) {
        await new Promise((r) => setTimeout(r, 20));
        stable = recorded.length === last ? stable + 1 : 0;
        last = recorded.length;
    }
}

export function one(recorded: Recorded[], type: string, name: string): Recorded {
    const found = recorded.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}: ${recorded.map((r) => `${r.type} ${r.name}`).join(", ")}`);
    return found[0];
}

/** Provider reference strings look like `urn:...::pulumi:providers:aws::<name>::<id>`. */
export function providerName(r: Recorded): string | undefined {
    const m = /pulumi:providers:[^:]+::([^:]+)::/.exec(r.provider ?? "");
    return m?.[1];
}
