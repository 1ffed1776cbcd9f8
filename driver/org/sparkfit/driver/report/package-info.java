/**
 * What a person reads after a run: {@code report.html} (self-contained) and its PNG charts, drawn from the run
 * directory's own files, and the side-by-side comparison of several runs.
 */
package org.sparkfit.driver.report;
