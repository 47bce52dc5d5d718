package io.sluice.proxy.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import io.sluice.config.IoTransport;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** {@code process.transport}: what {@code auto} takes, and a named transport this machine cannot use. */
class TransportTest {

    @Test
    void autoTakesEpollWhereItCanAndNeverIoUring() throws IOException {
        String expected = Epoll.isAvailable() ? "epoll" : "nio";
        assertEquals(expected, Transport.of(IoTransport.AUTO).name());
        assertEquals("nio", Transport.of(IoTransport.NIO).name());
    }

    @Test
    void aNamedTransportIsThatOneOrAStartUpErrorWithTheReason() throws IOException {
        for (IoTransport named : new IoTransport[] {IoTransport.IO_URING, IoTransport.EPOLL}) {
            boolean usable = named == IoTransport.IO_URING ? IoUring.isAvailable() : Epoll.isAvailable();
            if (usable) {
                assertEquals(named.configName(), Transport.of(named).name());
            } else {
                IOException e = assertThrows(IOException.class, () -> Transport.of(named));
                assertTrue(e.getMessage().startsWith("process.transport is " + named.configName()
                        + ", which this machine cannot use: "), e.getMessage());
            }
        }
    }
}
