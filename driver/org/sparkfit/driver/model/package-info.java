/**
 * A job's layers planned into a network: each layer's shapes, name and parameter count behind
 * {@code sparkfit summary}, and the DL4J configuration the workers build their network from.
 */
package org.sparkfit.driver.model;
