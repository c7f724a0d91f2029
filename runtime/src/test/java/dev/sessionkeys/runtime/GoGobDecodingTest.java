package dev.sessionkeys.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sessionkeys.runtime.CookieException.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The session gob codec ({@link Serializer#GOB}: GobReader.readSessionValues, GobWriter) where the
 * Go fixtures cannot show it: hand-made streams at each limit and refusal, with the exact message,
 * and the Java-only writer inputs. GoGobFixturesTest pins the rest to Go.
 */
class GoGobDecodingTest {

  /** Go's type definition of map[interface{}]interface{} as id 65, a message of its own. */
  static final int[] MAP_TYPE = {
    0x0e, 0xff, 0x81, 0x04, 0x01, 0x02, 0xff, 0x82, 0x00, 0x01, 0x10, 0x01, 0x10, 0x00, 0x00
  };

  static byte[] bytes(int... b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = (byte) b[i];
    }
    return out;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A message: its length (a gob uint), then the parts. */
  static byte[] msg(byte[]... parts) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      body.writeBytes(p);
    }
    ByteSink out = new ByteSink(8);
    GobWriter.writeUint(out, body.size());
    out.write(body.toByteArray());
    return out.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] uint(long x) {
    ByteSink s = new ByteSink(9);
    GobWriter.writeUint(s, x);
    return s.toByteArray();
  }

  static byte[] sint(long x) {
    ByteSink s = new ByteSink(9);
    GobWriter.writeInt(s, x);
    return s.toByteArray();
  }

  /** An interface value's type name. */
  static byte[] name(String n) {
    return concat(uint(n.length()), ascii(n));
  }

  /** The string key "k" as an interface value. */
  static final byte[] KEY_K = concat(name("string"), bytes(0x0c, 0x03, 0x00, 0x01, 'k'));

  /** The map value message with the given count and entries. */
  static byte[] mapValue(int count, byte[]... entries) {
    return msg(concat(bytes(0xff, 0x82, 0x00), uint(count)), concat(entries));
  }

  static byte[] withMapType(byte[]... rest) {
    return concat(bytes(MAP_TYPE), concat(rest));
  }

  static void refused(byte[] gob, String message) {
    assertThatThrownBy(() -> GobReader.readSessionValues(gob))
        .isInstanceOfSatisfying(
            CookieException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.CANNOT_DESERIALIZE);
              assertThat(e.getMessage()).endsWith("gob: " + message);
            });
  }

  @Test
  void aHandMadeStreamReadsAsGoWouldWriteIt() {
    byte[] gob = withMapType(mapValue(1, KEY_K, name("int"), bytes(0x04, 0x02, 0x00, 0x0e)));
    assertThat(GobReader.readSessionValues(gob)).containsExactly(Map.entry("k", 7L));
    // Any non-zero bool is true, as in Go.
    byte[] bool = withMapType(mapValue(1, KEY_K, name("bool"), bytes(0x02, 0x02, 0x00, 0x02)));
    assertThat(GobReader.readSessionValues(bool)).containsEntry("k", true);
    // A type definition that names its type (CommonType.Name) is read past.
    byte[] named =
        concat(
            msg(
                bytes(0xff, 0x81, 0x04, 0x01, 0x01, 0x03, 'a', 'b', 'c', 0x01, 0xff, 0x82, 0x00),
                bytes(0x01, 0x10, 0x01, 0x10, 0x00, 0x00)),
            mapValue(0));
    assertThat(GobReader.readSessionValues(named)).isEmpty();
  }

  @Test
  void refusesBrokenFraming() {
    refused(new byte[0], "unexpected end of data");
    refused(bytes(MAP_TYPE), "unexpected end of data");
    refused(bytes(0x05, 0x01), "message length 5 exceeds the remaining 1 bytes");
    refused(bytes(0x02, 0x01), "message length 2 exceeds the remaining 1 bytes");
    refused(bytes(0x00), "message length 0 exceeds the remaining 0 bytes");
    refused(bytes(0x00, 0x01), "message length 0 exceeds the remaining 1 bytes");
    refused(bytes(0x80), "encoded unsigned integer out of range");
    refused(bytes(0xf7, 0, 0, 0, 0, 0, 0, 0, 0, 0), "encoded unsigned integer out of range");
    refused(bytes(0xfe, 0x01), "invalid uint data length 2");
    refused(bytes(0x02, 0xfe, 0x01), "invalid uint data length 2");
    refused(bytes(0x01, 0xff), "invalid uint data length 1");
  }

  @Test
  void refusesTypeIdsOutOfRangeAndTypesOutsideTheSubset() {
    refused(msg(bytes(0x00)), "the value is not a map[interface{}]interface{} (type id 0)");
    refused(msg(bytes(0x0c)), "the value is not a map[interface{}]interface{} (type id 6)");
    refused(
        msg(sint(Integer.MAX_VALUE)),
        "the value is not a map[interface{}]interface{} (type id 2147483647)");
    refused(msg(sint(1L + Integer.MAX_VALUE)), "type id out of range");
    refused(msg(sint(Long.MIN_VALUE)), "type id out of range");
    refused(msg(sint(-1L - Integer.MAX_VALUE)), "type id out of range");
    // Other wire types are read by the shared gob reader, then refused: not the session map.
    refused(msg(sint(-Integer.MAX_VALUE), bytes(0x03)), "unexpected end of message");
    refused(
        concat(msg(GobViewTest.arrayDef(65, 2, 1)), msg(sint(65), uint(1), sint(3))),
        "the value is not a map[interface{}]interface{} (type id 65)");
    refused(
        concat(msg(GobViewTest.structDef(65, "S", "A", 2)), msg(sint(65), bytes(0x00))),
        "the value is not a map[interface{}]interface{} (type id 65)");
    refused(msg(sint(-64), bytes(0x04)), "duplicate or reserved type id 64");
    refused(withMapType(bytes(MAP_TYPE)), "duplicate or reserved type id 65");
    refused(
        concat(
            msg(
                bytes(
                    0xff, 0x81, 0x04, 0x01, 0x02, 0xff, 0x82, 0x00, 0x01, 0x10, 0x01, 0x10, 0x00,
                    0x00, 0x00))),
        "extra data in buffer");
    // The closing delta of the wireType must be zero: one field only.
    refused(
        msg(
            bytes(
                0xff, 0x81, 0x04, 0x01, 0x02, 0xff, 0x82, 0x00, 0x01, 0x10, 0x01, 0x10, 0x00,
                0x01)),
        "corrupted type definition");
  }

  @Test
  void refusesCorruptedTypeDefinitionFields() {
    // Delta 3 from the start of a mapType skips CommonType and Key: a map with key id 0.
    refused(
        concat(
            msg(bytes(0xff, 0x81, 0x04, 0x03, 0x10, 0x00, 0x00)),
            msg(bytes(0xff, 0x82, 0x00, 0x00))),
        "the value is not a map[interface{}]interface{} (type id 65)");
    refused(msg(bytes(0xff, 0x81, 0x04, 0x04, 0x10, 0x00, 0x00)), "corrupted type definition");
    refused(msg(bytes(0xff, 0x81, 0x04, 0x02, 0x10, 0x02, 0x10)), "corrupted type definition");
    refused(
        msg(bytes(0xff, 0x81, 0x04), uint(-1L), bytes(0x10, 0x00)), "corrupted type definition");
    // Element ids must be non-negative ints.
    refused(msg(bytes(0xff, 0x81, 0x04, 0x02, 0x01, 0x00, 0x00)), "corrupted type definition");
    refused(
        msg(bytes(0xff, 0x81, 0x04, 0x02), sint(1L + Integer.MAX_VALUE), bytes(0x00, 0x00)),
        "corrupted type definition");
    refused(
        concat(
            msg(
                bytes(0xff, 0x81, 0x04, 0x02),
                sint(Integer.MAX_VALUE),
                bytes(0x01, 0x10, 0x00, 0x00)),
            msg(bytes(0xff, 0x82, 0x00, 0x00))),
        "the value is not a map[interface{}]interface{} (type id 65)");
    // A key id of 0 is a valid id, just not interface{}.
    refused(
        concat(
            msg(bytes(0xff, 0x81, 0x04, 0x02, 0x00, 0x01, 0x10, 0x00, 0x00)),
            msg(bytes(0xff, 0x82, 0x00, 0x00))),
        "the value is not a map[interface{}]interface{} (type id 65)");
    // A field delta too large for an int must not wrap around to a small one.
    refused(
        msg(
            bytes(0xff, 0x81, 0x04),
            uint(0x1_0000_0001L),
            bytes(0x02, 0xff, 0x82, 0x00, 0x01, 0x10, 0x01, 0x10, 0x00, 0x00)),
        "corrupted type definition");
    refused(
        msg(
            bytes(0xff, 0x81, 0x04, 0x01),
            uint(0x8000_0000_0000_0001L),
            bytes(0x00, 0x00, 0x01, 0x10, 0x01, 0x10, 0x00, 0x00)),
        "corrupted type definition");
    refused(
        msg(
            bytes(0xff, 0x81, 0x04, 0x01),
            uint(0x1_0000_0001L),
            bytes(0x00, 0x00, 0x01, 0x10, 0x01, 0x10, 0x00, 0x00)),
        "corrupted type definition");
    // CommonType has two fields (Name, Id).
    refused(msg(bytes(0xff, 0x81, 0x04, 0x01, 0x03, 0x00)), "corrupted type definition");
    refused(
        msg(bytes(0xff, 0x81, 0x04, 0x01, 0x02, 0x02, 0x02, 0x00)), "corrupted type definition");
  }

  @Test
  void refusesCountsAndLengthsBeyondTheInput() {
    byte[] tooMany = withMapType(mapValue(200));
    refused(tooMany, "a count of 200 exceeds the input");
    byte[] negative = withMapType(msg(bytes(0xff, 0x82, 0x00), uint(-1L)));
    refused(negative, "a count of 18446744073709551615 exceeds the input");
    refused(
        withMapType(msg(bytes(0xff, 0x82, 0x01, 0x00))),
        "corrupted data: non-zero delta for singleton");
    // Exactly as many entries as bytes left is allowed by the count check, then the data runs out.
    refused(
        withMapType(msg(bytes(0xff, 0x82, 0x00), uint(2), bytes(0x01, 0x7f))),
        "unexpected end of data");
    refused(
        withMapType(msg(bytes(0xff, 0x82, 0x00), uint(3), bytes(0x01, 0x7f))),
        "a count of 3 exceeds the input");

    refused(withMapType(mapValue(1, uint(1025))), "invalid type name length 1025");
    refused(withMapType(mapValue(1, uint(-1L))), "invalid type name length 18446744073709551615");
    refused(withMapType(mapValue(1, bytes(0x05, 's', 't', 'r'))), "invalid type name length 5");
    // A name of exactly 1024 bytes is read, then refused by name (shown up to 100 characters).
    String longName = "\u001f ~\u007f" + "x".repeat(1020);
    refused(
        withMapType(
            mapValue(1, KEY_K, concat(uint(1024), ascii(longName)), bytes(0x04, 0x02, 0x00, 0x0e))),
        "a value of Go type ? ~?"
            + "x".repeat(96)
            + " under key \"k\" is outside the supported subset (string, bool, int, int64, float64, []byte,"
            + " []interface{})");
    refused(
        withMapType(mapValue(1, KEY_K, name("int32"), bytes(0x04, 0x02, 0x00, 0x0e))),
        "a value of Go type int32 under key \"k\" is outside the supported subset (string, bool,"
            + " int, int64, float64, []byte, []interface{})");
    refused(
        withMapType(mapValue(1, name("[]uint8"), bytes(0x0a, 0x03, 0x00, 0x01, 'k'), KEY_K)),
        "a session key of Go type []uint8 is outside the supported subset (string)");
    refused(
        withMapType(mapValue(1, KEY_K, name("string"), bytes(0x0c, 0x03, 0x00, 0x05, 'a'))),
        "length 5 exceeds the remaining 1 bytes");
    refused(
        withMapType(mapValue(1, KEY_K, name("string"), bytes(0x0c, 0x03, 0x00), uint(-1L))),
        "length 18446744073709551615 exceeds the remaining 0 bytes");
    refused(
        withMapType(mapValue(1, KEY_K, name("string"), bytes(0x04, 0x03, 0x00, 0x01, 'a'))),
        "type string does not match the wire type 2");
    for (String type : List.of("bool", "int", "int64", "float64", "[]uint8")) {
      refused(
          withMapType(mapValue(1, KEY_K, name(type), bytes(0x0c, 0x03, 0x00, 0x01, 'a'))),
          "type " + type + " does not match the wire type 6");
    }
    // map[interface{}]string is not the session map.
    refused(
        concat(msg(GobViewTest.mapDef(65, 8, 6)), msg(sint(65), bytes(0x00, 0x00))),
        "the value is not a map[interface{}]interface{} (type id 65)");
    refused(
        withMapType(mapValue(1, KEY_K, name("string"), bytes(0x0c, 0x03, 0x01, 0x01, 'a'))),
        "corrupted data: non-zero delta for singleton");
    refused(
        withMapType(mapValue(1, KEY_K, name("[]interface {}"), sint(65), bytes(0x03, 0x00, 0x00))),
        "type []interface {} does not match the wire type 65");
  }

  /**
   * Go's type definition of []interface{} as id 66 (sent inside the message that first uses it).
   */
  static final int[] SLICE_TYPE = {
    0xff, 0x83, 0x02, 0x01, 0x02, 0xff, 0x84, 0x00, 0x01, 0x10, 0x00, 0x00
  };

  @Test
  void aFlashListAsKeyIsRefusedByItsGoName() {
    byte[] gob =
        withMapType(
            msg(bytes(0xff, 0x82, 0x00, 0x01), name("[]interface {}"), bytes(SLICE_TYPE)),
            msg(bytes(0xff, 0x84, 0x02, 0x00, 0x00), KEY_K));
    refused(
        gob, "a session key of Go type []interface {} is outside the supported subset (string)");
  }

  @Test
  void aValueMayContinueInTheNextMessage() {
    // The type name ends its message; the type id and the value follow in the next one.
    byte[] gob =
        withMapType(
            msg(bytes(0xff, 0x82, 0x00, 0x01), KEY_K, name("string")),
            msg(bytes(0x0c, 0x03, 0x00, 0x01, 'a')));
    assertThat(GobReader.readSessionValues(gob)).containsExactly(Map.entry("k", "a"));
  }

  @Test
  void flashCountsBeyondTheMessageAreRefused() {
    // Java's own bytes for one flash list, then its count raised past what the message holds.
    byte[] good = GobWriter.encode(Map.of("k", List.of("a")), GobView.MapType.SESSION);
    int countAt = good.length - 13; // 01 (count), then 06 "string" 0c 03 00 01 'a' at the end
    assertThat(good[countAt]).isEqualTo((byte) 1);
    byte[] more = good.clone();
    more[countAt] = 0x0d;
    refused(more, "a count of 13 exceeds the input");
    more[countAt] = 0x0c;
    refused(more, "unexpected end of message");
  }

  @Test
  void writerRefusesWhatGoCouldNotReadBack() {
    Map<String, Object> nullKey = new HashMap<>();
    nullKey.put(null, "x");
    assertThatThrownBy(() -> GobWriter.encode(nullKey, GobView.MapType.SESSION))
        .isInstanceOfSatisfying(
            CookieException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(Reason.CANNOT_SERIALIZE);
              assertThat(e.getMessage())
                  .endsWith("gob: a map key is null; the keys must be strings");
            });
    assertThatThrownBy(() -> GobWriter.encode(Map.of("k", 1.5f), GobView.MapType.SESSION))
        .isInstanceOfSatisfying(
            CookieException.class,
            e ->
                assertThat(e.getMessage())
                    .endsWith(
                        "gob: a java.lang.Float under key \"k\" is outside the supported subset"
                            + " (String, Boolean, Long/Integer, GoInt64, Double, byte[], List, null)"));
    assertThatThrownBy(
            () -> GobWriter.encode(Map.of("k", List.of(List.of())), GobView.MapType.SESSION))
        .isInstanceOfSatisfying(
            CookieException.class,
            e ->
                assertThat(e.getMessage())
                    .endsWith(
                        "gob: a list inside the list under key \"k\" is outside the supported subset"));
  }

  @Test
  void javaIntegerTypesAreWrittenAsGoInt() {
    for (long n : new long[] {0, 1, -1, 127, 128, -65, Integer.MIN_VALUE}) {
      byte[] expected = GoFixtures.named(GoFixtures.GOB, "encode", "int-" + n).detailBytes();
      assertThat(GobWriter.encode(Map.of("v", (int) n), GobView.MapType.SESSION))
          .isEqualTo(expected);
      if (n == (short) n) {
        assertThat(GobWriter.encode(Map.of("v", (short) n), GobView.MapType.SESSION))
            .isEqualTo(expected);
      }
      if (n == (byte) n) {
        assertThat(GobWriter.encode(Map.of("v", (byte) n), GobView.MapType.SESSION))
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void unsignedIntegersUseTheShortestForm() {
    assertThat(uint(0)).containsExactly(0x00);
    assertThat(uint(0x7f)).containsExactly(0x7f);
    assertThat(uint(0x80)).containsExactly(0xff, 0x80);
    assertThat(uint(0x100)).containsExactly(0xfe, 0x01, 0x00);
    assertThat(uint(-1L)).containsExactly(0xf8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
    assertThat(sint(-1)).containsExactly(0x01);
    assertThat(sint(1)).containsExactly(0x02);
    assertThat(sint(Long.MIN_VALUE))
        .containsExactly(0xf8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
  }
}
