package io.sluice.protocol;

/**
 * Type bytes of server-to-client messages.
 *
 * @see FrontendTag
 * @see <a href="https://www.postgresql.org/docs/current/protocol-message-formats.html">Message Formats</a>
 */
public final class BackendTag {

    /** Authentication request or result (Ok, MD5, SASL...). */
    public static final byte AUTHENTICATION = 'R';
    /** BackendKeyData: process id and secret for CancelRequest. */
    public static final byte BACKEND_KEY_DATA = 'K';
    /** BindComplete. */
    public static final byte BIND_COMPLETE = '2';
    /** CloseComplete. */
    public static final byte CLOSE_COMPLETE = '3';
    /** CommandComplete, with the command tag. */
    public static final byte COMMAND_COMPLETE = 'C';
    /** CopyData toward the client (COPY TO STDOUT). */
    public static final byte COPY_DATA = 'd';
    /** CopyDone. */
    public static final byte COPY_DONE = 'c';
    /** CopyInResponse. */
    public static final byte COPY_IN_RESPONSE = 'G';
    /** CopyOutResponse. */
    public static final byte COPY_OUT_RESPONSE = 'H';
    /** CopyBothResponse (replication). */
    public static final byte COPY_BOTH_RESPONSE = 'W';
    /** DataRow. */
    public static final byte DATA_ROW = 'D';
    /** EmptyQueryResponse. */
    public static final byte EMPTY_QUERY_RESPONSE = 'I';
    /** ErrorResponse. */
    public static final byte ERROR_RESPONSE = 'E';
    /** FunctionCallResponse. */
    public static final byte FUNCTION_CALL_RESPONSE = 'V';
    /** NegotiateProtocolVersion. */
    public static final byte NEGOTIATE_PROTOCOL_VERSION = 'v';
    /** NoData. */
    public static final byte NO_DATA = 'n';
    /** NoticeResponse. */
    public static final byte NOTICE_RESPONSE = 'N';
    /** NotificationResponse (LISTEN/NOTIFY). */
    public static final byte NOTIFICATION_RESPONSE = 'A';
    /** ParameterDescription. */
    public static final byte PARAMETER_DESCRIPTION = 't';
    /** ParameterStatus: a reported GUC changed. */
    public static final byte PARAMETER_STATUS = 'S';
    /** ParseComplete. */
    public static final byte PARSE_COMPLETE = '1';
    /** PortalSuspended. */
    public static final byte PORTAL_SUSPENDED = 's';
    /** ReadyForQuery, with the transaction status. */
    public static final byte READY_FOR_QUERY = 'Z';
    /** RowDescription. */
    public static final byte ROW_DESCRIPTION = 'T';

    private BackendTag() {
    }

    /** Returns the message name of a tag for logs, e.g. {@code "ReadyForQuery"}, or {@code "unknown 'z'"}. */
    public static String name(byte tag) {
        switch (tag) {
            case AUTHENTICATION:
                return "Authentication";
            case BACKEND_KEY_DATA:
                return "BackendKeyData";
            case BIND_COMPLETE:
                return "BindComplete";
            case CLOSE_COMPLETE:
                return "CloseComplete";
            case COMMAND_COMPLETE:
                return "CommandComplete";
            case COPY_DATA:
                return "CopyData";
            case COPY_DONE:
                return "CopyDone";
            case COPY_IN_RESPONSE:
                return "CopyInResponse";
            case COPY_OUT_RESPONSE:
                return "CopyOutResponse";
            case COPY_BOTH_RESPONSE:
                return "CopyBothResponse";
            case DATA_ROW:
                return "DataRow";
            case EMPTY_QUERY_RESPONSE:
                return "EmptyQueryResponse";
            case ERROR_RESPONSE:
                return "ErrorResponse";
            case FUNCTION_CALL_RESPONSE:
                return "FunctionCallResponse";
            case NEGOTIATE_PROTOCOL_VERSION:
                return "NegotiateProtocolVersion";
            case NO_DATA:
                return "NoData";
            case NOTICE_RESPONSE:
                return "NoticeResponse";
            case NOTIFICATION_RESPONSE:
                return "NotificationResponse";
            case PARAMETER_DESCRIPTION:
                return "ParameterDescription";
            case PARAMETER_STATUS:
                return "ParameterStatus";
            case PARSE_COMPLETE:
                return "ParseComplete";
            case PORTAL_SUSPENDED:
                return "PortalSuspended";
            case READY_FOR_QUERY:
                return "ReadyForQuery";
            case ROW_DESCRIPTION:
                return "RowDescription";
            default:
                return "unknown " + Tags.describe(tag);
        }
    }
}
