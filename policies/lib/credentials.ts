/**
 * The credential heuristic of the ConfigMap and env rules. Key names are compared without case or
 * separators (`PGPASSWORD`, `db-password`, `dbPassword` and `DB_PASSWORD` are one name), and values
 * that are credentials by their shape are caught whatever their key. Messages never echo the value.
 */

/** Words that make a key name a credential wherever they appear in it. */
const SENSITIVE_WORDS = [
    "password", "passwd", "passphrase", "secret", "token", "apikey", "privatekey", "credential", "accesskey",
    "connectionstring", "connstr", "signingkey", "encryptionkey", "masterkey", "sessionkey", "authkey",
];

/**
 * Key endings that name a reference to a credential (where it lives, how long it lasts), each with the
 * value shape such a reference has: a credential stored under a reference-like name is still caught.
 */
const REFERENCES: [RegExp, RegExp][] = [
    [/(file|path|dir|directory|mount)$/, /^(\/|\.\/|~\/)\S*$/],
    [/(name|ref|secretname|secretref|keyname|keyref)$/, /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/],
    [/(ttl|expiry|expires|expiresin|seconds|minutes|hours|timeout|interval|duration|length|size|count|version)$/, /^\d+(\.\d+)?(ms|s|m|h|d)?$/],
    [/(url|uri|endpoint|issuer|audience)$/, /^https?:\/\/[^\s@]+$/],
    [/(header|headername|type|mode|algorithm|alg|scheme)$/, /^[A-Za-z][A-Za-z0-9_-]{0,39}$/],
];

/** Values that are credentials whatever their key. */
const SENSITIVE_VALUES: [RegExp, string][] = [
    [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, "an AWS access key id"],
    [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a PEM private key"],
    [/(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/i, "a URL with an embedded password"],
    [/(^|;)\s*(password|pwd|accountkey|sharedaccesskey)\s*=\s*[^;\s]+/i, "a connection string with a password or key"],
    [/(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, "a JSON web token"],
    [/\bgh[pousr]_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{22,}/, "a GitHub token"],
    [/\bglpat-[A-Za-z0-9_-]{20,}/, "a GitLab token"],
    [/\b(sk|rk)_(live|test)_[A-Za-z0-9]{16,}/, "a Stripe secret key"],
    [/\bxox[abposr]-[A-Za-z0-9-]{10,}/, "a Slack token"],
    [/https:\/\/hooks\.slack\.com\/(services|workflows|triggers)\/\S+/, "a Slack webhook URL"],
    [/https:\/\/(discord|discordapp)\.com\/api\/webhooks\/\S+/, "a Discord webhook URL"],
    [/\bAIza[0-9A-Za-z_-]{35}\b/, "a Google API key"],
    [/(?<![A-Za-z0-9_-])sk-(proj-|ant-)?[A-Za-z0-9_-]{20,}/, "an OpenAI/Anthropic API key"],
    [/\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/, "a SendGrid API key"],
    [/\bnpm_[A-Za-z0-9]{36}\b/, "an npm token"],
    [/\bkey-[0-9a-f]{32}\b/, "a Mailgun API key"],
];

/** A value shaped like a generated key: 20+ characters of a token alphabet, with letters and digits. */
const RANDOM_KEY = /^(?=.*[A-Za-z])(?=.*\d)[A-Za-z0-9+/=_.-]{20,}$/;
const URL = /^[a-z][a-z0-9+.-]*:\/\//i;

/** The key name as one lowercase word: case and separators do not matter. */
export function normalizedKey(key: string): string {
    return key.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** Why a key/value pair looks like a credential, or undefined when it does not. */
export function credentialReason(key: string, value: unknown, allowedKeys: string[]): string | undefined {
    if (typeof value !== "string" || value === "" || allowedKeys.includes(key)) {
        return undefined;
    }
    for (const [re, what] of SENSITIVE_VALUES) {
        if (re.test(value)) {
            return `value of "${key}" looks like ${what}`;
        }
    }
    const name = normalizedKey(key);
    if (name.includes("webhook") && URL.test(value.trim())) {
        return `"${key}" holds a webhook URL, whose path is the credential`;
    }
    if (/^(true|false|\d+)$/i.test(value) || REFERENCES.some(([suffix, shape]) => suffix.test(name) && shape.test(value.trim()))) {
        return undefined;
    }
    if (SENSITIVE_WORDS.some(w => name.includes(w)) || (name.endsWith("pwd") && name !== "pwd")) {
        return `"${key}" holds a literal value that looks like a credential`;
    }
    if (name.endsWith("key") && RANDOM_KEY.test(value)) {
        return `"${key}" holds a literal value shaped like a generated key`;
    }
    return undefined;
}
