/** Key names that suggest a credential (matched case-insensitively on word parts). */
const SENSITIVE_KEY = /(^|[_\-.])(password|passwd|pwd|secret|token|api[_-]?key|apikey|private[_-]?key|credentials?|access[_-]?key|client[_-]?secret|connection[_-]?string)($|[_\-.])/i;
/** Key suffixes that name a reference to a credential, not the credential. */
const REFERENCE_SUFFIX = /[_\-.](file|path|name|ref|secret[_-]?name|ttl|expiry|seconds|header)$/i;
/** Values that are credentials whatever their key. */
const SENSITIVE_VALUES: [RegExp, string][] = [
    [/AKIA[0-9A-Z]{16}/, "an AWS access key id"],
    [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a PEM private key"],
    [/[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/i, "a URL with an embedded password"],
    [/eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/, "a JSON web token"],
    [/gh[pousr]_[A-Za-z0-9]{36}/, "a GitHub token"],
];

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
    const words = key.replace(/([a-z0-9])([A-Z])/g, "$1_$2");
    if (SENSITIVE_KEY.test(words) && !REFERENCE_SUFFIX.test(words) && !/^(true|false|\d+)$/i.test(value)) {
        return `"${key}" holds a literal value that looks like a credential`;
    }
    return undefined;
}
