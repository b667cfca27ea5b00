package dev.patchbay.audit.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the hash chain of audit files (see {@link HashChain}): every line's hash matches its
 * content, and every line's {@code prev} is the hash of the line before it, across files in
 * the order given. The first line checked is taken on trust for its {@code prev} (its
 * predecessor may have been deleted by retention), unless it is the genesis line.
 */
public final class ChainVerifier {

    private ChainVerifier() {
    }

    /**
     * The outcome: {@code ok} with the number of lines checked, or where the chain breaks
     * first (file, 1-based line number in that file) and why.
     */
    public record Result(boolean ok, long linesChecked, Path file, long line, String reason, String firstPrev,
            List<FileReport> files) {

        static Result ok(long lines, String firstPrev, List<FileReport> files) {
            return new Result(true, lines, null, 0, null, firstPrev, files);
        }

        public String describe() {
            if (ok) {
                return "OK: " + linesChecked + " lines checked, chain intact";
            }
            return "BROKEN at " + file + " line " + line + ": " + reason + " (" + linesChecked
                    + " lines before it verified)";
        }
    }

    /**
     * One file checked: how many of its lines, and the {@code ts} of the first and last of them
     * (null if none), so that a reader knows which time the checked log covers.
     */
    public record FileReport(Path file, long lines, String firstTs, String lastTs) {

        public String describe() {
            return file.getFileName() + ": " + lines + " lines" + (firstTs == null ? "" : ", " + firstTs + " .. " + lastTs);
        }
    }

    public static Result verify(List<Path> files) throws IOException {
        String expectedPrev = null;
        String firstPrev = null;
        long checked = 0;
        List<FileReport> reports = new ArrayList<>();
        for (Path file : files) {
            try (BufferedReader in = Files.newBufferedReader(file, UTF_8)) {
                long number = 0;
                String firstTs = null;
                String lastTs = null;
                String line;
                while ((line = in.readLine()) != null) {
                    number++;
                    HashChain.Parsed parsed = HashChain.parse(line);
                    if (parsed == null) {
                        return new Result(false, checked, file, number,
                                "not a sealed audit line (no prev and hash at its end: cut short or edited)", firstPrev, reports);
                    }
                    if (!parsed.hashMatches()) {
                        return new Result(false, checked, file, number,
                                "the hash does not match the line's content: the line was changed", firstPrev, reports);
                    }
                    if (expectedPrev == null) {
                        firstPrev = parsed.prev();
                    } else if (!expectedPrev.equals(parsed.prev())) {
                        return new Result(false, checked, file, number,
                                "prev does not match the hash of the line before it: a line was removed, "
                                        + "inserted or rewritten before this one", firstPrev, reports);
                    }
                    expectedPrev = parsed.hash();
                    checked++;
                    lastTs = ts(line);
                    if (firstTs == null) {
                        firstTs = lastTs;
                    }
                }
                reports.add(new FileReport(file, number, firstTs, lastTs));
            }
        }
        return Result.ok(checked, firstPrev, reports);
    }

    /** The ts member a sealed line begins with, or null. */
    static String ts(String line) {
        String prefix = "{\"ts\":\"";
        int end = line.indexOf('"', prefix.length());
        return line.startsWith(prefix) && end > 0 ? line.substring(prefix.length(), end) : null;
    }
}
