package dev.patchbay.handler.resp.internal;

/** Fills the command table, family by family. */
final class Commands {

    private Commands() {
    }

    static void register(HandlerContext context) {
        ConnectionCommands.register(context);
        ServerCommands.register(context);
        KeyCommands.register(context.table);
        ScanCommands.register(context.table);
        StringCommands.register(context.table);
        ListCommands.register(context.table);
        BlockingCommands.register(context.table);
        HashCommands.register(context.table);
        SetCommands.register(context.table);
        SortedSetCommands.register(context.table);
        SortedSetRanges.register(context.table);
        SortedSetAlgebra.register(context.table);
        RandomMembers.register(context.table);
        SetInterCard.register(context.table);
        LcsCommand.register(context.table);
        Transactions.register(context);
        PubSubCommands.register(context.table);
    }
}
