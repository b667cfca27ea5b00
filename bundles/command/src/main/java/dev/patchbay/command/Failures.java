package dev.patchbay.command;

import org.apache.karaf.shell.support.CommandException;

/**
 * The failures the commands share. A failing command throws instead of printing to stderr:
 * only a thrown exception makes the console print "Error executing command: ..." and
 * {@code bin/client} exit non-zero, so scripts see the failure. Karaf's CommandException,
 * unlike other exceptions, is not logged as an ERROR with a stack trace in karaf.log: a
 * mistyped endpoint name is the operator's mistake, not the server's.
 */
final class Failures {

    private Failures() {
    }

    static CommandException noEndpoint(String endpoint) {
        return new CommandException("No endpoint " + endpoint + " (see patchbay:endpoint-list)");
    }
}
