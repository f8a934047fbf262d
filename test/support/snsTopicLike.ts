import * as pulumi from "@pulumi/pulumi";

/** A minimal custom resource for runner tests (the mock monitor never calls a provider). */
export class SnsTopicLike extends pulumi.CustomResource {
    constructor(name: string, args: { policy: pulumi.Input<string> }, opts?: pulumi.CustomResourceOptions) {
        super("test:index:Topic", name, args, opts);
    }
}
