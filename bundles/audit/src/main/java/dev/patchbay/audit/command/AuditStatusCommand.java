package dev.patchbay.audit.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import dev.patchbay.audit.internal.AuditClass;
import dev.patchbay.audit.internal.AuditLog;

@Service
@Command(scope = "patchbay", name = "audit-status",
        description = "Shows where the audit log is written, its files, and the events written and failed since the "
                + "bundle started. Any failure means events are missing from the log: see data/log/karaf.log (ERROR "
                + "lines starting with AUDIT WRITE FAILED) for why.")
public class AuditStatusCommand implements Action {

    @Reference
    private AuditLog audit;

    @Override
    public Object execute() throws Exception {
        System.out.println("file:            " + audit.currentFile());
        for (AuditClass c : AuditClass.values()) {
            List<Path> files = audit.files(c);
            long bytes = 0;
            for (Path f : files) {
                bytes += Files.size(f);
            }
            System.out.println(String.format("%-17s", c.label() + " files:") + files.size() + " (" + bytes + " bytes)"
                    + (files.isEmpty() ? "" : ", current " + files.get(files.size() - 1).getFileName()));
        }
        AuditLog.Status status = audit.status();
        System.out.println("events written:  " + audit.written());
        System.out.println("flood summary:   " + (status.floodThreshold() == 0 ? "off"
                : "beyond " + status.floodThreshold() + " session events per address in " + status.floodIntervalSeconds()
                        + " s"));
        System.out.println("summarised:      " + status.summarised() + " (per-connection events counted into "
                + "session.summary lines)");
        System.out.println("queued:          " + status.queuedLines() + " lines, " + status.queuedBytes() + " bytes (of "
                + status.maxLines() + " lines, " + status.maxBytes() + " bytes)");
        System.out.println("write failures:  " + audit.failures());
        System.out.println("not queued:      " + status.notQueued() + " (part of the failures: the queue was full)");
        if (audit.lastFailure() != null) {
            System.out.println("last failure:    " + audit.lastFailure());
        }
        return null;
    }
}
