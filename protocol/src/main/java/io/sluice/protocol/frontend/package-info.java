/**
 * Client-to-server messages the proxy reads or writes: startup, cancel, query, password/SASL and the
 * extended-protocol messages it renames. Readers take a whole frame (header included) and neither retain
 * nor release it. Non-null unless documented otherwise.
 */
package io.sluice.protocol.frontend;
