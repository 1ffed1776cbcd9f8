package org.sparkfit.driver.cli;

import org.apache.spark.SparkUserAppException;

/**
 * How {@code sparkfit} hands its exit code to whatever launched it. A JVM of its own (scripts/sparkfit, spark-submit
 * in client mode, a standalone cluster's driver) ends with {@code System.exit}. In YARN's cluster mode the driver
 * runs inside Spark's ApplicationMaster, which reports an application that calls {@code System.exit}, even with 0,
 * as FAILED ("Shutdown hook called before final status was reported") and starts it again; there a success returns
 * and a failure throws Spark's own {@link SparkUserAppException}, which the ApplicationMaster reports as FAILED with
 * the code ("User application exited with status N"), as it does for Python and R applications.
 */
final class ProcessExit {
    private ProcessExit() {
    }

    static void exit(int code) throws SparkUserAppException {
        if (insideYarnApplicationMaster()) {
            if (code != 0) {
                throw new SparkUserAppException(code);
            }
            return;
        }
        System.exit(code);
    }

    /** Whether this is the driver of YARN's cluster mode: the ApplicationMaster sets both properties for it. */
    static boolean insideYarnApplicationMaster() {
        return "cluster".equals(System.getProperty("spark.submit.deployMode"))
                && System.getProperty("spark.yarn.app.id") != null;
    }
}
