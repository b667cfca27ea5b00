package dev.patchbay.tls.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * What a watched file looks like now: a change in any part means it was replaced or edited.
 * The file key (inode) catches an editor's rename even when time and size look the same.
 * Symbolic links are followed, so a re-pointed link (as Kubernetes secrets do) counts too.
 *
 * @param path         the file
 * @param exists       whether it exists and can be read
 * @param modifiedNanos last modification time
 * @param size         size in bytes
 * @param fileKey      the file system's identity of the file, or {@code null}
 */
record FileStamp(Path path, boolean exists, long modifiedNanos, long size, Object fileKey) {

    static FileStamp of(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return new FileStamp(path, true, a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), a.size(),
                    a.fileKey());
        } catch (IOException e) {
            return new FileStamp(path, false, 0, 0, null);
        }
    }

    static List<FileStamp> of(List<Path> paths) {
        List<FileStamp> stamps = new ArrayList<>(paths.size());
        for (Path p : paths) {
            stamps.add(of(p));
        }
        return stamps;
    }

    static boolean exists(Path path) {
        return Files.exists(path, new LinkOption[0]);
    }
}
