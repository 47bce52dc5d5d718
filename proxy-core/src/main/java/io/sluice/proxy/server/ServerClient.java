package io.sluice.proxy.server;

import io.netty.channel.Channel;
import io.sluice.protocol.TransactionStatus;
import io.sluice.protocol.backend.ErrorResponse;

/** The client a server connection serves: where replies go and who hears about the server's state. */
public interface ServerClient {

    /** The client's id, as the admin console shows it. */
    long id();

    /** The client's channel; replies are written to it. */
    Channel channel();

    /** A {@code ReadyForQuery} of one of the client's requests was forwarded. Called on the server's loop. */
    void onReadyForQuery(TransactionStatus status, int stillInFlight);

    /** PostgreSQL reported a parameter change caused by the client's own request. Called on the server's loop. */
    void onParameterStatus(String name, String value);

    /**
     * The client ran RESET or DISCARD ALL: PostgreSQL went back to the server's defaults, but the client's
     * defaults are its startup settings. Called on the server's loop.
     */
    void onSettingsReset();

    /** The server's writability changed: the client reads only while the server can take more. Any loop. */
    void serverWritabilityChanged();

    /** The server connection was lost or went out of step; the client must be told with {@code error}. */
    void onServerLost(ErrorResponse error);
}
