package org.sparkfit.driver.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.spark.SparkUserAppException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The YARN cluster-mode driver's exit, as Spark's ApplicationMaster sets it up (YarnClusterIT runs it for real):
 * a success returns and a failure carries its code; elsewhere the process would end.
 */
class ProcessExitTest {
    @AfterEach
    void clearProperties() {
        System.clearProperty("spark.submit.deployMode");
        System.clearProperty("spark.yarn.app.id");
    }

    @Test
    void insideYarnsApplicationMasterASuccessReturnsAndAFailureCarriesItsCode() {
        System.setProperty("spark.submit.deployMode", "cluster");
        System.setProperty("spark.yarn.app.id", "application_1_0001");
        assertDoesNotThrow(() -> ProcessExit.exit(0));
        assertEquals(2, assertThrows(SparkUserAppException.class, () -> ProcessExit.exit(2)).exitCode());
    }

    @Test
    void clientModeAndStandaloneClusterModeAreNotTheApplicationMaster() {
        System.setProperty("spark.submit.deployMode", "client");
        System.setProperty("spark.yarn.app.id", "application_1_0001");
        assertFalse(ProcessExit.insideYarnApplicationMaster());
        System.setProperty("spark.submit.deployMode", "cluster");
        System.clearProperty("spark.yarn.app.id");
        assertFalse(ProcessExit.insideYarnApplicationMaster());
    }
}
