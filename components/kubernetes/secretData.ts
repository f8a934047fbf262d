import * as pulumi from "@pulumi/pulumi";

/**
 * A Secret's `data` from plain values: each value base64-encoded, keys sorted, the whole map a secret
 * Output. The Kubernetes provider stores a Secret's `stringData` as `data` when it checks it, so a program
 * that writes `stringData` registers one thing while the engine records (and `pulumi preview` diffs)
 * another; writing `data` keeps the program, the offline plan and the engine's state the same. A key
 * without a value is left out, as the provider leaves it out of the stored Secret.
 */
export function secretData(values: pulumi.Input<Record<string, pulumi.Input<string | undefined>>>): pulumi.Output<Record<string, string>> {
    return pulumi.secret(pulumi.output(values).apply((plain) =>
        Object.fromEntries(Object.entries(plain)
            .filter((e): e is [string, string] => e[1] !== undefined)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, v]) => [k, Buffer.from(v, "utf8").toString("base64")])),
    ));
}
