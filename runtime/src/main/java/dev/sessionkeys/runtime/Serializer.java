package dev.sessionkeys.runtime;

import java.util.Map;

/**
 * Turns a value into the bytes a cookie carries and back, as gorilla/securecookie's {@code
 * Serializer}.
 *
 * <p>Both directions throw only {@link CookieException}: {@link
 * CookieException.Reason#CANNOT_SERIALIZE} for a value outside what the format supports, {@link
 * CookieException.Reason#CANNOT_DESERIALIZE} for bytes it cannot read.
 *
 * @param <T> the Java type of the value
 */
public interface Serializer<T> {

  /** The bytes as they are (gorilla's {@code NopEncoder}). */
  Serializer<byte[]> RAW =
      new Serializer<>() {
        @Override
        public byte[] serialize(byte[] value) {
          return value.clone();
        }

        @Override
        public byte[] deserialize(byte[] data) {
          return data;
        }
      };

  /**
   * JSON exactly as Go's {@code json.Encoder} writes it (keys sorted, HTML characters escaped,
   * shortest floats, a trailing newline). Writes {@code null}, {@link Boolean}, {@link String},
   * numbers, {@link Map} with string keys, collections and arrays, {@code byte[]} (as base64);
   * reads {@code null}, {@link Boolean}, {@link String}, {@link Long} (integers that fit), {@link
   * Double}, {@link java.util.List} and {@link Map}. Nesting deeper than 1000 levels is refused.
   */
  Serializer<Object> JSON =
      new Serializer<>() {
        @Override
        public byte[] serialize(Object value) {
          return GoJson.write(value);
        }

        @Override
        public Object deserialize(byte[] data) {
          return GoJson.read(data);
        }
      };

  /**
   * gob for what gorilla/sessions stores ({@code map[interface{}]interface{}}) with string keys and
   * values of Go type {@code string} ({@link String}), {@code bool} ({@link Boolean}), {@code int}
   * ({@link Long}; an {@link Integer} is written as {@code int} too), {@code int64} ({@link
   * GoInt64}), {@code float64} ({@link Double}), {@code []byte} ({@code byte[]}), {@code nil}
   * ({@code null}) and flashes ({@link java.util.List} of those). Other Go types are refused naming
   * the type.
   */
  Serializer<Map<String, Object>> GOB =
      new Serializer<>() {
        @Override
        public byte[] serialize(Map<String, Object> value) {
          return GobWriter.encode(value, GobView.MapType.SESSION);
        }

        @Override
        public Map<String, Object> deserialize(byte[] data) {
          return GobReader.readSessionValues(data);
        }
      };

  /** Writes a value. */
  byte[] serialize(T value);

  /** Reads a value; the array may be owned by the result afterwards. */
  T deserialize(byte[] data);
}
