package dev.patchbay.audit.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Replaces the values of secret-looking keys by {@value #MASK}: in details (at any depth),
 * in configuration changes and in console command lines. A key is secret when its name
 * contains one of the built-in words or matches one of the operator's patterns; a value is
 * secret on its own when it holds PEM private key material. Immutable.
 */
public final class SecretRedactor {

    public static final String MASK = "***";

    /** Built-in secret key names, matched anywhere in the key, ignoring case. */
    static final Pattern BUILT_IN = Pattern.compile(
            "password|passwd|pwd|secret|token|passphrase|credential|private[._-]?key|api[._-]?key"
                    + "|key[._-]?(contents?|material|data|pem)|pem[._-]?key|keystore[._-]?pass"
                    // Redis's names for its passwords (the RESP endpoint's requirepass).
                    + "|requirepass|masterauth",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern PRIVATE_KEY_VALUE = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----");

    /** Console commands whose Nth positional argument is a password: {@code jaas:user-add <user> <password>}. */
    private static final Map<String, Integer> PASSWORD_ARGUMENT = Map.of(
            "jaas:user-add", 2, "jaas:useradd", 2, "user-add", 2, "useradd", 2);

    private static final Set<String> DETAIL_VALUE_KEYS = Set.of("value", "old", "new");

    private final List<Pattern> patterns;

    private SecretRedactor(List<Pattern> patterns) {
        this.patterns = patterns;
    }

    /** The built-in rules only. */
    public static SecretRedactor builtIn() {
        return new SecretRedactor(List.of(BUILT_IN));
    }

    /**
     * The built-in rules plus the operator's regular expressions, each found anywhere in a
     * key, ignoring case.
     *
     * @throws IllegalArgumentException naming the pattern that does not compile
     */
    public static SecretRedactor withPatterns(String... extra) {
        List<Pattern> all = new ArrayList<>();
        all.add(BUILT_IN);
        if (extra != null) {
            for (String p : extra) {
                if (p == null || p.isBlank()) {
                    continue;
                }
                try {
                    all.add(Pattern.compile(p.trim(), Pattern.CASE_INSENSITIVE));
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("redact.patterns: '" + p + "' is not a regular expression: "
                            + e.getDescription(), e);
                }
            }
        }
        return new SecretRedactor(List.copyOf(all));
    }

    /** Whether values under this key name are secret. */
    public boolean isSecretKey(String key) {
        if (key == null) {
            return false;
        }
        for (Pattern p : patterns) {
            if (p.matcher(key).find()) {
                return true;
            }
        }
        return false;
    }

    /** Whether a value is secret whatever its key (private key material). */
    public boolean isSecretValue(Object value) {
        return value instanceof CharSequence s && PRIVATE_KEY_VALUE.matcher(s).find();
    }

    /**
     * A copy of {@code details} with secret values masked: the value of a secret key at any
     * depth, a value holding private key material, and the {@code value}/{@code old}/{@code new}
     * beside a {@code key} entry that names a secret (as in configuration refusals).
     */
    public Map<String, Object> redact(Map<String, ?> details) {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean siblingKeyIsSecret = details.get("key") instanceof CharSequence k && anySecretKey(k.toString());
        for (Map.Entry<String, ?> e : details.entrySet()) {
            String key = e.getKey();
            Object value = e.getValue();
            if (isSecretKey(key) || (siblingKeyIsSecret && DETAIL_VALUE_KEYS.contains(key))) {
                out.put(key, maskAll(value));
            } else {
                out.put(key, redactValue(value));
            }
        }
        return out;
    }

    /** Keeps a map's shape (e.g. a change's old and new) and masks every value in it. */
    private static Object maskAll(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), maskAll(v)));
            return out;
        }
        return value == null ? null : MASK;
    }

    /** A refusal may name several keys, comma separated. */
    private boolean anySecretKey(String keys) {
        for (String k : keys.split(",")) {
            if (isSecretKey(k.trim())) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private Object redactValue(Object value) {
        if (value instanceof Map<?, ?> m) {
            return redact((Map<String, ?>) m);
        }
        if (value instanceof List<?> l) {
            List<Object> copy = new ArrayList<>(l.size());
            for (Object item : l) {
                copy.add(redactValue(item));
            }
            return copy;
        }
        return isSecretValue(value) ? MASK : value;
    }

    private static final Pattern TOKEN = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"?|'[^']*'?|\\S+");

    /**
     * A console command line with secrets masked: the word after a secret-looking key
     * ({@code config:property-set -p x password xyz}, {@code --password xyz}), the value in a
     * secret {@code key=value} word, the password argument of {@code jaas:user-add}, and PEM
     * private keys. Spacing and the other words are kept as typed.
     */
    public String redactCommandLine(String line) {
        if (line == null) {
            return null;
        }
        if (PRIVATE_KEY_VALUE.matcher(line).find()) {
            line = line.replaceAll("(?s)-----BEGIN [A-Z ]*PRIVATE KEY-----.*?(-----END [A-Z ]*PRIVATE KEY-----|$)", MASK);
        }
        StringBuilder out = new StringBuilder(line.length());
        Matcher m = TOKEN.matcher(line);
        int last = 0;
        boolean maskNext = false;
        int positional = -1;
        int passwordArgument = -1;
        while (m.find()) {
            out.append(line, last, m.start());
            last = m.end();
            String token = m.group();
            String bare = unquote(token);
            if (bare.equals(";") || bare.equals("|")) {
                // A new command begins.
                out.append(token);
                maskNext = false;
                positional = -1;
                passwordArgument = -1;
                continue;
            }
            if (positional == -1) {
                passwordArgument = PASSWORD_ARGUMENT.getOrDefault(bare, -1);
                positional = 0;
                out.append(token);
                continue;
            }
            if (maskNext) {
                out.append(MASK);
                maskNext = false;
                if (!bare.startsWith("-")) {
                    positional++;
                }
                continue;
            }
            int eq = bare.indexOf('=');
            if (eq > 0 && isSecretKey(stripDashes(bare.substring(0, eq)))) {
                out.append(token, 0, token.indexOf('=') + 1).append(MASK);
                continue;
            }
            if (!bare.startsWith("-")) {
                positional++;
                if (positional == passwordArgument) {
                    out.append(MASK);
                    continue;
                }
            }
            if (isSecretKey(stripDashes(bare))) {
                maskNext = true;
            }
            out.append(token);
        }
        out.append(line.substring(last));
        return out.toString();
    }

    private static String unquote(String token) {
        if (token.length() >= 2 && (token.startsWith("\"") && token.endsWith("\"")
                || token.startsWith("'") && token.endsWith("'"))) {
            return token.substring(1, token.length() - 1);
        }
        return token;
    }

    private static String stripDashes(String word) {
        int i = 0;
        while (i < word.length() && word.charAt(i) == '-') {
            i++;
        }
        return word.substring(i);
    }
}
