/**
 * The three things a user runs, each given a Spark context: train a job file into a run directory, evaluate a
 * saved run on its held-out data, predict with a saved run on new input.
 */
package org.sparkfit.driver.jobs;
