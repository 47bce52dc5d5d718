/**
 * Framing: cutting the byte stream into messages without decoding them, and the only offset arithmetic.
 *
 * <p>Frames are retained slices of the read buffer with their 5-byte header, so they can be forwarded as
 * they are (style rule 1, "frame, don't decode"). Non-null unless documented otherwise.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-overview.html#PROTOCOL-MESSAGE-CONCEPTS">
 *     Messaging Overview</a>
 */
package io.sluice.protocol.frame;
