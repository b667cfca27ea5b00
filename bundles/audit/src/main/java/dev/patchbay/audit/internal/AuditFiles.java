package dev.patchbay.audit.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of one audit log: the current file (e.g. {@code patchbay-audit.json}) and the
 * files rotated out of it, named after the moment of rotation
 * ({@code patchbay-audit-20261122T043715.123Z.json}, with {@code -1}, {@code -2} ... when two
 * rotations share a millisecond), so that their names sort in the order they were written.
 */
public final class AuditFiles {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path current;
    private final String stem;
    private final String extension;
    private final Pattern rotatedName;

    public AuditFiles(Path current) {
        this.current = current.toAbsolutePath().normalize();
        String name = this.current.getFileName().toString();
        int dot = name.lastIndexOf('.');
        this.stem = dot > 0 ? name.substring(0, dot) : name;
        this.extension = dot > 0 ? name.substring(dot) : "";
        this.rotatedName = Pattern.compile(Pattern.quote(stem) + "-(\\d{8}T\\d{6}\\.\\d{3}Z)(?:-(\\d+))?"
                + Pattern.quote(extension));
    }

    public Path current() {
        return current;
    }

    public Path directory() {
        return current.getParent();
    }

    /**
     * A name for the file rotated out at {@code now} that sorts after every rotated file of
     * that millisecond: past the highest suffix still there, never a lower name retention has
     * freed (which would sort the newest file before older ones and break the chain's order).
     */
    Path nextRotatedName(Instant now) throws IOException {
        String stamp = STAMP.format(now);
        int highest = -1;
        for (Path f : rotated()) {
            if (stamp.equals(part(f, 1))) {
                String n = part(f, 2);
                highest = Math.max(highest, n == null ? 0 : Integer.parseInt(n));
            }
        }
        String base = stem + "-" + stamp;
        return directory().resolve(highest < 0 ? base + extension : base + "-" + (highest + 1) + extension);
    }

    /** The rotated files, oldest first. */
    public List<Path> rotated() throws IOException {
        if (!Files.isDirectory(directory())) {
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory())) {
            files.filter(f -> rotatedName.matcher(f.getFileName().toString()).matches()).forEach(found::add);
        }
        found.sort(Comparator.comparing((Path f) -> part(f, 1)).thenComparingInt(f -> {
            String n = part(f, 2);
            return n == null ? 0 : Integer.parseInt(n);
        }));
        return found;
    }

    /** Every file of the log, oldest first, the current one last (if it exists). */
    public List<Path> all() throws IOException {
        List<Path> all = new ArrayList<>(rotated());
        if (Files.exists(current)) {
            all.add(current);
        }
        return all;
    }

    /** When a rotated file was rotated out (from its name), or null if it is not one of this log's. */
    Instant rotatedAt(Path rotatedFile) {
        String stamp = part(rotatedFile, 1);
        try {
            return stamp == null ? null : Instant.from(STAMP.parse(stamp));
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    private String part(Path f, int group) {
        Matcher m = rotatedName.matcher(f.getFileName().toString());
        return m.matches() ? m.group(group) : null;
    }
}
