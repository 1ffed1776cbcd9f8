/**
 * The executor side of sparkfit: what runs inside a Spark task. One averaging round of local mini-batch SGD on a
 * partition, evaluation and prediction of a partition, and the flat parameter/updater-state vectors that travel
 * between driver and executors. Never depends on the driver's code.
 */
package org.sparkfit.worker;
