package dev.patchbay.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Which files the distribution ships in {@code etc/}, so the kit rewrites only the ports of
 * endpoints that exist. Read from the unpacked assembly beside the archive when there is one
 * (Patchbay's own build), else from the archive itself (a handler project's build, which has
 * the archive from the Maven repository only).
 */
final class DistributionLayout {

    /** The files of etc/ whose text the kit reads. */
    private static final Set<String> READ = Set.of("org.apache.karaf.features.cfg");

    private final Set<String> etcFiles;
    private final Map<String, byte[]> contents;

    private DistributionLayout(Set<String> etcFiles, Map<String, byte[]> contents) {
        this.etcFiles = etcFiles;
        this.contents = contents;
    }

    static DistributionLayout of(File archive) throws IOException {
        File assemblyEtc = new File(archive.getParentFile(), "assembly/etc");
        if (assemblyEtc.isDirectory()) {
            Set<String> names = new HashSet<>();
            Map<String, byte[]> contents = new HashMap<>();
            String[] listed = assemblyEtc.list();
            for (String name : listed == null ? new String[0] : listed) {
                names.add(name);
                if (READ.contains(name)) {
                    contents.put(name, Files.readAllBytes(new File(assemblyEtc, name).toPath()));
                }
            }
            return new DistributionLayout(names, contents);
        }
        return fromArchive(archive);
    }

    boolean hasEtcFile(String name) {
        return etcFiles.contains(name);
    }

    Optional<Properties> etcProperties(String name) throws IOException {
        byte[] bytes = contents.get(name);
        if (bytes == null) {
            return Optional.empty();
        }
        Properties p = new Properties();
        p.load(new ByteArrayInputStream(bytes));
        return Optional.of(p);
    }

    /** Walks the tar.gz (ustar, GNU long names and pax headers) for {@code <top>/etc/<file>}. */
    private static DistributionLayout fromArchive(File archive) throws IOException {
        Set<String> names = new HashSet<>();
        Map<String, byte[]> contents = new HashMap<>();
        try (InputStream file = Files.newInputStream(archive.toPath());
                DataInputStream in = new DataInputStream(new GZIPInputStream(file, 65536))) {
            byte[] header = new byte[512];
            String longName = null;
            while (true) {
                in.readFully(header);
                if (header[0] == 0) {
                    break;
                }
                long size = Long.parseLong(text(header, 124, 12).trim().isEmpty() ? "0" : text(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                String name = text(header, 0, 100);
                if ("ustar".equals(text(header, 257, 5)) && !text(header, 345, 155).isEmpty()) {
                    name = text(header, 345, 155) + "/" + name;
                }
                if (longName != null) {
                    name = longName;
                    longName = null;
                }
                long padded = (size + 511) / 512 * 512;
                if (type == 'L' || type == 'x') {
                    byte[] data = new byte[(int) size];
                    in.readFully(data);
                    in.skipNBytes(padded - size);
                    longName = type == 'L' ? text(data, 0, data.length) : paxPath(data);
                    continue;
                }
                String etcName = etcFileName(name);
                if (etcName != null && (type == '0' || type == 0)) {
                    names.add(etcName);
                    if (READ.contains(etcName)) {
                        byte[] data = new byte[(int) size];
                        in.readFully(data);
                        contents.put(etcName, data);
                        in.skipNBytes(padded - size);
                        continue;
                    }
                }
                in.skipNBytes(padded);
            }
        }
        return new DistributionLayout(names, contents);
    }

    /** {@code etc/x.cfg} directly under the archive's top directory, else null. */
    private static String etcFileName(String path) {
        String[] parts = path.split("/");
        return parts.length == 3 && parts[1].equals("etc") ? parts[2] : null;
    }

    private static String paxPath(byte[] data) {
        for (String record : new String(data, UTF_8).split("\n")) {
            int eq = record.indexOf(" path=");
            if (eq > 0) {
                return record.substring(eq + " path=".length());
            }
        }
        return null;
    }

    private static String text(byte[] b, int offset, int length) {
        int end = offset;
        while (end < offset + length && b[end] != 0) {
            end++;
        }
        return new String(b, offset, end - offset, UTF_8);
    }
}
