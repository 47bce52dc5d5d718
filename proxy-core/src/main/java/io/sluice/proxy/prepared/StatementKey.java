package io.sluice.proxy.prepared;

import static java.util.Objects.requireNonNull;

import io.sluice.protocol.frontend.ParameterTypes;

/** What makes two prepared statements the same statement: the query text and the declared parameter types. */
public record StatementKey(String query, ParameterTypes parameterTypes) {

    public StatementKey {
        requireNonNull(query, "query");
        requireNonNull(parameterTypes, "parameterTypes");
    }
}
