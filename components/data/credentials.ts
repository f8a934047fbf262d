import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes/provider";
import { Secret } from "@pulumi/kubernetes/core/v1";
import { RandomPassword } from "@pulumi/random";
import { DB_ADMIN_USER, DB_NAME } from "./common";
import { secretData } from "../kubernetes/secretData";


/** A 32-character password (letters and digits, accepted by RDS, Azure and Cloud SQL); its result is secret. */
export function databasePassword(name: string, parent: pulumi.Resource): RandomPassword {
    return new RandomPassword(`${name}-db-password`, { length: 32, special: false, minLower: 4, minUpper: 4, minNumeric: 4 }, { parent });
}

export interface DatabaseSecretArgs {
    readonly namespace: pulumi.Input<string>;
    /** Name of the Secret. */
    readonly secretName: string;
    readonly host: pulumi.Input<string>;
    readonly port: pulumi.Input<number>;
    readonly password: pulumi.Output<string>;
    readonly labels: Readonly<Record<string, string>>;
    readonly provider: k8s.Provider;
}

/**
 * The connection Secret in the app namespace. The password stays a secret Output end to end
 * (`pulumi.secret` is applied again so a non-secret input can never leak).
 */
export function databaseSecret(name: string, args: DatabaseSecretArgs, parent: pulumi.Resource): Secret {
    const password = pulumi.secret(args.password);
    return new Secret(`${name}-db-secret`, {
        metadata: { name: args.secretName, namespace: args.namespace, labels: { ...args.labels } },
        type: "Opaque",
        data: secretData({
            host: args.host,
            port: pulumi.output(args.port).apply((p) => String(p)),
            database: DB_NAME,
            username: DB_ADMIN_USER,
            password,
            sslmode: "require",
            url: pulumi.secret(pulumi.interpolate`postgresql://${DB_ADMIN_USER}:${password}@${args.host}:${args.port}/${DB_NAME}?sslmode=require`),
        }),
    }, { parent, provider: args.provider });
}
