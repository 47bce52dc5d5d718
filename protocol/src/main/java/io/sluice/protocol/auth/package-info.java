/**
 * Password authentication: SCRAM-SHA-256 (RFC 5802, RFC 7677) on both sides, and MD5.
 *
 * <p>Pure computations, no I/O: the connection handlers carry the bytes. Exception messages never contain a
 * password, a proof or a key. Non-null unless documented otherwise.
 *
 * @see <a href="https://www.postgresql.org/docs/current/sasl-authentication.html">SASL Authentication</a>
 */
package io.sluice.protocol.auth;
