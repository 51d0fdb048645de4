/**
 * The {@code aoissl} command line: one picocli class per command. Commands expose a static {@code run}
 * returning a result object (tests use it instead of parsing the console); bad input ends in one
 * {@code error: FILE: PROBLEM} line and exit code 2.
 */
package org.aoissl.cli;
