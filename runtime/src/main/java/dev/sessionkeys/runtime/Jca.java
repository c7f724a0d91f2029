package dev.sessionkeys.runtime;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/** JCA objects, one per thread: they keep state between calls and are not thread-safe. */
final class Jca {

  static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);

  /** Creates a JCA object (getInstance, init). */
  interface Factory<T> {
    T create() throws GeneralSecurityException;
  }

  private Jca() {}

  /** Only algorithms every Java runtime must provide are asked for, so failing is not expected. */
  static <T> ThreadLocal<T> perThread(Factory<T> factory) {
    return ThreadLocal.withInitial(
        () -> {
          try {
            return factory.create();
          } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a JCA algorithm every Java runtime provides", e);
          }
        });
  }
}
