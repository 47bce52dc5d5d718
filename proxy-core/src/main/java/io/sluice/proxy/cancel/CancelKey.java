package io.sluice.proxy.cancel;

/** The process id and secret Sluice gives a client in its {@code BackendKeyData}. */
public record CancelKey(int processId, int secretKey) {
}
