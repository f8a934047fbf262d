// The credential heuristic behind k8s-no-credentials-in-env and k8s-no-credentials-in-configmaps:
// hostile names and values it must catch, and the settings it must leave alone.
import * as assert from "assert";
import { credentialReason, normalizedKey } from "../../policies/lib/credentials";
import { noCredentialsInConfigMaps } from "../../policies/kubernetes/noCredentialsInConfigMaps";
import { noCredentialsInEnv } from "../../policies/kubernetes/noCredentialsInEnv";
import { C0, DEPLOYMENT, secureDeployment } from "./fixtures";
import { edit, runResource } from "./harness";

// Vendor-shaped values are assembled from parts so this file never holds a literal that looks like a live key.
const stripe = ["sk", "live", "4eC39HqLyjWDarjtT1zdp7dc"].join("_");
const slackBot = ["xoxb", "1234567890", "0987654321", "AbCdEfGhIjKlMnOpQrStUvWx"].join("-");
const slackHook = `https://hooks.slack.com/services/${["T00000000", "B00000000", "XXXXXXXXXXXXXXXXXXXXXXXX"].join("/")}`;
const aws = "AKIA" + "IOSFODNN7EXAMPLE";
const google = "AIza" + "SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q";
const openai = ["sk", "proj", "abcdefghijklmnopqrstuvwxyz0123"].join("-");
const github = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";

const caught: [string, string, RegExp][] = [
    ["PGPASSWORD", "hunter2hunter2", /^"PGPASSWORD" holds a literal value that looks like a credential$/],
    ["MYSQL_PWD", "hunter2", /"MYSQL_PWD" holds a literal value/],
    ["dbpassword", "hunter2", /"dbpassword" holds a literal value/],
    ["db-Password", "hunter2", /"db-Password" holds a literal value/],
    ["APITOKEN", "abc", /"APITOKEN" holds a literal value/],
    ["clientSecret", "abc", /"clientSecret" holds a literal value/],
    ["SLACK_WEBHOOK", "https://example.org/hooks/123/abc", /^"SLACK_WEBHOOK" holds a webhook URL, whose path is the credential$/],
    ["ALERTWEBHOOKURL", "https://alerts.example.org/hook/abc", /"ALERTWEBHOOKURL" holds a webhook URL/],
    ["PAGER", slackHook, /^value of "PAGER" looks like a Slack webhook URL$/],
    ["STRIPE_KEY", stripe, /^value of "STRIPE_KEY" looks like a Stripe secret key$/],
    ["SLACK_KEY", slackBot, /looks like a Slack token/],
    ["AWS_KEY", aws, /looks like an AWS access key id/],
    ["MAPS_KEY", google, /looks like a Google API key/],
    ["LLM_KEY", openai, /looks like an OpenAI\/Anthropic API key/],
    ["SETTINGS", `token=${github}`, /looks like a GitHub token/],
    ["LICENSEKEY", "3f9a7c2e1b8d4f6a0c5e9b7d", /^"LICENSEKEY" holds a literal value shaped like a generated key$/],
    ["DATADOG_KEY", "0123456789abcdef0123456789abcdef", /shaped like a generated key/],
    ["DB", "Server=db;Database=app;User Id=app;Password=hunter2;", /looks like a connection string with a password or key/],
    ["PASSWORD_FILE", "hunter2", /"PASSWORD_FILE" holds a literal value/],
    ["TOKEN_NAME", "Sup3r Secret!", /"TOKEN_NAME" holds a literal value/],
];

const benign: [string, string][] = [
    ["LOG_LEVEL", "info"], ["PASSWORD_FILE", "/run/secrets/pw"], ["TOKEN_TTL_SECONDS", "3600"], ["DB_PASSWORD_SECRET_NAME", "web-db"],
    ["TOKEN_URL", "https://auth.example.org/oauth/token"], ["AUTH_TOKEN_HEADER", "X-Auth-Token"], ["JWT_SECRET_ALGORITHM", "HS256"],
    ["PWD", "/app"], ["CACHE_KEY", "users:v1"], ["SORT_KEY", "created_at"], ["KEYCLOAK_URL", "https://sso.example.org"],
    ["REQUIRE_PASSWORD", "true"], ["MAX_TOKENS", "4096"], ["WEBHOOK_TIMEOUT_SECONDS", "30"], ["GATE_URLS", "http://checkout-canary:80/ready"],
];

describe("credential heuristic", () => {
    it("compares key names without case or separators", () => {
        assert.deepStrictEqual(["PGPASSWORD", "pg_password", "pg-Password", "pgPassword"].map(normalizedKey), ["pgpassword", "pgpassword", "pgpassword", "pgpassword"]);
    });
    for (const [key, value, expected] of caught) {
        it(`catches ${key}`, () => {
            const reason = credentialReason(key, value, []);
            assert.ok(reason !== undefined, "not caught");
            assert.match(reason, expected);
            assert.ok(!reason.includes(value), "the message echoes the value");
        });
    }
    for (const [key, value] of benign) {
        it(`leaves ${key}=${value} alone`, () => assert.strictEqual(credentialReason(key, value, []), undefined));
    }
    it("honours allowedKeys", () => assert.strictEqual(credentialReason("PGPASSWORD", "x", ["PGPASSWORD"]), undefined));
    it("k8s-no-credentials-in-env rejects PGPASSWORD and a Stripe key under *_KEY", () => {
        const env = [{ name: "PGPASSWORD", value: "hunter2hunter2" }, { name: "STRIPE_KEY", value: stripe }, { name: "LOG_LEVEL", value: "info" }];
        assert.deepStrictEqual(runResource(noCredentialsInEnv, DEPLOYMENT, edit(secureDeployment, `${C0}.env`, env)).messages, [
            'container "web": "PGPASSWORD" holds a literal value that looks like a credential',
            'container "web": value of "STRIPE_KEY" looks like a Stripe secret key',
        ]);
    });
    it("k8s-no-credentials-in-configmaps rejects a webhook URL and a Slack token", () => {
        const cm = { metadata: { name: "web" }, data: { ALERT_WEBHOOK: "https://alerts.example.org/hook/abc", notify: `bot=${slackBot}` } };
        assert.deepStrictEqual(runResource(noCredentialsInConfigMaps, "kubernetes:core/v1:ConfigMap", cm).messages, [
            'ConfigMap "ALERT_WEBHOOK" holds a webhook URL, whose path is the credential',
            'ConfigMap value of "notify" looks like a Slack token',
        ]);
    });
});
