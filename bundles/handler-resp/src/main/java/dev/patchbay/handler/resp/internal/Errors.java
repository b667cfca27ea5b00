package dev.patchbay.handler.resp.internal;

/** Redis 7.0's error replies, word for word: clients match on them. */
final class Errors {

    static final RespError WRONGTYPE = new RespError("WRONGTYPE Operation against a key holding the wrong kind of value");
    static final RespError NOT_INTEGER = RespError.err("value is not an integer or out of range");
    static final RespError NOT_FLOAT = RespError.err("value is not a valid float");
    static final RespError SYNTAX = RespError.err("syntax error");
    static final RespError NO_SUCH_KEY = RespError.err("no such key");
    static final RespError OVERFLOW = RespError.err("increment or decrement would overflow");
    static final RespError INDEX_OUT_OF_RANGE = RespError.err("index out of range");
    static final RespError DB_OUT_OF_RANGE = RespError.err("DB index is out of range");
    static final RespError SAME_OBJECT = RespError.err("source and destination objects are the same");
    static final RespError NOT_POSITIVE = RespError.err("value is out of range, must be positive");
    static final RespError MIN_MAX_NOT_FLOAT = RespError.err("min or max is not a float");
    static final RespError NAN_RESULT = RespError.err("resulting score is not a number (NaN)");
    static final RespError INCR_NAN_OR_INF = RespError.err("increment would produce NaN or Infinity");
    static final RespError STRING_TOO_LONG = RespError.err("string exceeds maximum allowed size (proto-max-bulk-len)");
    static final RespError OFFSET_OUT_OF_RANGE = RespError.err("offset is out of range");
    static final RespError NOAUTH = new RespError("NOAUTH Authentication required.");
    static final RespError WRONGPASS = new RespError("WRONGPASS invalid username-password pair or user is disabled.");
    static final RespError OOM = new RespError("OOM command not allowed when used memory > 'maxmemory'.");
    static final RespError EXECABORT = new RespError("EXECABORT Transaction discarded because of previous errors.");
    static final RespError NESTED_MULTI = RespError.err("MULTI calls can not be nested");
    static final RespError EXEC_WITHOUT_MULTI = RespError.err("EXEC without MULTI");
    static final RespError DISCARD_WITHOUT_MULTI = RespError.err("DISCARD without MULTI");
    static final RespError WATCH_IN_MULTI = RespError.err("WATCH inside MULTI is not allowed");
    static final RespError NO_PASSWORD = RespError.err("AUTH <password> called without any password configured for "
            + "the default user. Are you sure your configuration is correct?");

    private Errors() {
    }

    static RespError wrongArity(String fullName) {
        return RespError.err("wrong number of arguments for '" + fullName + "' command");
    }

    static RespError unknownSubcommand(String sub, String container) {
        return RespError.err("unknown subcommand '" + truncate(sub, 128) + "'. Try " + container + " HELP.");
    }

    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    /** Redis replaces line breaks in error texts so that a client's bytes cannot end the error line. */
    static String oneLine(String s) {
        return s.replace('\r', ' ').replace('\n', ' ');
    }
}
