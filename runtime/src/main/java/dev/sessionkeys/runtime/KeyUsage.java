package dev.sessionkeys.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * How often each key slot decoded something: the evidence that {@code retire} is safe (no
 * successful decode with a {@link KeySlot#PREVIOUS} key for a while) or that {@code promote} has
 * reached every replica (decodes with {@link KeySlot#NEXT} keys stop once all of them issue with
 * the new key). Every codec built from one {@link SessionKeys} counts into the same instance; a
 * service exports the counters through its metrics library, for example as Prometheus's {@code
 * sessionkeys_key_decodes_total{codec="session",slot="previous"}}.
 *
 * <p>Only successful decodes count: a refused cookie was not made with any of the keys. Counting is
 * one {@link LongAdder} increment, so the decode path stays uncontended under many threads.
 */
public final class KeyUsage {

  /**
   * The counter's name where a service exports these counts (labels {@code codec} and {@code slot},
   * lower-case enum names): the demo's {@code /metrics} writes it and {@code sessionkeys rotate
   * --usage-url} reads it, so both take it from here.
   */
  public static final String DECODES_METRIC = "sessionkeys_key_decodes_total";

  /** What decoded: the cookie codec, the session store or the data cipher. */
  public enum Codec {
    /** COOKIE_HASH_KEY / COOKIE_BLOCK_KEY. */
    COOKIE,
    /** SESSION_AUTH_KEY / SESSION_ENCRYPTION_KEY. */
    SESSION,
    /** AES_BASE64_CYPHER_KEY. */
    DATA
  }

  /**
   * One counter's value.
   *
   * @param codec what decoded
   * @param slot with which key slot
   * @param decodes successful decodes since the process started
   */
  public record Count(Codec codec, KeySlot slot, long decodes) {}

  private static final int SLOTS = KeySlot.values().length;

  private final LongAdder[] counters = new LongAdder[Codec.values().length * SLOTS];

  /** Counters at zero. */
  public KeyUsage() {
    for (int i = 0; i < counters.length; i++) {
      counters[i] = new LongAdder();
    }
  }

  /** Successful decodes by {@code codec} with a key in {@code slot}. */
  public long decodes(Codec codec, KeySlot slot) {
    return counter(codec, slot).sum();
  }

  /** Every counter, codec by codec, slots in order: what an exporter walks. */
  public List<Count> snapshot() {
    List<Count> out = new ArrayList<>(counters.length);
    for (Codec codec : Codec.values()) {
      for (KeySlot slot : KeySlot.values()) {
        out.add(new Count(codec, slot, decodes(codec, slot)));
      }
    }
    return List.copyOf(out);
  }

  LongAdder counter(Codec codec, KeySlot slot) {
    return counters[
        Objects.requireNonNull(codec, "codec").ordinal() * SLOTS
            + Objects.requireNonNull(slot, "slot").ordinal()];
  }

  @Override
  public String toString() {
    return "KeyUsage" + snapshot();
  }
}
