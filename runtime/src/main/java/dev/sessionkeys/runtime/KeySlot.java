package dev.sessionkeys.runtime;

/**
 * The place of a key in a staged rotation. A key set always has a {@link #PRIMARY}; during a
 * rotation it may also hold {@link #NEXT} (accepted everywhere, used by nobody yet: the {@code
 * prepare} phase) and {@link #PREVIOUS} (the value {@code promote} replaced, accepted until {@code
 * retire}). Encoding always uses the primary key; decoding tries primary, then next, then previous.
 */
public enum KeySlot {
  /** {@code <KEY>}: encodes, and decodes first. */
  PRIMARY,
  /** {@code <KEY>_NEXT}: decodes only; it becomes the primary at {@code promote}. */
  NEXT,
  /** {@code <KEY>_PREVIOUS}: decodes only; dropped at {@code retire}. */
  PREVIOUS;

  /** The suffix of the variable or file holding a key in this slot ("" for the primary). */
  public String suffix() {
    return this == PRIMARY ? "" : "_" + name();
  }
}
