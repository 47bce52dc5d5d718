package io.sluice.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Unix signal handlers (SIGHUP reload, SIGTERM drain, SIGINT stop at once). The JDK's only way is
 * {@code sun.misc.Signal} (module {@code jdk.unsupported}); it is reached by reflection so the build does not depend
 * on an internal API, and where it is missing Sluice keeps the JVM's default (a shutdown hook closes Sluice on
 * SIGTERM and SIGINT; SIGHUP ends the process).
 */
final class Signals {

    private static final System.Logger LOG = System.getLogger(Signals.class.getName());

    private Signals() {
    }

    /**
     * Runs {@code action} (on the JVM's signal thread) each time {@code name} ({@code HUP}, {@code TERM}, {@code INT})
     * arrives.
     *
     * @return whether the handler was installed
     */
    static boolean handle(String name, Runnable action) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signal = signalClass.getConstructor(String.class).newInstance(name);
            InvocationHandler invocation = (proxy, method, args) -> dispatch(method, action, proxy, args);
            Object handler = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[] {handlerClass},
                    invocation);
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot handle SIG{0}: {1}", name, e.toString());
            return false;
        }
    }

    private static Object dispatch(Method method, Runnable action, Object proxy, Object[] args) {
        switch (method.getName()) {
            case "handle" -> action.run();
            case "hashCode" -> {
                return System.identityHashCode(proxy);
            }
            case "equals" -> {
                return proxy == args[0];
            }
            case "toString" -> {
                return "sluice signal handler";
            }
            default -> {
                // no other methods
            }
        }
        return null;
    }
}
