/**
 * Keras' vocabulary by name, each name checked and mapped to DL4J's: activations, initializers, losses (and the task
 * a loss implies), metrics, optimizers with their settings and schedules, and the "did you mean" of every message.
 */
package org.sparkfit.driver.keras;
