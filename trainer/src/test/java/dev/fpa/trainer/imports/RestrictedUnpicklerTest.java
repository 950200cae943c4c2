package dev.fpa.trainer.imports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The opcodes of pickle protocols 0 to 4, from pickles that CPython's pickle.dumps wrote or written by hand. */
class RestrictedUnpicklerTest {

    @Test
    void protocol0TextOpcodes() throws IOException {
        // pickle.dumps({'int': 42, 'big': -12345678901234567890, 'f': 1.5, 't': True, 'n': None, 's': 'é\\x\n',
        //               'l': [1, 2], 'tup': (1, 'a')}, protocol=0)
        Map<?, ?> dict = assertInstanceOf(Map.class, load("(dp0\nVint\np1\nI42\nsVbig\np2\nL-12345678901234567890L\n"
                + "sVf\np3\nF1.5\nsVt\np4\nI01\nsVn\np5\nNsVs\np6\nV\u00e9\\u005cx\\u000a\np7\nsVl\np8\n(lp9\nI1\naI2\n"
                + "asVtup\np10\n(I1\nVa\np11\ntp12\ns."));
        assertEquals(List.of("int", "big", "f", "t", "n", "s", "l", "tup"), new ArrayList<>(dict.keySet()));
        assertEquals(42L, dict.get("int"));
        assertEquals(new BigInteger("-12345678901234567890"), dict.get("big"));
        assertEquals(1.5, dict.get("f"));
        assertEquals(Boolean.TRUE, dict.get("t"));
        assertTrue(dict.containsKey("n") && dict.get("n") == null);
        assertEquals("\u00e9\\x\n", dict.get("s"));
        assertEquals(List.of(1L, 2L), dict.get("l"));
        assertEquals(List.of(1L, "a"), dict.get("tup"));
        assertTrue(RestrictedUnpickler.isTuple(dict.get("tup")));
    }

    @Test
    void protocol2BinaryOpcodes() throws IOException {
        // shared = [7]; pickle.dumps({'a': [1, -2, 3.5, None, True, False], 'b': (1,), 'c': (1, 2), 'd': (1, 2, 3),
        //   'e': 'é€', 'g': 2**70, 'h': -2**31, 'i': 65535, 'k': [], 'l': (), 'p': shared, 'q': shared, 'neg': -1},
        //   protocol=2)
        Map<?, ?> dict = assertInstanceOf(Map.class, load("\u0080\u0002}q\u0000(X\u0001\u0000\u0000\u0000aq\u0001"
                + "]q\u0002(K\u0001J\u00fe\u00ff\u00ff\u00ffG@\u000c\u0000\u0000\u0000\u0000\u0000\u0000N\u0088\u0089e"
                + "X\u0001\u0000\u0000\u0000bq\u0003K\u0001\u0085q\u0004X\u0001\u0000\u0000\u0000cq\u0005K\u0001K\u0002"
                + "\u0086q\u0006X\u0001\u0000\u0000\u0000dq\u0007K\u0001K\u0002K\u0003\u0087q\u0008X\u0001\u0000\u0000"
                + "\u0000eq\u0009X\u0005\u0000\u0000\u0000\u00c3\u00a9\u00e2\u0082\u00acq\nX\u0001\u0000\u0000\u0000gq"
                + "\u000b\u008a\u0009\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000@X\u0001\u0000\u0000\u0000hq\u000c"
                + "J\u0000\u0000\u0000\u0080X\u0001\u0000\u0000\u0000iq\rM\u00ff\u00ffX\u0001\u0000\u0000\u0000kq"
                + "\u000e]q\u000fX\u0001\u0000\u0000\u0000lq\u0010)X\u0001\u0000\u0000\u0000pq\u0011]q\u0012K\u0007aX"
                + "\u0001\u0000\u0000\u0000qq\u0013h\u0012X\u0003\u0000\u0000\u0000negq\u0014J"
                + "\u00ff\u00ff\u00ff\u00ffu."));
        assertEquals(Arrays.asList(1L, -2L, 3.5, null, true, false), dict.get("a"));
        assertInstanceOf(ArrayList.class, dict.get("a"));
        assertEquals(List.of(1L), dict.get("b"));
        assertEquals(List.of(1L, 2L), dict.get("c"));
        assertEquals(List.of(1L, 2L, 3L), dict.get("d"));
        assertEquals("\u00e9\u20ac", dict.get("e"));
        assertEquals(BigInteger.TWO.pow(70), dict.get("g"));
        assertEquals(-(1L << 31), dict.get("h"));
        assertEquals(65535L, dict.get("i"));
        assertEquals(List.of(), dict.get("k"));
        assertTrue(RestrictedUnpickler.isTuple(dict.get("l")));
        assertEquals(List.of(7L), dict.get("p"));
        assertSame(dict.get("p"), dict.get("q"), "a memoized list stays one object");
        assertEquals(-1L, dict.get("neg"));
    }

