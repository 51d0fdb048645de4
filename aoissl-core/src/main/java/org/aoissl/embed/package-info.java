/**
 * Encoder features of one image, computed the same way by {@code aoissl embed} and by the Spark embed
 * job, so features made at scale can stand in for features made on one machine.
 */
package org.aoissl.embed;
