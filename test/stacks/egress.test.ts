// Hostile egress edits of the shipped stack files: every one is refused by the schema, naming the key.
import * as assert from "node:assert/strict";
import { configProblems as problems, rawValues as raw, type Values } from "../support/config";

/** The stack's values with `allowTo` set on its first app. */
function withAllowTo(stack: string, allowTo: unknown[]): Values {
    const values = raw(stack);
    values.apps[0].allowTo = allowTo;
    return values;
}

const ports = (n: number) => Array.from({ length: n }, (_, i) => 8000 + i);

describe("egress config", () => {
    it("refuses an allowTo entry without a destination in every tier", () => {
        for (const stack of ["dev", "production"]) {
            assert.deepEqual(problems(withAllowTo(stack, [{ ports: [443] }]), stack), [
                "platform:apps[0].allowTo[0]: expected a destination: a cidr, a namespace, podLabels or both (an entry without one reaches every address on its ports), found an object",
            ]);
        }
    });

    it("refuses 0.0.0.0/0, ::/0, IPv4-mapped ranges and the metadata service in every tier, all at once", () => {
        const hostile = [
            { cidr: "0.0.0.0/0", ports: [443] },
            { cidr: "0.0.0.0/1", ports: [443] },
            { cidr: "::/0", ports: [443] },
            { cidr: "::ffff:0:0/96", ports: [443] },
            { cidr: "169.254.169.254/32", ports: [80] },
        ];
        assert.deepEqual(problems(withAllowTo("dev", hostile), "dev"), [
            "platform:apps[0].allowTo[0].cidr: expected a destination range of /8 or narrower for IPv4 in dev: /0 is every address, found \"0.0.0.0/0\"",
            "platform:apps[0].allowTo[1].cidr: expected a destination range of /8 or narrower for IPv4 in dev: /1 reaches far more than the services the app calls, found \"0.0.0.0/1\"",
            "platform:apps[0].allowTo[2].cidr: expected a destination range of /32 or narrower for IPv6 in dev: /0 is every address, found \"::/0\"",
            "platform:apps[0].allowTo[3].cidr: expected an IPv4 range written as IPv4: an IPv4-mapped IPv6 range (::ffff:0:0/96) escapes the IPv4 bounds, found \"::ffff:0:0/96\"",
            "platform:apps[0].allowTo[4].cidr: expected a destination outside 169.254.0.0/16 (link-local: the cloud metadata service at 169.254.169.254 hands out the node's credentials), found \"169.254.169.254/32\"",
        ]);
        assert.deepEqual(problems(withAllowTo("dev", [{ cidr: "10.0.0.0/33", ports: [1] }]), "dev"), [
            "platform:apps[0].allowTo[0].cidr: expected a CIDR such as \"10.0.0.0/16\", found \"10.0.0.0/33\"",
        ]);
    });

    it("bounds CIDR width and ports per destination in staging and production, not in dev", () => {
        const wide = [{ cidr: "10.0.0.0/8", ports: [5432] }, { namespace: "partners", ports: ports(11) }, { cidr: "2001:db8::/32", ports: [443] }];
        assert.deepEqual(problems(withAllowTo("production", wide), "production"), [
            "platform:apps[0].allowTo[0].cidr: expected a destination range of /16 or narrower for IPv4 in production: /8 reaches far more than the services the app calls, found \"10.0.0.0/8\"",
            "platform:apps[0].allowTo[1].ports: expected at most 10 ports for one destination in production (list only the ports the app calls), found 11",
            "platform:apps[0].allowTo[2].cidr: expected a destination range of /48 or narrower for IPv6 in production: /32 reaches far more than the services the app calls, found \"2001:db8::/32\"",
        ]);
        // Staging is held to production's bounds: it runs the same images with staging's secrets.
        assert.deepEqual(problems(withAllowTo("staging", wide), "staging"), problems(withAllowTo("production", wide), "production").map((p) => p.replace("in production", "in staging")));
        assert.equal(problems(withAllowTo("staging", wide), "staging").length, 3);
        assert.deepEqual(problems(withAllowTo("dev", wide), "dev"), []);
        assert.deepEqual(problems(withAllowTo("production", [{ cidr: "10.20.0.0/16", ports: ports(10) }, { podLabels: { app: "x" }, ports: [1, 1, 1] }]), "production"), []);
    });

    it("bounds a canary analysis' Prometheus CIDR the same way", () => {
        const values = raw("staging");
        const checkout = values.apps.find((a: Values) => a.name === "checkout");
        checkout.strategy.analysis.prometheusEgress = { cidr: "0.0.0.0/0", port: 9090 };
        assert.deepEqual(problems(values, "staging"), [
            `platform:apps[${values.apps.indexOf(checkout)}].strategy.analysis.prometheusEgress.cidr: expected a destination range of /16 or narrower for IPv4 in staging: /0 is every address, found "0.0.0.0/0"`,
            // The gate policy (stacks/gatePolicy.ts) refuses any egress but the platform's, too.
            `platform:apps[${values.apps.indexOf(checkout)}].strategy.analysis.prometheusEgress: expected no prometheusEgress, or exactly the platform's for http://prometheus-operated.monitoring:9090 ({"namespace":"monitoring","podLabels":{"app.kubernetes.io/name":"prometheus"},"port":9090}), found {"cidr":"0.0.0.0/0","port":9090}`,
        ]);
    });

    describe("the database's ranges", () => {
        it("are required with a database, per cloud, naming the key", () => {
            const staging = raw("staging");
            delete staging.network.aws.subnetCidrs;
            assert.deepEqual(problems(staging, "staging"), [
                "platform:network.aws.subnetCidrs: expected the CIDRs of subnetIds, in order: apps may reach the database port in those ranges only (not any address)",
            ]);
            const azure = raw("prod-azure", "test/fixtures/stacks/azure.yaml");
            delete azure.network.azure.primary.subnetCidr;
            assert.deepEqual(problems(azure, "prod-azure"), [
                "platform:network.azure.primary.subnetCidr: expected the delegated subnet's address prefix: apps may reach the database port in those ranges only (not any address)",
            ]);
            const gcp = raw("prod-gcp", "test/fixtures/stacks/gcp.yaml");
            delete gcp.network.gcp.privateServicesCidr;
            assert.deepEqual(problems(gcp, "prod-gcp"), [
                "platform:network.gcp.privateServicesCidr: expected the range allocated to private services access: apps may reach the database port in those ranges only (not any address)",
            ]);
        });

        it("must be private, no wider than a VPC, and one per subnet", () => {
            const staging = raw("staging");
            staging.network.aws.subnetCidrs = ["0.0.0.0/0", "10.0.0.0/8"];
            assert.deepEqual(problems(staging, "staging"), [
                "platform:network.aws.subnetCidrs[0]: expected a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10 or fc00::/7): the database never gets a public address, found \"0.0.0.0/0\"",
                "platform:network.aws.subnetCidrs[1]: expected a subnet range of /16 or narrower: apps reach the database port anywhere in it, found \"10.0.0.0/8\"",
            ]);
            staging.network.aws.subnetCidrs = ["10.10.1.0/24"];
            assert.deepEqual(problems(staging, "staging"), [
                "platform:network.aws.subnetCidrs: expected one CIDR per entry of subnetIds (2), in the same order, found a list of 1",
            ]);
        });
    });
});
