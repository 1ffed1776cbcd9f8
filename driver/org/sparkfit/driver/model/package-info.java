/**
 * From the job's Keras vocabulary to a DL4J network: activations, losses and optimizers by Keras name, the layer
 * shapes and parameter counts behind {@code sparkfit summary}, and the network configuration the workers build.
 */
package org.sparkfit.driver.model;
