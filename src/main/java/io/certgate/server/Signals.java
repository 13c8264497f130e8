package io.certgate.server;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSIX signals (SIGHUP, SIGUSR1, SIGTERM) through {@code sun.misc.Signal} of the jdk.unsupported module,
 * the only way a Java process can take them. Reached by reflection, so that a JVM without it (or
 * one started with {@code -Xrs}, or an OS without the signal) costs a warning, not a crash.
 */
final class Signals {

    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    /**
     * Runs {@code action} on the JVM's signal thread each time the signal arrives; it must return
     * quickly. Returns false, with a warning, when the signal cannot be taken here.
     *
     * @param name the signal without "SIG": {@code HUP}, {@code USR1}, {@code TERM}
     */
    static boolean handle(String name, Runnable action) {
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object signal = signalType.getConstructor(String.class).newInstance(name);
            Object handler = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType},
                    (proxy, method, args) -> invoked(proxy, method, args, name, action));
            Object previous = signalType.getMethod("handle", signalType, handlerType).invoke(null, signal, handler);
            if (previous != null && previous.equals(handlerType.getField("SIG_IGN").get(null))) {
                // The JVM leaves an ignored signal ignored (a process started to ignore SIGHUP, for one).
                LOG.warn("SIG{} is ignored by this process (it was started that way), so it does nothing here;"
                        + " reload by changing a file instead", name);
                return false;
            }
            return true;
        } catch (InvocationTargetException e) {
            LOG.warn("SIG{} cannot be handled in this JVM ({}); it keeps the JVM's default", name,
                    e.getCause() == null ? e : e.getCause().getMessage());
            return false;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            LOG.warn("SIG{} cannot be handled: this JVM has no sun.misc.Signal ({})", name, e.toString());
            return false;
        }
    }

    private static Object invoked(Object proxy, Method method, Object[] args, String name, Runnable action) {
        switch (method.getName()) {
            case "handle" -> {
                action.run();
                return null;
            }
            case "hashCode" -> {
                return System.identityHashCode(proxy);
            }
            case "equals" -> {
                return proxy == args[0];
            }
            default -> {
                return "certgate SIG" + name + " handler";
            }
        }
    }
}
