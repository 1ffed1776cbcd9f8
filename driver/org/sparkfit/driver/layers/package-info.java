/**
 * The layers a job's Sequential stack is made of, one class per Keras layer
 * ({@link org.sparkfit.driver.layers.KerasLayer}): each binds its settings from the job, checks them, gives its output
 * shape and parameter count, and builds the DL4J layer it runs as. {@link org.sparkfit.driver.layers.LayerTypes}
 * finds them in this package, so a new layer is one new file here.
 */
package org.sparkfit.driver.layers;
