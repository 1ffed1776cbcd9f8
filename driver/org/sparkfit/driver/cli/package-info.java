/** The {@code sparkfit} command line: train, summary, evaluate, predict, with exit codes a scheduler can act on. */
package org.sparkfit.driver.cli;
