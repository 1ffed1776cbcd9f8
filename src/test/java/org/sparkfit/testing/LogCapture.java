package org.sparkfit.testing;

import java.io.StringWriter;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** What one class logs while it is open, as "LEVEL message" lines: for tests of the lines sparkfit logs. */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final StringWriter lines = new StringWriter();
    private final WriterAppender appender;

    public LogCapture(Class<?> source) {
        logger = (Logger) LogManager.getLogger(source);
        appender = WriterAppender.newBuilder().setName("capture-" + source.getSimpleName()).setTarget(lines)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %m%n").build()).build();
        appender.start();
        logger.addAppender(appender);
    }

    public String text() {
        return lines.toString();
    }

    @Override
    public void close() {
        logger.removeAppender(appender);
        appender.stop();
    }
}
