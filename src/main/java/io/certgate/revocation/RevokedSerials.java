package io.certgate.revocation;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * The revoked serial numbers of one CRL issuer, packed for size and looked up in O(1): the
 * serials' bytes one after another in one array, an open-addressing hash table of entry numbers,
 * and per entry its revocation time and reason code in parallel arrays. A million entries take
 * about 40 MB, against several hundred for an object per entry.
 *
 * <p>Immutable once built; safe to read from any thread.
 */
final class RevokedSerials {

    /** No reasonCode extension on the entry (RFC 5280 §5.3.1: then the reason is unspecified). */
    static final byte NO_REASON = -1;
    /** The table is kept at most half full, so that a miss ends after a couple of probes. */
    private static final int SLOTS_PER_ENTRY = 2;
    static final RevokedSerials EMPTY = new Builder(0, 0).build();

    private final byte[] arena;
    private final int[] offsets;
    private final long[] revokedAt;
    private final byte[] reasons;
    private final int[] slots;
    private final int size;

    private RevokedSerials(byte[] arena, int[] offsets, long[] revokedAt, byte[] reasons, int size) {
        this.arena = arena;
        this.offsets = offsets;
        this.revokedAt = revokedAt;
        this.reasons = reasons;
        this.size = size;
        int capacity = Integer.highestOneBit(Math.max(2, size * SLOTS_PER_ENTRY - 1)) << 1;
        this.slots = new int[capacity];
        int mask = capacity - 1;
        for (int entry = 0; entry < size; entry++) {
            int start = offsets[entry];
            int length = offsets[entry + 1] - start;
            int slot = hash(arena, start, length) & mask;
            while (true) {
                int existing = slots[slot];
                if (existing == 0) {
                    slots[slot] = entry + 1;
                    break;
                }
                if (sameSerial(existing - 1, arena, start, length)) {
                    break; // a serial listed twice: the first entry stands
                }
                slot = (slot + 1) & mask;
            }
        }
    }

    int size() {
        return size;
    }

    /** The entry for a serial, if it is listed. */
    Optional<CrlEntry> find(BigInteger serial) {
        byte[] wanted = serial.toByteArray(); // minimal two's complement, as DER (and our normalising) has it
        int mask = slots.length - 1;
        int slot = hash(wanted, 0, wanted.length) & mask;
        while (true) {
            int entry = slots[slot] - 1;
            if (entry < 0) {
                return Optional.empty();
            }
            if (sameSerial(entry, wanted, 0, wanted.length)) {
                return Optional.of(new CrlEntry(serial, Instant.ofEpochSecond(revokedAt[entry]), reasons[entry]));
            }
            slot = (slot + 1) & mask;
        }
    }

    private boolean sameSerial(int entry, byte[] other, int start, int length) {
        int from = offsets[entry];
        return offsets[entry + 1] - from == length
                && Arrays.equals(arena, from, from + length, other, start, start + length);
    }

    /** A 32-bit mix of the serial's bytes; serials are often sequential, so the bits are spread (MurmurHash3 finaliser). */
    static int hash(byte[] bytes, int start, int length) {
        int h = 0x9747b28c;
        for (int i = start; i < start + length; i++) {
            h = 31 * h + bytes[i];
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    /** Collects entries; sized up front from a first pass over the CRL, so nothing is copied to grow. */
    static final class Builder {
        private final byte[] arena;
        private final int[] offsets;
        private final long[] revokedAt;
        private final byte[] reasons;
        private int size;
        private int used;

        Builder(int entries, int serialBytes) {
            this.arena = new byte[serialBytes];
            this.offsets = new int[entries + 1];
            this.revokedAt = new long[entries];
            this.reasons = new byte[entries];
        }

        /** Adds a serial (its DER INTEGER contents, already minimal) revoked at an epoch second with a reason code. */
        void add(byte[] source, int start, int length, long epochSecond, byte reason) {
            System.arraycopy(source, start, arena, used, length);
            offsets[size] = used;
            revokedAt[size] = epochSecond;
            reasons[size] = reason;
            used += length;
            size++;
            offsets[size] = used;
        }

        RevokedSerials build() {
            if (used == arena.length && size == revokedAt.length) {
                return new RevokedSerials(arena, offsets, revokedAt, reasons, size);
            }
            // Some entries went elsewhere (an indirect CRL's other issuers): trim to what was kept.
            return new RevokedSerials(Arrays.copyOf(arena, used), Arrays.copyOf(offsets, size + 1),
                    Arrays.copyOf(revokedAt, size), Arrays.copyOf(reasons, size), size);
        }
    }
}
