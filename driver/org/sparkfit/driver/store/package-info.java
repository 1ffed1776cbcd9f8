/**
 * Run directories on any Hadoop file system: written under a temporary name and renamed into place, so a reader
 * never sees half a run; the model in DL4J's own format, the resolved job, the summary and the metrics.
 */
package org.sparkfit.driver.store;
