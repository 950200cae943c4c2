package dev.fpa.trainer.imports;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes pickle opcodes by hand, so that tests can build exactly the checkpoints they need. */
final class PickleBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** A pickle that starts with PROTO 2, as torch.save writes. */
    static PickleBytes protocol2() {
        return new PickleBytes().op(0x80, 2);
    }

    /** The bytes of a Java string whose chars are all below 256, e.g. {@code "\u0080\u0002N."}. */
    static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Raw opcode and argument bytes. */
    PickleBytes op(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    /** GLOBAL module name. */
    PickleBytes global(String module, String name) {
        op('c');
        out.writeBytes(latin1(module + "\n" + name + "\n"));
        return this;
    }

    /** BINUNICODE. */
    PickleBytes str(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        op('X').littleEndian(utf8.length, 4);
        out.writeBytes(utf8);
        return this;
    }

    /** BININT1, BININT2 or BININT, whichever fits, as Python chooses. */
    PickleBytes integer(long value) {
        if (value >= 0 && value < 0x100) {
            return op('K', (int) value);
        } else if (value >= 0 && value < 0x10000) {
            return op('M').littleEndian(value, 2);
        }
        return op('J').littleEndian(value, 4);
    }

    /** A tuple of ints (MARK ... TUPLE). */
    PickleBytes ints(long... values) {
        op('(');
        for (long v : values) {
            integer(v);
        }
        return op('t');
    }

    /** {@code _rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())} with its storage reference. */
    PickleBytes tensor(String storageType, String key, long numel, long offset, long[] size, long[] stride) {
        global("torch._utils", "_rebuild_tensor_v2").op('(');
        op('(').str("storage").global("torch", storageType).str(key).str("cpu").integer(numel).op('t', 'Q');
        integer(offset).ints(size).ints(stride).op(0x89);
        global("collections", "OrderedDict").op(')', 'R');
        return op('t', 'R');
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    private PickleBytes littleEndian(long value, int length) {
        for (int i = 0; i < length; i++) {
            out.write((int) (value >>> (8 * i)));
        }
        return this;
    }
}
