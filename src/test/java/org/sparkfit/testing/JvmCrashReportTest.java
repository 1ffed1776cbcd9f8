package org.sparkfit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real JVM crash, a write to address 0 through {@code sun.misc.Unsafe}, reported on one line. */
class JvmCrashReportTest {
    @TempDir
    Path dir;

    /** Dies of SIGSEGV in {@link #writeToNull}, which is then the crash's Java frame. */
    public static final class Crash {
        public static void main(String[] args) throws Exception {
            Field field = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
            field.setAccessible(true);
            writeToNull((sun.misc.Unsafe) field.get(null));
        }

        private static void writeToNull(sun.misc.Unsafe unsafe) {
            unsafe.putAddress(0L, 42L);
        }
    }

    @Test
    void aCrashedJvmIsReportedWithItsSignalAndStacks() throws Exception {
        Path out = dir.resolve("out.txt");
        Process crash = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:-CreateCoredumpOnCrash", "-cp", System.getProperty("java.class.path"),
                Crash.class.getName()).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(dir.resolve("err.txt").toFile()).start();
        assertTrue(crash.waitFor(1, TimeUnit.MINUTES), "the crashing JVM did not finish");
        // 134 (SIGABRT) when HotSpot dumps core after the report, as by default; 1 with core dumps off, as here.
        assertEquals(1, crash.exitValue(), Files.readString(out));

        String report = JvmCrashReport.of(out);
        assertTrue(report.startsWith("SIGSEGV (0xb) at pc="), report);
        assertTrue(report.contains("| Problematic frame: |"), report);
        assertTrue(report.contains("Native frames:"), report);
        assertTrue(report.contains("JvmCrashReportTest$Crash.writeToNull"), report);
        assertEquals(-1, report.indexOf('\n'), report);
    }

    @Test
    void aJvmThatDidNotCrashHasNothingToReport() throws Exception {
        Path out = dir.resolve("out.txt");
        Files.writeString(out, "Wrote 10 predictions\n# a comment line of a tool's own\n");
        assertEquals("", JvmCrashReport.of(out));
    }
}
