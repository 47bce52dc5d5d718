package io.sluice.proxy.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pool's idle servers: which one a client takes, and the janitor's and console's views of them. */
class IdleServersTest {

    private final EventLoop loopA = new DefaultEventLoop();
    private final EventLoop loopB = new DefaultEventLoop();
    private final EventLoop loopC = new DefaultEventLoop();
    private final IdleServers<Server> idle = new IdleServers<>(Server::loop, Server::since);

    @AfterEach
    void stopLoops() {
        for (EventLoop loop : List.of(loopA, loopB, loopC)) {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        }
    }

    @Test
    void aClientTakesTheNewestOnItsOwnLoopElseTheNewestOfAll() {
        Server a1 = new Server(loopA, 1);
        Server b2 = new Server(loopB, 2);
        Server a3 = new Server(loopA, 3);
        Server b4 = new Server(loopB, 4);
        idle.addAll(List.of(a1, b2, a3, b4));
        assertSame(a3, idle.take(loopA));
        assertSame(b4, idle.take(loopC), "no server on C's loop: the newest of all");
        assertSame(a1, idle.take(loopA));
        assertSame(b2, idle.take(loopA));
        assertNull(idle.take(loopA));
        assertTrue(idle.isEmpty());
    }

    @Test
    void oldestAndNewestAreAcrossLoops() {
        Server b1 = new Server(loopB, 1);
        Server a2 = new Server(loopA, 2);
        Server c3 = new Server(loopC, 3);
        idle.addAll(List.of(b1, a2, c3));
        assertSame(b1, idle.pollOldest());
        assertSame(c3, idle.pollNewest());
        assertEquals(1, idle.size());
        assertSame(a2, idle.pollOldest());
        assertNull(idle.pollOldest());
        assertNull(idle.pollNewest());
    }

    @Test
    void removalByValueAndThroughTheIteratorKeepTheCount() {
        Random random = new Random(11);
        List<EventLoop> loops = List.of(loopA, loopB, loopC);
        List<Server> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Server server = new Server(loops.get(random.nextInt(3)), i);
            idle.add(server);
            expected.add(server);
        }
        for (Iterator<Server> it = idle.iterator(); it.hasNext(); ) {
            Server server = it.next();
            if (server.since() % 3 == 0) {
                it.remove();
                expected.remove(server);
            }
        }
        assertTrue(idle.remove(expected.remove(7)));
        assertFalse(idle.remove(new Server(loopA, -1)));
        assertEquals(expected.size(), idle.size());
        List<Server> seen = new ArrayList<>(idle);
        seen.sort(Comparator.comparingLong(Server::since));
        assertEquals(expected, seen);
        idle.clear();
        assertEquals(0, idle.size());
        assertNull(idle.take(loopB));
    }

    @Test
    void theIteratorGoesLoopByLoopOldestFirstAndRemovesWhatItLastReturned() {
        Server a1 = new Server(loopA, 1);
        Server b2 = new Server(loopB, 2);
        Server a3 = new Server(loopA, 3);
        idle.addAll(List.of(a1, b2, a3));
        Iterator<Server> it = idle.iterator();
        assertThrows(IllegalStateException.class, it::remove);
        assertSame(a1, it.next());
        assertSame(a3, it.next());
        // hasNext() moves on to loop B's stack; remove() still takes a3, the one last returned.
        assertTrue(it.hasNext());
        it.remove();
        assertThrows(IllegalStateException.class, it::remove);
        assertSame(b2, it.next());
        assertFalse(it.hasNext());
        assertEquals(List.of(a1, b2), new ArrayList<>(idle));
        assertEquals(2, idle.size());
    }

    private record Server(EventLoop loop, long since) {
    }
}
