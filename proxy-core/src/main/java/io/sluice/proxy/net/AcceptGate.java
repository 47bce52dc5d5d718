package io.sluice.proxy.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The client listeners' one switch for accepting (the TCP listener's and, with {@code listen.unix_socket_dir}, the
 * Unix-domain socket's; the gate is shared by both): start-up, {@code SUSPEND} and {@code RESUME} turn them on and
 * off here, and a failed {@code accept()} on either pauses both.
 *
 * <p>When {@code accept()} fails (the process or the machine is out of file descriptors: EMFILE, ENFILE) the
 * connection stays in the kernel's backlog, so the listener would wake up and fail again at once. The gate stops
 * reading from the listener for {@link #PAUSE_MILLIS} and then turns it back on only if accepting is still wanted.
 * Netty's acceptor has the same pause, but turns reading back on whatever happened meanwhile: a {@code SUSPEND} issued
 * during the pause would be undone a second later. So the gate sits in front of it and keeps accept errors from it.
 *
 * <p>State: {@code wanted} (what start-up and the console asked for) and {@code paused} (an accept error's second).
 * The listener reads when {@code wanted && !paused}. Both change under the gate's lock, from any thread; Netty's
 * {@code setAutoRead} may be called from any thread.
 */
@ChannelHandler.Sharable
public final class AcceptGate extends ChannelInboundHandlerAdapter {

    private static final System.Logger LOG = System.getLogger(AcceptGate.class.getName());

    /** How long a failed accept stops the listener. */
    static final long PAUSE_MILLIS = 1000;

    /** The listeners the gate was added to; changed and read under the gate's lock. */
    private final List<Channel> listeners = new ArrayList<>(2);
    /** Made up front: at the open-file limit, loading or creating anything new may fail too. */
    private final Runnable resumeTask = this::resume;
    private boolean wanted;
    private boolean paused;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        synchronized (this) {
            listeners.add(ctx.channel());
            apply();
        }
    }

    /** Accept new connections or stop: start-up, {@code SUSPEND}, {@code RESUME}. */
    public synchronized void accepting(boolean accept) {
        wanted = accept;
        apply();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        synchronized (this) {
            if (paused) {
                return; // the pause under way covers it
            }
            // Scheduled before pausing: were scheduling to fail, the listener must not stay paused for good.
            ctx.executor().schedule(resumeTask, PAUSE_MILLIS, TimeUnit.MILLISECONDS);
            paused = true;
            apply();
        }
        if (cause instanceof IOException) {
            String message = String.valueOf(cause.getMessage());
            String hint = message.contains("Too many open files in system")
                    ? " (the machine's open-file limit, fs.file-max, is reached)"
                    : message.contains("Too many open files")
                    ? " (the open-file limit, ulimit -n, is too low for the clients and servers Sluice holds)" : "";
            LOG.log(Level.WARNING, "accepting a connection failed: " + cause + "; new connections wait "
                    + PAUSE_MILLIS + " ms" + hint);
        } else {
            LOG.log(Level.WARNING, "accepting a connection failed; new connections wait " + PAUSE_MILLIS + " ms",
                    cause);
        }
        // Not passed on: Netty's acceptor would pause once more and then turn reading on regardless of SUSPEND.
    }

    private synchronized void resume() {
        paused = false;
        apply();
    }

    private void apply() {
        for (Channel channel : listeners) {
            channel.config().setAutoRead(wanted && !paused);
        }
    }
}