    @Test
    void protocol4FramesBytesAndSets() throws IOException {
        // pickle.dumps({'bytes': b'\x00\x01\xff', 'set': {1, 2, 'x'}, 's': 'hi', 'empty': set()}, protocol=4)
        Map<?, ?> dict = assertInstanceOf(Map.class, load("\u0080\u0004\u00958\u0000\u0000\u0000\u0000\u0000\u0000"
                + "\u0000}\u0094(\u008c\u0005bytes\u0094C\u0003\u0000\u0001\u00ff\u0094\u008c\u0003set\u0094\u008f"
                + "\u0094(\u008c\u0001x\u0094K\u0002K\u0001\u0090\u008c\u0001s\u0094\u008c\u0002hi\u0094\u008c\u0005"
                + "empty\u0094\u008f\u0094u."));
        assertArrayEquals(new byte[] {0, 1, (byte) 0xff}, (byte[]) dict.get("bytes"));
        assertEquals(Set.of("x", 1L, 2L), dict.get("set"));
        assertInstanceOf(LinkedHashSet.class, dict.get("set"));
        assertEquals("hi", dict.get("s"));
        assertEquals(Set.of(), dict.get("empty"));
        // STACK_GLOBAL with MEMOIZE: OrderedDict()
        assertEquals(new LinkedHashMap<>(), load("\u0080\u0004\u008c\u000bcollections\u0094\u008c\u000bOrderedDict"
                + "\u0094\u0093\u0094)R\u0094."));
    }

    @Test
    void stackAndMemoOpcodesWrittenByHand() throws IOException {
        List<?> items = assertInstanceOf(List.class, load("\u0080\u0002("
                + "T\u0002\u0000\u0000\u0000ab"                              // BINSTRING
                + "U\u0002cd"                                                // SHORT_BINSTRING
                + "B\u0002\u0000\u0000\u0000\u0001\u0002"                    // BINBYTES
                + "\u008b\u0002\u0000\u0000\u0000\u0000\u0080"               // LONG4: -32768
                + "\u008d\u0002\u0000\u0000\u0000\u0000\u0000\u0000\u0000hi" // BINUNICODE8
                + "r\u0000\u0001\u0000\u0000j\u0000\u0001\u0000\u0000"        // LONG_BINPUT / LONG_BINGET 256
                + "K\u00090"                                                 // 9, POP
                + "2"                                                        // DUP
                + "(K\u00011"                                                // MARK 1 POP_MARK
                + "(X\u0001\u0000\u0000\u0000kK\u0001d"                      // DICT {'k': 1}
                + "l."));                                                    // LIST
        assertEquals(8, items.size());
        assertEquals(List.of("ab", "cd"), items.subList(0, 2));
        assertArrayEquals(new byte[] {1, 2}, (byte[]) items.get(2));
        assertEquals(Arrays.asList(-32768L, "hi", "hi", "hi", Map.of("k", 1L)), items.subList(3, 8));
    }

    @Test
    void malformedPicklesGiveClearErrors() {
        assertError("\u0080\u0002\u00ff.",
                "test.pkl: unknown or unsupported pickle opcode 0xff (pickle opcode at byte 2)");
        assertError("\u0080\u0002X\u0005\u0000\u0000\u0000ab",
                "test.pkl: truncated, the data ends inside a pickle at byte 9");
        assertError("\u0080\u0002N", "test.pkl: truncated, the data ends inside a pickle at byte 3");
        assertError("\u0080\u0002a.", "test.pkl: stack underflow (pickle opcode at byte 2)");
        assertError("\u0080\u0002h\u0003.", "test.pkl: memo key 3 is not defined (pickle opcode at byte 2)");
        assertError("\u0080\u0002}]]s.",
                "test.pkl: unsupported dict key or set item of type list (pickle opcode at byte 5)");
        assertError("\u0080\u0002)K\u0001a.", "test.pkl: cannot append to a tuple (pickle opcode at byte 5)");
        assertError("\u0080\u0002e.", "test.pkl: no MARK on the stack (pickle opcode at byte 2)");
        assertError("\u0080\u0002(K\u0001K\u0002t\u0085Q.", "test.pkl: unsupported persistent id [[1, 2]] (expected "
                + "('storage', type, key, location, numel)) (pickle opcode at byte 9)");
        assertError("\u0080\u0006N.", "test.pkl: unsupported pickle protocol 6 (pickle opcode at byte 0)");
    }

    private static Object load(String latin1) throws IOException {
        return new RestrictedUnpickler(new ByteArrayInputStream(PickleBytes.latin1(latin1)), "test.pkl",
                TorchGlobals.ALLOWED, StorageRef::fromPersistentId).load();
    }

    private static void assertError(String latin1, String message) {
        IOException e = assertThrows(IOException.class, () -> load(latin1));
        assertEquals(message, e.getMessage());
    }
}
