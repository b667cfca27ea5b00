package dev.patchbay.audit.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tamper-evidence scheme of the audit log. Every line ends with
 * {@code ,"prev":"<hex>","hash":"<hex>"}, where {@code prev} is the hash of the line before
 * (in the same file or, for a file's first line, in the file rotated before it; 64 zeros for
 * the very first line) and
 *
 * <pre>hash = hex(SHA-256(UTF-8(prev + body)))</pre>
 *
 * with {@code body} the line's text with the {@code ,"hash":"..."} member removed, i.e. the
 * JSON object from <code>{</code> to <code>}</code> that ends with the {@code prev} member.
 * Changing any byte of a line changes its hash; recomputing that hash breaks the next
 * line's {@code prev}.
 */
public final class HashChain {

    /** The {@code prev} of the first line ever written. */
    public static final String GENESIS = "0".repeat(64);

    private static final Pattern TAIL = Pattern.compile(",\"prev\":\"([0-9a-f]{64})\",\"hash\":\"([0-9a-f]{64})\"}$");

    private HashChain() {
    }

    /**
     * Seals a line: appends the {@code prev} and {@code hash} members to {@code openObject}, a
     * JSON object's text without its closing brace.
     */
    public static Sealed seal(StringBuilder openObject, String prev) {
        openObject.append(",\"prev\":\"").append(prev).append('"');
        String body = openObject + "}";
        String hash = hash(prev, body);
        String line = openObject.append(",\"hash\":\"").append(hash).append("\"}").toString();
        return new Sealed(line, hash);
    }

    /** A sealed line (without its line end) and its hash. */
    public record Sealed(String line, String hash) {
    }

    /** The parts of a sealed line, or {@code null} if the line does not end like one. */
    public static Parsed parse(String line) {
        Matcher m = TAIL.matcher(line);
        if (!m.find()) {
            return null;
        }
        int hashMember = line.lastIndexOf(",\"hash\":\"");
        String body = line.substring(0, hashMember) + "}";
        return new Parsed(m.group(1), m.group(2), body);
    }

    /**
     * @param prev the line's {@code prev}
     * @param hash the line's {@code hash}
     * @param body the line without its hash member
     */
    public record Parsed(String prev, String hash, String body) {

        /** Whether {@code hash} is the hash of {@code prev} and the body. */
        public boolean hashMatches() {
            return hash.equals(HashChain.hash(prev, body));
        }
    }

    static String hash(String prev, String body) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(prev.getBytes(UTF_8));
            return HexFormat.of().formatHex(sha256.digest(body.getBytes(UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
