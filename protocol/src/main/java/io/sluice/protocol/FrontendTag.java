package io.sluice.protocol;

/**
 * Type bytes of client-to-server messages.
 *
 * <p>Kept apart from {@link BackendTag}: {@code 'D'}, {@code 'C'}, {@code 'E'} and {@code 'S'} mean different
 * messages in each direction.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public final class FrontendTag {

    /** Query: simple protocol SQL text. */
    public static final byte QUERY = 'Q';
    /** Parse: prepare a statement. */
    public static final byte PARSE = 'P';
    /** Bind: create a portal from a statement. */
    public static final byte BIND = 'B';
    /** Describe a statement or portal. */
    public static final byte DESCRIBE = 'D';
    /** Execute a portal. */
    public static final byte EXECUTE = 'E';
    /** Close a statement or portal. */
    public static final byte CLOSE = 'C';
    /** Sync: end of an extended-protocol batch; the server answers ReadyForQuery. */
    public static final byte SYNC = 'S';
    /** Flush: ask the server to send what it has. */
    public static final byte FLUSH = 'H';
    /** Terminate: graceful close. */
    public static final byte TERMINATE = 'X';
    /** CopyData toward the server (COPY FROM STDIN). */
    public static final byte COPY_DATA = 'd';
    /** CopyDone. */
    public static final byte COPY_DONE = 'c';
    /** CopyFail. */
    public static final byte COPY_FAIL = 'f';
    /** FunctionCall (legacy fast-path). */
    public static final byte FUNCTION_CALL = 'F';
    /** PasswordMessage, SASLInitialResponse and SASLResponse all share this tag. */
    public static final byte PASSWORD = 'p';

    private FrontendTag() {
    }

    /** Returns the message name of a tag for logs, e.g. {@code "Query"}, or {@code "unknown 'z'"}. */
    public static String name(byte tag) {
        switch (tag) {
            case QUERY:
                return "Query";
            case PARSE:
                return "Parse";
            case BIND:
                return "Bind";
            case DESCRIBE:
                return "Describe";
            case EXECUTE:
                return "Execute";
            case CLOSE:
                return "Close";
            case SYNC:
                return "Sync";
            case FLUSH:
                return "Flush";
            case TERMINATE:
                return "Terminate";
            case COPY_DATA:
                return "CopyData";
            case COPY_DONE:
                return "CopyDone";
            case COPY_FAIL:
                return "CopyFail";
            case FUNCTION_CALL:
                return "FunctionCall";
            case PASSWORD:
                return "PasswordMessage";
            default:
                return "unknown " + Tags.describe(tag);
        }
    }
}
