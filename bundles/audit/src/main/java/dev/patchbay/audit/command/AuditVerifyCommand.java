package dev.patchbay.audit.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.completers.FileCompleter;

import dev.patchbay.audit.internal.AuditClass;
import dev.patchbay.audit.internal.AuditLog;
import dev.patchbay.audit.internal.ChainVerifier;

@Service
@Command(scope = "patchbay", name = "audit-verify",
        description = "Checks the hash chain of the audit log: every line's hash matches its content and chains to the "
                + "line before, across rotated files. Prints OK with the number of lines checked, or the file and line "
                + "number where the chain first breaks (a line changed, cut short, removed or inserted). Without a file, "
                + "checks both chains, operations (kept by age) and sessions (kept by count), each file oldest first, "
                + "and prints each file checked with its lines and the time of its first and last line; then the write "
                + "failures since the bundle started.")
public class AuditVerifyCommand implements Action {

    @Reference
    private AuditLog audit;

    @Argument(index = 0, name = "file", required = false,
            description = "One audit file to check (its first line's link to the file before it is taken on trust)")
    @Completion(FileCompleter.class)
    private String file;

    /** Throws on a missing file, so that bin/client exits non-zero. */
    @Override
    public Object execute() throws IOException, CommandException {
        if (file != null) {
            Path path = Paths.get(file);
            if (!path.isAbsolute() && !Files.exists(path)) {
                path = audit.currentFile().resolveSibling(file);
            }
            if (!Files.isRegularFile(path)) {
                throw new CommandException("No such file: " + path);
            }
            print(null, List.of(path));
            return null;
        }
        for (AuditClass c : AuditClass.values()) {
            print(c, audit.files(c));
        }
        System.out.println("write failures since start: " + audit.failures()
                + (audit.lastFailure() == null ? "" : " (last: " + audit.lastFailure() + ")"));
        return null;
    }

    private static void print(AuditClass c, List<Path> files) throws IOException {
        ChainVerifier.Result result = ChainVerifier.verify(files);
        String label = c == null ? "" : c.label() + " ("
                + (c == AuditClass.OPERATIONS ? "kept by age" : "kept by count") + "): ";
        System.out.println(label + result.describe());
        System.out.println("files: " + files.size() + (files.isEmpty() ? "" : " (" + files.get(0).getFileName()
                + (files.size() > 1 ? " .. " + files.get(files.size() - 1).getFileName() : "") + ")"));
        for (ChainVerifier.FileReport report : result.files()) {
            System.out.println("  " + report.describe());
        }
    }
}
