/**
 * File formats and safe writes. Every persistent file of ours goes through {@link
 * org.aoissl.io.FormatUtil}: a header naming codec and version, a CRC32 footer, and an atomic rename, so a
 * reader never loads a partial, corrupt or foreign file silently.
 */
package org.aoissl.io;
