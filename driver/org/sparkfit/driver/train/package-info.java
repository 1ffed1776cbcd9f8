/**
 * The distributed training loop: data read into cached partitions on the executors, averaging rounds of local
 * SGD, example-weighted averaging of parameters and optimizer state, evaluation after each epoch, baselines.
 */
package org.sparkfit.driver.train;
