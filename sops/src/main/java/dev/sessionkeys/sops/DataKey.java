package dev.sessionkeys.sops;

import java.util.Arrays;

/** A file's 32-byte data key, zeroed when the try block that opened or made it ends. */
record DataKey(byte[] bytes) implements AutoCloseable {

  static DataKey random() {
    byte[] bytes = new byte[ValueCipher.DATA_KEY_BYTES];
    Sops.RANDOM.nextBytes(bytes);
    return new DataKey(bytes);
  }

  ValueCipher cipher() {
    return new ValueCipher(bytes, Sops.RANDOM);
  }

  @Override
  public void close() {
    Arrays.fill(bytes, (byte) 0);
  }

  @Override
  public String toString() {
    return "DataKey[" + bytes.length + " bytes]";
  }
}
