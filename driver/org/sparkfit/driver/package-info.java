/**
 * The driver side of sparkfit: the job file, the network it describes, the training loop that broadcasts,
 * averages and evaluates, the run directory it writes, and the command line.
 */
package org.sparkfit.driver;
