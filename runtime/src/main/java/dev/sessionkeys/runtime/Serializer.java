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

  /** JSON exactly as Go's {@code json.Encoder} writes it; see {@link GoJson} for the Java types. */
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
   * gob for what gorilla/sessions stores ({@code map[interface{}]interface{}}); see {@link GoGob}.
   */
  Serializer<Map<String, Object>> GOB =
      new Serializer<>() {
        @Override
        public byte[] serialize(Map<String, Object> value) {
          return GoGob.encodeSessionValues(value);
        }

        @Override
        public Map<String, Object> deserialize(byte[] data) {
          return GoGob.decodeSessionValues(data);
        }
      };

  /** Writes a value. */
  byte[] serialize(T value);

  /** Reads a value; the array may be owned by the result afterwards. */
  T deserialize(byte[] data);
}
