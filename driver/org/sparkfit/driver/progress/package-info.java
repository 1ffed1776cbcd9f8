/**
 * What a person watching {@code sparkfit train} sees while it runs: a live progress bar per epoch on a terminal,
 * plain periodic lines otherwise (cron, YARN logs), and Keras' line at the end of every epoch.
 */
package org.sparkfit.driver.progress;
