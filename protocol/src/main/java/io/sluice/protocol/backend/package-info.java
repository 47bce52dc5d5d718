/**
 * Server-to-client messages the proxy reads (to track state) or writes (to answer clients itself).
 * Readers take a whole frame (header included) and neither retain nor release it; writers return a buffer
 * the caller owns. Non-null unless documented otherwise.
 */
package io.sluice.protocol.backend;
