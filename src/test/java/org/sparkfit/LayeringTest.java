package org.sparkfit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The source roots are named for where their code runs; executor-side code never reaches into the driver; and the
 * packages within driver and worker depend on each other one way only.
 */
class LayeringTest {
    private static final JavaClasses PRODUCT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.sparkfit");

    @Test
    void workerAndDatasetsNeverDependOnDriver() {
        noClasses().that().resideInAnyPackage("org.sparkfit.worker..", "org.sparkfit.datasets..")
                .should().dependOnClassesThat().resideInAPackage("org.sparkfit.driver..")
                .check(PRODUCT);
    }

    @Test
    void datasetsHoldNoSparkJobLogicAndNoWorkerCode() {
        noClasses().that().resideInAPackage("org.sparkfit.datasets..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.sparkfit.worker..")
                .check(PRODUCT);
    }

    @Test
    void driverPackagesHaveNoCycles() {
        slices().matching("org.sparkfit.driver.(*)..").should().beFreeOfCycles().check(PRODUCT);
    }

    @Test
    void workerPackagesHaveNoCycles() {
        slices().matching("org.sparkfit.worker.(*)..").should().beFreeOfCycles().check(PRODUCT);
    }

    @Test
    void theImportSeesAllThreeRoots() {
        org.junit.jupiter.api.Assertions.assertAll(
                () -> org.junit.jupiter.api.Assertions.assertTrue(PRODUCT.containPackage("org.sparkfit.driver")),
                () -> org.junit.jupiter.api.Assertions.assertTrue(PRODUCT.containPackage("org.sparkfit.worker")),
                () -> org.junit.jupiter.api.Assertions.assertTrue(PRODUCT.containPackage("org.sparkfit.datasets")));
    }
}
