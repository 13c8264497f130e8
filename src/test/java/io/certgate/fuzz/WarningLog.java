package io.certgate.fuzz;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Collects every WARN and ERROR logged while attached, from certgate and from Netty (whose leak
 * detector reports at ERROR): issue 10 says a misbehaving client never makes certgate log a WARN
 * or a stack trace.
 */
final class WarningLog extends AppenderBase<ILoggingEvent> {

    private final List<String> events = new ArrayList<>();

    static WarningLog attach() {
        WarningLog log = new WarningLog();
        log.setName("fuzz-warnings");
        log.setContext((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory());
        log.start();
        root().addAppender(log);
        return log;
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    void detach() {
        root().detachAppender(this);
        stop();
    }

    @Override
    protected synchronized void append(ILoggingEvent event) {
        if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
            events.add(event.getLevel() + " " + event.getLoggerName() + ": " + event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy())));
        }
    }

    /** What was logged since the last call, and forgets it. */
    synchronized List<String> drain() {
        List<String> drained = List.copyOf(events);
        events.clear();
        return drained;
    }
}
