package dev.fpa.trainer.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each resource cap of the unpickler fails with its name and the byte offset, long before memory runs out. */
class PickleLimitsTest {
    private static final Duration QUICKLY = Duration.ofSeconds(10);

    @Test
    void streamLongerThanThePickleLimit() {
        // FRAME opcodes push nothing, so only the byte count can stop an endless run of them.
        byte[] frame = {(byte) 0x95, 0, 0, 0, 0, 0, 0, 0, 0};
        assertError(endless(new byte[] {(byte) 0x80, 2}, frame),
                "stream: pickle exceeds the limit of 67108864 bytes (pickle opcode at byte 67108862)");
    }

    @Test
    void byteStringLongerThanWhatIsLeftOfThePickleLimit() {
        // BINBYTES announcing 2^31 - 1 bytes: refused before anything is read or allocated.
        assertError(endless(new byte[] {(byte) 0x80, 2, 'B', -1, -1, -1, 0x7f}, new byte[] {0}),
                "stream: pickle exceeds the limit of 67108864 bytes (pickle opcode at byte 2)");
    }

    @Test
    void memoWithMoreThanAMillionEntries() {
        PickleBytes pickle = PickleBytes.protocol2().op('N');
        for (int key = 0; key <= RestrictedUnpickler.MAX_MEMO_ENTRIES; key++) {
            pickle.op('r', key & 0xff, (key >>> 8) & 0xff, key >>> 16, 0);
        }
        assertError(new ByteArrayInputStream(pickle.bytes()),
                "stream: memo exceeds the limit of 1000000 entries (pickle opcode at byte 5000003)");
    }

    @Test
    void moreValuesThanTheValueLimit() {
        // NONE then POP: the stack stays empty, yet every value counts.
        assertError(endless(new byte[] {(byte) 0x80, 2}, new byte[] {'N', '0'}),
                "stream: pickle exceeds the limit of 2000000 values (pickle opcode at byte 4000002)");
    }

    @Test
    void integersLargerThanTheIntegerLimits() {
        assertError(new ByteArrayInputStream(PickleBytes.latin1("\u0080\u0002I" + "9".repeat(4301) + "\n.")),
                "stream: integer exceeds the limit of 4300 digits (pickle opcode at byte 2)");
        assertError(new ByteArrayInputStream(PickleBytes.protocol2().op(0x8b, 0, 0x10, 0, 0).bytes()),
                "stream: integer exceeds the limit of 2048 bytes (pickle opcode at byte 2)");
    }

    @Test
    void longTupleAsDictKey() {
        PickleBytes pickle = PickleBytes.protocol2().op('}', '(');
        for (int i = 0; i <= RestrictedUnpickler.MAX_KEY_TUPLE_ITEMS; i++) {
            pickle.op('N');
        }
        assertError(new ByteArrayInputStream(pickle.op('t', 'N', 's', '.').bytes()),
                "stream: tuple as dict key or set item exceeds the limit of 64 items (pickle opcode at byte 71)");
    }

    private static void assertError(InputStream pickle, String message) {
        RestrictedUnpickler unpickler = new RestrictedUnpickler(pickle, "stream", Map.of(),
                StorageRef::fromPersistentId);
        IOException e = assertTimeoutPreemptively(QUICKLY, () -> assertThrows(IOException.class, unpickler::load));
        assertEquals(message, e.getMessage());
    }

    /** The header, then the unit repeated for ever. */
    private static InputStream endless(byte[] header, byte[] unit) {
        InputStream repeats = new InputStream() {
            private long position;

            @Override
            public int read() {
                return unit[(int) (position++ % unit.length)] & 0xff;
            }
        };
        return new SequenceInputStream(new ByteArrayInputStream(header), repeats);
    }
}
