package io.sluice.proxy.server;

import java.util.Map;

/**
 * The settings map a pool's last client kept, so that the next client with equal settings keeps a reference to it
 * instead of a copy: the clients of one application connect with the same startup parameters and get the same
 * welcome, so an idle fleet holds one map per pool instead of one per client (two {@code TreeMap}s and about seven
 * entries each, some 400 bytes of heap).
 *
 * <p>A map given to {@link #share} is never changed again, by anyone: {@link ClientSettings} copies before it
 * writes. Safe on any thread; two clients sharing at once may each keep their own, which costs memory, never
 * correctness.
 */
public final class SharedSettings {

    private volatile Map<String, String> last;

    /**
     * Returns an equal map to keep instead of {@code settings}, or {@code settings} itself, which the next client
     * may then share. Either way the caller must not change the map it keeps.
     */
    public Map<String, String> share(Map<String, String> settings) {
        Map<String, String> previous = last;
        if (previous != null && previous.equals(settings)) {
            return previous;
        }
        last = settings;
        return settings;
    }
}
