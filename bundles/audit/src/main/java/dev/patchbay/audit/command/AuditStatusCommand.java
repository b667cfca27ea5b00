package dev.patchbay.audit.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

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
        List<Path> files = audit.files();
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        System.out.println("file:            " + audit.currentFile());
        System.out.println("files:           " + files.size() + " (" + bytes + " bytes)");
        System.out.println("events written:  " + audit.written());
        System.out.println("write failures:  " + audit.failures());
        if (audit.lastFailure() != null) {
            System.out.println("last failure:    " + audit.lastFailure());
        }
        return null;
    }
}
