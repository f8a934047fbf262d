// Hostile egress edits of the shipped stack files: every one is refused by the schema, naming the key.
import * as assert from "node:assert/strict";
import { configProblems as problems, configProblems, rawValues as raw, shippedValues, type Values } from "../support/config";

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
            "platform:apps[0].allowTo[3].cidr: expected an IPv6 range outside ::ffff:0:0/96 (ipv4Mapped: it carries IPv4 addresses, so an egress there escapes the IPv4 bounds; write an IPv4 range as IPv4), found \"::ffff:0:0/96\"",
            "platform:apps[0].allowTo[4].cidr: expected a destination outside 169.254.0.0/16 (link-local: the cloud metadata service at 169.254.169.254 hands out the node's credentials), found \"169.254.169.254/32\"",
        ]);
        assert.deepEqual(problems(withAllowTo("dev", [{ cidr: "10.0.0.0/33", ports: [1] }]), "dev"), [
            "platform:apps[0].allowTo[0].cidr: expected a CIDR such as \"10.0.0.0/16\", found \"10.0.0.0/33\"",
        ]);
    });

    it("refuses every IPv6 range that carries IPv4 addresses, by ipaddr.js's special ranges, inside or around them (#23 class 5)", () => {
        const carrying: Array<[string, string, string]> = [
            ["64:ff9b::/96", "64:ff9b::/96", "rfc6052"],                // NAT64: all of IPv4, the metadata address included
            ["64:ff9b::a9fe:a9fe/128", "64:ff9b::/96", "rfc6052"],     // 169.254.169.254 through NAT64
            ["64:ff9b:1::/48", "64:ff9b:1::/48", "rfc6052"],           // local-use NAT64
            ["2002:a9fe::/32", "2002::/16", "6to4"],                    // 6to4 of 169.254.0.0/16
            ["::/64", "::ffff:0:0/96", "ipv4Mapped"],                   // narrow enough, yet it contains the IPv4-mapped block
            ["::ffff:a9fe:a9fe/128", "::ffff:0:0/96", "ipv4Mapped"],
            ["::ffff:0:0:0/96", "::ffff:0:0:0/96", "rfc6145"],
            ["2001:0:a9fe::/48", "2001::/32", "teredo"],
        ];
        for (const [cidr, range, name] of carrying) {
            assert.deepEqual(problems(withAllowTo("dev", [{ cidr, ports: [443] }]), "dev"), [
                `platform:apps[0].allowTo[0].cidr: expected an IPv6 range outside ${range} (${name}: it carries IPv4 addresses, so an egress there escapes the IPv4 bounds; write an IPv4 range as IPv4), found ${JSON.stringify(cidr)}`,
            ], cidr);
        }
        for (const cidr of ["2001:db8:1::/48", "fd12:3456::/48", "2600:1f18::/36"]) assert.deepEqual(problems(withAllowTo("dev", [{ cidr, ports: [443] }]), "dev"), [], cidr);
    });

    it("refuses peers in the cluster's and the platform's namespaces, peers selecting every pod, and unbounded lists (#23 class 5)", () => {
        assert.deepEqual(problems(withAllowTo("dev", [
            { namespace: "kube-system", ports: [53] },
            { namespace: "monitoring", ports: [9090] },
            { namespace: "partners", podLabels: {}, ports: [443] },
        ]), "dev"), [
            "platform:apps[0].allowTo[0].namespace: expected an app namespace, not the kube- prefix is reserved for Kubernetes system namespaces (kube-system, kube-public, kube-node-lease), found \"kube-system\"",
            "platform:apps[0].allowTo[1].namespace: expected an app namespace, not the platform's monitoring namespace, whose Prometheus scrapes every app, found \"monitoring\"",
            "platform:apps[0].allowTo[2].podLabels: expected at least one label: {} selects every pod (name the namespace alone to admit all of it), found an object",
        ]);
        const from = shippedValues("dev", (v: any) => (v.apps[0].allowFrom = [{ namespace: "default" }, { namespace: "gateway", podLabels: { app: "x" } }, { podLabels: {} }])); // eslint-disable-line @typescript-eslint/no-explicit-any
        assert.deepEqual(configProblems(from, "dev"), [
            "platform:apps[0].allowFrom[0].namespace: expected an app namespace, not Kubernetes' default namespace, where every object without a namespace lands, found \"default\"",
            "platform:apps[0].allowFrom[1].namespace: expected an app namespace, not the platform's shared gateway namespace, which fronts every app, found \"gateway\"",
            "platform:apps[0].allowFrom[2].podLabels: expected at least one label: {} selects every pod (name the namespace alone to admit all of it), found an object",
        ]);
        const many = Array.from({ length: 21 }, (_, i) => ({ namespace: `team-${i}`, ports: [443] }));
        assert.deepEqual(problems(withAllowTo("dev", many), "dev"), ["platform:apps[0].allowTo: expected a list with <= 20 items (each destination widens the app's egress), found a list of 21"]);
        assert.deepEqual(problems(withAllowTo("dev", many.slice(0, 20)), "dev"), []);
        const manyFrom = shippedValues("dev", (v: any) => (v.apps[0].allowFrom = Array.from({ length: 21 }, (_, i) => ({ namespace: `team-${i}` })))); // eslint-disable-line @typescript-eslint/no-explicit-any
        assert.deepEqual(configProblems(manyFrom, "dev"), ["platform:apps[0].allowFrom: expected a list with <= 20 items (each peer widens the app's ingress), found a list of 21"]);
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

describe("sizes a stack file may not exceed (#23 class 8)", () => {
    it("refuses a 700 kB env value and more than 100 variables, without echoing the value", () => {
        const huge = shippedValues("dev", (values: any) => (values.apps[0].env = { BIG: "x".repeat(700_000) })); // eslint-disable-line @typescript-eslint/no-explicit-any
        const lines = configProblems(huge, "dev");
        assert.equal(lines.length, 1);
        assert.match(lines[0], /^platform:apps\[0\]\.env\.BIG: expected a string of <= 32768 characters \(a larger value belongs in a mounted file or a Secret\), found "x{57}\.\.\."$/);
        const many = shippedValues("dev", (values: any) => (values.apps[0].env = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`V${i}`, "1"])))); // eslint-disable-line @typescript-eslint/no-explicit-any
        assert.deepEqual(configProblems(many, "dev"), ["platform:apps[0].env: expected at most 100 variables, found an object"]);
        const fits = shippedValues("dev", (values: any) => (values.apps[0].env = { ...Object.fromEntries(Array.from({ length: 99 }, (_, i) => [`V${i}`, "1"])), BIG: "x".repeat(32_768) })); // eslint-disable-line @typescript-eslint/no-explicit-any
        assert.deepEqual(configProblems(fits, "dev"), []);
    });
});
