package dev.sessionkeys.runtime;

/**
 * A Go {@code int64} session value. gob tells {@code int} and {@code int64} apart, and a Go app
 * that stored an {@code int64} type-asserts it back as one, so the Java side keeps the difference:
 * a Go {@code int} reads as {@link Long}, a Go {@code int64} as this.
 *
 * @param value the number
 */
public record GoInt64(long value) {}
