/**
 * PostgreSQL wire protocol v3: tags, transaction status, SQLSTATE codes and the protocol exception.
 *
 * <p>No sockets and no pools live here. Parameters and return values are non-null unless a method's
 * Javadoc says otherwise.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol.html">PostgreSQL: Frontend/Backend Protocol</a>
 */
package io.sluice.protocol;
