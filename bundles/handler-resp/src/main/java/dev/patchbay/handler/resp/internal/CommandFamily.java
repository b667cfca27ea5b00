package dev.patchbay.handler.resp.internal;

/**
 * The command families counted per endpoint ({@code patchbay_resp_commands_total{endpoint,family}}),
 * by Redis's command groups. A command's family is resolved once, when the table is built; a
 * request naming no command counts as {@code unknown}.
 */
final class CommandFamily {

    /** The {@code family} label values, by index. */
    static final String[] NAMES = {"string", "list", "hash", "set", "sortedset", "generic", "connection", "server",
            "transaction", "pubsub", "unknown"};
    static final int UNKNOWN = NAMES.length - 1;

    private CommandFamily() {
    }

    /** The family of a command of Redis's {@code group}; {@link #UNKNOWN} for a group not listed. */
    static int of(String group) {
        String name = switch (group) {
            case "keyspace", "generic" -> "generic";
            case "sorted-set" -> "sortedset";
            case "transactions" -> "transaction";
            default -> group;
        };
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return i;
            }
        }
        return UNKNOWN;
    }
}
