/**
 * The job file: YAML in Keras' vocabulary bound to records, command-line overrides, and validation that names the
 * key and the fix for every mistake before any Spark job starts.
 */
package org.sparkfit.driver.config;
